"""The figures engine against hand-written SQL on the same database (issue 2, item 10).

    .venv/bin/python bench/stats.py [--projects 100000] [--repeat 5] [--seed 1]

DATABASE_URL picks the backend. Without it, or with a SQLite URL, the data goes to a SQLite file
(a temporary one, removed afterwards, unless the URL names one). With a PostgreSQL URL the
script creates a throwaway database `zhaoshang_bench_<pid>` on that server and drops it at the
end; the URL's own database is only used to connect.

Timed (best and median of --repeat, the two sides interleaved):
  headline   zone_figures(breakdowns=False) vs one query for the 11 project-level figures with
             their code lists, plus the funds-arrived query
  full       zone_figures() vs the same two queries plus, per dimension, a GROUP BY query and a
             grouped funds query (the 12 queries the selector sends, written by hand)
The raw side runs on the DB-API cursor and does the same work on the results (codes split and
sorted, hundredths turned into Decimal 万元). Results must match exactly or the script exits 1;
a missed ratio target is reported, not failed.

Then, against the issue's baseline (issue 15: one hand-written SELECT on the project table with
six COUNT … FILTER and one SUM, no joins), in one run, interleaved (target ≤ 10×):
  stats --json     the `stats` command's handle in-process (its start-up is bench/startup.py's)
  dashboard cold   the first request after a data change: the cache cleared, then `/` for the
             period rendered by the test client as a director
"""

import argparse
import datetime as dt
import re
import statistics
import sys
import time
from decimal import Decimal

from scratch import generated_zone, throwaway_database

TODAY = dt.date(2026, 5, 31)
AS_OF = TODAY
PERIOD_FROM = dt.date(2026, 1, 1)
TARGET = 1.5
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with throwaway_database():
        return run(args)


def run(args) -> int:
    zone, summary = generated_zone(args.projects, today=TODAY, seed=args.seed)
    from django.db import connection

    bench = Bench(connection, zone)
    failures = bench.compare()
    rows = [
        ("headline", *bench.time(bench.selector_headline, bench.raw_headline, args.repeat)),
        ("full", *bench.time(bench.selector_full, bench.raw_full, args.repeat)),
    ]
    print()
    header = (
        f"{'projects':>9}  {'database':<10} {'figures':<9} {'selector ms':>18} "
        f"{'raw SQL ms':>18} {'ratio':>11}  target"
    )
    print(header)
    print("-" * len(header))
    for label, sel, raw in rows:
        best = min(sel) / min(raw)
        median = statistics.median(sel) / statistics.median(raw)
        verdict = "ok" if best <= TARGET else "MISSED"
        print(
            f"{summary.created:>9}  {connection.vendor:<10} {label:<9} "
            f"{min(sel) * 1000:>8.1f} / {statistics.median(sel) * 1000:>7.1f} "
            f"{min(raw) * 1000:>8.1f} / {statistics.median(raw) * 1000:>7.1f} "
            f"{best:>5.2f} / {median:4.2f}  ≤ {TARGET}× {verdict}"
        )
    print("(ms and ratio: best / median)")
    print_against_baseline(bench, summary.created, args.repeat)
    if failures:
        print(f"\nRESULTS DIFFER ({len(failures)}):", file=sys.stderr)
        for failure in failures[:50]:
            print(f"  {failure}", file=sys.stderr)
        return 1
    print("results identical: counts, amounts and code lists")
    return 0


# The project-level figures (docs/counting-rules.md), as SQL over projects_project; :from and :to
# are the period, amounts are integer hundredths of 万元.
NOT_REACHED = "({col} IS NULL OR {col} > :to)"
NEGOTIATING = "(negotiating_date <= :to OR substantive_date <= :to) AND " + " AND ".join(
    NOT_REACHED.format(col=f"{m}_date")
    for m in ("signed", "started", "completed", "operating", "dropped")
)
UNDER_CONSTRUCTION = "started_date <= :to AND " + " AND ".join(
    NOT_REACHED.format(col=f"{m}_date") for m in ("completed", "operating", "dropped")
)
FIGURES = {
    "signed": "signed_date BETWEEN :from AND :to",
    "signed_major": "signed_date BETWEEN :from AND :to AND total_investment_wan >= :major",
    "signed_over_5yi": "signed_date BETWEEN :from AND :to AND total_investment_wan >= :tier",
    "negotiating": NEGOTIATING,
    "negotiating_major": f"{NEGOTIATING} AND total_investment_wan >= :major",
    "under_construction": UNDER_CONSTRUCTION,
    "under_construction_major": f"{UNDER_CONSTRUCTION} AND total_investment_wan >= :major",
    "continued_construction": f"{UNDER_CONSTRUCTION} AND started_date < :from",
    "started": "started_date BETWEEN :from AND :to",
    "completed": "completed_date BETWEEN :from AND :to",
    "operating": "operating_date BETWEEN :from AND :to",
}
COUNTED = "p.zone_id = :zone AND p.project_type IN ({types})"
# dimension → (joins from p, group key, label)
DIMENSIONS = {
    "industry": ("LEFT JOIN org_industry d ON d.id = p.industry_id", "p.industry_id", "d.name"),
    "park": ("LEFT JOIN org_park d ON d.id = p.park_id", "p.park_id", "d.name"),
    "unit": ("LEFT JOIN org_unit d ON d.id = p.unit_id", "p.unit_id", "d.name"),
    "region_group": (
        "LEFT JOIN org_regiongroup_regions gr ON gr.region_id = p.origin_region_id "
        "LEFT JOIN org_regiongroup d ON d.id = gr.regiongroup_id",
        "d.code",
        "d.name",
    ),
    "province": (
        "LEFT JOIN org_region r ON r.code = p.origin_region_id "
        "LEFT JOIN org_region d ON d.code = r.province_id",
        "r.province_id",
        "d.name",
    ),
}


class Bench:
    def __init__(self, connection, zone):
        from zhaoshang.stats.selectors import rules_of

        self.connection = connection
        self.zone = zone
        self.postgres = connection.vendor == "postgresql"
        rules = rules_of(zone)
        types = ", ".join(f"'{t}'" for t in rules.counted_project_types)
        self.counted = COUNTED.format(types=types)
        if rules.minimum_amount_wan:
            self.counted += " AND p.total_investment_wan >= :minimum"
        # Dates go in as ISO text on SQLite (its date columns are text) and as dates on PG.
        as_param = (lambda d: d) if self.postgres else (lambda d: d.isoformat())
        self.params = {
            "zone": zone.pk,
            "from": as_param(PERIOD_FROM),
            "to": as_param(AS_OF),
            "major": int(rules.major_threshold_wan * HUNDRED),
            "tier": int(rules.tier_threshold_wan * HUNDRED),
            "minimum": int(rules.minimum_amount_wan * HUNDRED),
        }
        self.sql_headline = self._sql(
            "SELECT "
            + ", ".join(
                f"COUNT(*) FILTER (WHERE {cond}), "
                f"SUM(p.total_investment_wan) FILTER (WHERE {cond}), "
                f"{self._codes('p.code', cond)}"
                for cond in FIGURES.values()
            )
            + f" FROM projects_project p WHERE {self.counted}"
        )
        funds_from = (
            "FROM projects_fundsarrived f JOIN projects_project p ON p.id = f.project_id {joins} "
            "WHERE {counted} AND f.arrived_date BETWEEN :from AND :to"
        )
        self.sql_funds = self._sql(
            f"SELECT COUNT(DISTINCT f.project_id), SUM(f.amount_wan), "
            f"{self._codes('DISTINCT p.code')} " + funds_from.format(joins="", counted=self.counted)
        )
        self.sql_groups = {}
        for dimension, (joins, key, label) in DIMENSIONS.items():
            grouped = self._sql(
                f"SELECT {key}, {label}, "
                + ", ".join(
                    f"COUNT(*) FILTER (WHERE {cond}), "
                    f"SUM(p.total_investment_wan) FILTER (WHERE {cond})"
                    for cond in FIGURES.values()
                )
                + f" FROM projects_project p {joins} WHERE {self.counted} GROUP BY {key}, {label}"
            )
            funds = self._sql(
                f"SELECT {key}, COUNT(DISTINCT f.project_id), SUM(f.amount_wan) "
                + funds_from.format(joins=joins, counted=self.counted)
                + f" GROUP BY {key}"
            )
            self.sql_groups[dimension] = (grouped, funds)

    def _codes(self, column: str, cond: str | None = None) -> str:
        where = f" FILTER (WHERE {cond})" if cond else ""
        if self.postgres:
            return f"STRING_AGG({column}, ','){where}"
        return f"GROUP_CONCAT({column}){where}"

    def _sql(self, sql: str) -> str:
        # Named parameters: :name on sqlite3, %(name)s on psycopg.
        if self.postgres:
            return re.sub(r":(\w+)", r"%(\1)s", sql)
        return sql

    def _cursor(self):
        self.connection.ensure_connection()
        return self.connection.connection.cursor()

    # --- the two sides ----------------------------------------------------------------------

    def selector_headline(self):
        from zhaoshang.stats.selectors import KEYS, zone_figures

        figures = zone_figures(
            zone=self.zone, as_of=AS_OF, period_from=PERIOD_FROM, breakdowns=False, today=TODAY
        )
        # The project figures, which the raw SQL recounts (events and trips are not projects').
        return {
            key: (f.count, f.amount_wan, f.projects)
            for key, f in figures.values.items()
            if key in KEYS
        }, {}

    def selector_full(self):
        from zhaoshang.stats.selectors import KEYS, zone_figures

        figures = zone_figures(zone=self.zone, as_of=AS_OF, period_from=PERIOD_FROM, today=TODAY)
        values = {
            key: (f.count, f.amount_wan, f.projects)
            for key, f in figures.values.items()
            if key in KEYS
        }
        by = {
            dimension: {
                row.key: {k: (f.count, f.amount_wan) for k, f in row.figures.items()}
                for row in rows
            }
            for dimension, rows in figures.by.items()
        }
        return values, by

    def raw_headline(self):
        cursor = self._cursor()
        try:
            return self._raw_values(cursor), {}
        finally:
            cursor.close()

    def raw_full(self):
        cursor = self._cursor()
        try:
            values = self._raw_values(cursor)
            by = {}
            for dimension, (grouped, funds) in self.sql_groups.items():
                cursor.execute(funds, self.params)
                arrived = {row[0]: (row[1], wan(row[2])) for row in cursor.fetchall()}
                cursor.execute(grouped, self.params)
                rows = {}
                for row in cursor.fetchall():
                    figures = {
                        key: (row[2 + 2 * i], wan(row[3 + 2 * i])) for i, key in enumerate(FIGURES)
                    }
                    figures["funds_arrived"] = arrived.get(row[0], (0, wan(None)))
                    rows[row[0]] = figures
                by[dimension] = rows
            return values, by
        finally:
            cursor.close()

    def _raw_values(self, cursor) -> dict:
        cursor.execute(self.sql_headline, self.params)
        row = cursor.fetchone()
        values = {
            key: (row[3 * i], wan(row[3 * i + 1]), codes(row[3 * i + 2]))
            for i, key in enumerate(FIGURES)
        }
        cursor.execute(self.sql_funds, self.params)
        count, amount, joined = cursor.fetchone()
        values["funds_arrived"] = (count, wan(amount), codes(joined))
        return values

    # --- checking and timing ----------------------------------------------------------------

    def compare(self) -> list[str]:
        failures = []
        for label, selector, raw in (
            ("headline", self.selector_headline, self.raw_headline),
            ("full", self.selector_full, self.raw_full),
        ):
            (sel_values, sel_by), (raw_values, raw_by) = selector(), raw()
            if sorted(sel_values) != sorted(raw_values):
                failures.append(f"{label}: keys {sorted(sel_values)} != {sorted(raw_values)}")
            for key in sel_values.keys() & raw_values.keys():
                if sel_values[key] != raw_values[key]:
                    s, r = sel_values[key], raw_values[key]
                    failures.append(
                        f"{label} {key}: selector {s[0]} / {s[1]} / {len(s[2])} codes, "
                        f"raw {r[0]} / {r[1]} / {len(r[2])} codes"
                    )
            if sel_by != raw_by:
                for dimension in sel_by.keys() | raw_by.keys():
                    s, r = sel_by.get(dimension, {}), raw_by.get(dimension, {})
                    for group in s.keys() | r.keys():
                        if s.get(group) != r.get(group):
                            failures.append(
                                f"{label} by {dimension} {group!r}: "
                                f"selector {s.get(group)} raw {r.get(group)}"
                            )
        zero = [k for k, v in self.selector_headline()[0].items() if not v[0]]
        if zero:
            print(f"note: figures at zero, compared but proving little: {', '.join(zero)}")
        return failures

    @staticmethod
    def time(selector, raw, repeat: int) -> tuple[list[float], list[float]]:
        selector(), raw()  # warm caches (pages, compiled SQL, translations) for both sides
        sel_times, raw_times = [], []
        for _i in range(repeat):
            for func, times in ((selector, sel_times), (raw, raw_times)):
                start = time.perf_counter()
                func()
                times.append(time.perf_counter() - start)
        return sel_times, raw_times


BASELINE_TARGET = 10.0
BASELINE = (
    "SELECT COUNT(*) FILTER (WHERE signed_date BETWEEN :from AND :to), "
    "COUNT(*) FILTER (WHERE started_date BETWEEN :from AND :to), "
    "COUNT(*) FILTER (WHERE completed_date BETWEEN :from AND :to), "
    "COUNT(*) FILTER (WHERE operating_date BETWEEN :from AND :to), "
    "COUNT(*) FILTER (WHERE negotiating_date <= :to), "
    "COUNT(*) FILTER (WHERE total_investment_wan >= :major), "
    "SUM(total_investment_wan) FROM projects_project WHERE zone_id = :zone"
)


def print_against_baseline(bench: "Bench", projects: int, repeat: int) -> None:
    """`stats --json` beyond start-up and the dashboard cold as ratios to the one aggregate."""
    import io

    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from zhaoshang.org.models import Role, User
    from zhaoshang.org.services import grant_role

    director = User.objects.create_user(f"bench-director-{bench.zone.pk}", password="x")
    grant_role(user=director, zone=bench.zone, role=Role.DIRECTOR, source="bench")
    client = Client(HTTP_HOST="localhost")
    client.force_login(director)
    sql = bench._sql(BASELINE)

    def baseline():
        cursor = bench._cursor()
        try:
            cursor.execute(sql, bench.params)
            return cursor.fetchall()
        finally:
            cursor.close()

    def stats_json():
        out = io.StringIO()
        call_command(
            "stats",
            f"--zone={bench.zone.code}",
            f"--as-of={AS_OF}",
            f"--from={PERIOD_FROM}",
            "--json",
            stdout=out,
        )
        return out.getvalue()

    def dashboard_cold():
        cache.clear()
        response = client.get(f"/?from={PERIOD_FROM}&as_of={AS_OF}")
        assert response.status_code == 200, response.status_code
        return response

    sides = {"baseline": baseline, "stats --json": stats_json, "dashboard cold": dashboard_cold}
    times: dict[str, list[float]] = {name: [] for name in sides}
    for func in sides.values():
        func()  # warm: compiled SQL, templates, translations
    for _i in range(repeat):
        for name, func in sides.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    base_best, base_median = min(times["baseline"]), statistics.median(times["baseline"])
    vendor = bench.connection.vendor
    print(f"\nagainst one aggregate (6 COUNT … FILTER and a SUM, no joins), {vendor}:")
    header = f"{'projects':>9}  {'measured':<15} {'ms (best / median)':>20} {'ratio':>13}  target"
    print(header)
    print("-" * len(header))
    for name, measured in times.items():
        best, median = min(measured), statistics.median(measured)
        ratio = best / base_best
        verdict = (
            ""
            if name == "baseline"
            else f"≤ {BASELINE_TARGET:g}× " + ("ok" if ratio <= BASELINE_TARGET else "MISSED")
        )
        print(
            f"{projects:>9}  {name:<15} {best * 1000:>9.1f} / {median * 1000:>8.1f} "
            f"{ratio:>5.1f} / {median / base_median:>5.1f}  {verdict}"
        )


def wan(hundredths) -> Decimal:
    """Integer hundredths of 万元 (int on SQLite, Decimal on PostgreSQL) as Decimal 万元."""
    if hundredths is None:
        return Decimal("0.00")
    return (Decimal(hundredths) / HUNDRED).quantize(CENT)


def codes(joined: str | None) -> list[str]:
    return sorted(joined.split(",")) if joined else []


if __name__ == "__main__":
    sys.exit(main())
