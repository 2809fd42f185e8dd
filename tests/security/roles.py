"""Data shared by the attack suite's matrices, imported by the test modules that use it: the test
zone with its people (tests/conftest.py), a second zone with a director of its own, a superuser,
a user with no role, and projects in two units and a contributor's lead."""

from decimal import Decimal

import pytest

from tests.factories import TODAY, d, make_user
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.org.models import Industry, Park, Role, Unit, User
from zhaoshang.org.services import create_zone, ensure_reference
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, Stage


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Pages take "today" from the clock; pin it so the tests pass on any day."""
    for module in (
        "zhaoshang.projects.views",
        "zhaoshang.projects.services",
        "zhaoshang.projects.filters",
        "zhaoshang.stats.selectors",
        "zhaoshang.stats.forms",
        "zhaoshang.dashboard.views",
        "zhaoshang.targets.views",
        "zhaoshang.reports.views",
        "zhaoshang.ingest.views",
        "zhaoshang.followup.views",
        "zhaoshang.followup.templatetags.followup",
        "zhaoshang.fieldwork.views",
        "zhaoshang.fieldwork.services",
    ):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


@pytest.fixture
def elsewhere(db):
    """Another zone, with its own reference lists, an anchor enterprise and a director."""
    zone = create_zone(code="elsewhere", name="别处开发区")
    anchor = get_or_create_company(zone=zone, actor=None, name="别处龙头集团", is_anchor=True)
    return {
        "zone": zone,
        "industry": ensure_reference(zone=zone, model=Industry, name="别处产业"),
        "park": ensure_reference(zone=zone, model=Park, name="别处园区"),
        "unit": ensure_reference(
            zone=zone, model=Unit, name="别处招商组", kind=Unit.Kind.PROMOTION_GROUP
        ),
        "anchor": anchor,
        "olga": make_user("olga", zone, Role.DIRECTOR),
    }


@pytest.fixture
def everyone(people, elsewhere):
    """Every kind of user, by the name the matrices use."""
    root = User.objects.create_superuser(username="root", password="pw")
    nobody = User.objects.create_user(username="nobody", password="pw")
    return {
        "superuser": root,
        "director": people["alice"],
        "leader": people["lee"],
        "member": people["bob"],  # 招商一组
        "contributor": people["cody"],
        "no_role": nobody,
        "other_zone": elsewhere["olga"],
        "anonymous": None,
    }


@pytest.fixture
def projects(zone, refs, people):
    """P-1 in 招商一组 (bob's), P-2 in 招商二组, and a lead cody submitted."""
    stanley = get_or_create_company(zone=zone, actor=None, name="史丹利化肥股份有限公司")
    lease = get_or_create_company(zone=zone, actor=None, name="华鲁国际融资租赁有限公司")

    def signed(code, name, unit, company):
        return services.create_project(
            zone=zone,
            actor=None,
            code=code,
            name=name,
            unit=refs[unit],
            company=company,
            total_investment_wan=Decimal(120000),
            agreement_type=AgreementType.CONTRACT,
            milestones={Stage.NEGOTIATING: d("2026-01-10"), Stage.SIGNED: d("2026-03-01")},
            today=TODAY,
        )

    return {
        "own": signed("P-1", "水溶性复合肥项目", "group1", stanley),
        "other": signed("P-2", "化工设备融资租赁项目", "group2", lease),
        "lead": services.create_project(
            zone=zone,
            actor=people["cody"],
            name="船用电机项目",
            milestones={Stage.LEAD: d("2026-03-01")},
            today=TODAY,
        ),
    }
