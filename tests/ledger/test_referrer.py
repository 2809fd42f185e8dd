"""引荐方类型 and 引荐方 in the ledger: with the ledger's discipline — absent columns keep the
referrer, blank cells clear it, every error with its row and column, nothing half-written —
and the export reads back unchanged."""

import io

import openpyxl
import pytest

from tests.factories import make_user
from tests.ledger import files
from tests.ledger.conftest import database_state, run
from zhaoshang.companies.services import get_or_create_company, save_organisation
from zhaoshang.ledger.export import ledger_rows, write_xlsx
from zhaoshang.org.models import Role
from zhaoshang.org.services import create_zone
from zhaoshang.projects.models import Project
from zhaoshang.projects.services import update_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrers(zone, existing):
    dan = make_user("dan", zone, Role.CONTRIBUTOR)
    dan.first_name = "丹"
    dan.save()
    return {
        "dan": dan,
        "chamber": save_organisation(zone=zone, actor=None, name="德州市浙江商会", kind="chamber"),
        "anchor": get_or_create_company(
            zone=zone, actor=None, name="山东华鲁恒升化工股份有限公司", is_anchor=True
        ),
    }


def rows(*records):
    return files.xlsx(files.table(*records))


def test_it_sets_each_kind_of_referrer(zone, existing, referrers):
    plan, applied = run(
        rows(
            {
                "项目编号": "P-1",
                "项目名称": "水溶性复合肥项目",
                "引荐方类型": "机构",
                "引荐方": "德州市浙江商会",
            },
            {
                "项目编号": "P-2",
                "项目名称": "化工设备融资租赁项目",
                "引荐方类型": "以商招商",
                "引荐方": "山东华鲁恒升化工股份有限公司",
            },
            {
                "项目编号": "P-3",
                "项目名称": "船用电机项目",
                "引荐方类型": "个人",
                "引荐方": "丹（dan）",
            },
        ),
        zone=zone,
    )
    assert plan.ok and applied, plan.errors
    projects = {p.code: p for p in Project.objects.filter(zone=zone)}
    assert projects["P-1"].referrer_org == referrers["chamber"]
    assert projects["P-2"].introduced_by == referrers["anchor"]
    assert projects["P-3"].referred_by == referrers["dan"]
    assert plan.changes(plan.rows[0]) == [("引荐方", "", "机构:德州市浙江商会")]


def test_a_person_by_username_or_by_a_name_that_is_theirs_alone(zone, existing, referrers):
    for written in ("dan", "丹"):
        plan, applied = run(
            rows(
                {
                    "项目编号": "P-3",
                    "项目名称": "船用电机项目",
                    "引荐方类型": "个人",
                    "引荐方": written,
                }
            ),
            zone=zone,
        )
        assert plan.ok and applied, plan.errors
        assert Project.objects.get(zone=zone, code="P-3").referred_by == referrers["dan"]


def test_absent_columns_keep_the_referrer_and_blank_cells_clear_it(zone, existing, referrers):
    update_project(project=existing["fert"], actor=None, referrer_org=referrers["chamber"])
    plan, _applied = run(rows({"项目编号": "P-1", "项目名称": "水溶性复合肥项目"}), zone=zone)
    assert plan.unchanged == 1
    assert Project.objects.get(code="P-1").referrer_org == referrers["chamber"]
    plan, applied = run(
        rows({"项目编号": "P-1", "项目名称": "水溶性复合肥项目", "引荐方类型": "", "引荐方": ""}),
        zone=zone,
    )
    assert applied and plan.updated == 1
    assert Project.objects.get(code="P-1").referrer_org is None


def test_every_bad_referrer_is_an_error_and_nothing_is_written(zone, existing, referrers):
    other = create_zone(code="other", name="另一开发区")
    make_user("outsider", other, Role.CONTRIBUTOR)
    get_or_create_company(zone=zone, actor=None, name="普通企业")
    before = database_state(zone)
    plan, applied = run(
        rows(
            {
                "项目编号": "P-1",
                "项目名称": "水溶性复合肥项目",
                "引荐方类型": "个人",
                "引荐方": "outsider",
            },
            {
                "项目编号": "P-2",
                "项目名称": "化工设备融资租赁项目",
                "引荐方类型": "企业",
                "引荐方": "普通企业",
            },
            {
                "项目编号": "P-3",
                "项目名称": "船用电机项目",
                "引荐方类型": "机构",
                "引荐方": "不存在的商会",
            },
            {"项目名称": "新项目甲", "引荐方类型": "", "引荐方": "德州市浙江商会"},
            {"项目名称": "新项目乙", "引荐方类型": "商会", "引荐方": "德州市浙江商会"},
            {"项目名称": "新项目丙", "引荐方类型": "机构", "引荐方": ""},
        ),
        zone=zone,
    )
    assert not applied
    found = [(e.row, e.column, e.value) for e in plan.errors]
    assert found == [
        (2, "引荐方", "outsider"),
        (3, "引荐方", "普通企业"),
        (4, "引荐方", "不存在的商会"),
        (5, "引荐方类型", ""),
        (6, "引荐方类型", "商会"),
        (7, "引荐方", ""),
    ]
    messages = [e.message for e in plan.errors]
    assert "不是本开发区的用户" in messages[0] and "龙头企业" in messages[1]
    assert "名录" in messages[2] and "没有引荐方类型" in messages[3]
    assert "无法识别" in messages[4] and "没有引荐方" in messages[5]
    assert database_state(zone) == before


def test_the_export_reads_back_unchanged(zone, existing, referrers):
    update_project(project=existing["fert"], actor=None, referrer_org=referrers["chamber"])
    update_project(project=existing["lease"], actor=None, introduced_by=referrers["anchor"])
    update_project(project=existing["lead"], actor=None, referred_by=referrers["dan"])
    out = io.BytesIO()
    write_xlsx(out, ledger_rows(Project.objects.filter(zone=zone)), zone=zone)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["引荐方类型", "引荐方"]
    cells = {row[0]: row[-2:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells["P-1"] == ("机构", "德州市浙江商会")
    assert cells["P-2"] == ("企业", "山东华鲁恒升化工股份有限公司")
    assert cells["P-3"] == ("个人", "丹(dan)")
    plan, applied = run(out.getvalue(), zone=zone)
    assert applied and plan.summary() == "新增 0 / 更新 0 / 未变 3", plan.errors


def test_creating_what_is_missing_imports_unknown_referrers_as_none_and_says_so(
    zone, existing, referrers
):
    # A ledger from another zone names people and organisations this zone does not have: with
    # --create-missing the projects come in without them, each one said with row and column.
    plan, applied = run(
        rows(
            {"项目名称": "新项目甲", "引荐方类型": "个人", "引荐方": "李明（liming）"},
            {"项目名称": "新项目乙", "引荐方类型": "机构", "引荐方": "不存在的商会"},
            {"项目名称": "新项目丙", "引荐方类型": "机构", "引荐方": "德州市浙江商会"},
        ),
        zone=zone,
        create_missing=True,
    )
    assert applied and plan.errors == []
    noted = [(n.row, n.column, n.value) for n in plan.unrecorded_referrers]
    assert noted == [(2, "引荐方", "李明（liming）"), (3, "引荐方", "不存在的商会")]
    new = Project.objects.filter(zone=zone, name__startswith="新项目").order_by("name")
    assert {p.name: (p.referred_by_id, p.referrer_org_id) for p in new} == {
        "新项目甲": (None, None),
        "新项目乙": (None, None),
        "新项目丙": (None, referrers["chamber"].pk),
    }
