"""The admin site (/admin/) for every registered model, including any registered later: a
director of one zone reads their zone there — lists, filter choices, record pages — and not one
name of another zone; a superuser opens every record page."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.factories import TODAY, d, make_user
from zhaoshang.companies.services import get_or_create_company, save_organisation
from zhaoshang.core.models import ChangeLog
from zhaoshang.followup import services as followup
from zhaoshang.followup.models import Notice, Ticket
from zhaoshang.ingest.services import ingest_text
from zhaoshang.ledger.models import LedgerImport
from zhaoshang.org.models import Industry, Park, Role, Unit, User, Zone
from zhaoshang.org.services import create_zone, ensure_reference, grant_role
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, Project, Stage
from zhaoshang.targets.services import TargetValue, set_targets

# Read by superusers only (the audit trail spans zones, accounts are theirs, task results and
# groups are Django's): a director is refused them outright.
SUPERUSER_ONLY = {ChangeLog, User, Group, DBTaskResult}


def _zone_with_everything(code: str, prefix: str) -> dict:
    """A zone whose every name starts with `prefix` (甲 or 乙), one record of each kind."""
    zone = create_zone(code=code, name=f"{prefix}经济开发区")
    park = ensure_reference(zone=zone, model=Park, name=f"{prefix}区园区")
    industry = ensure_reference(zone=zone, model=Industry, name=f"{prefix}区产业")
    unit = ensure_reference(
        zone=zone, model=Unit, name=f"{prefix}区招商组", kind=Unit.Kind.PROMOTION_GROUP
    )
    company = get_or_create_company(zone=zone, actor=None, name=f"{prefix}区客商有限公司")
    organisation = save_organisation(zone=zone, actor=None, name=f"{prefix}区商会", kind="chamber")
    project = services.create_project(
        zone=zone,
        actor=None,
        code=f"{prefix}-001",
        name=f"{prefix}区签约项目",
        company=company,
        unit=unit,
        industry=industry,
        park=park,
        total_investment_wan=Decimal(20000),
        agreement_type=AgreementType.CONTRACT,
        milestones={Stage.NEGOTIATING: d("2026-02-01"), Stage.SIGNED: d("2026-04-01")},
        today=TODAY,
    )
    services.record_funds_arrived(
        project=project,
        actor=None,
        on=d("2026-05-01"),
        amount_wan=Decimal(500),
        source_of_funds="local",
        note=f"{prefix}区到位资金",
        today=TODAY,
    )
    services.set_paused(
        project=project,
        actor=None,
        paused=True,
        on=d("2026-05-10"),
        reason=f"{prefix}区搁置原因",
        today=TODAY,
    )
    set_targets(
        zone=zone, actor=None, year=2026, unit=unit, values={"signed": TargetValue(count=3)}
    )
    # The follow-up's records name their zone too (followup/admin.py).
    followup.open_ticket(
        project=project,
        actor=None,
        category="power",
        title=f"{prefix}区供电事项",
        department=f"{prefix}区供电公司",
        opened_on=d("2026-04-02"),
        deadline=d("2026-06-30"),
        today=TODAY,
    )
    followup.issue_notice(
        project=project,
        actor=None,
        kind="instruction",
        content=f"{prefix}区领导批示",
        issued_on=d("2026-05-02"),
        today=TODAY,
    )
    director = make_user(f"{code}_director", zone, Role.DIRECTOR)
    director.is_staff = True
    director.save()
    member = make_user(f"{code}_member", zone, Role.MEMBER, unit)
    LedgerImport.objects.create(
        zone=zone, user=member, filename=f"{prefix}区台账.xlsx", content=b"", size=0
    )
    ingest_text(
        zone=zone,
        actor=None,
        title=f"{prefix}区新闻",
        original=f"5月8日,{prefix}区与史丹利签订了投资2亿元的{prefix}区复合肥项目。",
    )
    return {
        "zone": zone,
        "director": director,
        "names": {
            Zone: zone.name,
            Park: park.name,
            Industry: industry.name,
            Unit: unit.name,
            "company": company.name,
            "organisation": organisation.name,
            Project: project.name,
            "user": member.username,
            "file": f"{prefix}区台账",
            "text": f"{prefix}区新闻",
            "candidate": f"{prefix}区复合肥项目",
            "ticket": f"{prefix}区供电事项",
            "notice": f"{prefix}区领导批示",
        },
    }


@pytest.fixture
def zones(db):
    """甲 and 丙 are directed by one person (so the zone filter has a choice to offer); 乙 is
    another zone's."""
    a, b, c = (_zone_with_everything(*z) for z in [("jia", "甲"), ("yi", "乙"), ("bing", "丙")])
    grant_role(user=a["director"], zone=c["zone"], role=Role.DIRECTOR)
    return {"a": a, "b": b, "c": c}


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _related_filters(model_admin, request) -> list[type]:
    """The models that the admin's list filters choose among."""
    related = []
    for item in model_admin.get_list_filter(request):
        path = item[0] if isinstance(item, tuple) else item
        if not isinstance(path, str):
            continue
        field = model_admin.model._meta.get_field(path.split("__")[0])
        if field.is_relation:
            related.append(field.related_model)
    return related


def test_every_changelist_shows_a_director_their_zone_and_nothing_of_another(client, zones, rf):
    a, b = zones["a"], zones["b"]
    client.force_login(a["director"])
    request = rf.get("/")
    request.user = a["director"]
    checked, filters = 0, 0
    for model, model_admin in admin.site._registry.items():
        for query in ("", "?_facets=True"):
            page = client.get(_changelist(model) + query)
            if model in SUPERUSER_ONLY:
                assert page.status_code == 403, model
                continue
            assert page.status_code == 200, model
            for name in b["names"].values():
                assert name not in page.text, (model, name)
            # Each filter over a relation offers this zone's rows: the filter is there, scoped.
            for related in _related_filters(model_admin, request):
                if related in a["names"]:
                    assert a["names"][related] in page.text, (model, related)
                    filters += 1
            checked += 1
    assert checked >= 2 * 12  # every zone model of the site, with and without facet counts
    assert filters >= 2 * 4  # and the filters over a relation were seen on some of them


def test_a_filter_choice_of_another_zone_finds_nothing(client, zones):
    a, b = zones["a"], zones["b"]
    client.force_login(a["director"])
    b_unit = Unit.objects.get(zone=b["zone"])
    page = client.get(f"{_changelist(Project)}?unit__id__exact={b_unit.pk}")
    assert page.status_code == 200
    assert b["names"][Project] not in page.text and b["names"][Unit] not in page.text


def test_a_member_sees_their_own_upload_but_not_a_colleagues(client, zones):
    a = zones["a"]
    member = User.objects.get(username="jia_member")
    colleague = make_user("jia_colleague", a["zone"], Role.MEMBER, Unit.objects.get(zone=a["zone"]))
    for user in (member, colleague):
        user.is_staff = True
        user.save()
    client.force_login(colleague)
    page = client.get(_changelist(LedgerImport))
    assert page.status_code == 200 and "甲区台账" not in page.text
    client.force_login(member)
    assert "甲区台账" in client.get(_changelist(LedgerImport)).text


def test_a_superuser_opens_the_page_of_every_record(client, zones, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(root)
    opened = set()
    for model in admin.site._registry:
        for obj in model._default_manager.all()[:3]:
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
            )
            page = client.get(url)
            assert page.status_code == 200, (model, obj.pk, page.status_code)
            opened.add(model)
    project = Project.objects.get(code="甲-001")
    project_page = client.get(reverse("admin:projects_project_change", args=[project.pk]))
    # The funds and the stage log (the pause and its reason) are on the page.
    assert "甲区到位资金" in project_page.text and "甲区搁置原因" in project_page.text
    assert {Project, ChangeLog, LedgerImport, Zone, User, Ticket, Notice}.issubset(opened)


def test_a_director_opens_the_page_of_their_zones_project_and_not_another_zones(client, zones):
    a, b = zones["a"], zones["b"]
    client.force_login(a["director"])
    own = Project.objects.get(zone=a["zone"])
    other = Project.objects.get(zone=b["zone"])
    page = client.get(reverse("admin:projects_project_change", args=[own.pk]))
    assert page.status_code == 200 and "甲区搁置原因" in page.text
    refused = client.get(reverse("admin:projects_project_change", args=[other.pk]))
    assert refused.status_code == 302 and "乙区" not in refused.text
