"""The team's work through its services: who may record what (every refusal), stale edits,
audit rows, the "no update" warning a visit clears, a trip's days."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TODAY, d, make_user
from zhaoshang.core.models import ChangeLog
from zhaoshang.core.versions import StaleEdit
from zhaoshang.org.models import Region, Role
from zhaoshang.org.services import create_zone
from zhaoshang.projects.models import Project
from zhaoshang.projects.staleness import stale_days, with_staleness
from zhaoshang.work import selectors, services
from zhaoshang.work.models import Activity, Trip

pytestmark = pytest.mark.django_db


def visit(zone, actor, *, projects=(), unit=None, on="2026-05-20", **more):
    return services.record_activity(
        zone=zone,
        actor=actor,
        kind=Activity.Kind.VISIT,
        date=d(on),
        summary="谈了扩产计划",
        unit=unit,
        projects=projects,
        today=TODAY,
        **more,
    )


def city(name):
    return Region.objects.get(name=name, level=Region.Level.CITY)


@pytest.fixture
def p1(build):
    return build("P1", "20000", negotiating="2026-01-10")  # 招商一组


@pytest.fixture
def p2(build):
    return build("P2", "30000", unit="group2", negotiating="2026-02-01")  # 招商二组


def test_it_records_a_members_visit_in_their_unit_with_an_audit_row(zone, people, refs, p1):
    activity = visit(zone, people["bob"], projects=[p1], people=[people["bob"]])
    assert activity.unit == refs["group1"]  # a member's own unit by default
    assert activity.submitted_by == people["bob"]
    row = ChangeLog.objects.get(object_id=activity.pk, content_type__model="activity")
    assert row.action == "create" and row.actor == people["bob"]
    assert row.after["projects"] == [p1.pk]
    p1.refresh_from_db()
    assert p1.last_activity_date == d("2026-05-20")


def test_it_refuses_a_member_recording_for_another_unit(zone, people, refs):
    with pytest.raises(PermissionDenied, match="本单位"):
        visit(zone, people["bob"], unit=refs["group2"])
    assert not Activity.objects.exists()


def test_it_refuses_a_member_linking_another_units_project(zone, people, p2):
    with pytest.raises(PermissionDenied, match="P2"):
        visit(zone, people["bob"], projects=[p2])
    assert not Activity.objects.exists()


@pytest.mark.parametrize("who", ["lee", "cody"])
def test_it_refuses_leaders_and_contributors(zone, people, refs, who):
    with pytest.raises(PermissionDenied):
        visit(zone, people[who], unit=refs["group1"])
    with pytest.raises(PermissionDenied):
        services.record_trip(
            zone=zone,
            actor=people[who],
            unit=refs["group1"],
            start_date=d("2026-05-01"),
            end_date=d("2026-05-03"),
            cities=[city("苏州市")],
            today=TODAY,
        )


def test_it_refuses_someone_without_a_role_in_the_zone(zone, refs):
    other = create_zone(code="other", name="另一开发区")
    stranger = make_user("sam", other, Role.DIRECTOR)
    with pytest.raises(PermissionDenied):
        visit(zone, stranger, unit=refs["group1"])


def test_it_refuses_a_member_changing_another_units_activity(zone, people, refs):
    activity = visit(zone, people["alice"], unit=refs["group2"])
    with pytest.raises(PermissionDenied):
        services.update_activity(
            activity=activity, actor=people["bob"], version=1, summary="改", today=TODAY
        )
    with pytest.raises(PermissionDenied):
        services.delete_record(record=activity, actor=people["bob"], version=1)
    assert Activity.objects.get().summary == "谈了扩产计划"


def test_it_refuses_a_stale_edit_and_says_who_changed_what(zone, people, p1):
    activity = visit(zone, people["bob"], projects=[p1])
    services.update_activity(
        activity=activity, actor=people["alice"], version=1, next_step="送方案", today=TODAY
    )
    with pytest.raises(StaleEdit) as refused:
        services.update_activity(
            activity=activity, actor=people["bob"], version=1, summary="旧页面", today=TODAY
        )
    assert "alice" in str(refused.value) and "送方案" in str(refused.value)
    activity.refresh_from_db()
    assert (activity.version, activity.summary) == (2, "谈了扩产计划")


def test_it_refuses_a_future_visit_and_a_next_step_before_it(zone, people):
    with pytest.raises(ValidationError) as refused:
        visit(zone, people["bob"], on="2026-06-01")
    assert "date" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        visit(zone, people["bob"], next_step="回访", next_step_date=d("2026-05-01"))
    assert "next_step_date" in refused.value.message_dict


def test_a_visit_clears_the_stale_warning(zone, people, p1):
    # negotiating since 10 January, nothing since: 141 days on 31 May, more than 60.
    assert stale_days(p1, today=TODAY, days=60) == (TODAY - d("2026-01-10")).days
    flagged = with_staleness(Project.objects.filter(pk=p1.pk), today=TODAY, days=60).get()
    assert flagged.is_stale
    visit(zone, people["bob"], projects=[p1], on="2026-05-28")
    p1.refresh_from_db()
    assert stale_days(p1, today=TODAY, days=60) is None
    assert not with_staleness(Project.objects.filter(pk=p1.pk), today=TODAY, days=60).get().is_stale


def test_deleting_the_only_visit_brings_the_warning_back(zone, people, p1):
    activity = visit(zone, people["bob"], projects=[p1], on="2026-05-28")
    services.delete_record(record=activity, actor=people["bob"], version=1)
    p1.refresh_from_db()
    assert p1.last_activity_date is None
    assert stale_days(p1, today=TODAY, days=60) is not None


def test_a_trips_days_count_both_ends(zone, people, refs):
    trip = services.record_trip(
        zone=zone,
        actor=people["bob"],
        start_date=d("2026-04-28"),
        end_date=d("2026-05-02"),
        cities=[city("苏州市")],
        purpose="长三角化工企业拜访",
        today=TODAY,
    )
    assert trip.days == 5
    same_day = services.record_trip(
        zone=zone,
        actor=people["bob"],
        start_date=d("2026-05-10"),
        end_date=d("2026-05-10"),
        cities=[city("苏州市")],
        today=TODAY,
    )
    assert same_day.days == 1


def test_it_refuses_a_trip_back_before_it_left_or_to_a_province(zone, people):
    with pytest.raises(ValidationError) as refused:
        services.record_trip(
            zone=zone,
            actor=people["bob"],
            start_date=d("2026-05-10"),
            end_date=d("2026-05-09"),
            cities=[Region.objects.get(name="江苏省")],
            today=TODAY,
        )
    assert {"end_date", "cities"} <= set(refused.value.message_dict)
    assert not Trip.objects.exists()


def test_it_refuses_a_member_bringing_back_another_units_lead(zone, people, p2):
    with pytest.raises(PermissionDenied, match="P2"):
        services.record_trip(
            zone=zone,
            actor=people["bob"],
            start_date=d("2026-05-10"),
            end_date=d("2026-05-11"),
            cities=[city("苏州市")],
            leads=[p2],
            today=TODAY,
        )


def test_members_see_their_units_work_leaders_all_contributors_their_own(zone, people, refs):
    visit(zone, people["bob"])
    visit(zone, people["carol"])
    assert selectors.visible_activities(people["bob"], zone).count() == 1
    assert selectors.visible_activities(people["carol"], zone).get().unit == refs["group2"]
    assert selectors.visible_activities(people["lee"], zone).count() == 2
    assert selectors.visible_activities(people["alice"], zone).count() == 2
    assert selectors.visible_activities(people["cody"], zone).count() == 0


def test_an_event_refuses_a_project_not_signed_on_its_days(zone, people, build):
    signed = build("S1", "120000", signed="2026-05-18")
    other = build("S2", "5000", signed="2026-03-01")
    with pytest.raises(ValidationError, match="S2"):
        services.record_event(
            zone=zone,
            actor=people["alice"],
            name="第四届中国·德州资本交易大会",
            kind="capital_fair",
            date=d("2026-05-18"),
            signed_projects=[signed, other],
            today=TODAY,
        )
    event = services.record_event(
        zone=zone,
        actor=people["alice"],
        name="第四届中国·德州资本交易大会",
        kind="capital_fair",
        date=d("2026-05-18"),
        signed_projects=[signed],
        today=TODAY,
    )
    assert list(event.signed_projects.all()) == [signed]


def test_it_refuses_a_member_recording_another_units_event(zone, people, refs):
    with pytest.raises(PermissionDenied):
        services.record_event(
            zone=zone,
            actor=people["bob"],
            name="推介会",
            kind="promotion",
            date=d("2026-05-18"),
            organising_unit=refs["group2"],
            today=TODAY,
        )


def test_the_days_of_a_trip_are_days_away():
    assert Trip(start_date=dt.date(2026, 2, 27), end_date=dt.date(2026, 3, 2)).days == 4


def test_a_municipality_is_a_destination_a_province_with_cities_is_not(zone, people):
    trip = services.record_trip(
        zone=zone,
        actor=people["bob"],
        start_date=d("2026-05-10"),
        end_date=d("2026-05-11"),
        cities=[Region.objects.get(name="北京市"), Region.objects.get(name="香港特别行政区")],
        today=TODAY,
    )
    assert trip.cities.count() == 2
    with pytest.raises(ValidationError, match="山东省"):
        services.record_trip(
            zone=zone,
            actor=people["bob"],
            start_date=d("2026-05-10"),
            end_date=d("2026-05-11"),
            cities=[Region.objects.get(name="山东省")],
            today=TODAY,
        )


def test_it_refuses_the_same_event_twice_on_a_day(zone, people):
    def record():
        return services.record_event(
            zone=zone,
            actor=people["alice"],
            name="推介会",
            kind="promotion",
            date=d("2026-05-18"),
            today=TODAY,
        )

    record()
    with pytest.raises(ValidationError, match="已登记过"):
        record()
