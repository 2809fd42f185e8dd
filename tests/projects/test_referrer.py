"""A project's referrer: an enterprise of the zone (以商招商), a person (全员招商) or an
organisation of the directory — shown and edited on the project pages (with versions), filtered
in the library, and the fate of the leads a contributor referred on their own page."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import TODAY, d, make_user
from zhaoshang.companies.models import Organisation
from zhaoshang.companies.services import get_or_create_company, save_organisation
from zhaoshang.org.models import Role
from zhaoshang.org.services import create_zone
from zhaoshang.projects import services


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    for module in ("zhaoshang.projects.views", "zhaoshang.projects.services"):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


@pytest.fixture
def chamber(zone):
    return save_organisation(
        zone=zone, actor=None, name="德州市温州商会", kind="chamber", contact="王会长 0534-1234567"
    )


def edit_post(client, project, **changes):
    form = client.get(f"/projects/{project.pk}/edit/").context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k != "code"}
    data.update(changes)
    return client.post(f"/projects/{project.pk}/edit/", data)


def test_a_member_records_an_organisation_as_the_referrer(client, build, people, chamber):
    project = build("P1", "12000", signed="2026-04-01")
    client.force_login(people["bob"])
    response = edit_post(client, project, referrer_org=chamber.pk, channel="agency")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.referrer_org == chamber and project.version == 2
    page = client.get(f"/projects/{project.pk}/").text
    assert "德州市温州商会" in page and "商会" in page


def test_one_referrer_only(build, people, chamber, zone):
    anchor = get_or_create_company(zone=zone, actor=None, name="华鲁恒升集团", is_anchor=True)
    project = build("P1", "12000", signed="2026-04-01")
    with pytest.raises(ValidationError) as caught:
        services.update_project(
            project=project, actor=people["alice"], introduced_by=anchor, referrer_org=chamber
        )
    assert "只记一个引荐方" in str(caught.value)
    project.refresh_from_db()
    assert project.introduced_by is None and project.referrer_org is None


def test_a_referrer_must_belong_to_the_zone(build, people, chamber):
    far = create_zone(code="far", name="远方开发区")
    stranger = make_user("stranger", far, Role.DIRECTOR)
    theirs = save_organisation(zone=far, actor=None, name="远方商会", kind="chamber")
    project = build("P1", "12000", signed="2026-04-01")
    for field, value in (("referrer_user", stranger), ("referrer_org", theirs)):
        with pytest.raises(ValidationError) as caught:
            services.update_project(project=project, actor=people["alice"], **{field: value})
        assert field in caught.value.message_dict
    project.refresh_from_db()
    assert project.referrer_user is None and project.referrer_org is None


def test_a_stale_referrer_edit_is_refused(client, build, people, chamber):
    project = build("P1", "12000", signed="2026-04-01")
    client.force_login(people["alice"])
    form = client.get(f"/projects/{project.pk}/edit/").context["form"]
    services.update_project(project=project, actor=people["bob"], referrer_user=people["cody"])
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k != "code"}
    data["referrer_org"] = chamber.pk
    data["referrer_user"] = ""
    response = client.post(f"/projects/{project.pk}/edit/", data)
    assert response.status_code == 409
    assert "引荐人" in response.text
    project.refresh_from_db()
    assert project.referrer_user == people["cody"] and project.referrer_org is None


def test_a_leader_cannot_change_the_referrer(client, build, people, chamber):
    project = build("P1", "12000", signed="2026-04-01")
    client.force_login(people["lee"])
    data = {"name": project.name, "project_type": "industrial", "version": 1}
    response = client.post(f"/projects/{project.pk}/edit/", {**data, "referrer_org": chamber.pk})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.referrer_org is None


def test_a_contributors_lead_is_credited_to_them(zone, people):
    lead = services.create_project(
        zone=zone,
        actor=people["cody"],
        name="一个线索",
        milestones={"lead": d("2026-05-02")},
        today=TODAY,
    )
    assert lead.referrer_user == people["cody"]


def test_the_library_filters_by_referrer(client, build, people, chamber, zone):
    anchor = get_or_create_company(zone=zone, actor=None, name="华鲁恒升集团", is_anchor=True)
    by_org = build("P1", "12000", signed="2026-04-01")
    by_company = build("P2", "12000", signed="2026-04-01")
    by_person = build("P3", "12000", signed="2026-04-01")
    build("P4", "12000", signed="2026-04-01")
    services.update_project(project=by_org, actor=None, referrer_org=chamber)
    services.update_project(project=by_company, actor=None, introduced_by=anchor)
    services.update_project(project=by_person, actor=None, referrer_user=people["cody"])
    client.force_login(people["alice"])

    def codes(referrer):
        page = client.get("/projects/", {"referrer": referrer})
        return sorted(p.code for p in page.context["page"].object_list)

    assert codes(f"o{chamber.pk}") == ["P1"]
    assert codes("company") == ["P2"]
    assert codes(f"u{people['cody'].pk}") == ["P3"]
    assert codes("none") == ["P4"]
    assert codes("") == ["P1", "P2", "P3", "P4"]


def test_a_contributor_sees_the_fate_of_the_leads_they_referred(client, zone, build, people):
    cody = people["cody"]
    signed = build("P1", "12000", signed="2026-04-01")
    talking = build("P2", "9000", negotiating="2026-03-01")
    build("P3", "9000", negotiating="2026-03-01")  # not theirs
    for project in (signed, talking):
        services.update_project(project=project, actor=None, referrer_user=cody)
    client.force_login(cody)
    page = client.get("/projects/referred/")
    assert page.status_code == 200
    rows = {row["project"].code: row for row in page.context["rows"]}
    assert set(rows) == {"P1", "P2"}
    assert rows["P1"]["signed"] and str(rows["P1"]["stage"]) == "签约"
    assert not rows["P2"]["signed"] and str(rows["P2"]["stage"]) == "洽谈"
    assert "已签约 1 个" in page.text
    # they read the fate, not the project: it is not theirs to open (they did not submit it)
    assert f'href="/projects/{signed.pk}/"' not in page.text
    assert client.get(f"/projects/{signed.pk}/").status_code == 404


def test_nobody_sees_someone_elses_referrals(client, build, people):
    project = build("P1", "12000", signed="2026-04-01")
    services.update_project(project=project, actor=None, referrer_user=people["cody"])
    client.force_login(people["bob"])
    assert "P1" not in client.get("/projects/referred/").text


def test_the_directory_is_kept_by_managers_and_members(client, zone, people, chamber):
    client.force_login(people["bob"])
    response = client.post(
        "/organisations/", {"name": "北京中关村产业促进会", "kind": "association", "city": "北京"}
    )
    assert response.status_code == 302
    found = Organisation.objects.get(name="北京中关村产业促进会")
    assert found.city.name == "北京市"
    page = client.get("/organisations/").text
    assert "北京中关村产业促进会" in page and "德州市温州商会" in page
    for name in ("lee", "cody"):
        client.force_login(people[name])
        assert client.get("/organisations/").status_code == 200
        response = client.post("/organisations/", {"name": "某协会", "kind": "association"})
        assert response.status_code == 403
        response = client.post(
            f"/organisations/{chamber.pk}/", {"name": "改名", "kind": "chamber", "version": 1}
        )
        assert response.status_code == 403
    assert not Organisation.objects.filter(name__in=["某协会", "改名"]).exists()


def test_another_zone_finds_none_of_the_directory(client, people, chamber):
    far = create_zone(code="far", name="远方开发区")
    client.force_login(make_user("fay", far, Role.DIRECTOR))
    assert "德州市温州商会" not in client.get("/organisations/").text
    response = client.post(
        f"/organisations/{chamber.pk}/", {"name": "改名", "kind": "chamber", "version": 1}
    )
    assert response.status_code == 404
    chamber.refresh_from_db()
    assert chamber.name == "德州市温州商会"


def test_a_stale_organisation_edit_is_refused(client, people, chamber):
    save_organisation(
        zone=chamber.zone, actor=people["alice"], organisation=chamber, contact="李秘书长"
    )
    client.force_login(people["bob"])
    response = client.post(
        f"/organisations/{chamber.pk}/", {"name": "温州商会", "kind": "chamber", "version": 1}
    )
    assert response.status_code == 409
    assert "李秘书长" in response.text
    chamber.refresh_from_db()
    assert chamber.name == "德州市温州商会"


def test_an_organisation_name_is_taken_once(client, people, chamber):
    client.force_login(people["alice"])
    response = client.post("/organisations/", {"name": "德州市温州商会", "kind": "association"})
    assert response.status_code == 400 and "已在名录中" in response.text
    assert Organisation.objects.count() == 1
