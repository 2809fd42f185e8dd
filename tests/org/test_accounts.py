"""Users, roles and units managed in the workspace by the zone's admins and directors: creating a
user, changing their role and unit, deactivating them — audited, versioned, and refused to
everyone else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import make_user
from zhaoshang.core.models import ChangeLog
from zhaoshang.core.versions import StaleEdit
from zhaoshang.org import services
from zhaoshang.org.models import Membership, Role, User
from zhaoshang.org.services import create_zone

PASSWORD = "Yunhe-Kaifaqu-2026"


def new_user_post(refs, **extra):
    return {
        "username": "dan",
        "name": "丁一",
        "email": "",
        "role": "member",
        "unit": refs["group2"].pk,
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }


def signs_in(client, username, password) -> bool:
    """A real sign-in through the page (the lockout backend needs the request)."""
    fresh = client.__class__()
    fresh.post("/accounts/login/", {"username": username, "password": password})
    return "_auth_user_id" in fresh.session


@pytest.fixture
def far():
    zone = create_zone(code="far", name="远方开发区")
    return {"zone": zone, "fay": make_user("fay", zone, Role.DIRECTOR)}


def test_a_director_creates_a_user_who_can_sign_in(client, zone, refs, people):
    client.force_login(people["alice"])
    page = client.get("/accounts/")
    assert "/accounts/users/new/" in page.text
    response = client.post("/accounts/users/new/", new_user_post(refs))
    assert response.status_code == 302
    dan = User.objects.get(username="dan")
    found = Membership.objects.get(user=dan, zone=zone)
    assert (found.role, found.unit) == (Role.MEMBER, refs["group2"])
    assert dan.first_name == "丁一" and dan.check_password(PASSWORD)
    listed = client.get("/accounts/").text
    assert "丁一" in listed and "招商二组" in listed
    created = ChangeLog.objects.get(object_repr="dan", action="create")
    assert created.actor == people["alice"]
    assert "password" not in created.after  # the log never holds a password (or its hash)
    assert signs_in(client, "dan", PASSWORD)


def test_a_new_users_password_keeps_to_the_rules(client, refs, people):
    client.force_login(people["alice"])
    response = client.post(
        "/accounts/users/new/", new_user_post(refs, password1="12345", password2="12345")
    )
    assert response.status_code == 400
    assert "密码太短" in response.text
    assert not User.objects.filter(username="dan").exists()


def test_a_member_needs_a_unit_and_a_username_is_taken_once(client, refs, people):
    client.force_login(people["alice"])
    response = client.post("/accounts/users/new/", new_user_post(refs, unit=""))
    assert response.status_code == 400 and "招商人员须指定所在单位" in response.text
    response = client.post("/accounts/users/new/", new_user_post(refs, username="BOB"))
    assert response.status_code == 400 and "已被使用" in response.text
    assert not User.objects.filter(username="dan").exists()


@pytest.mark.parametrize("name", ["bob", "lee", "cody"])
def test_members_leaders_and_contributors_manage_no_accounts(client, refs, people, name):
    client.force_login(people[name])
    carol = people["carol"]
    assert client.get("/accounts/").status_code == 403
    assert client.post("/accounts/users/new/", new_user_post(refs)).status_code == 403
    response = client.post(
        f"/accounts/users/{carol.pk}/", {"role": "leader", "unit": "", "version": 1}
    )
    assert response.status_code == 403
    response = client.post(f"/accounts/users/{carol.pk}/active/", {"version": 1})
    assert response.status_code == 403
    assert not User.objects.filter(username="dan").exists()
    carol.refresh_from_db()
    assert carol.is_active
    assert Membership.objects.get(user=carol).role == Role.MEMBER


def test_another_zones_director_finds_none_of_our_users(client, refs, people, far):
    client.force_login(far["fay"])
    carol = people["carol"]
    assert "carol" not in client.get("/accounts/").text
    response = client.post(
        f"/accounts/users/{carol.pk}/", {"role": "leader", "unit": "", "version": 1}
    )
    assert response.status_code == 404
    assert client.post(f"/accounts/users/{carol.pk}/active/", {"version": 1}).status_code == 404
    carol.refresh_from_db()
    assert carol.is_active and Membership.objects.get(user=carol).role == Role.MEMBER
    # and the services refuse them whatever calls them
    with pytest.raises(PermissionDenied):
        services.change_role(
            actor=far["fay"], membership=Membership.objects.get(user=carol), role="leader"
        )
    with pytest.raises(PermissionDenied):
        services.set_account_active(actor=far["fay"], user=carol, active=False)
    with pytest.raises(PermissionDenied):
        services.create_account(
            actor=far["fay"],
            zone=refs["group1"].zone,
            username="dan",
            name="",
            role="leader",
            password=PASSWORD,
        )


def test_a_director_moves_a_member_to_another_unit_and_makes_a_leader(client, refs, people):
    client.force_login(people["alice"])
    carol = people["carol"]
    found = Membership.objects.get(user=carol)
    response = client.post(
        f"/accounts/users/{carol.pk}/",
        {"role": "member", "unit": refs["group1"].pk, "version": found.version},
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.unit == refs["group1"] and found.version == 2
    response = client.post(
        f"/accounts/users/{carol.pk}/",
        {"role": "leader", "unit": refs["group1"].pk, "version": found.version},
    )
    found.refresh_from_db()
    assert (found.role, found.unit) == (Role.LEADER, None)  # a leader belongs to no unit
    log = ChangeLog.objects.filter(object_id=found.pk, action="update").order_by("id")
    assert [row.after["role"] for row in log] == ["member", "leader"]
    assert all(row.actor == people["alice"] for row in log)


def test_a_stale_role_form_is_refused_with_what_changed(client, refs, people):
    carol = people["carol"]
    found = Membership.objects.get(user=carol)
    services.change_role(
        actor=people["alice"], membership=found, role="member", unit=refs["group1"]
    )
    client.force_login(people["alice"])
    response = client.post(
        f"/accounts/users/{carol.pk}/", {"role": "leader", "unit": "", "version": 1}
    )
    assert response.status_code == 409
    assert "招商一组" in response.text and "alice" in response.text
    found.refresh_from_db()
    assert found.role == Role.MEMBER
    with pytest.raises(StaleEdit):
        services.change_role(
            actor=people["alice"], membership=found, role="leader", expected_version=1
        )


def test_nobody_changes_their_own_role(people):
    alice = people["alice"]
    with pytest.raises(PermissionDenied):
        services.change_role(
            actor=alice, membership=Membership.objects.get(user=alice), role="admin"
        )
    with pytest.raises(PermissionDenied):
        services.set_account_active(actor=alice, user=alice, active=False)


def test_a_deactivated_user_cannot_sign_in_until_brought_back(client, people):
    carol = people["carol"]
    other = client.__class__()
    other.post("/accounts/login/", {"username": "carol", "password": "pw"})
    assert other.get("/projects/").status_code == 200
    client.force_login(people["alice"])
    response = client.post(f"/accounts/users/{carol.pk}/active/", {"version": carol.version})
    assert response.status_code == 302
    carol.refresh_from_db()
    assert not carol.is_active and carol.version == 2
    assert other.get("/projects/").status_code == 302  # the open session ends too
    assert not signs_in(client, "carol", "pw")
    assert "已停用" in client.get("/accounts/").text
    row = ChangeLog.objects.filter(object_repr="carol", action="update").latest("id")
    assert (row.before["is_active"], row.after["is_active"]) == (True, False)
    # a form opened before the deactivation is stale
    response = client.post(f"/accounts/users/{carol.pk}/active/", {"version": 1, "active": "on"})
    carol.refresh_from_db()
    assert not carol.is_active
    client.post(f"/accounts/users/{carol.pk}/active/", {"version": 2, "active": "on"})
    carol.refresh_from_db()
    assert carol.is_active
    assert signs_in(client, "carol", "pw")


def test_a_user_with_a_role_in_a_zone_the_director_does_not_run_stays_active(
    client, zone, refs, people, far
):
    both = make_user("both", zone, Role.MEMBER, refs["group1"])
    services.grant_role(user=both, zone=far["zone"], role=Role.LEADER)
    client.force_login(people["alice"])
    assert client.post(f"/accounts/users/{both.pk}/active/", {"version": 1}).status_code == 403
    both.refresh_from_db()
    assert both.is_active
    # their role here is still ours to change
    response = client.post(
        f"/accounts/users/{both.pk}/", {"role": "leader", "unit": "", "version": 1}
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=both, zone=zone).role == Role.LEADER


def test_a_director_resets_a_password_from_the_users_page(client, people):
    client.force_login(people["alice"])
    carol = people["carol"]
    page = client.get(f"/accounts/users/{carol.pk}/")
    assert f"/accounts/users/{carol.pk}/password/" in page.text
    response = client.post(
        f"/accounts/users/{carol.pk}/password/",
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 302
    carol.refresh_from_db()
    assert carol.check_password(PASSWORD)


def test_the_service_checks_the_unit_belongs_to_the_zone(people, far):
    from zhaoshang.org.models import Unit
    from zhaoshang.org.services import ensure_reference

    there = ensure_reference(zone=far["zone"], model=Unit, name="远方组", kind="group")
    with pytest.raises(ValidationError):
        services.change_role(
            actor=people["alice"],
            membership=Membership.objects.get(user=people["carol"]),
            role="member",
            unit=there,
        )


def test_the_accounts_page_reads_the_same_whatever_the_number_of_users(
    client, zone, refs, people, far
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["alice"])

    def queries() -> int:
        client.get("/accounts/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/accounts/").status_code == 200
        return len(captured)

    few = queries()
    for i in range(15):
        user = make_user(f"user{i}", zone, Role.MEMBER, refs["group1"])
        if i % 3 == 0:
            services.grant_role(user=user, zone=far["zone"], role=Role.LEADER)
    page = client.get("/accounts/").text
    assert queries() == few
    # whose password the director may set: not those who also lead the far zone
    assert f"/accounts/users/{User.objects.get(username='user1').pk}/password/" in page
    assert f"/accounts/users/{User.objects.get(username='user0').pk}/password/" not in page
