"""Everything a user opens, over a million projects, against one hand-written aggregate (issue 15).

    DATABASE_URL=postgres://… .venv/bin/python bench/scale.py [--projects 1000000] [--repeat 3]
    DATABASE_URL=postgres://…/db .venv/bin/python bench/scale.py --zone CODE   (data already there)

Without --zone: a throwaway database (scratch.py; DATABASE_URL picks the backend, PostgreSQL is
the point) with a zone of --projects synthetic projects from `gen-projects` (COPY on
PostgreSQL); the time that takes is printed. With --zone: that zone of the database DATABASE_URL
names, used as it is (nothing is dropped; a director `bench-director` is added if missing).

The baseline is one hand-written SELECT on the project table: six COUNT … FILTER and one SUM for
the period, no joins. Each line is timed in the same run (best and median of --repeat, the
baseline interleaved) and given as absolute time and as a ratio to the baseline:
  engine            zone_figures() with every breakdown, as the dashboard and briefing use it
                    (no code lists); "with code lists" as `stats --json` and the API use it
  dashboard cold    GET / for the period, signed in as a director, the cache cleared first
  dashboard warm    the same again, figures cached
  library …         GET /projects/: the default list, and with filters and a sort
  figure list …     GET /figures/<key>/: the projects behind a figure, and behind one row
  briefing <fmt>    build_briefing() and the writer, as `zhaoshang briefing --format` does
  ledger export     export_ledger() to .xlsx (once: it writes every row)
The engine's module is used as it is: whatever zhaoshang/stats/selectors.py computes is measured.
"""

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from collections.abc import Callable

from scratch import generated_zone, throwaway_database

TODAY = dt.date(2026, 5, 31)
AS_OF = TODAY
PERIOD_FROM = dt.date(2026, 1, 1)
PERIOD = f"from={PERIOD_FROM}&as_of={AS_OF}"
ONCE = {"ledger export"}  # slow enough to time once
BRIEFING_FORMATS = ["md", "html", "docx", "xlsx", "pdf"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--zone", help="measure this zone of DATABASE_URL's database, as it is")
    parser.add_argument("--skip", default="", help="comma-separated line names to leave out")
    args = parser.parse_args()
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    if args.zone:
        return run(args, existing_zone(args.zone))
    with throwaway_database():
        started = time.perf_counter()
        zone, _summary = generated_zone(args.projects, today=TODAY, seed=args.seed)
        print(f"generated in {time.perf_counter() - started:.0f} s (ANALYZE included)")
        return run(args, zone)


def existing_zone(code: str):
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhaoshang.settings"
    import django

    django.setup()
    from zhaoshang.org.models import Zone

    return Zone.objects.get(code=code)


def run(args, zone) -> int:
    from django.db import connection

    from zhaoshang.projects.models import Project

    count = Project.objects.filter(zone=zone).count()
    print(f"{count} projects in zone {zone.code} on {connection.vendor}", flush=True)
    lines = measurements(zone)
    skip = {name.strip() for name in args.skip.split(",") if name.strip()}
    lines = {name: func for name, func in lines.items() if name not in skip}
    times = time_all(lines, baseline_of(zone), args.repeat)
    report(times, count, connection.vendor)
    return 0


def baseline_of(zone) -> Callable[[], object]:
    """The hand-written aggregate every line is compared with."""
    from django.db import connection

    sql = """
        SELECT
          COUNT(*) FILTER (WHERE signed_date BETWEEN %(f)s AND %(t)s),
          COUNT(*) FILTER (WHERE signed_date BETWEEN %(f)s AND %(t)s
                           AND total_investment_wan >= 1000000),
          COUNT(*) FILTER (WHERE started_date BETWEEN %(f)s AND %(t)s),
          COUNT(*) FILTER (WHERE completed_date BETWEEN %(f)s AND %(t)s),
          COUNT(*) FILTER (WHERE operating_date BETWEEN %(f)s AND %(t)s),
          COUNT(*) FILTER (WHERE started_date <= %(t)s AND completed_date IS NULL
                           AND operating_date IS NULL AND dropped_date IS NULL),
          SUM(total_investment_wan) FILTER (WHERE signed_date BETWEEN %(f)s AND %(t)s)
        FROM projects_project WHERE zone_id = %(z)s
    """
    params = {"f": PERIOD_FROM, "t": AS_OF, "z": zone.pk}

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    return baseline


def measurements(zone) -> dict[str, Callable[[], object]]:
    from django.core.cache import cache
    from django.test import Client

    from zhaoshang.ledger.selectors import export_ledger
    from zhaoshang.org.models import Industry, Unit
    from zhaoshang.reports.selectors import build_briefing
    from zhaoshang.reports.writers import FORMATS as WRITERS
    from zhaoshang.stats.selectors import zone_figures

    client = Client()
    client.force_login(director_of(zone))
    industry = Industry.objects.filter(zone=zone).order_by("sort_order", "pk").first()
    unit = Unit.objects.filter(zone=zone).order_by("sort_order", "pk").first()

    def page(path: str) -> Callable[[], object]:
        def get():
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
            return response

        return get

    def cold():
        cache.clear()
        return page(f"/?{PERIOD}")()

    def briefing(name: str) -> Callable[[], object]:
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

    return {
        "engine": lambda: zone_figures(
            zone=zone, as_of=AS_OF, period_from=PERIOD_FROM, today=TODAY, codes=False
        ),
        "engine with code lists": lambda: zone_figures(
            zone=zone, as_of=AS_OF, period_from=PERIOD_FROM, today=TODAY
        ),
        "dashboard cold": cold,
        "dashboard warm": page(f"/?{PERIOD}"),
        "library": page("/projects/"),
        "library industry+1亿, by amount": page(
            f"/projects/?industry={industry.pk}&amount=1yi&sort=-amount"
        ),
        "library unit+在谈, by signed": page(
            f"/projects/?unit={unit.pk}&stage=negotiating&sort=-signed"
        ),
        "library page 50, by started": page("/projects/?sort=-started&page=50"),
        "figure list signed_major": page(f"/figures/signed_major/?{PERIOD}"),
        "figure list started, one unit": page(
            f"/figures/started/?{PERIOD}&by=unit&group={unit.pk}"
        ),
        **{f"briefing {name}": briefing(name) for name in BRIEFING_FORMATS},
        "ledger export": lambda: export_ledger(io.BytesIO(), zone=zone),
    }


def director_of(zone):
    from zhaoshang.org.models import Role, User
    from zhaoshang.org.services import grant_role

    user, created = User.objects.get_or_create(username="bench-director")
    if created:
        grant_role(user=user, zone=zone, role=Role.DIRECTOR, source="bench")
    return user


def time_all(lines, baseline, repeat: int) -> dict[str, list[float]]:
    """Each line warmed once (compiled SQL, templates, fonts) and timed --repeat times, the
    baseline timed before each run of each line."""
    times: dict[str, list[float]] = {"baseline": []}

    def timed(func) -> float:
        start = time.perf_counter()
        func()
        return time.perf_counter() - start

    baseline()
    for name, func in lines.items():
        rounds = 1 if name in ONCE else repeat
        if name not in ONCE:
            func()
        times[name] = []
        for _i in range(rounds):
            times["baseline"].append(timed(baseline))
            times[name].append(timed(func))
        print(f"  {name}: {min(times[name]) * 1000:.0f} ms", flush=True)
    return times


def report(times: dict[str, list[float]], count: int, vendor: str) -> None:
    base_best = min(times["baseline"])
    base_median = statistics.median(times["baseline"])
    print()
    header = f"{'':<34} {'ms (best / median)':>20} {'× baseline':>16}"
    print(f"{count} projects, {vendor}")
    print(header)
    print("-" * len(header))
    for name, values in times.items():
        best, median = min(values), statistics.median(values)
        print(
            f"{name:<34} {best * 1000:>9.0f} / {median * 1000:>8.0f} "
            f"{best / base_best:>7.1f} / {median / base_median:>6.1f}"
        )
    print("(ratio: best / best baseline, median / median baseline)")


if __name__ == "__main__":
    sys.exit(main())
