"""The ledger import and export at 100k rows (issue 4, item 9; issue 15, item 3).

    .venv/bin/python bench/ledger.py [--projects 100000] [--seed 1] [--repeat 2] [--file bureau|export]

DATABASE_URL picks the backend, as for bench/stats.py (see bench/scratch.py): a throwaway SQLite
file by default, a throwaway database on a PostgreSQL server.

It generates N projects in one zone, exports them with `export_ledger` (the .xlsx of
export-ledger), then imports a ledger of them into an empty zone with --create-missing, as the
contract checker does with the demo zone. The ledger imported is, by default (--file bureau), the
projects written the way bureaus write them (see bureau_write): a title row above the header, a
序号 column, dates as Excel dates and as text (2026-05-18, 2026/5/18, 2026.5.18, 2026年5月18日),
amounts as numbers and as text (1.2亿, 8000万), a 统一社会信用代码 on about half the rows, leads with
no investor but with their 投资方所在地; --file export imports the exported file itself. Every import step runs in a fresh process (Django set up before
the clock starts) that reports its time and its peak resident memory (getrusage ru_maxrss):

  read        python-calamine opening the file and reading every row: the baseline (best of 3)
  dry run     import_ledger(dry_run=True): read + validate every row, nothing written
  apply       import_ledger(): read + validate + write 100k projects, their companies, stage log
              and change log in one transaction                            target ≤ 6× read
  re-import   the same file again: every row "unchanged", nothing written
  export      export_ledger() of the 100k projects vs XlsxWriter alone writing the same rows
              (cells of the same types and formats), best of --repeat      target ≤ 2× bare
Peak memory target: ≤ 500 MB for any step (the process's own peak, VmHWM). Missed targets are reported, not failed; wrong
results (counts, the re-exported rows) exit 1.
"""

import argparse
import contextlib
import datetime as dt
import io
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scratch import generated_zone, throwaway_database

TODAY = dt.date(2026, 5, 31)
IMPORT_TARGET = 6.0
EXPORT_TARGET = 2.0
MEMORY_TARGET_MB = 500  # issue 15


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--file", choices=("bureau", "export"), default="bureau")
    parser.add_argument("--keep", metavar="PATH", help="copy the ledger imported to PATH")
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
    expected = rows
    if args.file == "bureau":
        path = folder / "bureau.xlsx"
        expected, shares = bureau_write(path, rows)
        print(
            f"bureau ledger: {path.stat().st_size / 1e6:.1f} MB; "
            + ", ".join(f"{what} {share:.0%}" for what, share in shares.items()),
            flush=True,
        )

    if args.keep:
        shutil.copyfile(path, args.keep)
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
    # The empty zone has none of the referrers (people, anchor enterprises, organisations): the
    # import leaves them out, listing each.
    expected = [(*row[:-2], "", "") for row in expected]
    if again != expected:
        wrong = next((a, b) for a, b in itertools.zip_longest(expected, again) if a != b)
        failures.append(
            "the imported zone does not export the rows it was given, as first: "
            f"{wrong[0]} exported as {wrong[1]}"
        )

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
    print(
        f"results ({args.file} file): every row created, re-imported unchanged, "
        "re-exported as given"
    )
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


# Where a lead with no investor says its money comes from (region names as the ledger writes them).
LEAD_ORIGINS = ["河北省", "江苏省", "浙江省", "广东省", "上海市", "北京市", "山东省", "日本"]
# How a date cell is written, by (row + column) % 8: half Excel dates, half text in four forms.
DATE_FORMS = [
    None,  # an Excel date
    None,
    None,
    None,
    "{y}-{m:02d}-{d:02d}",
    "{y}/{m}/{d}",
    "{y}.{m}.{d}",
    "{y}年{m}月{d}日",
]


def bureau_write(path: Path, rows: list[tuple]) -> tuple[list[tuple], dict[str, float]]:
    """The exported rows as a bureau's own ledger (an .xlsx with shared strings, as Excel and
    WPS save it): a title row and a unit line above the header, a 序号 column first, dates and
    amounts in the forms people type, the USCC of one investor in five left out (about half the
    rows then have one), and each lead with no investor given a 投资方所在地. Returns the rows the
    zone it is imported into exports, and the share of rows with each feature."""
    import zlib

    import xlsxwriter

    from zhaoshang.ledger.columns import COLUMNS

    kinds = [column.kind for column in COLUMNS]
    company_at, uscc_at, region_at = (
        [c.key for c in COLUMNS].index(key) for key in ("company", "uscc", "company_region")
    )
    book = xlsxwriter.Workbook(str(path))  # not constant_memory: shared strings, as Excel does
    sheet = book.add_worksheet("项目台账")
    date_format = book.add_format({"num_format": "yyyy/m/d"})
    sheet.write_string(0, 0, "性能测试开发区招商引资项目台账（2026年）")
    sheet.write_string(1, 0, "填报单位：投资促进局　　　　金额单位：万元")
    header_at = 2
    sheet.write_row(header_at, 0, ["序号", *(column.header for column in COLUMNS)])
    expected = []
    counts = dict.fromkeys(("with a USCC", "unnamed leads with an origin"), 0)
    cells = {"date": [0, 0], "amount": [0, 0]}  # kind → [cells, cells written as text]
    for i, row in enumerate(rows):
        row = list(row)
        r = header_at + 1 + i
        if row[uscc_at] and zlib.crc32(row[company_at].encode()) % 5 == 0:
            row[uscc_at] = ""
        if not row[company_at] and not row[region_at]:
            row[region_at] = LEAD_ORIGINS[i % len(LEAD_ORIGINS)]
            counts["unnamed leads with an origin"] += 1
        counts["with a USCC"] += bool(row[uscc_at])
        expected.append(tuple(row))
        sheet.write_number(r, 0, i + 1)
        for c, (kind, value) in enumerate(zip(kinds, row, strict=True), start=1):
            if value is None or value == "":
                continue
            if kind == "date":
                form = DATE_FORMS[(i + c) % len(DATE_FORMS)]
                if form is None:
                    value = dt.datetime(value.year, value.month, value.day)
                    sheet.write_datetime(r, c, value, date_format)
                else:
                    sheet.write_string(r, c, form.format(y=value.year, m=value.month, d=value.day))
            elif kind == "amount":
                form = _amount_as_typed(value, i + c)
                sheet.write(r, c, form)
            else:
                sheet.write_string(r, c, value)
                continue
            cells[kind][0] += 1
            cells[kind][1] += isinstance(form, str)
    book.close()
    shares = {what: count / max(len(rows), 1) for what, count in counts.items()}
    shares["dates as text"] = cells["date"][1] / max(cells["date"][0], 1)
    shares["amounts as text"] = cells["amount"][1] / max(cells["amount"][0], 1)
    return expected, shares  # (shares of dates and amounts: of those cells, not of rows)


def _amount_as_typed(value, n: int):
    """Half the amounts as numbers, a quarter as 亿 (1.2亿), a quarter as 万 (8000万)."""
    from decimal import Decimal

    form = n % 4
    if form < 2:
        return float(value)
    if form == 2 and value >= 10000:
        return f"{(value / Decimal(10000)).normalize():f}亿"
    return f"{value.normalize():f}万"


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
    # On Linux ru_maxrss survives exec(): a child started by a parent holding 400 MB reports
    # 400 MB before it does anything. The peak of this process's own memory is VmHWM.
    with contextlib.suppress(OSError, IndexError, ValueError):
        status = Path("/proc/self/status").read_text()
        peak_kb = int(status.split("VmHWM:")[1].split()[0])
    print(json.dumps({"seconds": seconds, "summary": summary, "peak_mb": peak_kb / 1024}))


if __name__ == "__main__":
    sys.exit(main())
