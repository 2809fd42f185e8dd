"""Every main page issues the same number of queries with 10 and with 1,000 projects: no N+1."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TODAY, make_user
from zhaoshang.org.models import Role, Unit
from zhaoshang.org.services import create_zone
from zhaoshang.projects.generate import generate_projects
from zhaoshang.projects.models import Project
from zhaoshang.targets.services import TargetValue, set_targets


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    for module in (
        "zhaoshang.projects.views",
        "zhaoshang.dashboard.views",
        "zhaoshang.stats.forms",
        "zhaoshang.stats.selectors",
        "zhaoshang.targets.views",
        "zhaoshang.reports.views",
    ):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


def queries_per_page(client, count: int) -> dict[str, int]:
    zone = create_zone(code=f"z{count}", name=f"测试区{count}")
    generate_projects(zone=zone, count=count, today=TODAY, seed=7)
    director = make_user(f"d{count}", zone, Role.DIRECTOR)
    client.force_login(director)
    # Targets for the zone and every unit: the pages showing progress read them all at once.
    set_targets(zone=zone, actor=None, year=2026, values={"signed": TargetValue(50)})
    for unit in Unit.objects.filter(zone=zone):
        set_targets(zone=zone, actor=None, year=2026, unit=unit, values={"started": TargetValue(3)})
    busiest = Project.objects.filter(zone=zone, funds__isnull=False, company__isnull=False).first()
    pages = {
        "library": "/projects/?sort=-amount",
        "dashboard": "/?from=2026-01-01&as_of=2026-05-31",
        "project": f"/projects/{busiest.pk}/",
        "board": "/pipeline/",
        "targets": "/targets/?as_of=2026-05-31",
        "briefing": "/briefings/?from=2026-01-01&as_of=2026-05-31",
    }
    counts = {}
    for name, path in pages.items():
        cache.clear()
        client.get(path)  # warm per-process lookups (content types, sessions)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        counts[name] = len(captured)
    return counts


def test_pages_issue_the_same_queries_with_10_and_1000_projects(client, db):
    small = queries_per_page(client, 10)
    large = queries_per_page(client, 1000)
    assert small == large, (small, large)
    # A fixed number however many projects; the bound catches a page that grew a loop (the
    # briefing's sections each read with a grouped query or two: 41 with 招商方式和引荐方).
    assert all(0 < n < 45 for n in small.values()), small
