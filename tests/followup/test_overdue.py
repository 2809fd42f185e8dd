"""Overdue starts (逾期未开工): one definition, computed in the database, as of any date."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tests.factories import TODAY, d
from zhaoshang.followup import selectors
from zhaoshang.followup.models import SIGNED_WITHOUT_START_DAYS, FollowupSettings
from zhaoshang.followup.services import save_settings, set_commitment
from zhaoshang.projects.models import Project
from zhaoshang.reports.facts import signed_not_started

pytestmark = pytest.mark.django_db
SHANGHAI_NOON = dt.datetime(2026, 5, 31, 4, 0, tzinfo=dt.UTC)


def promise(project, start, **more):
    return set_commitment(
        project=project,
        actor=None,
        start_date=d(start) if start else None,
        production_date=more.get("production"),
        investment_wan=more.get("investment"),
        today=TODAY,
    )


def overdue_codes(zone, as_of):
    projects = Project.objects.filter(zone=zone)
    return sorted(p.code for p in selectors.overdue_starts(projects, d(as_of)))


def test_it_counts_overdue_starts_as_of_several_dates(zone, build):
    promised = build("PROM", "30000", signed="2026-01-10")
    promise(promised, "2026-03-01")
    build("OLD", "8000", signed="2025-11-01")  # due 180 days later: 30 April
    build("EDGE", "8000", signed="2025-12-02")  # due 31 May: not late on 31 May
    build("GONE", "8000", signed="2025-10-01", dropped="2026-01-05")
    build("LATE", "8000", signed="2025-10-01", started="2026-05-31")
    build("LEAD", "8000", negotiating="2025-01-01")
    assert overdue_codes(zone, "2026-03-01") == []  # PROM due that day: not yet late
    assert overdue_codes(zone, "2026-03-02") == ["PROM"]
    assert overdue_codes(zone, "2026-03-30") == ["PROM"]  # LATE due 180 days after signing
    assert overdue_codes(zone, "2026-03-31") == ["LATE", "PROM"]  # GONE was dropped before
    assert overdue_codes(zone, "2026-04-30") == ["LATE", "PROM"]
    assert overdue_codes(zone, "2026-05-01") == ["LATE", "OLD", "PROM"]
    assert overdue_codes(zone, "2026-05-30") == ["LATE", "OLD", "PROM"]
    assert overdue_codes(zone, "2026-05-31") == ["OLD", "PROM"]
    assert overdue_codes(zone, "2026-06-01") == ["EDGE", "OLD", "PROM"]
    assert overdue_codes(zone, "2025-12-31") == []


def test_a_promise_replaces_the_180_days(zone, build):
    later = build("LATER", "8000", signed="2025-10-01")
    assert overdue_codes(zone, "2026-05-31") == ["LATER"]
    promise(later, "2026-06-30")  # promised later than 180 days after signing
    assert overdue_codes(zone, "2026-05-31") == []
    assert overdue_codes(zone, "2026-07-01") == ["LATER"]
    promise(later, None)  # a promise without a start date: the 180 days again
    assert overdue_codes(zone, "2026-05-31") == ["LATER"]


def test_the_briefing_reads_the_same_definition(zone, build):
    """reports.facts.signed_not_started is this definition, not a second one."""
    promised = build("PROM", "30000", signed="2026-05-01")
    promise(promised, "2026-05-10")
    build("OLD", "8000", signed="2025-11-01")
    projects = Project.objects.filter(zone=zone)
    assert sorted(p.code for p in signed_not_started(projects, TODAY)) == ["OLD", "PROM"]
    assert FollowupSettings().start_due_days == SIGNED_WITHOUT_START_DAYS == 180


def test_levels_and_the_zone_setting(zone, build, refs):
    for code, start in [("Y", "2026-05-30"), ("R", "2026-05-01"), ("E", "2026-03-01")]:
        promise(build(code, "10000", signed="2026-01-05"), start)
    summary = selectors.overdue_summary(zone, TODAY)
    assert summary.count == 3 and summary.amount_wan == Decimal("30000.00")
    assert summary.levels == {"yellow": 1, "red": 1, "escalated": 1}
    assert summary.by_unit == {refs["group1"].pk: 3}
    # 30 days late is red, 29 yellow; 91 days escalated (督办 from 90).
    assert selectors.overdue_summary(zone, d("2026-05-31")).levels["red"] == 1
    assert selectors.overdue_summary(zone, d("2026-05-30")).levels == {
        "yellow": 1,
        "red": 0,
        "escalated": 1,
    }
    save_settings(zone=zone, actor=None, values={"red_after_days": 10, "escalate_after_days": 20})
    assert selectors.overdue_summary(zone, TODAY).levels == {"yellow": 1, "red": 0, "escalated": 2}


def test_the_days_without_a_promise_are_a_zone_setting(zone, build):
    build("OLD", "8000", signed="2026-03-01")
    assert overdue_codes(zone, "2026-05-31") == []
    save_settings(zone=zone, actor=None, values={"start_due_days": 60})
    assert overdue_codes(zone, "2026-05-01") == ["OLD"]
    assert overdue_codes(zone, "2026-04-30") == []


def test_start_status_on_the_project(zone, build):
    project = build("P", "8000", signed="2026-01-10")
    settings = selectors.settings_of(zone)
    status = selectors.start_status(project, TODAY, settings)
    assert (status.due, status.promised, status.level) == (d("2026-07-09"), False, "")
    promise(project, "2026-02-01")
    project = Project.objects.select_related("commitment").get(pk=project.pk)
    status = selectors.start_status(project, TODAY, settings)
    assert (status.due, status.promised, status.days_late, status.level) == (
        d("2026-02-01"),
        True,
        119,
        "escalated",
    )
    started = build("S", "8000", signed="2026-01-10", started="2026-03-01")
    assert selectors.start_status(started, TODAY, settings).due is None


def test_it_refuses_bad_promises_naming_the_field(zone, build):
    signed = build("P", "8000", signed="2026-03-01")
    with pytest.raises(ValidationError) as caught:
        promise(signed, "2026-02-01")
    assert "start_date" in caught.value.message_dict
    assert "早于签约日期" in caught.value.message_dict["start_date"][0]
    with pytest.raises(ValidationError) as caught:
        promise(signed, "2026-06-01", production=d("2026-05-01"))
    assert "production_date" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        promise(signed, "2026-06-01", investment=Decimal("-1"))
    assert "investment_wan" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        promise(signed, "2026-06-01", investment=Decimal("1e12"))
    assert "investment_wan" in caught.value.message_dict
    lead = build("L", "8000", negotiating="2026-03-01")
    with pytest.raises(ValidationError, match="尚未签约"):
        promise(lead, "2026-06-01")
    assert not signed.__class__.objects.filter(commitment__isnull=False).exists()


def test_the_dashboard_and_the_overdue_page_show_them(client, zone, build, people):
    promise(build("P", "30000", signed="2026-01-10"), "2026-03-01")
    build("Q", "8000", unit="group2", signed="2025-10-01")
    client.force_login(people["alice"])
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        page = client.get("/", {"from": "2026-01-01", "as_of": "2026-05-31"})
        assert 'data-metric="overdue_start">2<' in page.text
        earlier = client.get("/", {"from": "2026-01-01", "as_of": "2026-03-15"})
        assert 'data-metric="overdue_start">1<' in earlier.text
        listed = client.get("/followup/overdue/", {"as_of": "2026-05-31"})
        assert "项目P" in listed.text and "项目Q" in listed.text
        assert 'data-level="escalated"' in listed.text
        client.force_login(people["bob"])  # 招商一组 sees its own, and how many more there are
        mine = client.get("/followup/overdue/", {"as_of": "2026-05-31"})
        assert "项目P" in mine.text and "项目Q" not in mine.text
        assert "另有 1 个项目属其他单位" in mine.text
        bad = client.get("/followup/overdue/", {"as_of": "2026-13-45"})
        assert bad.status_code == 200 and "不是有效日期" in bad.text


def test_the_project_page_shows_the_promise_and_the_delay(client, zone, build, people):
    project = build("P", "30000", signed="2026-01-10")
    promise(project, "2026-03-01")
    client.force_login(people["bob"])
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        page = client.get(f"/projects/{project.pk}/")
    assert "应于 2026-03-01 开工，已逾期 91 天" in page.text
    assert 'data-level="escalated"' in page.text
    assert f"/followup/projects/{project.pk}/commitment/" in page.text


def test_the_overdue_page_of_one_unit(client, zone, build, people, refs):
    build("P", "8000", signed="2025-10-01")
    build("Q", "8000", unit="group2", signed="2025-10-01")
    client.force_login(people["lee"])
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        page = client.get("/followup/overdue/", {"unit": refs["group2"].pk})
        assert "项目Q" in page.text and "项目P" not in page.text
        assert "另有" not in page.text  # the leader sees the unit's every project
        future = client.get("/followup/overdue/", {"as_of": "2026-07-01"})
    assert future.status_code == 200 and "项目P" in future.text  # today instead, and says why
