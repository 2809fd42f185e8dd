"""The briefing in every format against the figures engine alone, on the same data (issue 5, item 8).

    .venv/bin/python bench/briefing.py [--projects 100000] [--repeat 3] [--seed 1]

DATABASE_URL picks the backend, as for bench/stats.py: without it (or with a SQLite URL) the data
goes to a temporary SQLite file, removed afterwards; with a PostgreSQL URL the script creates a
throwaway database `zhaoshang_bench_<pid>` on that server and drops it at the end.

Timed in the same run (best and median of --repeat, interleaved):
  engine    zone_figures() with every breakdown: the figures a briefing is written from
  md, html, docx, pdf
            build_briefing() (figures, year-ago totals, lists of projects needing attention …)
            and the writer, as `zhaoshang briefing --format …` does it
  xlsx      the same with every list complete (the workbook has every row)
Target: each format ≤ 3× the engine. A missed target is reported, not failed.
"""

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

TODAY = dt.date(2026, 5, 31)
AS_OF = TODAY
PERIOD_FROM = dt.date(2026, 1, 1)
TARGET = 3.0
FORMATS = ["md", "html", "docx", "xlsx", "pdf"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="write each format to this folder, to look at")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    scheme = urlsplit(url).scheme if url else "sqlite"
    if scheme.startswith("postgres"):
        return on_postgresql(url, args)
    if scheme != "sqlite":
        print(f"DATABASE_URL: unsupported scheme {scheme!r}", file=sys.stderr)
        return 2
    if url:
        return run(args)
    scratch = tempfile.mkdtemp(prefix="zhaoshang-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    try:
        return run(args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def on_postgresql(url: str, args) -> int:
    import psycopg

    name = f"zhaoshang_bench_{os.getpid()}"
    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        return run(args)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(args) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhaoshang.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from zhaoshang.org.services import create_zone
    from zhaoshang.projects.generate import generate_projects
    from zhaoshang.reports.selectors import build_briefing
    from zhaoshang.reports.writers import FORMATS as WRITERS
    from zhaoshang.stats.selectors import zone_figures

    call_command("migrate", verbosity=0)
    zone = create_zone(code=f"bench-{os.getpid()}", name="性能测试开发区", source="bench")
    print(f"generating {args.projects} projects on {connection.vendor} …", flush=True)
    summary = generate_projects(
        zone=zone,
        count=args.projects,
        today=TODAY,
        seed=args.seed,
        progress=lambda done, total: print(f"  {done}/{total}", flush=True),
    )
    print(f"  {summary.created} projects in {summary.seconds:.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh tables have no planner statistics

    def engine():
        return zone_figures(zone=zone, as_of=AS_OF, period_from=PERIOD_FROM, today=TODAY)

    def briefing(name: str):
        kind = WRITERS[name]

        def make():
            document = build_briefing(
                zones=[zone],
                as_of=AS_OF,
                period_from=PERIOD_FROM,
                complete=kind.complete,
                today=TODAY,
            )
            return kind.write(document)

        return make

    sides = {"engine": engine, **{name: briefing(name) for name in FORMATS}}
    sizes = {}
    for name, func in sides.items():  # warm up: pages, compiled SQL, fonts, templates
        result = func()
        if name != "engine":
            sizes[name] = len(result)
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                with open(os.path.join(args.keep, f"briefing.{name}"), "wb") as out:
                    out.write(result)
    times = {name: [] for name in sides}
    for _i in range(args.repeat):
        for name, func in sides.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)

    engine_best, engine_median = min(times["engine"]), statistics.median(times["engine"])
    print()
    header = (
        f"{'projects':>9}  {'database':<10} {'format':<7} {'ms (best / median)':>20} "
        f"{'× engine':>13} {'size':>10}  target"
    )
    print(header)
    print("-" * len(header))
    missed = []
    for name, values in times.items():
        best, median = min(values), statistics.median(values)
        ratio_best, ratio_median = best / engine_best, median / engine_median
        verdict = ""
        if name != "engine":
            verdict = f"≤ {TARGET}× " + ("ok" if ratio_best <= TARGET else "MISSED")
            if ratio_best > TARGET:
                missed.append(name)
        size = f"{sizes[name] / 1024:.0f} KiB" if name in sizes else ""
        print(
            f"{summary.created:>9}  {connection.vendor:<10} {name:<7} "
            f"{best * 1000:>9.0f} / {median * 1000:>8.0f} "
            f"{ratio_best:>5.2f} / {ratio_median:4.2f} {size:>10}  {verdict}"
        )
    print("(ratio: best / best, median / median)")
    if missed:
        print(f"target missed for: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
