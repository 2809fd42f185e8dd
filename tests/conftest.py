"""Shared test data, built in code: a zone with parks, industries, units and named users."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from tests.factories import TODAY, d, make_user
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.org.models import Industry, Park, Role, Unit
from zhaoshang.org.services import create_zone, ensure_reference
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, ProjectType, Stage

pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(autouse=True)
def test_settings(settings):
    cache.clear()  # figures are cached per zone; ids repeat between tests
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages render without a collectstatic manifest in tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def zone(db):
    return create_zone(code="testzone", name="测试经济开发区")


@pytest.fixture
def refs(zone):
    """The zone's reference lists, by short names."""
    return {
        "chem": ensure_reference(zone=zone, model=Industry, name="精细化工"),
        "mfg": ensure_reference(zone=zone, model=Industry, name="高端制造"),
        "park": ensure_reference(zone=zone, model=Park, name="化工循环经济产业园"),
        "group1": ensure_reference(
            zone=zone, model=Unit, name="招商一组", kind=Unit.Kind.PROMOTION_GROUP
        ),
        "group2": ensure_reference(
            zone=zone, model=Unit, name="招商二组", kind=Unit.Kind.PROMOTION_GROUP
        ),
    }


@pytest.fixture
def company(zone):
    return get_or_create_company(zone=zone, actor=None, name="史丹利化肥股份有限公司")


@pytest.fixture
def people(zone, refs):
    """alice directs, bob works in 招商一组, carol in 招商二组, lee leads, cody contributes."""
    return {
        "alice": make_user("alice", zone, Role.DIRECTOR),
        "bob": make_user("bob", zone, Role.MEMBER, refs["group1"]),
        "carol": make_user("carol", zone, Role.MEMBER, refs["group2"]),
        "lee": make_user("lee", zone, Role.LEADER),
        "cody": make_user("cody", zone, Role.CONTRIBUTOR),
    }


@pytest.fixture
def build(zone, company, refs):
    """build("P1", "12000", signed="2026-04-01", ...) — a project with those milestones."""

    def make(
        code,
        amount,
        unit="group1",
        industry="chem",
        project_type=ProjectType.INDUSTRIAL,
        investor=None,
        in_zone=None,
        **dates,
    ):
        target = in_zone or zone
        milestones = {Stage(stage): d(on) for stage, on in dates.items() if stage != "dropped"}
        project = services.create_project(
            zone=target,
            actor=None,
            code=code,
            name=f"项目{code}",
            company=investor or (company if in_zone is None else None),
            unit=refs[unit] if unit and in_zone is None else None,
            industry=refs[industry] if industry and in_zone is None else None,
            project_type=project_type,
            total_investment_wan=Decimal(amount) if amount is not None else None,
            agreement_type=AgreementType.CONTRACT if "signed" in dates else "",
            milestones=milestones,
            today=TODAY,
        )
        if "dropped" in dates:
            services.drop_project(
                project=project, actor=None, on=d(dates["dropped"]), reason="外迁", today=TODAY
            )
        return project

    return make
