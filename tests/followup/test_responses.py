"""Response time limits on major leads, counted in working days (chinese-calendar, then
Monday–Friday with the days admins enter)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TODAY, d
from zhaoshang.followup import selectors
from zhaoshang.followup.models import Holiday, ResponseStep
from zhaoshang.followup.services import (
    delete_holiday,
    record_step,
    save_settings,
    set_holiday,
)
from zhaoshang.followup.workdays import Calendar
from zhaoshang.projects.models import Project, Stage
from zhaoshang.projects.services import create_project

pytestmark = pytest.mark.django_db
SHANGHAI_NOON = dt.datetime(2026, 5, 31, 4, 0, tzinfo=dt.UTC)


def test_working_days_across_a_holiday(zone):
    calendar = Calendar(zone)
    # 30 September 2026 is a Wednesday; 1–7 October the National Day holiday.
    assert calendar.add_workdays(d("2026-09-30"), 1) == d("2026-10-08")
    # Saturday 10 October is a 调休 working day.
    assert calendar.add_workdays(d("2026-10-09"), 1) == d("2026-10-10")
    # The Mid-autumn Festival (25–27 September) and the weekend before it.
    assert calendar.add_workdays(d("2026-09-24"), 3) == d("2026-09-30")
    assert calendar.add_workdays(d("2026-05-29"), 0) == d("2026-05-29")


def test_working_days_past_the_librarys_data(zone):
    """chinese-calendar raises for 2027; Monday to Friday then, and the days admins enter."""
    calendar = Calendar(zone)
    assert calendar.add_workdays(d("2027-01-01"), 1) == d("2027-01-04")  # Friday → Monday
    assert calendar.add_workdays(d("2027-01-08"), 3) == d("2027-01-13")
    assert calendar.add_workdays(d("2026-12-31"), 2) == d("2027-01-04")  # across the edge
    set_holiday(zone=zone, actor=None, day=d("2027-01-04"), is_workday=False, name="元旦")
    set_holiday(zone=zone, actor=None, day=d("2027-01-09"), is_workday=True, name="调休")
    calendar = Calendar(zone)
    assert calendar.add_workdays(d("2027-01-01"), 1) == d("2027-01-05")
    assert calendar.add_workdays(d("2027-01-08"), 1) == d("2027-01-09")  # a working Saturday
    assert not calendar.is_workday(d("2027-01-04"))
    with pytest.raises(ValueError):
        calendar.add_workdays(d("2027-01-01"), 400)


def test_holidays_are_the_admins_and_directors(zone, people):
    for name in ("bob", "lee", "cody"):
        with pytest.raises(PermissionDenied):
            set_holiday(zone=zone, actor=people[name], day=d("2027-01-04"), is_workday=False)

    def stamp():
        zone.refresh_from_db()
        return zone.data_changed_at

    before = stamp()
    holiday = set_holiday(zone=zone, actor=people["alice"], day=d("2027-01-04"), is_workday=False)
    assert stamp() != before  # due dates move: what is cached with the data is stale
    again = set_holiday(zone=zone, actor=people["alice"], day=d("2027-01-04"), is_workday=True)
    assert again.pk == holiday.pk and Holiday.objects.get().is_workday
    with pytest.raises(PermissionDenied):
        delete_holiday(holiday=again, actor=people["bob"])
    before = stamp()
    delete_holiday(holiday=again, actor=people["alice"])
    assert not Holiday.objects.exists() and stamp() != before


def test_the_clocks_of_a_major_lead(zone, build, people):
    # Registered Friday 29 May 2026: answer by Monday 1 June, assess by 3 June, tell by 9 June.
    lead = build("BIG", "10000", lead="2026-05-29")
    build("SMALL", "9999.99", lead="2026-05-29")  # under 1亿: no clock
    clocks = selectors.lead_clocks(zone, d("2026-05-31"), people["alice"])
    assert [c.project.code for c in clocks] == ["BIG"]
    dues = {c.step: c.due for c in clocks[0].clocks}
    assert dues == {
        "answered": d("2026-06-01"),
        "assessed": d("2026-06-03"),
        "told": d("2026-06-09"),
        "reported": d("2026-06-12"),
    }
    assert clocks[0].overdue == []
    record_step(project=lead, actor=people["bob"], step="answered", done_on=TODAY, today=TODAY)
    # On 4 June (frozen in the selector by the as-of date) assessing is overdue.
    later = selectors.lead_clocks(zone, d("2026-06-04"), people["alice"])[0]
    assert [c.step for c in later.overdue] == ["assessed"]
    assert selectors.lead_clocks(zone, d("2026-06-04"), people["alice"], overdue_only=True)
    # Members see their unit's leads only.
    assert selectors.lead_clocks(zone, d("2026-06-04"), people["carol"]) == []


def test_reports_every_two_weeks_until_signed(zone, build, people):
    lead = build("BIG", "20000", lead="2026-04-01", negotiating="2026-04-10")
    for step, on in [
        ("answered", "2026-04-01"),
        ("assessed", "2026-04-02"),
        ("told", "2026-04-08"),
    ]:
        record_step(project=lead, actor=None, step=step, done_on=d(on), today=TODAY)
    record_step(project=lead, actor=None, step="reported", done_on=d("2026-05-10"), today=TODAY)
    clocks = selectors.lead_clocks(zone, TODAY, people["alice"])[0]
    assert [c.step for c in clocks.overdue] == ["reported"]  # due 24 May
    signed = build("SIGNED", "20000", lead="2026-04-01", signed="2026-05-01")
    found = {c.project.code: c for c in selectors.lead_clocks(zone, TODAY, people["alice"])}
    assert "reported" not in [c.step for c in found["SIGNED"].clocks]
    assert signed.pk == found["SIGNED"].project.pk


def test_the_rules_apply_from_their_first_day(zone, build, people):
    build("OLD", "20000", lead="2025-12-01")
    build("NEW", "20000", lead="2026-02-01")
    save_settings(zone=zone, actor=None, values={"rules_from": d("2026-01-01")})
    assert [c.project.code for c in selectors.lead_clocks(zone, TODAY, people["alice"])] == ["NEW"]


def test_record_step_refuses_bad_input(zone, build, people):
    lead = build("BIG", "20000", lead="2026-04-01")
    with pytest.raises(ValidationError) as caught:
        record_step(project=lead, actor=None, step="answered", done_on=d("2026-03-01"), today=TODAY)
    assert "早于登记日期" in caught.value.message_dict["done_on"][0]
    with pytest.raises(ValidationError):
        record_step(project=lead, actor=None, step="nope", done_on=TODAY, today=TODAY)
    for name in ("carol", "lee", "cody"):
        with pytest.raises(PermissionDenied):
            record_step(
                project=lead, actor=people[name], step="answered", done_on=TODAY, today=TODAY
            )
    assert not ResponseStep.objects.exists()


def test_the_page_lists_and_records(client, zone, build, people):
    lead = build("BIG", "20000", lead="2026-05-20")
    client.force_login(people["bob"])
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        page = client.get("/followup/responses/")
        assert (
            page.status_code == 200 and "项目BIG" in page.text and 'data-overdue="3"' in page.text
        )
        done = client.post(
            f"/followup/projects/{lead.pk}/steps/",
            {"step": "answered", "done_on": "2026-05-21", "next": "/followup/responses/"},
        )
        assert done.status_code == 302 and ResponseStep.objects.count() == 1
        refused = client.post(
            f"/followup/projects/{lead.pk}/steps/", {"step": "answered", "done_on": "2026-05-01"}
        )
        assert refused.status_code == 302 and ResponseStep.objects.count() == 1
        assert client.get(f"/followup/projects/{lead.pk}/steps/").status_code == 302
        client.force_login(people["carol"])
        other = client.post(
            f"/followup/projects/{lead.pk}/steps/", {"step": "assessed", "done_on": "2026-05-21"}
        )
        assert other.status_code == 404


def test_the_project_page_shows_a_major_leads_clocks(client, zone, build, people):
    lead = build("BIG", "20000", lead="2026-05-20")
    small = build("SMALL", "2000", lead="2026-05-20")
    client.force_login(people["bob"])
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        page = client.get(f"/projects/{lead.pk}/")
        assert 'id="project-clocks"' in page.text and "超时" in page.text
        assert "项目签约后可登记履约承诺和要素保障事项" in page.text
        assert 'id="project-clocks"' not in client.get(f"/projects/{small.pk}/").text
        submitted = create_project(
            zone=zone,
            actor=people["cody"],
            name="船用电机项目",
            total_investment_wan=Decimal(20000),
            milestones={Stage.LEAD: d("2026-05-20")},
            today=TODAY,
        )
        client.force_login(people["cody"])  # a contributor: their lead, no follow-up panel
        page = client.get(f"/projects/{submitted.pk}/")
        assert page.status_code == 200 and 'id="followup"' not in page.text


def test_late_steps_are_counted_per_unit(zone, build, people):
    """The zone's leads with steps overdue, per unit: the figures the 督办 page, the unit pages
    and the dashboard flag to the units and the director."""
    ours = build("BIG1", "20000", lead="2026-05-20")
    build("BIG2", "30000", unit="group2", lead="2026-05-28")
    build("SMALL", "2000", lead="2026-05-01")  # under 1亿: no clock
    for step in ("answered", "assessed"):
        record_step(project=ours, actor=None, step=step, done_on=d("2026-05-21"), today=TODAY)
    # On 31 May: BIG1 has not told its referrer (due 29 May); BIG2 not answered (due 29 May).
    rows = selectors.overdue_steps_by_unit(zone, TODAY)
    assert [(r.unit_name, r.leads, r.steps) for r in rows] == [
        ("招商一组", 1, 1),
        ("招商二组", 1, 1),
    ]
    # On 10 June BIG2 is late on three steps; BIG1 on two (its first report was due 3 June).
    later = {r.unit_name: r.steps for r in selectors.overdue_steps_by_unit(zone, d("2026-06-10"))}
    assert later == {"招商一组": 2, "招商二组": 3}
    record_step(project=ours, actor=None, step="told", done_on=d("2026-05-30"), today=TODAY)
    assert [r.unit_name for r in selectors.overdue_steps_by_unit(zone, TODAY)] == ["招商二组"]
    assert selectors.overdue_steps_by_unit(zone, d("2026-05-20")) == []


def test_late_steps_are_flagged_on_the_supervision_unit_and_dashboard_pages(
    client, zone, build, people, refs
):
    build("BIG1", "20000", lead="2026-05-20")
    build("BIG2", "30000", unit="group2", lead="2026-05-20")
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        client.force_login(people["alice"])  # the director: every unit, every lead
        page = client.get("/followup/supervision/")
        assert 'id="late-steps-by-unit"' in page.text
        assert page.text.count('data-step="answered"') == 2
        dashboard = client.get("/")
        assert 'id="late-steps-total"' in dashboard.text and "6 个环节" in dashboard.text
        # Cached with the zone's data: a step recorded shows at once.
        big1 = Project.objects.get(code="BIG1")
        record_step(project=big1, actor=None, step="answered", done_on=d("2026-05-21"), today=TODAY)
        assert "5 个环节" in client.get("/").text
        client.force_login(people["bob"])  # a member: the counts of all, the list of their own
        page = client.get("/followup/supervision/")
        assert "项目BIG1" in page.text and "项目BIG2" not in page.text
        assert f'data-unit="{refs["group2"].pk}"' in page.text
        unit_page = client.get(f"/units/{refs['group1'].pk}/")
        assert 'id="late-steps"' in unit_page.text and "项目BIG1" in unit_page.text
        client.force_login(people["cody"])  # a contributor follows nothing up
        unit_page = client.get(f"/units/{refs['group1'].pk}/")
        assert unit_page.status_code == 200 and 'id="late-steps"' not in unit_page.text


def test_the_last_late_start_agrees_with_the_due_dates(zone):
    """Calendar.latest_start_due_before is the inverse of add_workdays: every start up to it is
    due before the day, the start after it is not — across National Day, a 调休 Saturday and
    the years past the package's data, for each limit the settings allow."""
    set_holiday(zone=zone, actor=None, day=d("2027-01-04"), is_workday=False, name="元旦")
    calendar = Calendar(zone)
    for day in [d("2026-10-08"), d("2026-10-12"), d("2026-06-01"), d("2027-01-06")]:
        for count in (0, 1, 2, 5, 10):
            last = calendar.latest_start_due_before(day, count)
            assert calendar.add_workdays(last, count) < day
            assert calendar.add_workdays(last + dt.timedelta(days=1), count) >= day
    with pytest.raises(ValueError):
        calendar.latest_start_due_before(TODAY, 400)


def test_late_steps_per_unit_are_the_clocks_counted(zone, build, people):
    """The per-unit counts (one grouped query) find exactly the steps the clocks of each lead
    find late, on every day of two months, with steps done late, early and after the day."""
    leads = [
        build(f"L{i}", "20000", unit="group2" if i % 3 else "group1", lead=f"2026-05-{day:02d}")
        for i, day in enumerate([4, 8, 15, 20, 22, 27, 29, 30])
    ]
    build("SIGNED", "20000", lead="2026-05-06", signed="2026-05-25")
    build("NO-UNIT", "20000", unit=None, lead="2026-05-12")
    build("DROPPED", "20000", lead="2026-05-06", dropped="2026-05-26")
    for lead, step, on in [
        (leads[0], "answered", "2026-05-05"),
        (leads[0], "assessed", "2026-05-30"),
        (leads[1], "answered", "2026-06-20"),
        (leads[2], "reported", "2026-05-25"),
        (leads[3], "told", "2026-05-21"),
    ]:
        record_step(project=lead, actor=None, step=step, done_on=d(on), today=d("2026-06-30"))
    for offset in range(0, 60, 3):
        day = d("2026-05-05") + dt.timedelta(days=offset)
        expected: dict[str, list[int]] = {}
        for lead in selectors.lead_clocks(zone, day, people["alice"], overdue_only=True):
            unit = lead.project.unit
            row = expected.setdefault(unit.name if unit else "", [0, 0])
            row[0] += 1
            row[1] += len(lead.overdue)
        with CaptureQueriesContext(connection) as queries:
            rows = selectors.overdue_steps_by_unit(zone, day)
        assert {r.unit_name: [r.leads, r.steps] for r in rows} == expected, day
        # settings, holidays, one grouped count for the leads without steps, one for those
        # with, the units' names: not one query per lead or per unit
        assert len(queries) == 5
