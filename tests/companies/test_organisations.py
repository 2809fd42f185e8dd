"""The directory of referring organisations (/organisations/): read by everyone in the zone,
kept by its admins and directors."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import make_user
from zhaoshang.companies.models import Organisation
from zhaoshang.companies.services import save_organisation
from zhaoshang.org.models import Role
from zhaoshang.org.services import create_zone


def test_an_admin_adds_and_edits_an_organisation(client, zone, people):
    client.force_login(make_user("ada", zone, Role.ADMIN))
    data = {
        "name": "德州市 浙江商会",
        "kind": "chamber",
        "region": "浙江",
        "contact": "",
        "note": "",
    }
    assert client.post("/organisations/new/", data).status_code == 302
    chamber = Organisation.objects.get(zone=zone)
    assert (chamber.name, chamber.kind, chamber.region.name) == (
        "德州市 浙江商会",
        "chamber",
        "浙江省",
    )
    data.update({"kind": "association", "contact": "王会长 0534-1234567"})
    assert client.post(f"/organisations/{chamber.pk}/edit/", data).status_code == 302
    chamber.refresh_from_db()
    assert chamber.kind == "association" and chamber.version == 2
    page = client.get("/organisations/").content.decode()
    assert "王会长" in page and f"/organisations/{chamber.pk}/edit/" in page


def test_a_director_keeps_the_directory_too(client, zone, people):
    client.force_login(people["alice"])
    data = {"name": "天津大学研究院", "kind": "institute", "region": "", "contact": "", "note": ""}
    assert client.post("/organisations/new/", data).status_code == 302


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"name": ""}, "name", "不能为空"),
        ({"name": "已有商会"}, "name", "已有"),
        ({"kind": "club"}, "kind", "无效"),
        ({"name": "x" * 201}, "name", ""),
    ],
)
def test_it_refuses_a_bad_organisation(zone, fields, field, words):
    save_organisation(zone=zone, actor=None, name="已有商会", kind="chamber")
    with pytest.raises(ValidationError) as caught:
        save_organisation(zone=zone, actor=None, **{"name": "新机构", "kind": "agency", **fields})
    assert field in caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("who", ["bob", "lee", "cody"])
def test_it_refuses_changes_to_members_leaders_and_contributors(client, zone, people, who):
    chamber = save_organisation(zone=zone, actor=None, name="商会", kind="chamber")
    client.force_login(people[who])
    data = {"name": "改名", "kind": "chamber"}
    assert client.get("/organisations/new/").status_code == 403
    assert client.post("/organisations/new/", data).status_code == 403
    assert client.post(f"/organisations/{chamber.pk}/edit/", data).status_code == 403
    with pytest.raises(PermissionDenied):
        save_organisation(zone=zone, actor=people[who], organisation=chamber, name="改名")
    chamber.refresh_from_db()
    assert chamber.name == "商会"
    # They read the directory, without the edit links.
    page = client.get("/organisations/").content.decode()
    assert "商会" in page and "/organisations/new/" not in page


def test_another_zones_organisation_is_not_found(client, zone, people):
    other = create_zone(code="other", name="另一开发区")
    theirs = save_organisation(zone=other, actor=None, name="别区商会", kind="chamber")
    client.force_login(people["alice"])
    assert client.get(f"/organisations/{theirs.pk}/edit/").status_code == 404
    assert "别区商会" not in client.get("/organisations/").content.decode()
    with pytest.raises(PermissionDenied):
        save_organisation(zone=zone, actor=people["alice"], organisation=theirs, name="抢")
