"""The one permission policy: who sees what, by role, zone and unit — and every refusal."""

import pytest

from tests.factories import TODAY, d, make_user
from zhaoshang.ingest.models import IngestedText
from zhaoshang.org import permissions
from zhaoshang.org.models import Park, Role, User
from zhaoshang.org.services import create_zone, ensure_reference, grant_role
from zhaoshang.projects import services
from zhaoshang.projects.models import FundsArrived, Project, Stage


@pytest.fixture
def projects(zone, refs, people):
    def lead(name, unit, actor=None):
        return services.create_project(
            zone=zone,
            actor=actor,
            name=name,
            unit=unit,
            milestones={Stage.LEAD: d("2026-05-01")},
            today=TODAY,
        )

    return {
        "one": lead("一组项目", refs["group1"]),
        "two": lead("二组项目", refs["group2"]),
        "tip": lead("群众线索", None, actor=people["cody"]),
    }


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


@pytest.mark.parametrize("who", ["alice", "lee"])
def test_directors_and_leaders_see_every_project(zone, people, projects, who):
    assert names(permissions.visible(people[who], Project.objects.all(), zone)) == [
        "一组项目",
        "二组项目",
        "群众线索",
    ]


def test_a_member_sees_only_their_units_projects(zone, people, projects):
    assert names(permissions.visible(people["bob"], Project.objects.all(), zone)) == ["一组项目"]
    assert names(permissions.visible(people["carol"], Project.objects.all(), zone)) == ["二组项目"]


def test_a_contributor_sees_only_what_they_submitted_even_after_it_moves_on(
    zone, refs, people, projects
):
    services.update_project(project=projects["tip"], actor=None, unit=refs["group2"], today=TODAY)
    assert names(permissions.visible(people["cody"], Project.objects.all(), zone)) == ["群众线索"]


def test_nobody_sees_another_zones_records(zone, people, projects):
    other = create_zone(code="other", name="别的开发区")
    outsider = make_user("olga", other, Role.DIRECTOR)
    assert not permissions.visible(outsider, Project.objects.all(), zone).exists()
    assert not permissions.visible(outsider, Project.objects.all()).exists()
    assert not permissions.visible(None, Project.objects.all(), zone).exists()
    assert not permissions.can_see_figures(outsider, zone)
    assert permissions.can_see_figures(people["cody"], zone)


def test_a_person_with_roles_in_two_zones_sees_each_by_their_role_there(
    zone, refs, people, projects
):
    other = create_zone(code="other", name="别的开发区")
    services.create_project(zone=other, actor=None, name="别区项目", today=TODAY)
    grant_role(user=people["bob"], zone=other, role=Role.LEADER)
    bob = User.objects.get(username="bob")
    assert names(permissions.visible(bob, Project.objects.all())) == ["一组项目", "别区项目"]
    assert names(permissions.visible(bob, Project.objects.all(), other)) == ["别区项目"]


def test_records_reached_through_a_project_follow_the_projects_scope(zone, people, projects):
    for project in projects.values():
        services.record_funds_arrived(
            project=project,
            actor=None,
            on=d("2026-05-02"),
            amount_wan=10,
            source_of_funds="local",
            today=TODAY,
        )
    funds = permissions.visible(people["bob"], FundsArrived.objects.all(), zone, via="project__")
    assert [f.project.name for f in funds] == ["一组项目"]


def test_zone_reference_lists_are_read_by_everyone_in_the_zone(zone, refs, people):
    ensure_reference(zone=zone, model=Park, name="现代物流园")
    for who in people.values():
        assert permissions.visible(who, Park.objects.all(), zone).count() == 2


def test_records_no_unit_owns_are_read_by_members_and_by_the_contributor_who_submitted_them(
    zone, people
):
    """A news text (ingest) has a submitter and no unit: members read every one of the zone,
    a contributor only those they submitted."""

    def text(title, by):
        return IngestedText.objects.create(
            zone=zone, title=title, original=title, clean_text=title, submitted_by=by
        )

    text("局长贴的", people["alice"])
    text("群众贴的", people["cody"])
    for who in ("alice", "lee", "bob", "carol"):
        found = permissions.visible(people[who], IngestedText.objects.all(), zone)
        assert sorted(found.values_list("title", flat=True)) == ["局长贴的", "群众贴的"]
    found = permissions.visible(people["cody"], IngestedText.objects.all(), zone)
    assert list(found.values_list("title", flat=True)) == ["群众贴的"]


def test_who_may_change_what(zone, people, projects):
    one, two = projects["one"], projects["two"]
    assert permissions.can_change(people["alice"], two)
    assert permissions.can_change(people["bob"], one)
    assert not permissions.can_change(people["bob"], two)
    assert not permissions.can_change(people["lee"], one)
    assert not permissions.can_change(people["cody"], projects["tip"])
    assert not permissions.can_create(people["lee"], zone)
    assert permissions.can_create(people["cody"], zone)
