"""The dashboard's queries on the project table read an index, not each project's row (issue 15):
at a province's scale a query that reads the table row by row costs the dashboard a multiple of
one that reads a covering index. SQLite only: its plan for these queries does not depend on the
table's size, and the covering indexes are what makes it fast (projects' migration 0013);
PostgreSQL's plans are checked in tests/projects/test_scale_indexes.py."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TODAY, make_user
from zhaoshang.org.models import Role
from zhaoshang.org.services import create_zone
from zhaoshang.projects.generate import generate_projects

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plans are checked here"),
]


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    for module in ("zhaoshang.dashboard.views", "zhaoshang.stats.forms"):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


def project_reads(sql: str) -> list[str]:
    """The lines of the query's plan that read the project table."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = [row[3] for row in cursor.fetchall()]
    return [line for line in plan if re.search(r"\bprojects_project\b", line)]


def test_the_dashboards_project_queries_read_covering_indexes(client):
    zone = create_zone(code="plans", name="查询计划开发区")
    generate_projects(zone=zone, count=300, today=TODAY, seed=5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client.force_login(make_user("director", zone, Role.DIRECTOR))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/?from={dt.date(TODAY.year, 1, 1)}&as_of={TODAY}")
    assert response.status_code == 200
    reads = [
        line
        for query in captured
        if '"projects_project"' in query["sql"]
        for line in project_reads(query["sql"])
    ]
    assert reads
    # Allowed: a covering index; a project looked up by its key (funds' projects); a range of
    # a period's signings (the credit table reads their channel and referrer).
    slow = [
        line
        for line in reads
        if "COVERING INDEX" not in line
        and "INTEGER PRIMARY KEY" not in line
        and "signed_date>?" not in line
    ]
    assert slow == []
