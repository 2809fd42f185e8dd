"""Every main page issues the same number of queries with 10 and with 1,000 projects: no N+1."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TODAY, make_user
from zhaoshang.chains import services as chain_services
from zhaoshang.chains.models import ProjectTag
from zhaoshang.fieldwork import services
from zhaoshang.org.models import Region, Role, Unit
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
        "zhaoshang.fieldwork.views",
        "zhaoshang.chains.views",
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
    _field_work(zone, busiest)
    chain = _chain(zone)
    pages = {
        "library": "/projects/?sort=-amount",
        "dashboard": "/?from=2026-01-01&as_of=2026-05-31",
        "project": f"/projects/{busiest.pk}/",
        "board": "/pipeline/",
        "targets": "/targets/?as_of=2026-05-31",
        "briefing": "/briefings/?from=2026-01-01&as_of=2026-05-31",
        "fieldwork": "/fieldwork/?from=2026-01-01&to=2026-05-31",
        "project-activities": f"/fieldwork/projects/{busiest.pk}/",
        "trips": "/fieldwork/trips/?from=2026-01-01&to=2026-05-31",
        "events": "/fieldwork/events/?from=2026-01-01&to=2026-05-31",
        "chains": "/chains/?as_of=2026-05-31",
        "chain": f"/chains/{chain.pk}/?as_of=2026-05-31",
        "chain-targets": "/chains/targets/",
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


def _field_work(zone, project) -> None:
    """The same few activities, trips and events in either zone: lists of them must not query
    per row, nor per project of the zone."""
    unit = Unit.objects.filter(zone=zone).first()
    shanghai = Region.objects.get(code="310000")
    for day in (1, 2, 3):
        services.record_activity(
            zone=zone,
            actor=None,
            kind="visit",
            date=dt.date(2026, 5, day),
            participants="x",
            summary="拜访",
            project=project,
            today=TODAY,
        )
        services.record_trip(
            zone=zone,
            actor=None,
            unit=unit,
            participants="x",
            cities=[shanghai],
            start_date=dt.date(2026, 4, day),
            end_date=dt.date(2026, 4, day + 1),
            today=TODAY,
        )
        services.record_event(
            zone=zone,
            actor=None,
            name=f"推介会{day}",
            kind="promotion",
            date=dt.date(2026, 3, day),
            today=TODAY,
        )


def test_pages_issue_the_same_queries_with_10_and_1000_projects(client, db):
    small = queries_per_page(client, 10)
    large = queries_per_page(client, 1000)
    assert small == large, (small, large)
    # A fixed number however many projects; the bound catches a page that grew a loop. The
    # briefing reads the most: the figures, last year's, the targets, five lists, 招商方式和引荐方,
    # the events and trips, and the follow-up's settings, overdue starts, after-care and ranking.
    # The dashboard reads the follow-up too: overdue starts, after-care by department and the
    # leads whose response steps are late (their clocks need the zone's entered holidays).
    # Both add the industry chains' gaps and 补链 signings (a fixed four).
    budget = {"briefing": 59, "dashboard": 53}
    assert all(0 < n < budget.get(name, 45) for name, n in small.items()), sorted(small.items())


def _chain(zone):
    """A chain whose nodes carry every project of the zone (tags made in bulk: test data), an
    enterprise each and a few targets: the chain pages must not query per node or project."""
    unit = Unit.objects.filter(zone=zone).first()
    chain = chain_services.save_chain(zone=zone, actor=None, name="精细化工产业链")
    made = [
        chain_services.save_node(chain=chain, actor=None, name=f"节点{i}", tier=tier)
        for i, tier in enumerate(["upstream", "midstream", "midstream", "downstream"])
    ]
    chain_services.add_link(actor=None, from_node=made[0], to_node=made[1])
    for i, node in enumerate(made[:3]):
        chain_services.link_enterprise(
            node=node,
            actor=None,
            company_name=f"本地企业{i}",
            linked_on=dt.date(2026, 1, 5),
            today=TODAY,
        )
        chain_services.save_target(
            node=node,
            actor=None,
            company_name=f"目标企业{i}",
            reason="配套",
            unit=unit,
            today=TODAY,
        )
    ProjectTag.objects.bulk_create(
        ProjectTag(node=made[i % 4], project=p, role="fill", tagged_on=dt.date(2026, 1, 1))
        for i, p in enumerate(Project.objects.filter(zone=zone))
    )
    return chain
