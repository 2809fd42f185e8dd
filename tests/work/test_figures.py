"""The work in the figures: `trips` and `events_held` for any period equal a count made
independently from the records; `events_held` is a target metric; `zhaoshang stats --json` gains
the two keys and keeps the others; the dashboard shows them; the briefing says what happened."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import TODAY, d
from zhaoshang.demo.loader import load_demo
from zhaoshang.org.models import Region
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.stats.selectors import KEYS, zone_figures
from zhaoshang.targets.selectors import year_progress
from zhaoshang.targets.services import TargetValue, set_targets
from zhaoshang.work import services
from zhaoshang.work.models import Event, Trip

pytestmark = pytest.mark.django_db

PERIODS = [
    ("2026-01-01", "2026-05-31"),
    ("2026-05-01", "2026-05-31"),
    ("2026-03-01", "2026-04-30"),
    ("2025-01-01", "2025-12-31"),
    ("2026-05-18", "2026-05-18"),
]


@pytest.fixture
def work(zone, refs, build):
    """Four events over two years with signings, one listing a project another lists too; three
    trips."""
    s1 = build("S1", "120000", signed="2026-05-18")
    s2 = build("S2", "60000", unit="group2", signed="2026-05-18")
    s3 = build("S3", "8000", signed="2026-03-05")
    s4 = build("S4", "30000", signed="2025-06-01")
    lead = build("L1", None, lead="2026-04-10")

    def event(name, on, end=None, signed=()):
        return services.record_event(
            zone=zone,
            actor=None,
            name=name,
            kind="capital_fair",
            date=d(on),
            end_date=d(end) if end else None,
            signed_projects=signed,
            today=TODAY,
        )

    event("第四届资本交易大会", "2026-05-18", signed=[s1, s2])
    event("同日分会场", "2026-05-18", signed=[s1])  # S1 counted once
    event("春季推介会", "2026-03-04", "2026-03-06", signed=[s3])
    event("上年大会", "2025-06-01", signed=[s4])
    city = Region.objects.get(name="苏州市")
    for unit, start, end, leads in [
        ("group1", "2026-04-08", "2026-04-11", [lead]),
        ("group1", "2026-05-20", "2026-05-21", []),
        ("group2", "2025-11-02", "2025-11-03", []),
    ]:
        services.record_trip(
            zone=zone,
            actor=None,
            unit=refs[unit],
            start_date=d(start),
            end_date=d(end),
            cities=[city],
            leads=leads,
            today=TODAY,
        )


def independent(zone, start, end):
    """Counted here in Python from the records, not by the engine."""
    events = [e for e in Event.objects.filter(zone=zone) if start <= e.date <= end]
    signed = {p.pk: p for e in events for p in e.signed_projects.all()}
    trips = [t for t in Trip.objects.filter(zone=zone) if start <= t.start_date <= end]
    leads = {p.code for t in trips for p in t.leads.all()}
    return {
        "events": len(events),
        "amount": sum((p.total_investment_wan for p in signed.values()), Decimal(0)),
        "codes": sorted(p.code for p in signed.values()),
        "trips": len(trips),
        "leads": sorted(leads),
    }


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_events_held_and_trips_equal_an_independent_count(zone, work, start, end):
    start, end = d(start), d(end)
    figures = zone_figures(zone=zone, period_from=start, as_of=end, breakdowns=False, today=TODAY)
    expected = independent(zone, start, end)
    assert figures["events_held"].count == expected["events"]
    assert figures["events_held"].amount_wan == expected["amount"]
    assert figures["events_held"].projects == expected["codes"]
    assert figures["trips"].count == expected["trips"]
    assert figures["trips"].projects == expected["leads"]


def test_the_year_to_may(zone, work):
    figures = zone_figures(zone=zone, period_from=d("2026-01-01"), as_of=TODAY, today=TODAY)
    assert figures["events_held"].count == 3
    assert figures["events_held"].amount_wan == Decimal("188000.00")  # S1 + S2 + S3, S1 once
    assert figures["trips"].count == 2


def test_stats_json_adds_the_keys_and_keeps_the_others(zone, work):
    out = StringIO()
    call_command(
        "stats", zone=zone.code, as_of=TODAY, period_from=d("2026-01-01"), json=True, stdout=out
    )
    data = json.loads(out.getvalue())
    assert set(KEYS) <= set(data)
    assert data["events_held"] == {
        "count": 3,
        "amount_wan": "188000.00",
        "projects": ["S1", "S2", "S3"],
    }
    assert data["trips"]["count"] == 2


def test_events_held_is_a_target_with_progress(zone, work):
    set_targets(zone=zone, actor=None, year=2026, values={"events_held": TargetValue(count=4)})
    progress = year_progress(zone=zone, as_of=TODAY, today=TODAY)
    row = next(r for r in progress.rows if r.metric == "events_held")
    assert row.actual.count == 3 and row.count_percent == Decimal("75.0")


def test_the_dashboard_shows_trips_and_events(client, people, work):
    client.force_login(people["lee"])
    page = client.get("/", {"from": "2026-01-01", "as_of": "2026-05-31"})
    assert 'data-metric="trips">2<' in page.text
    assert 'data-metric="events_held">3<' in page.text
    listed = client.get("/figures/events_held/", {"from": "2026-01-01", "as_of": "2026-05-31"})
    assert listed.status_code == 200 and "项目S1" in listed.text


def test_the_briefing_says_trips_events_and_the_units_that_stayed(zone, work, refs):
    text = build_briefing(
        zones=[zone],
        as_of=TODAY,
        period_from=d("2026-05-01"),
        today=TODAY,
        now=dt.datetime(2026, 6, 1, 9, 0),
    ).text()
    assert "2026年5月，外出招商1次，共2天，赴苏州市，带回线索0个" in text
    assert "本期未外出招商的单位：招商二组" in text
    assert "2026年5月，举办招商活动2场，现场签约项目2个（总投资18.00亿元）" in text
    assert "第四届资本交易大会签约2个（18.00亿元）" in text


def test_the_demo_signs_the_fertiliser_project_at_the_fourth_fair():
    zone = load_demo(year=2026)
    event = Event.objects.get(zone=zone, name="第四届中国·德州资本交易大会")
    assert event.date == dt.date(2026, 5, 18)
    assert "水溶性复合肥项目" in [p.name for p in event.signed_projects.all()]
    figures = zone_figures(zone=zone, period_from=dt.date(2026, 1, 1), as_of=dt.date(2026, 5, 31))
    assert figures["events_held"].count == 3
    assert figures["trips"].count == 4
    progress = year_progress(zone=zone, as_of=dt.date(2026, 5, 31))
    assert next(r for r in progress.rows if r.metric == "events_held").target.count == 4


def test_a_visit_keeps_a_negotiation_off_the_briefings_idle_list(zone, refs, build):
    idle = build("N1", "20000", negotiating="2026-02-01")

    def listed() -> str:
        text = build_briefing(
            zones=[zone], as_of=TODAY, today=TODAY, now=dt.datetime(2026, 6, 1, 9, 0)
        ).text()
        idle_section = text[text.index("天无进展") :]
        return (
            idle_section[: idle_section.index("（三）")]
            if "（三）" in idle_section
            else idle_section
        )

    assert "项目N1" in listed()
    services.record_activity(
        zone=zone,
        actor=None,
        kind="visit",
        date=d("2026-05-02"),
        summary="拜访",
        unit=refs["group1"],
        projects=[idle],
        today=TODAY,
    )
    assert "项目N1" not in listed()
