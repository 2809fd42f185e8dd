"""Activities: recorded through the service with every field checked, scoped by the policy, shown
on the project page in time order; a visit ends the no-update warning."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TODAY, d
from zhaoshang.core.models import ChangeLog
from zhaoshang.fieldwork import selectors, services
from zhaoshang.fieldwork.models import Activity


def test_it_records_a_visit_with_its_unit_company_and_audit_row(people, ours, visit):
    activity = visit(next_step="提交用地方案", next_step_date=d("2026-06-10"))
    assert activity.unit == ours.unit and activity.company == ours.company
    assert activity.submitted_by == people["bob"]
    row = ChangeLog.objects.get(object_id=activity.pk, content_type__model="activity")
    assert row.action == "create" and row.after["summary"] == "登门拜访,洽谈用地。"


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"on": "2026-06-02"}, "date", "晚于今天"),
        ({"participants": "  "}, "participants", "不能为空"),
        ({"summary": ""}, "summary", "不能为空"),
        ({"kind": "party"}, "kind", "party"),
        ({"next_step_date": dt.date(2026, 5, 1)}, "next_step_date", "早于活动日期"),
        ({"place": "x" * 201}, "place", "过长"),
        ({"summary": "洽谈\x00"}, "summary", "控制字符"),
    ],
)
def test_it_refuses_bad_input_naming_the_field_and_saves_nothing(visit, values, field, words):
    with pytest.raises(ValidationError) as refused:
        visit(**values)
    assert words in " ".join(refused.value.message_dict[field])
    assert not Activity.objects.exists()


def test_it_refuses_a_member_recording_for_another_units_project(people, theirs, visit):
    with pytest.raises(PermissionDenied, match="招商一组"):
        visit(project=theirs)
    assert not Activity.objects.exists()


def test_it_refuses_a_member_recording_for_another_unit(people, refs, visit):
    with pytest.raises(PermissionDenied):
        visit(project=None, unit=refs["group2"])


def test_it_refuses_a_leader(people, visit):
    with pytest.raises(PermissionDenied):
        visit(actor=people["lee"])


def test_it_refuses_a_contributor_on_a_unit_project(people, visit):
    with pytest.raises(PermissionDenied):
        visit(actor=people["cody"])


def test_it_refuses_a_member_changing_another_units_activity(people, theirs, visit):
    activity = visit(actor=people["carol"], project=theirs)
    with pytest.raises(PermissionDenied):
        services.change_activity(activity=activity, actor=people["bob"], summary="改")
    with pytest.raises(PermissionDenied):
        services.delete_activity(activity=activity, actor=people["lee"])
    activity.refresh_from_db()
    assert activity.summary == "登门拜访,洽谈用地。"


def test_a_member_changes_and_deletes_their_units_activity(people, visit):
    activity = visit()
    changed = services.change_activity(
        activity=activity, actor=people["bob"], summary="再次拜访", today=TODAY
    )
    assert changed.version == 2 and changed.summary == "再次拜访"
    services.delete_activity(activity=changed, actor=people["bob"])
    assert not Activity.objects.exists()
    assert ChangeLog.objects.filter(content_type__model="activity", action="delete").exists()


def test_a_contributor_records_and_sees_only_their_own(zone, people, build):
    lead = build("L1", None, unit=None, lead="2026-05-01")
    lead.submitted_by = people["cody"]
    lead.save()
    mine = services.record_activity(
        zone=zone,
        actor=people["cody"],
        kind="contact",
        date=d("2026-05-02"),
        participants="科迪",
        summary="电话联系",
        project=lead,
        today=TODAY,
    )
    services.record_activity(
        zone=zone,
        actor=people["alice"],
        kind="contact",
        date=d("2026-05-03"),
        participants="爱丽丝",
        summary="局长电话",
        project=lead,
        today=TODAY,
    )
    assert list(selectors.activities(people["cody"], zone)) == [mine]
    assert selectors.activities(people["lee"], zone).count() == 2  # a leader reads all


def test_a_member_sees_their_units_activities_only(people, ours, theirs, visit):
    visit()
    visit(actor=people["carol"], project=theirs)
    assert [a.project for a in selectors.activities(people["bob"], ours.zone)] == [ours]
    assert selectors.activities(people["alice"], ours.zone).count() == 2


def test_a_visit_clears_the_stale_warning(zone, people, ours, visit):
    # Negotiating since 1 February: by 31 May more than 60 days without an update.
    assert selectors.staleness(ours, today=TODAY).stale
    assert list(selectors.stale_projects(people["bob"], zone, today=TODAY)) == [ours]
    visit(on="2026-05-20")
    state = selectors.staleness(ours, today=TODAY)
    assert not state.stale and state.last_update == d("2026-05-20") and state.idle_days == 11
    assert list(selectors.stale_projects(people["bob"], zone, today=TODAY)) == []


def test_an_old_visit_does_not_clear_it_and_the_zone_sets_the_days(zone, people, ours, visit):
    visit(on="2026-03-01")
    assert selectors.staleness(ours, today=TODAY).stale  # 91 days
    services.set_stale_after_days(zone=zone, actor=people["alice"], days=100)
    ours.zone.refresh_from_db()
    assert not selectors.staleness(ours, today=TODAY).stale
    assert ChangeLog.objects.filter(content_type__model="zone", action="update").exists()


def test_only_directors_and_admins_set_the_days(zone, people):
    for name in ("bob", "lee", "cody"):
        with pytest.raises(PermissionDenied):
            services.set_stale_after_days(zone=zone, actor=people[name], days=30)
    with pytest.raises(ValidationError, match="0"):
        services.set_stale_after_days(zone=zone, actor=people["alice"], days=0)
    zone.refresh_from_db()
    assert zone.stale_after_days == 60


def test_paused_dropped_and_signed_projects_are_never_stale(people, build):
    signed = build("S1", "5000", signed="2026-01-05")
    dropped = build("D1", "5000", negotiating="2026-01-05", dropped="2026-01-20")
    for project in (signed, dropped):
        assert not selectors.staleness(project, today=TODAY).stale
