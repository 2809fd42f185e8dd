"""The briefing in every format against the figures engine alone, on the same data (issue 5, item 8).

    .venv/bin/python bench/briefing.py [--projects 100000] [--repeat 3] [--seed 1]

DATABASE_URL picks the backend (a throwaway database: see scratch.py).

Timed in the same run (best and median of --repeat, interleaved):
  engine    zone_figures() with every breakdown: the figures a briefing is written from
  md, html, docx, pdf
            build_briefing() (figures, year-ago totals, target progress, lists of projects
            needing attention …; the zone and each unit have targets)
            and the writer, as `zhaoshang briefing --format …` does it
  xlsx      the same with every list complete (the workbook has every row)
Target: each format ≤ 3× the engine, the workbook ≤ 4× (written through XlsxWriter's public
calls only, with its page set-up and row heights). A missed target is reported, not failed.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time

from scratch import generated_zone, throwaway_database

TODAY = dt.date(2026, 5, 31)
AS_OF = TODAY
PERIOD_FROM = dt.date(2026, 1, 1)
TARGET = 3.0
TARGETS = {"xlsx": 4.0}  # the workbook's cells go through XlsxWriter's public calls
FORMATS = ["md", "html", "docx", "xlsx", "pdf"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="write each format to this folder, to look at")
    args = parser.parse_args()
    with throwaway_database():
        return run(args)


def run(args) -> int:
    zone, summary = generated_zone(args.projects, today=TODAY, seed=args.seed)
    from django.db import connection

    set_year_targets(zone)

    from zhaoshang.reports.selectors import build_briefing
    from zhaoshang.reports.writers import FORMATS as WRITERS
    from zhaoshang.stats.selectors import zone_figures

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
            target = TARGETS.get(name, TARGET)
            verdict = f"≤ {target}× " + ("ok" if ratio_best <= target else "MISSED")
            if ratio_best > target:
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


def set_year_targets(zone) -> None:
    """Targets for the zone and each unit, so every briefing carries 年度目标完成情况."""
    from decimal import Decimal

    from zhaoshang.org.models import Unit
    from zhaoshang.targets.services import TargetValue, set_targets

    zone_wide = {
        "signed_major": TargetValue(2000, Decimal(50_000_000)),
        "started": TargetValue(3000),
        "under_construction_major": TargetValue(8000),
        "funds_arrived": TargetValue(amount_wan=Decimal(20_000_000)),
    }
    set_targets(zone=zone, actor=None, year=AS_OF.year, values=zone_wide, source="bench")
    for unit in Unit.objects.filter(zone=zone):
        set_targets(
            zone=zone,
            actor=None,
            year=AS_OF.year,
            unit=unit,
            values={"signed_major": TargetValue(50), "started": TargetValue(80)},
            source="bench",
        )


if __name__ == "__main__":
    sys.exit(main())
