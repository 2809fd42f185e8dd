"""The ledger import and export at 100k rows (issue 4, item 9).

    .venv/bin/python bench/ledger.py [--projects 100000] [--seed 1] [--repeat 2]

DATABASE_URL picks the backend, as for bench/stats.py (see bench/scratch.py): a throwaway SQLite
file by default, a throwaway database on a PostgreSQL server.

It generates N projects in one zone, exports them with `export_ledger` (the .xlsx of
export-ledger), then imports that file into an empty zone with --create-missing, as the contract
checker does with the demo zone. Every import step runs in a fresh process (Django set up before
the clock starts) that reports its time and its peak resident memory (getrusage ru_maxrss):

  read        python-calamine opening the file and reading every row: the baseline (best of 3)
  dry run     import_ledger(dry_run=True): read + validate every row, nothing written
  apply       import_ledger(): read + validate + write 100k projects, their companies, stage log
              and change log in one transaction                            target ≤ 6× read
  re-import   the same file again: every row "unchanged", nothing written
  export      export_ledger() of the 100k projects vs XlsxWriter alone writing the same rows
              (cells of the same types and formats), best of --repeat      target ≤ 2× bare
Peak memory target: ≤ 600 MB for any step. Missed targets are reported, not failed; wrong
results (counts, the re-exported rows) exit 1.
"""

import argparse
import datetime as dt
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scratch import generated_zone, throwaway_database

TODAY = dt.date(2026, 5, 31)
IMPORT_TARGET = 6.0
EXPORT_TARGET = 2.0
MEMORY_TARGET_MB = 600


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--child", nargs=3, metavar=("STEP", "FILE", "ZONE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    with throwaway_database(), tempfile.TemporaryDirectory(prefix="zhaoshang-ledger-") as folder:
        return run(args, Path(folder))


def run(args, folder: Path) -> int:
    source, _summary = generated_zone(args.projects, today=TODAY, seed=args.seed)
    from django.db import connection

    from zhaoshang.ledger.export import ledger_rows
    from zhaoshang.ledger.selectors import export_ledger, export_projects
    from zhaoshang.org.services import create_zone

    vendor = connection.vendor
    path = folder / "ledger.xlsx"
    rows = list(ledger_rows(export_projects(None, source)))
    export_times, bare_times = [], []
    for _i in range(args.repeat):
        start = time.perf_counter()
        with path.open("wb") as out:
            export_ledger(out, zone=source)
        export_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare_write(folder / "bare.xlsx", rows)
        bare_times.append(time.perf_counter() - start)
    print(f"exported {len(rows)} rows: {path.stat().st_size / 1e6:.1f} MB", flush=True)

    target = create_zone(code=f"import-{os.getpid()}", name="导入测试开发区", source="bench")
    connection.close()  # the children write; SQLite wants no other open transaction
    steps = {}
    for step in ("read", "dry", "apply", "reimport"):
        print(f"  {step} …", flush=True)
        steps[step] = measure(step, path, target.code)

    failures = []
    if steps["apply"]["summary"] != f"新增 {len(rows)} / 更新 0 / 未变 0":
        failures.append(f"apply: {steps['apply']['summary']}")
    if steps["reimport"]["summary"] != f"新增 0 / 更新 0 / 未变 {len(rows)}":
        failures.append(f"re-import: {steps['reimport']['summary']}")
    again = list(ledger_rows(export_projects(None, target)))
    if again != rows:
        failures.append("the imported zone does not export the rows it was given")

    read = steps["read"]["seconds"]
    export, bare = min(export_times), min(bare_times)
    print()
    header = f"{'rows':>8}  {'database':<10} {'step':<10} {'seconds':>8} {'ratio':>7}  {'target':<18} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    table = [
        ("read", read, None, None, steps["read"]["peak_mb"]),
        (
            "dry run",
            steps["dry"]["seconds"],
            steps["dry"]["seconds"] / read,
            None,
            steps["dry"]["peak_mb"],
        ),
        (
            "apply",
            steps["apply"]["seconds"],
            steps["apply"]["seconds"] / read,
            IMPORT_TARGET,
            steps["apply"]["peak_mb"],
        ),
        (
            "re-import",
            steps["reimport"]["seconds"],
            steps["reimport"]["seconds"] / read,
            None,
            steps["reimport"]["peak_mb"],
        ),
        ("bare write", bare, None, None, None),
        ("export", export, export / bare, EXPORT_TARGET, None),
    ]
    for label, seconds, ratio, goal, peak in table:
        verdict = ""
        if goal is not None:
            verdict = f"≤ {goal}× {'ok' if ratio <= goal else 'MISSED'}"
        memory = ""
        if peak is not None:
            memory = f"{peak:8.0f}" + ("" if peak <= MEMORY_TARGET_MB else " MISSED")
        ratio_text = f"{ratio:6.2f}×" if ratio is not None else ""
        print(
            f"{len(rows):>8}  {vendor:<10} {label:<10} {seconds:8.2f} {ratio_text:>7}  {verdict:<18} {memory}"
        )
    print(f"(peak memory target ≤ {MEMORY_TARGET_MB} MB; ratios against read and bare write)")
    if failures:
        print("\nWRONG RESULTS:", *failures, sep="\n  ", file=sys.stderr)
        return 1
    print("results: every row created, re-imported unchanged, re-exported identical")
    return 0


def bare_write(path: Path, rows: list[tuple]) -> None:
    """XlsxWriter alone: the same cells with the same types and formats, nothing else."""
    import datetime as dt
    from decimal import Decimal

    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    amount_format = book.add_format({"num_format": "#,##0.00"})
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, Decimal):
                sheet.write_number(r, c, float(value), amount_format)
            else:
                sheet.write_datetime(
                    r, c, dt.datetime(value.year, value.month, value.day), date_format
                )
    book.close()


def measure(step: str, path: Path, zone: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", step, str(path), zone],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        print(result.stdout, result.stderr, file=sys.stderr)
        raise SystemExit(f"step {step} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def child(step: str, file: str, zone_code: str) -> int:
    """One measured step in a fresh process; prints its result as JSON."""
    content = Path(file).read_bytes()
    if step == "read":
        import python_calamine

        times = []
        for _i in range(3):
            start = time.perf_counter()
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
            rows = book.get_sheet_by_index(0).to_python()
            times.append(time.perf_counter() - start)
            del rows, book
        report(min(times), "")
        return 0
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhaoshang.settings"
    import django

    django.setup()
    from zhaoshang.ledger.services import import_ledger
    from zhaoshang.org.models import Zone

    zone = Zone.objects.get(code=zone_code)
    start = time.perf_counter()
    plan, _applied = import_ledger(
        zone=zone,
        actor=None,
        content=content,
        filename=Path(file).name,
        today=TODAY,
        create_missing=True,
        dry_run=step == "dry",
    )
    seconds = time.perf_counter() - start
    if not plan.ok:
        print("\n".join(e.line() for e in plan.errors[:20]), file=sys.stderr)
        return 1
    report(seconds, plan.summary())
    return 0


def report(seconds: float, summary: str) -> None:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "summary": summary, "peak_mb": peak_kb / 1024}))


if __name__ == "__main__":
    sys.exit(main())
