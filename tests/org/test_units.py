"""Units in the workspace: kept by admins and directors (/units/new/, /units/<id>/edit/), read by
everyone in the zone; a unit's page (/units/<id>/) with its people, figures, projects and
targets."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TODAY, make_user
from zhaoshang.org import services
from zhaoshang.org.models import Region, Role, Unit
from zhaoshang.org.services import create_zone, ensure_reference
from zhaoshang.targets.services import TargetValue, set_targets

PERIOD = {"from": "2026-01-01", "as_of": "2026-05-31"}
TEST_TEMPLATES = Path(__file__).parent / "templates"


def test_an_admin_creates_a_resident_office_and_edits_it(client, zone, people):
    ada = make_user("ada", zone, Role.ADMIN)
    client.force_login(ada)
    response = client.post(
        "/units/new/",
        {
            "name": "驻深圳招商联络处",
            "kind": "office",
            "head": people["bob"].pk,
            "city": "深圳",
            "started_on": "2025-03-01",
            "ended_on": "",
            "sort_order": "20",
        },
    )
    assert response.status_code == 302
    office = Unit.objects.get(zone=zone, name="驻深圳招商联络处")
    assert (office.kind, office.city.name, office.head) == ("office", "深圳市", people["bob"])
    assert office.started_on == dt.date(2025, 3, 1) and office.ended_on is None
    assert response["Location"] == f"/units/{office.pk}/"
    response = client.post(
        f"/units/{office.pk}/edit/",
        {
            "name": "驻深圳招商联络处",
            "kind": "office",
            "head": "",
            "city": "深圳市",
            "started_on": "2025-03-01",
            "ended_on": "2026-04-30",
            "sort_order": "20",
        },
    )
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.ended_on == dt.date(2026, 4, 30) and office.head is None


def test_a_director_keeps_units_too(client, zone, people):
    client.force_login(people["alice"])
    data = {"name": "第三招商局", "kind": "bureau", "head": "", "city": "", "sort_order": "0"}
    assert client.post("/units/new/", data).status_code == 302
    assert Unit.objects.filter(zone=zone, name="第三招商局", kind="bureau").exists()


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"kind": "office", "city": None}, "city", "驻点须填写驻点城市"),
        ({"kind": "group", "city": "beijing"}, "city", "只有驻点"),
        ({"name": "招商二组"}, "name", "已有名为"),
        ({"name": " "}, "name", "不能为空"),
        (
            {"kind": "office", "city": "beijing", "started_on": dt.date(2026, 3, 1)}
            | {"ended_on": dt.date(2026, 2, 1)},
            "ended_on",
            "早于起始日期",
        ),
        (
            {"kind": "office", "city": "beijing", "started_on": dt.date(1980, 1, 1)},
            "started_on",
            "",
        ),
    ],
)
def test_it_refuses_a_bad_unit_naming_the_field(zone, refs, people, fields, field, words):
    if fields.get("city") == "beijing":
        fields = {**fields, "city": Region.objects.get(code="110000")}
    values = {"name": "新单位", "kind": "group", **fields}
    before = Unit.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.save_unit(zone=zone, actor=people["alice"], today=TODAY, **values)
    assert field in caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])
    assert Unit.objects.count() == before


def test_a_head_must_have_a_role_in_the_zone(zone, refs, people):
    other = create_zone(code="other", name="另一开发区")
    outsider = make_user("outsider", other, Role.LEADER)
    with pytest.raises(ValidationError) as caught:
        services.save_unit(zone=zone, actor=None, unit=refs["group1"], head=outsider)
    assert "没有角色" in caught.value.message_dict["head"][0]


@pytest.mark.parametrize("who", ["bob", "lee", "cody"])
def test_it_refuses_changing_units_to_members_leaders_and_contributors(client, refs, people, who):
    client.force_login(people[who])
    unit = refs["group1"]
    data = {"name": "改名", "kind": "group", "sort_order": "0"}
    assert client.get("/units/new/").status_code == 403
    assert client.get(f"/units/{unit.pk}/edit/").status_code == 403
    assert client.post("/units/new/", data).status_code == 403
    assert client.post(f"/units/{unit.pk}/edit/", data).status_code == 403
    unit.refresh_from_db()
    assert unit.name == "招商一组"
    with pytest.raises(PermissionDenied):
        services.save_unit(zone=unit.zone, actor=people[who], unit=unit, name="改名")
    # They read the list and the page, without the edit links.
    page = client.get("/units/").content.decode()
    assert "招商一组" in page and "/units/new/" not in page
    assert client.get(f"/units/{unit.pk}/", PERIOD).status_code == 200


def test_another_zones_unit_is_not_found(client, zone, people):
    other = create_zone(code="other", name="另一开发区")
    theirs = ensure_reference(zone=other, model=Unit, name="他组", kind="group")
    client.force_login(people["alice"])
    assert client.get(f"/units/{theirs.pk}/").status_code == 404
    assert client.get(f"/units/{theirs.pk}/edit/").status_code == 404


@pytest.fixture
def unit_work(zone, refs, people, build):
    services.save_unit(zone=zone, actor=None, unit=refs["group1"], head=people["bob"])
    projects = {
        "big": build("U1", "50000", unit="group1", signed="2026-03-01"),
        "small": build("U2", "3000", unit="group1", negotiating="2026-02-01"),
        "old": build("U3", "20000", unit="group1", signed="2025-06-01", started="2025-09-01"),
        "theirs": build("U4", "80000", unit="group2", signed="2026-04-01"),
    }
    set_targets(
        zone=zone,
        actor=None,
        year=2026,
        unit=refs["group1"],
        values={"signed": TargetValue(count=4, amount_wan=Decimal("100000"))},
    )
    return projects


def test_the_unit_page_shows_who_it_is_what_it_did_and_its_targets(
    client, zone, refs, people, unit_work
):
    client.force_login(people["lee"])  # a leader reads it
    response = client.get(f"/units/{refs['group1'].pk}/", PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "招商一组" in page and "招商组" in page
    assert 'id="unit-head">bob<' in page
    members = [m.user.username for m in response.context["members"]]
    assert members == ["bob"]  # the head first; carol is in 招商二组
    cards = {c["key"]: c["figure"] for c in response.context["cards"]}
    assert (cards["signed"].count, cards["signed"].amount_wan) == (1, Decimal("50000.00"))
    assert cards["negotiating"].count == 1 and cards["under_construction"].count == 1
    assert [p.code for p in response.context["projects"]] == ["U1", "U3", "U2"]
    assert ">U4<" not in page  # (not in a link: the CSRF token may hold any letters)
    [target] = response.context["targets"]
    assert (target.metric, target.actual.count) == ("signed", 1)
    assert 'data-target="signed"' in page


def test_a_member_of_another_unit_sees_the_figures_but_not_the_projects(
    client, refs, people, unit_work
):
    client.force_login(people["carol"])
    response = client.get(f"/units/{refs['group1'].pk}/", PERIOD)
    assert response.context["projects"] == []
    assert response.context["hidden"] == 3
    cards = {c["key"]: c["figure"] for c in response.context["cards"]}
    assert cards["signed"].count == 1
    assert "另有 3 个项目不在您的查看范围内" in response.content.decode()


def test_a_name_with_markup_is_escaped(client, zone, people):
    services.save_unit(zone=zone, actor=None, name="<b>组</b>", kind="group")
    client.force_login(people["alice"])
    page = client.get("/units/").content.decode()
    assert "&lt;b&gt;组&lt;/b&gt;" in page and "<b>组</b>" not in page


def test_other_apps_add_their_sections_to_the_unit_page(
    client, refs, people, monkeypatch, settings
):
    from zhaoshang.dashboard import units

    seen = []

    def visits(request, unit, period):
        seen.append((unit, period["as_of"]))
        return {"note": "<i>本月走访 3 次</i>"} if unit == refs["group1"] else None

    monkeypatch.setattr(
        units, "UNIT_SECTIONS", [units.UnitSection("org/test_unit_section.html", visits)]
    )
    # The section's template, a file of the tests.
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    ]
    client.force_login(people["alice"])
    page = client.get(f"/units/{refs['group1'].pk}/", PERIOD).content.decode()
    assert 'id="unit-section"' in page and "&lt;i&gt;本月走访 3 次&lt;/i&gt;" in page
    assert seen == [(refs["group1"], dt.date(2026, 5, 31))]
    page = client.get(f"/units/{refs['group2'].pk}/", PERIOD).content.decode()
    assert 'id="unit-section"' not in page
