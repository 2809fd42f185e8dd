"""The referrer (引荐方) of a project: a person of the zone (全员招商), an anchor enterprise
(introduced_by, 以商招商) or an organisation of the zone's directory — one at most; set on the
project form; a contributor is credited with the leads they submit and follows their fate."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TODAY, d, make_user
from zhaoshang.companies.models import Organisation
from zhaoshang.companies.services import get_or_create_company, save_organisation
from zhaoshang.org.models import Role
from zhaoshang.org.services import create_zone
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, Project, ReferrerKind, Stage


@pytest.fixture
def chamber(zone):
    return save_organisation(zone=zone, actor=None, name="德州市浙江商会", kind="chamber")


@pytest.fixture
def lead(zone, refs, company):
    return services.create_project(
        zone=zone,
        actor=None,
        code="R-1",
        name="<script>线索</script>",
        company=company,
        unit=refs["group1"],
        total_investment_wan=Decimal("30000"),
        milestones={Stage.NEGOTIATING: d("2026-02-01")},
        today=TODAY,
    )


def test_the_project_form_sets_and_clears_the_referrer(client, people, lead, chamber):
    client.force_login(people["bob"])
    form = client.get(f"/projects/{lead.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "code"}
    data.update({"company_name": lead.company.name, "referrer_org": chamber.pk})
    for key in ("industry", "park", "unit", "introduced_by", "referred_by"):
        data[key] = data.get(key) or ""
    assert client.post(f"/projects/{lead.pk}/edit/", data).status_code == 302
    lead.refresh_from_db()
    assert (
        lead.referrer_kind == ReferrerKind.ORGANISATION and lead.referrer_name == "德州市浙江商会"
    )
    page = client.get(f"/projects/{lead.pk}/").content.decode()
    assert "德州市浙江商会" in page and 'id="referrer"' in page

    # Two referrers at once are refused at the field, nothing saved.
    data.update({"referred_by": people["cody"].pk, "version": lead.version})
    response = client.post(f"/projects/{lead.pk}/edit/", data)
    assert response.status_code in (200, 400)
    assert "只能有一个引荐方" in response.content.decode()
    lead.refresh_from_db()
    assert lead.referred_by_id is None and lead.referrer_org == chamber

    data.update({"referred_by": people["cody"].pk, "referrer_org": ""})
    assert client.post(f"/projects/{lead.pk}/edit/", data).status_code == 302
    lead.refresh_from_db()
    assert lead.referred_by == people["cody"] and lead.referrer_org is None


def test_the_form_offers_only_the_zones_people_and_organisations(client, zone, people, lead):
    other = create_zone(code="other", name="另一开发区")
    make_user("outsider", other, Role.CONTRIBUTOR)
    save_organisation(zone=other, actor=None, name="别区商会", kind="chamber")
    client.force_login(people["alice"])
    form = client.get(f"/projects/{lead.pk}/edit/").context["form"]
    people_offered = {u.username for u in form.fields["referred_by"].queryset}
    assert people_offered == {"alice", "bob", "carol", "lee", "cody"}
    assert not form.fields["referrer_org"].queryset.filter(name="别区商会").exists()


def test_the_service_refuses_a_referrer_from_elsewhere(zone, people, lead):
    other = create_zone(code="other", name="另一开发区")
    outsider = make_user("outsider", other, Role.CONTRIBUTOR)
    theirs = save_organisation(zone=other, actor=None, name="别区商会", kind="chamber")
    with pytest.raises(ValidationError) as caught:
        services.update_project(project=lead, actor=people["alice"], referred_by=outsider)
    assert "没有角色" in caught.value.message_dict["referred_by"][0]
    with pytest.raises(ValidationError) as caught:
        services.update_project(project=lead, actor=people["alice"], referrer_org=theirs)
    assert "不属于本开发区" in caught.value.message_dict["referrer_org"][0]
    plain = get_or_create_company(zone=zone, actor=None, name="普通企业")
    with pytest.raises(ValidationError) as caught:
        services.update_project(project=lead, actor=people["alice"], introduced_by=plain)
    assert "龙头企业" in caught.value.message_dict["introduced_by"][0]
    lead.refresh_from_db()
    assert lead.referrer_kind is None and lead.version == 1


def test_one_referrer_at_most_is_a_rule_of_the_database_too(zone, people, lead, chamber):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=lead.pk).update(referred_by=people["cody"], referrer_org=chamber)


def test_a_contributors_lead_is_credited_to_them(zone, people, chamber):
    cody = people["cody"]
    project = services.create_project(
        zone=zone,
        actor=cody,
        name="朋友介绍的项目",
        milestones={Stage.LEAD: d("2026-05-01")},
        today=TODAY,
    )
    assert project.referred_by == cody and project.submitted_by == cody
    with pytest.raises(PermissionDenied):
        services.create_project(
            zone=zone,
            actor=cody,
            name="冒名引荐",
            referred_by=people["bob"],
            milestones={Stage.LEAD: d("2026-05-01")},
            today=TODAY,
        )
    with pytest.raises(PermissionDenied):
        services.create_project(
            zone=zone,
            actor=cody,
            name="机构引荐",
            referrer_org=chamber,
            milestones={Stage.LEAD: d("2026-05-01")},
            today=TODAY,
        )
    assert Project.objects.filter(zone=zone).count() == 1


def test_a_contributor_sees_their_referrals_and_their_fate(client, zone, refs, people, company):
    cody = people["cody"]
    referred = services.create_project(
        zone=zone,
        actor=None,
        code="R-2",
        name="引荐的签约项目",
        company=company,
        unit=refs["group2"],
        referred_by=cody,
        total_investment_wan=Decimal("120000"),
        agreement_type=AgreementType.CONTRACT,
        milestones={Stage.SIGNED: d("2026-04-01")},
        today=TODAY,
    )
    own = services.create_project(
        zone=zone, actor=cody, name="自己提交的线索", milestones={Stage.LEAD: d("2026-05-01")}
    )
    someone_elses = services.create_project(
        zone=zone, actor=None, code="R-3", name="别人的项目", unit=refs["group1"]
    )
    client.force_login(cody)
    response = client.get("/referrals/")
    page = response.content.decode()
    assert [p.pk for p in response.context["projects"]] == [own.pk, referred.pk]
    assert "已签约 2026-04-01" in page and "未签约" in page
    assert 'id="my-signed">1<' in page
    assert "别人的项目" not in page
    # The referral's page opens for them (read only); another project does not.
    assert client.get(f"/projects/{referred.pk}/").status_code == 200
    assert client.get(f"/projects/{someone_elses.pk}/").status_code == 404
    assert client.get(f"/projects/{referred.pk}/edit/").status_code == 403
    # In the library too: only their own.
    codes = {p.code for p in client.get("/projects/").context["page"].object_list}
    assert codes == {own.code, referred.code}


def test_a_members_referral_in_another_unit_is_counted_not_shown(client, zone, refs, people):
    services.create_project(
        zone=zone,
        actor=None,
        code="R-4",
        name="跨组引荐",
        unit=refs["group2"],
        referred_by=people["bob"],
    )
    client.force_login(people["bob"])
    response = client.get("/referrals/")
    assert response.context["projects"] == [] and response.context["hidden"] == 1
    assert "另有 1 个项目属其他单位" in response.content.decode()


def test_deleting_an_organisation_in_use_is_refused(zone, lead, chamber):
    from django.db.models import ProtectedError

    services.update_project(project=lead, actor=None, referrer_org=chamber)
    with pytest.raises(ProtectedError):
        chamber.delete()
    assert Organisation.objects.filter(pk=chamber.pk).exists()
