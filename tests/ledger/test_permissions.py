"""Who may import what: members their own unit's projects only, leaders and contributors
nothing, --create-missing directors and admins only. Each refusal is tested."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.ledger import files
from tests.ledger.conftest import OTHER_USCC, database_state, run
from zhaoshang.companies.models import Company
from zhaoshang.ledger.services import can_create_missing, can_import
from zhaoshang.org.models import User
from zhaoshang.projects.models import Project

pytestmark = pytest.mark.django_db


def test_a_member_imports_their_own_units_projects(zone, refs, existing, people):
    content = files.xlsx(
        files.table(
            {"项目编号": "P-3", "项目名称": "船用电机项目", "备注": "已对接"},
            {"项目编号": "P-70", "项目名称": "新线索", "登记日期": "2026-05-01"},
        )
    )
    plan, applied = run(content, zone=zone, actor=people["bob"])
    assert applied, [e.line() for e in plan.errors]
    assert Project.objects.get(code="P-3").note == "已对接"
    new = Project.objects.get(code="P-70")
    assert new.unit == refs["group1"]  # no 责任单位 column: the member's unit, as in the UI
    assert new.submitted_by == people["bob"]


def test_rows_for_other_units_are_errors_for_a_member(zone, refs, existing, people):
    content = files.xlsx(
        files.table(
            {"项目编号": "P-1", "项目名称": "水溶性复合肥项目", "责任单位": "招商一组"},
            {"项目编号": "P-2", "项目名称": "化工设备融资租赁项目", "责任单位": "招商一组"},
            {"项目编号": "P-3", "项目名称": "船用电机项目", "责任单位": "招商二组"},
            {"项目编号": "P-71", "项目名称": "新项目", "责任单位": "招商二组"},
            {"项目编号": "P-72", "项目名称": "新项目二", "责任单位": ""},
        )
    )
    state = database_state(zone)
    plan, applied = run(content, zone=zone, actor=people["bob"])
    assert not applied
    assert [(e.row, e.column) for e in plan.errors] == [
        (3, "责任单位"),
        (4, "责任单位"),
        (5, "责任单位"),
    ]
    assert "项目 P-2 不属于您所在的单位(招商一组)" in plan.errors[0].message
    assert "责任单位须为您所在的单位(招商一组)" in plan.errors[1].message
    assert database_state(zone) == state


def test_a_member_cannot_change_an_investors_registration(zone, refs, existing, people):
    content = files.xlsx(
        files.table(
            {
                "项目编号": "P-1",
                "项目名称": "水溶性复合肥项目",
                "投资方": "华鲁国际融资租赁有限公司",  # registered without a USCC
                "统一社会信用代码": OTHER_USCC,
            }
        )
    )
    plan, applied = run(content, zone=zone, actor=people["bob"])
    assert not applied
    [error] = plan.errors
    assert error.column == "统一社会信用代码" and "只能由局长或系统管理员修改" in error.message


def test_a_member_may_say_where_their_projects_investment_comes_from(zone, refs, existing, people):
    content = files.xlsx(
        files.table(
            {
                "项目编号": "P-1",
                "项目名称": "水溶性复合肥项目",
                "投资方": "史丹利化肥股份有限公司",
                "投资方所在地": "北京",
            }
        )
    )
    plan, applied = run(content, zone=zone, actor=people["bob"])
    assert applied, plan.errors
    assert Project.objects.get(zone=zone, code="P-1").origin_region.name == "北京市"
    assert Company.objects.get(pk=existing["stanley"].pk).region.name == "临沂市"  # its home


@pytest.mark.parametrize("who", ["lee", "cody"])
def test_leaders_and_contributors_cannot_import(zone, refs, existing, people, who):
    content = files.xlsx(files.table({"项目编号": "P-3", "项目名称": "船用电机项目", "备注": "改"}))
    state = database_state(zone)
    assert not can_import(people[who], zone)
    with pytest.raises(PermissionDenied, match="不能导入台账"):
        run(content, zone=zone, actor=people[who])
    assert database_state(zone) == state


def test_someone_without_a_role_in_the_zone_cannot_import(zone, refs, existing):
    stranger = User.objects.create_user(username="stranger", password="pw")
    with pytest.raises(PermissionDenied, match="没有角色"):
        run(files.xlsx(files.table({"项目名称": "甲"})), zone=zone, actor=stranger)


def test_only_directors_and_admins_may_create_missing(zone, refs, people):
    content = files.xlsx(files.table({"项目名称": "甲", "所属产业": "生物医药"}))
    assert not can_create_missing(people["bob"], zone)
    with pytest.raises(PermissionDenied, match="只有局长或系统管理员"):
        run(content, zone=zone, actor=people["bob"], create_missing=True)
    assert can_create_missing(people["alice"], zone)
    plan, applied = run(content, zone=zone, actor=people["alice"], create_missing=True)
    assert applied and plan.new_references == {"industry": ["生物医药"]}
    admin = User.objects.create_superuser(username="root", password="pw")
    assert can_create_missing(admin, zone) and can_import(admin, zone)


def test_a_director_imports_every_unit(zone, refs, existing, people):
    content = files.xlsx(
        files.table(
            {"项目编号": "P-1", "项目名称": "水溶性复合肥项目", "责任单位": "招商二组"},
            {"项目编号": "P-2", "项目名称": "化工设备融资租赁项目", "责任单位": "招商一组"},
        )
    )
    plan, applied = run(content, zone=zone, actor=people["alice"])
    assert applied and plan.summary() == "新增 0 / 更新 2 / 未变 0"
