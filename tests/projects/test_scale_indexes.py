"""The library's queries have indexes to use (issue 15, item 2; projects 0011_scale_indexes).

PostgreSQL only: the plan is what matters there (a million projects), and on a test-sized table
PostgreSQL rightly prefers reading the table. So each query runs with `enable_seqscan`, `enable_sort`
and `enable_incremental_sort` off: the check is that an index exists that gives the rows (in the
order asked), and which one, not the planner's choice at this size. EXPLAIN ANALYZE at a million
projects is in docs/architecture.md.
The queries are the ones the library view sends, captured from a request.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_user
from zhaoshang.org.models import Industry, Park, Role, Unit
from zhaoshang.org.services import create_zone
from zhaoshang.projects.generate import generate_projects

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans are checked on PostgreSQL, the database for a million projects",
    ),
]

TODAY = dt.date(2026, 5, 31)


@pytest.fixture
def library(client):
    zone = create_zone(code="scale", name="规模测试开发区")
    generate_projects(zone=zone, count=600, today=TODAY, seed=3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE projects_project")
    client.force_login(make_user("director", zone, Role.DIRECTOR))
    return zone, client


def plans(client, path: str) -> tuple[str, str]:
    """The plans of the page's list query and of its count, as the library sends them."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    listed = [q["sql"] for q in captured if 'FROM "projects_project"' in q["sql"]]
    page = next(sql for sql in listed if "LIMIT" in sql and "COUNT(" not in sql)
    count = next(sql for sql in listed if "COUNT(" in sql)
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_sort", "enable_incremental_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        found = []
        for sql in (page, count):
            cursor.execute(f"EXPLAIN {sql}")
            found.append("\n".join(row[0] for row in cursor.fetchall()))
    return found[0], found[1]


def test_the_default_list_and_its_count_read_the_active_projects_index(library):
    _zone, client = library
    page, count = plans(client, "/projects/")
    assert "project_active_code" in page
    assert "Sort" not in page.split("project_active_code")[0]  # in index order: no sort step
    # At a million rows (vacuumed) the count is an index-only scan of project_active_code; in a
    # test's transaction the visibility map is empty, so only "not the table" is checked here.
    assert "Seq Scan on projects_project" not in count


@pytest.mark.parametrize(
    ("sort", "index"),
    [
        ("-amount", "project_active_amount"),
        ("-signed", "project_active_signed"),
        ("-started", "project_active_started"),
        ("code", "project_active_code"),
    ],
)
def test_the_main_sorts_read_their_index_in_order(library, sort, index):
    _zone, client = library
    page, _count = plans(client, f"/projects/?sort={sort}")
    assert f"Index Scan using {index}" in page
    assert "Sort" not in page.split(index)[0]


@pytest.mark.parametrize("model", [Unit, Industry, Park])
def test_the_main_filters_use_an_index(library, model):
    zone, client = library
    item = model.objects.filter(zone=zone).first()
    field = model.__name__.lower()
    page, count = plans(client, f"/projects/?{field}={item.pk}&sort=-amount")
    for plan in (page, count):
        assert "Seq Scan on projects_project" not in plan
        assert "projects_project" in plan


def test_a_periods_funds_join_their_projects_from_an_index(library):
    """Funds arrived in a period are few beside a province's projects: each is joined to its
    project through project_counted_by_key (projects 0014, PostgreSQL only), whose columns answer
    the counting rules, not by reading every project into a hash. Only index-only scans are left
    to the planner here, so the plan shows that an index answers the join alone (the key's own
    index cannot: it holds no zone, type or amount)."""
    from zhaoshang.stats.selectors import counted_funds, rules_of

    zone, _client = library
    funds = counted_funds(zone, rules_of(zone, TODAY)).filter(
        arrived_date__gte=dt.date(2026, 1, 1), arrived_date__lte=TODAY
    )
    sql, params = funds.values("amount_wan").order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in (
            "enable_seqscan",
            "enable_hashjoin",
            "enable_mergejoin",
            "enable_indexscan",
            "enable_bitmapscan",
        ):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using project_counted_by_key on projects_project" in plan, plan
    assert "Seq Scan on projects_project" not in plan
