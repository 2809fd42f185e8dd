"""People management in the workspace (/accounts/): the zone's admins create users, give them
their role and unit, deactivate them; everyone else is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import make_user
from zhaoshang.core.models import ChangeLog
from zhaoshang.org import services
from zhaoshang.org.models import Membership, Role, User
from zhaoshang.org.services import create_zone

STRONG = "Canal-Harbour-2026"


@pytest.fixture
def ada(zone):
    """The zone's 系统管理员 (role admin, not a superuser)."""
    return make_user("ada", zone, Role.ADMIN)


def test_it_round_trips_a_person(client, zone, refs, ada):
    client.force_login(ada)
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "zhang",
            "name": "张 三",
            "email": "",
            "role": "member",
            "unit": refs["group1"].pk,
            "password": STRONG,
        },
    )
    assert response.status_code == 302
    zhang = User.objects.get(username="zhang")
    assert zhang.get_full_name() == "张 三" and zhang.check_password(STRONG)
    member = Membership.objects.get(user=zhang, zone=zone)
    assert (member.role, member.unit) == ("member", refs["group1"])
    page = client.get("/accounts/").content.decode()
    assert "zhang" in page and "招商一组" in page

    # The edit page shows what was saved, and saving changes role and unit.
    form = client.get(f"/accounts/users/{zhang.pk}/edit/").context["form"]
    assert form.initial == {
        "name": "张 三",
        "email": "",
        "role": "member",
        "unit": refs["group1"].pk,
    }
    response = client.post(
        f"/accounts/users/{zhang.pk}/edit/",
        {"name": "张三", "email": "z@example.org", "role": "member", "unit": refs["group2"].pk},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    zhang.refresh_from_db()
    assert member.unit == refs["group2"] and zhang.first_name == "张三"
    # The password link of the edit page is the existing one.
    assert (
        f"/accounts/users/{zhang.pk}/password/"
        in client.get(f"/accounts/users/{zhang.pk}/edit/").content.decode()
    )

    # Deactivate: no sign-in, the role stays; activate again.
    assert client.post(f"/accounts/users/{zhang.pk}/active/", {"active": "0"}).status_code == 302
    zhang.refresh_from_db()
    assert not zhang.is_active
    assert Membership.objects.filter(user=zhang, zone=zone).exists()
    client.logout()
    refused = client.post("/accounts/login/", {"username": "zhang", "password": STRONG})
    assert refused.status_code == 200 and not refused.wsgi_request.user.is_authenticated
    client.force_login(ada)
    client.post(f"/accounts/users/{zhang.pk}/active/", {"active": "1"})
    zhang.refresh_from_db()
    assert zhang.is_active


def test_it_audits_people_without_their_password(zone, refs, ada):
    user = services.create_user(
        zone=zone, actor=ada, username="wang", name="王五", password=STRONG, role=Role.LEADER
    )
    row = ChangeLog.objects.filter(object_id=user.pk, content_type__model="user").get()
    assert row.after == {"username": "wang", "name": "王五", "email": "", "is_active": True}
    assert "password" not in str(row.after)
    services.set_user_active(zone=zone, actor=ada, user=user, active=False)
    last = ChangeLog.objects.filter(object_id=user.pk, content_type__model="user").latest("id")
    assert (last.before["is_active"], last.after["is_active"]) == (True, False)


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"username": ""}, "username", "不能为空"),
        ({"username": "bob"}, "username", "已被使用"),
        ({"username": "a b"}, "username", ""),
        ({"name": "  "}, "name", "姓名不能为空"),
        ({"password": "123"}, "password", ""),
        ({"role": "member", "unit": None}, "unit", "须指定所在单位"),
    ],
)
def test_it_refuses_a_bad_person_naming_the_field(zone, refs, people, ada, fields, field, words):
    values = {
        "username": "new1",
        "name": "新人",
        "password": STRONG,
        "role": Role.LEADER,
        "unit": None,
        **fields,
    }
    before = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.create_user(zone=zone, actor=ada, **values)
    assert field in caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])
    assert User.objects.count() == before  # nothing half-saved


def test_the_form_shows_the_refusal_at_the_field(client, zone, refs, ada):
    client.force_login(ada)
    response = client.post(
        "/accounts/users/new/",
        {"username": "x1", "name": "某", "role": "member", "unit": "", "password": STRONG},
    )
    assert response.status_code == 400
    assert "须指定所在单位" in " ".join(response.context["form"].errors["unit"])
    assert not User.objects.filter(username="x1").exists()


@pytest.mark.parametrize("who", ["alice", "bob", "lee", "cody"])
def test_it_refuses_people_pages_to_everyone_but_admins(client, zone, people, who):
    client.force_login(people[who])
    bob = people["bob"]
    assert client.get("/accounts/users/new/").status_code == 403
    assert client.get(f"/accounts/users/{bob.pk}/edit/").status_code == 403
    data = {"username": "x2", "name": "某", "role": "leader", "password": STRONG}
    assert client.post("/accounts/users/new/", data).status_code == 403
    assert client.post(f"/accounts/users/{bob.pk}/active/", {"active": "0"}).status_code == 403
    bob.refresh_from_db()
    assert bob.is_active and not User.objects.filter(username="x2").exists()


def test_the_services_refuse_the_same(zone, people):
    with pytest.raises(PermissionDenied):
        services.create_user(
            zone=zone,
            actor=people["alice"],
            username="x3",
            name="某",
            password=STRONG,
            role=Role.LEADER,
        )
    with pytest.raises(PermissionDenied):
        services.set_user_active(zone=zone, actor=people["lee"], user=people["bob"], active=False)


def test_it_finds_no_user_of_another_zone(client, zone, people, ada):
    other = create_zone(code="other", name="另一开发区")
    stranger = User.objects.create_user(username="stranger", password="pw")
    services.grant_role(user=stranger, zone=other, role=Role.LEADER)
    client.force_login(ada)
    assert client.get(f"/accounts/users/{stranger.pk}/edit/").status_code == 404
    assert client.post(f"/accounts/users/{stranger.pk}/active/", {"active": "0"}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active


def test_an_admin_cannot_deactivate_themselves_or_drop_their_own_role(client, zone, ada):
    client.force_login(ada)
    assert client.post(f"/accounts/users/{ada.pk}/active/", {"active": "0"}).status_code == 403
    ada.refresh_from_db()
    assert ada.is_active
    response = client.post(
        f"/accounts/users/{ada.pk}/edit/", {"name": "Ada", "email": "", "role": "leader"}
    )
    assert response.status_code == 400
    assert Membership.objects.get(user=ada, zone=zone).role == "admin"


def test_an_admin_cannot_change_someone_with_a_role_elsewhere(client, zone, people, ada):
    other = create_zone(code="other", name="另一开发区")
    services.grant_role(user=people["lee"], zone=other, role=Role.LEADER)
    client.force_login(ada)
    data = {"name": "李", "email": "", "role": "director"}
    assert client.post(f"/accounts/users/{people['lee'].pk}/edit/", data).status_code == 403
    assert Membership.objects.get(user=people["lee"], zone=zone).role == "leader"
    page = client.get("/accounts/").content.decode()
    assert f"/accounts/users/{people['lee'].pk}/edit/" not in page
