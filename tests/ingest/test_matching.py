"""Matching a candidate from a text against the zone's investors and projects: full names, short
names (华鲁恒升 ↔ 山东华鲁恒升化工股份有限公司), names that sound alike and pinyin."""

from decimal import Decimal

import pytest

from tests.factories import TODAY, d
from zhaoshang.companies.models import Company
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.ingest.matching import (
    ALIKE,
    INVESTOR,
    PINYIN,
    SAME,
    SHORT,
    matching_companies,
    matching_projects,
)
from zhaoshang.projects import services
from zhaoshang.projects.models import Project, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(zone, refs):
    hualu = get_or_create_company(zone=zone, actor=None, name="山东华鲁恒升化工股份有限公司")
    stanley = get_or_create_company(zone=zone, actor=None, name="史丹利化肥股份有限公司")

    def project(code, name, company):
        return services.create_project(
            zone=zone,
            actor=None,
            code=code,
            name=name,
            unit=refs["group1"],
            company=company,
            total_investment_wan=Decimal(50000),
            milestones={Stage.LEAD: d("2026-01-05")},
            today=TODAY,
        )

    project("P-1", "新型尼龙材料项目", hualu)
    project("P-2", "水溶性复合肥项目", stanley)
    project("P-3", "船用电机项目", None)
    return {"hualu": hualu, "stanley": stanley}


def companies(*names):
    return [(m.record.name, m.reason) for m in matching_companies(names, Company.objects.all())]


def projects(name, *company_names):
    found = Project.objects.select_related("company")
    return [(m.record.code, m.reason) for m in matching_projects(name, company_names, found)]


def test_a_short_name_finds_the_full_name(known):
    assert companies("华鲁恒升") == [("山东华鲁恒升化工股份有限公司", SHORT)]
    assert companies("史丹利") == [("史丹利化肥股份有限公司", SHORT)]


def test_the_full_name_finds_itself_whatever_its_company_form(known):
    assert companies("山东华鲁恒升化工有限公司") == [("山东华鲁恒升化工股份有限公司", SAME)]


def test_a_character_that_sounds_alike_is_found_by_pinyin(known):
    assert companies("华鲁恒生") == [("山东华鲁恒升化工股份有限公司", PINYIN)]


def test_a_name_written_in_pinyin_is_found(known):
    assert companies("Hualu Hengsheng") == [("山东华鲁恒升化工股份有限公司", PINYIN)]


def test_an_unrelated_company_matches_nothing(known):
    assert companies("德州银行股份有限公司", "华能德州电厂") == []


def test_a_project_is_found_by_its_name_its_longer_name_or_a_near_one(known):
    assert projects("新型尼龙材料项目") == [("P-1", SAME)]
    assert projects("年产10万吨水溶性复合肥项目") == [("P-2", SHORT)]
    assert projects("新型尼龙新材料项目") == [("P-1", ALIKE)]


def test_a_project_is_found_by_its_investors_short_name(known):
    assert projects("己内酰胺项目", "华鲁恒升") == [("P-1", INVESTOR)]


def test_a_project_name_in_pinyin_is_found(known):
    assert projects("Chuanyong Dianji") == [("P-3", PINYIN)]


def test_other_projects_match_nothing(known):
    assert projects("液压机械项目") == []
