"""The figures engine in a few grouped scans (issue 15): breakdowns count exactly what each
figure's own conditions count, the number of queries does not grow with the data or the rows, and
code lists are built only for the headline, only when asked for."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, F, Subquery, Sum
from django.test.utils import CaptureQueriesContext

from tests.factories import TODAY
from zhaoshang.org.services import create_zone
from zhaoshang.projects.generate import generate_projects
from zhaoshang.projects.models import FundsArrived, Project
from zhaoshang.stats.selectors import (
    DIMENSIONS,
    KEYS,
    cached_figures,
    figure_projects,
    grouping_sets,
    period_counts,
    year_before,
    zone_figures,
)

PERIOD_FROM = dt.date(2026, 1, 1)
pytestmark = pytest.mark.django_db


def generated(code: str, count: int):
    zone = create_zone(code=code, name=f"测试区{code}")
    generate_projects(zone=zone, count=count, today=TODAY, seed=11)
    return zone


def figures(zone, **kwargs):
    return zone_figures(zone=zone, as_of=TODAY, period_from=PERIOD_FROM, today=TODAY, **kwargs)


def by_row(zone, key: str, dimension: str) -> dict:
    """A figure counted row by row by joining the dimension, as the engine once did."""
    group = DIMENSIONS[dimension][0]
    if key == "funds_arrived":
        rows = (
            FundsArrived.objects.filter(
                project__in=figure_projects(
                    zone=zone, key=key, as_of=TODAY, period_from=PERIOD_FROM
                ),
                arrived_date__gte=PERIOD_FROM,
                arrived_date__lte=TODAY,
            )
            .values(group=F(f"project__{group}"))
            .annotate(count=Count("project", distinct=True), amount=Sum("amount_wan"))
        )
    else:
        rows = (
            figure_projects(zone=zone, key=key, as_of=TODAY, period_from=PERIOD_FROM)
            .values(group=F(group))
            .annotate(count=Count("pk"), amount=Sum("total_investment_wan"))
        )
    return {
        row["group"]: (row["count"], row["amount"] or Decimal("0.00"))
        for row in rows.order_by()
        if row["count"]
    }


def test_every_breakdown_row_counts_what_the_figures_conditions_count():
    zone = generated("scan", 400)
    result = figures(zone, codes=False)
    for dimension in DIMENSIONS:
        rows = result.by[dimension]
        assert rows, dimension
        for key in KEYS:
            engine = {
                row.key: (row.figures[key].count, row.figures[key].amount_wan)
                for row in rows
                if row.figures[key].count
            }
            assert engine == by_row(zone, key, dimension), (dimension, key)
    for key in KEYS:
        # Provinces, industries, parks and units each add up to the headline.
        for dimension in ("industry", "park", "unit", "province"):
            rows = result.by[dimension]
            assert sum(row.figures[key].count for row in rows) == result[key].count
            assert sum((row.figures[key].amount_wan for row in rows), Decimal(0)) == (
                result[key].amount_wan
            )
    assert result["signed"].count and result["funds_arrived"].count


def test_the_codes_are_those_of_the_figures_and_absent_without_them():
    zone = generated("codes", 150)
    with_codes, without = figures(zone), figures(zone, codes=False)
    for key in KEYS:
        counted = figure_projects(zone=zone, key=key, as_of=TODAY, period_from=PERIOD_FROM)
        assert with_codes[key].projects == sorted(counted.values_list("code", flat=True)), key
        assert len(with_codes[key].projects) == with_codes[key].count
        assert without[key] == with_codes[key] and without[key].projects == []
        assert "projects" not in without.as_json()[key]
    assert with_codes.as_json()["signed"]["projects"] == with_codes["signed"].projects


def queries(zone, **kwargs) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        figures(zone, **kwargs)
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("codes", [False, True])
def test_the_number_of_queries_is_bounded_whatever_the_data(codes):
    small, large = generated("small", 10), generated("large", 300)
    every = queries(large, codes=codes)
    # rules, two project scans and their two funds queries (on PostgreSQL one of each, by
    # GROUPING SETS), names of the groups (industries, parks and units in one query, origin
    # regions in one), work figures, and the code lists.
    one_scan = connection.vendor == "postgresql"
    assert len(every) == (6 if one_scan else 8) + codes
    assert sum("GROUPING SETS" in sql for sql in every) == (2 if one_scan else 0)
    assert len(queries(small, codes=codes)) == len(every)
    headline = queries(large, breakdowns=False, codes=codes)
    assert len(headline) == 4  # rules, counts (with the code lists when asked), funds, work
    # One scan for a unit page: rules, the scan, its funds, the names, work figures.
    assert len(queries(large, breakdowns=("unit",), codes=codes)) == 5 + codes


def test_code_lists_are_built_for_the_headline_only_and_only_when_asked():
    zone = generated("lists", 50)

    def lists(sql: str) -> bool:
        # The work figures (events, trips) name their few projects in their own query.
        project_figures = "fieldwork_" not in sql
        return project_figures and ("GROUP_CONCAT" in sql.upper() or "STRING_AGG" in sql.upper())

    assert not any(lists(sql) for sql in queries(zone, codes=False))
    listing = [sql for sql in queries(zone, codes=True) if lists(sql)]
    # One query, and not a grouped one: no code list per breakdown row.
    assert len(listing) == 1 and "GROUP BY" not in listing[0].upper()


def test_the_dashboards_cached_figures_carry_no_code_lists_and_the_apis_do():
    zone = generated("cache", 30)
    shown = cached_figures(zone=zone, as_of=TODAY, period_from=PERIOD_FROM, codes=False)
    full = cached_figures(zone=zone, as_of=TODAY, period_from=PERIOD_FROM)
    assert not shown.codes and full.codes
    assert full["signed"].projects and shown["signed"].projects == []


def test_one_breakdown_alone_gives_the_rows_of_every_breakdown_together():
    """A unit page asks for one breakdown (a query of its own); the dashboard for all of them
    (on PostgreSQL one GROUPING SETS query for the projects and one for the funds): the same
    rows, the same figures, row for row."""
    zone = generated("sets", 300)
    together = figures(zone, codes=False)
    for dimension in DIMENSIONS:
        alone = figures(zone, breakdowns=(dimension,), codes=False)
        assert [(r.key, r.figures) for r in alone.by[dimension]] == [
            (r.key, r.figures) for r in together.by[dimension]
        ], dimension
        assert alone.values == together.values


def test_rows_of_some_figures_hold_those_figures_as_every_row_counts_them():
    """The dashboard's charts draw the signings by industry, park, unit and province: rows with
    that figure alone (no funds query per row), the same numbers as the full rows, and a
    headline of every figure all the same."""
    zone = generated("some", 300)
    full = figures(zone, codes=False)
    shown = ("industry", "park", "unit", "province")
    with CaptureQueriesContext(connection) as captured:
        charted = figures(zone, codes=False, breakdowns=shown, row_keys=("signed",))
    assert charted.values == full.values and charted["signed"].count
    for dimension in shown:
        assert [(r.key, r.figures) for r in charted.by[dimension]] == [
            (r.key, {"signed": r.figures["signed"]}) for r in full.by[dimension]
        ], dimension
    grouped_funds = [
        q["sql"] for q in captured if "projects_fundsarrived" in q["sql"] and "GROUP BY" in q["sql"]
    ]
    assert grouped_funds == []


def test_a_periods_counts_are_the_figures_counts_and_the_funds_amount():
    zone = generated("counts", 300)
    as_of, start = year_before(TODAY), year_before(PERIOD_FROM)
    full = zone_figures(zone=zone, as_of=as_of, period_from=start, today=TODAY, codes=False)
    counts = period_counts(zone=zone, as_of=as_of, period_from=start)
    assert counts.counts == {key: figure.count for key, figure in full.values.items()}
    assert counts.funds_amount_wan == full["funds_arrived"].amount_wan
    assert counts.counts["signed"] and counts.funds_amount_wan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GROUPING SETS: PostgreSQL only")
def test_grouping_sets_refuses_a_query_it_cannot_rewrite():
    """The rewrite of Django's grouped query is refused, not run wrong, when a column of it is a
    subquery (its FROM would be taken for the query's) or the sets do not cover the grouping."""
    zone = generated("refuse", 5)
    projects = Project.objects.filter(zone=zone)
    with_subquery = (
        projects.values("industry_id", "origin_region_id")
        .annotate(n=Count("pk"), funds=Subquery(FundsArrived.objects.values("pk")[:1]))
        .order_by()
    )
    with pytest.raises(ValueError):
        grouping_sets(with_subquery, [("industry_id",), ("origin_region_id",)])
    grouped = projects.values("industry_id", "park_id").annotate(n=Count("pk")).order_by()
    with pytest.raises(ValueError):
        grouping_sets(grouped, [("industry_id",)])
    by_set = grouping_sets(grouped, [("industry_id",), ("park_id",)])
    assert [sum(r["n"] for r in rows) for rows in by_set] == [5, 5]
