"""Import semantics (docs/ledger.md): matching, absent column vs blank cell, companies, references,
stage words, every lifecycle rule, all errors at once, all-or-nothing apply, the audit."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import TODAY, d
from tests.ledger import files
from tests.ledger.conftest import OTHER_USCC, STANLEY_USCC, THIRD_USCC, database_state, run
from zhaoshang.companies.models import Company
from zhaoshang.core.audit import history_of, snapshot
from zhaoshang.core.models import ChangeLog
from zhaoshang.ledger import services
from zhaoshang.ledger.services import StalePlan, apply_plan, validate_ledger
from zhaoshang.org.models import Industry, Park, Region, Unit, Zone
from zhaoshang.org.services import mark_zone_changed
from zhaoshang.projects.models import Project, StageLog
from zhaoshang.projects.search import search_key

pytestmark = pytest.mark.django_db
FOURTH_USCC = "91440300708461136T"


def errors_of(plan) -> list[tuple]:
    return [(e.row, e.column, e.value, e.message) for e in plan.errors]


def test_it_creates_projects_with_their_stage_log_and_change_log(zone, refs, existing):
    content = files.xlsx(
        files.table(
            {
                "项目编号": "P-10",
                "项目名称": "年产5万吨电子级化学品项目",
                "投资方": "上海联科化工新材料有限公司",
                "统一社会信用代码": THIRD_USCC,
                "投资方所在地": "上海",
                "所属产业": "精细化工",
                "落户园区": "化工循环经济产业园",
                "责任单位": "招商二组",
                "项目类型": "工业",
                "招商方式": "产业链招商",
                "总投资(万元)": "5.5亿",
                "协议类型": "正式合同",
                "洽谈日期": "2026/1/5",
                "签约日期": "2026年4月28日",
                "开工日期": d("2026-05-20"),
                "当前阶段": "在建",
                "备注": "=SUM(A1) 不是公式",
            }
        )
    )
    before = Zone.objects.get(pk=zone.pk).data_changed_at
    plan, applied = run(content, zone=zone)
    assert plan.ok and applied, errors_of(plan)
    assert plan.summary() == "新增 1 / 更新 0 / 未变 0"
    project = Project.objects.select_related("company__region").get(zone=zone, code="P-10")
    assert project.total_investment_wan == Decimal("55000.00")
    assert project.company.uscc == THIRD_USCC
    assert project.company.region.name == "上海市"
    assert (project.industry, project.park, project.unit) == (
        refs["chem"],
        refs["park"],
        refs["group2"],
    )
    assert (project.channel, project.project_type, project.agreement_type) == (
        "industry_chain",
        "industrial",
        "contract",
    )
    assert (project.negotiating_date, project.signed_date, project.started_date) == (
        d("2026-01-05"),
        d("2026-04-28"),
        d("2026-05-20"),
    )
    assert project.note == "=SUM(A1) 不是公式"
    assert project.version == 1
    assert project.search_text == search_key(project.name, project.company.name)
    log = StageLog.objects.filter(project=project).order_by("milestone")
    assert {(s.milestone, s.old_date, s.new_date, s.source) for s in log} == {
        ("negotiating", None, d("2026-01-05"), "import"),
        ("signed", None, d("2026-04-28"), "import"),
        ("started", None, d("2026-05-20"), "import"),
    }
    created = history_of(project).get()
    assert (created.action, created.source, created.before) == ("create", "import", None)
    assert created.after == snapshot(project)  # the bulk write logs what a service would
    company_log = history_of(project.company).get()
    assert company_log.after == snapshot(project.company)
    assert Zone.objects.get(pk=zone.pk).data_changed_at != before


def test_re_importing_the_same_file_changes_nothing(zone, refs, existing):
    content = files.xlsx(
        files.table(
            {"项目编号": "P-1", "项目名称": "水溶性复合肥项目", "总投资(万元)": 120000},
            {"项目编号": "P-20", "项目名称": "冷链物流园项目", "登记日期": d("2026-02-01")},
        )
    )
    first, applied = run(content, zone=zone)
    assert applied and first.summary() == "新增 1 / 更新 0 / 未变 1"
    state = database_state(zone)
    again, applied = run(content, zone=zone)
    assert again.summary() == "新增 0 / 更新 0 / 未变 2"
    assert database_state(zone) == state


def test_it_updates_changed_fields_and_logs_old_and_new(zone, refs, existing):
    content = files.xlsx(
        files.table(
            {
                "项目编号": "P-1",
                "项目名称": "水溶性复合肥项目(一期)",
                "总投资(万元)": "15亿",
                "签约日期": "2026-05-18",
                "开工日期": "2026-05-30",
            }
        )
    )
    plan, applied = run(content, zone=zone)
    assert applied and plan.summary() == "新增 0 / 更新 1 / 未变 0"
    assert plan.changes(plan.rows[0]) == [
        ("项目名称", "水溶性复合肥项目", "水溶性复合肥项目(一期)"),
        ("总投资(万元)", "120000.00", "150000.00"),
        ("开工日期", "", "2026-05-30"),
    ]
    fert = Project.objects.get(pk=existing["fert"].pk)
    assert fert.version == existing["fert"].version + 1
    assert fert.started_date == d("2026-05-30")
    assert fert.search_text == search_key(fert.name, "史丹利化肥股份有限公司")
    started = StageLog.objects.get(project=fert, milestone="started")
    assert (started.old_date, started.new_date, started.source) == (None, d("2026-05-30"), "import")
    assert "台账导入" in started.reason
    change = history_of(fert).filter(source="import").get()
    assert change.before["total_investment_wan"] == "120000.00"
    assert change.after["total_investment_wan"] == "150000.00"
    assert change.after == snapshot(fert)


def test_an_absent_column_leaves_a_field_a_blank_cell_clears_it(zone, refs, existing):
    services_project = existing["fert"]
    Project.objects.filter(pk=services_project.pk).update(
        note="老备注", foreign_capital_usd_wan=500
    )
    content = files.xlsx(
        files.table(
            {"项目编号": "P-1", "项目名称": "水溶性复合肥项目", "备注": "", "项目类型": ""},
        )
    )
    plan, applied = run(content, zone=zone)
    assert applied, errors_of(plan)
    fert = Project.objects.get(pk=services_project.pk)
    assert fert.note == ""  # present and blank: cleared
    assert fert.foreign_capital_usd_wan == Decimal("500")  # column absent: kept
    assert fert.total_investment_wan == Decimal("120000")  # column absent: kept
    assert fert.project_type == "industrial"  # never optional: a blank keeps it
    assert fert.company == existing["stanley"]  # no 投资方 column: kept


def test_rows_without_a_code_match_on_company_and_name(zone, refs, existing):
    content = files.xlsx(
        files.table(
            {
                "投资方": "史丹利化肥股份有限公司",
                "项目名称": "水溶性复合肥项目",
                "备注": "按名称匹配",
            },
            {"投资方": "", "项目名称": "船用电机项目", "备注": "无投资方也按名称匹配"},
            {"投资方": "新投资方有限公司", "项目名称": "新项目", "登记日期": "2026-04-01"},
        )
    )
    plan, applied = run(content, zone=zone)
    assert applied and plan.summary() == "新增 1 / 更新 2 / 未变 0", errors_of(plan)
    assert Project.objects.get(code="P-1").note == "按名称匹配"
    assert Project.objects.get(code="P-3").note == "无投资方也按名称匹配"
    new = Project.objects.get(zone=zone, name="新项目")
    assert new.code == "TESTZONE2026-001"  # numbered by the zone's scheme, as the forms number


def test_an_unknown_code_for_a_known_company_and_name_is_an_error(zone, refs, existing):
    content = files.xlsx(
        files.table(
            {
                "项目编号": "NEW-9",
                "投资方": "史丹利化肥股份有限公司",
                "项目名称": "水溶性复合肥项目",
            }
        )
    )
    plan, applied = run(content, zone=zone)
    assert not applied
    [(row, column, value, message)] = errors_of(plan)
    assert (row, column, value) == (2, "项目编号", "NEW-9")
    assert "已有项目 P-1" in message and "请填写编号 P-1" in message


def test_duplicate_codes_in_a_file_are_errors_naming_the_first_row(zone, refs, existing):
    content = files.xlsx(
        files.table(
            {"项目编号": "P-30", "项目名称": "甲"},
            {"项目编号": "P-31", "项目名称": "乙"},
            {"项目编号": "P-30", "项目名称": "丙"},
            {"项目编号": "P-1", "项目名称": "水溶性复合肥项目", "投资方": "史丹利化肥股份有限公司"},
            {"项目名称": "水溶性复合肥项目", "投资方": "史丹利化肥股份有限公司"},
        )
    )
    state = database_state(zone)
    plan, applied = run(content, zone=zone)
    assert not applied
    assert [(e[0], e[1]) for e in errors_of(plan)] == [(4, "项目编号"), (6, "项目名称")]
    assert "与第 2 行重复" in plan.errors[0].message
    assert "与第 5 行是同一个项目" in plan.errors[1].message
    assert database_state(zone) == state


def test_company_conflicts_in_the_file_and_against_the_zone(zone, refs, existing):
    content = files.xlsx(
        files.table(
            {
                "项目名称": "甲",
                "投资方": "远航物流有限公司",
                "统一社会信用代码": OTHER_USCC,
                "投资方所在地": "北京",
            },
            {
                "项目名称": "乙",
                "投资方": "远航物流有限公司",
                "统一社会信用代码": THIRD_USCC,
                "投资方所在地": "北京",
            },
            {
                "项目名称": "丙",
                "投资方": "远航 物流有限公司",
                "统一社会信用代码": "",
                "投资方所在地": "天津市",
            },
            {
                "项目名称": "丁",
                "投资方": "史丹利化肥股份有限公司",
                "统一社会信用代码": FOURTH_USCC,
                "投资方所在地": "临沂市",
            },
            {
                "项目名称": "戊",
                "投资方": "另一家公司",
                "统一社会信用代码": STANLEY_USCC,
                "投资方所在地": "",
            },
        )
    )
    plan, _applied = run(content, zone=zone)
    found = errors_of(plan)
    # Row 4 gives the same investor another 投资方所在地: no error, that is the project's origin.
    assert [(e[0], e[1]) for e in found] == [
        (3, "统一社会信用代码"),
        (5, "统一社会信用代码"),
        (6, "统一社会信用代码"),
    ]
    assert "第 2 行同一投资方“远航物流有限公司”的统一社会信用代码是" in found[0][3]
    assert f"已登记统一社会信用代码 {STANLEY_USCC}" in found[1][3]
    assert "已登记为投资方“史丹利化肥股份有限公司”" in found[2][3]


def test_a_director_may_add_a_missing_uscc_and_the_origin_is_the_projects(
    zone, refs, existing, people
):
    content = files.xlsx(
        files.table(
            {
                "项目编号": "P-2",
                "项目名称": "化工设备融资租赁项目",
                "投资方": "华鲁国际融资租赁有限公司",
                "统一社会信用代码": OTHER_USCC,
                "投资方所在地": "济南市",
            },
        )
    )
    plan, applied = run(content, zone=zone, actor=people["alice"])
    assert applied and plan.summary() == "新增 0 / 更新 1 / 未变 0"
    assert plan.changes(plan.rows[0]) == [
        ("统一社会信用代码", "", OTHER_USCC),
        ("投资方所在地", "", "济南市"),
    ]
    lease = Company.objects.get(pk=existing["lease_company"].pk)
    # The investor keeps its home; 济南市 is where this project's investment comes from.
    assert (lease.uscc, lease.region, lease.version) == (OTHER_USCC, None, 2)
    assert Project.objects.get(zone=zone, code="P-2").origin_region.name == "济南市"
    assert history_of(lease).filter(source="import").get().after["uscc"] == OTHER_USCC


def test_create_missing_creates_references_but_never_regions(zone, refs, existing):
    content = files.xlsx(
        files.table(
            {
                "项目名称": "甲",
                "所属产业": "生物医药",
                "落户园区": "生物医药产业园",
                "责任单位": "驻深圳招商联络处",
                "投资方": "深圳某公司",
                "投资方所在地": "深圳",
            },
            {"项目名称": "乙", "所属产业": "生物 医药", "责任单位": "第三招商局"},
            {"项目名称": "丙", "投资方": "火星公司", "投资方所在地": "火星"},
        )
    )
    plan, applied = run(content, zone=zone, create_missing=True)
    assert not applied
    assert errors_of(plan) == [(4, "投资方所在地", "火星", plan.errors[0].message)]
    assert "不是可识别的省、市或国家名称" in plan.errors[0].message
    assert plan.new_references == {
        "industry": ["生物医药"],
        "park": ["生物医药产业园"],
        "unit": ["驻深圳招商联络处", "第三招商局"],
    }
    fixed = files.xlsx(
        files.table(
            *[
                {
                    "项目名称": "甲",
                    "所属产业": "生物医药",
                    "落户园区": "生物医药产业园",
                    "责任单位": "驻深圳招商联络处",
                    "投资方": "深圳某公司",
                    "投资方所在地": "深圳",
                },
                {"项目名称": "乙", "所属产业": "生物 医药", "责任单位": "第三招商局"},
            ]
        )
    )
    plan, applied = run(fixed, zone=zone, create_missing=True)
    assert applied, errors_of(plan)
    assert Industry.objects.filter(zone=zone, name="生物医药").count() == 1
    assert Park.objects.filter(zone=zone, name="生物医药产业园").exists()
    assert Unit.objects.get(zone=zone, name="驻深圳招商联络处").kind == Unit.Kind.RESIDENT_OFFICE
    assert Unit.objects.get(zone=zone, name="第三招商局").kind == Unit.Kind.SPECIALIST_BUREAU
    assert Project.objects.get(zone=zone, name="乙").industry.name == "生物医药"


def test_an_unknown_reference_without_create_missing_is_an_error(zone, refs, existing):
    plan, applied = run(
        files.xlsx(files.table({"项目名称": "甲", "所属产业": "生物医药"})), zone=zone
    )
    assert not applied
    [error] = plan.errors
    assert (error.row, error.column, error.value) == (2, "所属产业", "生物医药")
    assert "现有:精细化工、高端制造" in error.message


@pytest.mark.parametrize(
    ("word", "dates", "ok"),
    [
        ("在谈", {"洽谈日期": "2026-02-01"}, True),
        ("在谈", {"实质性谈判日期": "2026-02-01"}, True),
        ("洽谈中", {"实质性谈判日期": "2026-02-01"}, True),
        ("实质性谈判", {"洽谈日期": "2026-02-01"}, False),
        ("已签约", {"签约日期": "2026-02-01"}, True),
        ("在建", {"签约日期": "2026-02-01"}, False),
        ("在建", {}, False),
        ("已开工", {"开工日期": "2026-02-01"}, True),
        ("竣工", {"竣工日期": "2026-02-01"}, True),
        ("投产", {"竣工日期": "2026-02-01", "投产日期": "2026-03-01"}, True),
        ("签约", {"签约日期": "2026-02-01", "开工日期": "2026-03-01"}, False),
        (
            "终止",
            {"洽谈日期": "2026-01-01", "终止日期": "2026-02-01", "终止原因": "投资方战略调整"},
            True,
        ),
        ("线索", {"登记日期": "2026-01-01"}, True),
    ],
)
def test_the_stage_word_must_agree_with_the_dates(zone, refs, word, dates, ok):
    record = {
        "项目名称": "甲",
        "投资方": "甲公司",
        "总投资(万元)": 1000,
        "协议类型": "框架协议",
        "当前阶段": word,
        **dates,
    }
    plan, _applied = run(files.xlsx(files.table(record)), zone=zone, dry_run=True)
    assert plan.ok == ok, errors_of(plan)
    if not ok:
        assert plan.errors[-1].column == "当前阶段"
        assert f"当前阶段“{word}”与日期不符" in plan.errors[-1].message


def test_text_and_excel_dates_and_amounts_as_people_write_them(zone, refs):
    record = {
        "项目名称": "甲",
        "登记日期": 46023.0,  # Excel serial of 2026-01-01
        "洽谈日期": "2026.1.5",
        "实质性谈判日期": "20260110",
        "签约日期": "2026-02-01 00:00:00",
        "投资方": "甲公司",
        "协议类型": "框架",
        "总投资(万元)": "3,500万元",
        "外资(万美元)": "—",
    }
    plan, applied = run(files.xlsx(files.table(record)), zone=zone)
    assert applied, errors_of(plan)
    project = Project.objects.get(zone=zone, name="甲")
    assert (
        project.lead_date,
        project.negotiating_date,
        project.substantive_date,
        project.signed_date,
    ) == (
        d("2026-01-01"),
        d("2026-01-05"),
        d("2026-01-10"),
        d("2026-02-01"),
    )
    assert project.total_investment_wan == Decimal("3500")
    assert project.foreign_capital_usd_wan is None
    assert project.agreement_type == "framework"


# One row per kind of mistake: the file as a whole is refused, every problem listed.
BAD_ROWS = [
    ({"项目编号": "B-01", "项目名称": ""}, "项目名称", "项目名称不能为空"),
    (
        {
            "项目编号": "B-02",
            "项目名称": "信用代码错",
            "投资方": "甲公司",
            "统一社会信用代码": "91371300705847213X",
        },
        "统一社会信用代码",
        "校验位不符",
    ),
    (
        {"项目编号": "B-03", "项目名称": "产业不存在", "所属产业": "航天"},
        "所属产业",
        "在本开发区不存在",
    ),
    (
        {"项目编号": "B-04", "项目名称": "园区不存在", "落户园区": "月球园"},
        "落户园区",
        "在本开发区不存在",
    ),
    (
        {"项目编号": "B-05", "项目名称": "单位不存在", "责任单位": "招商九十九组"},
        "责任单位",
        "在本开发区不存在",
    ),
    (
        {
            "项目编号": "B-06",
            "项目名称": "地区不存在",
            "投资方": "乙公司",
            "投资方所在地": "亚特兰蒂斯",
        },
        "投资方所在地",
        "不是可识别的",
    ),
    (
        {"项目编号": "B-07", "项目名称": "金额不是金额", "总投资(万元)": "很多"},
        "总投资(万元)",
        "不是金额",
    ),
    (
        {"项目编号": "B-08", "项目名称": "金额为负", "总投资(万元)": "-5"},
        "总投资(万元)",
        "不能为负数",
    ),
    (
        {"项目编号": "B-09", "项目名称": "金额太细", "外资(万美元)": "1.234"},
        "外资(万美元)",
        "两位小数",
    ),
    (
        {"项目编号": "B-10", "项目名称": "日期不是日期", "洽谈日期": "2026-13-45"},
        "洽谈日期",
        "不是有效日期",
    ),
    (
        {"项目编号": "B-11", "项目名称": "未来日期", "登记日期": "2026-06-01"},
        "登记日期",
        "晚于今天",
    ),
    (
        {
            "项目编号": "B-12",
            "项目名称": "日期倒序",
            "投资方": "丙公司",
            "总投资(万元)": 100,
            "协议类型": "正式合同",
            "签约日期": "2026-03-01",
            "开工日期": "2026-02-01",
        },
        "开工日期",
        "节点日期须按顺序",
    ),
    (
        {
            "项目编号": "B-13",
            "项目名称": "签约无投资方",
            "总投资(万元)": 100,
            "协议类型": "正式合同",
            "签约日期": "2026-03-01",
        },
        "投资方",
        "须填写投资方",
    ),
    (
        {
            "项目编号": "B-14",
            "项目名称": "签约无金额",
            "投资方": "丁公司",
            "协议类型": "正式合同",
            "签约日期": "2026-03-01",
        },
        "总投资(万元)",
        "须填写总投资",
    ),
    (
        {
            "项目编号": "B-15",
            "项目名称": "签约无协议类型",
            "投资方": "戊公司",
            "总投资(万元)": 100,
            "签约日期": "2026-03-01",
        },
        "协议类型",
        "须注明协议类型",
    ),
    (
        {
            "项目编号": "B-16",
            "项目名称": "终止无原因",
            "洽谈日期": "2026-01-01",
            "终止日期": "2026-02-01",
        },
        "终止原因",
        "须填写终止原因",
    ),
    (
        {"项目编号": "B-17", "项目名称": "有原因无终止", "终止原因": "不谈了"},
        "终止原因",
        "没有终止日期",
    ),
    ({"项目编号": "B-18", "项目名称": "类型不认识", "项目类型": "农业"}, "项目类型", "无法识别"),
    (
        {"项目编号": "B-19", "项目名称": "方式不认识", "招商方式": "网络招商"},
        "招商方式",
        "无法识别",
    ),
    (
        {"项目编号": "B-20", "项目名称": "协议不认识", "协议类型": "口头协议"},
        "协议类型",
        "无法识别",
    ),
    ({"项目编号": "B-21", "项目名称": "阶段不认识", "当前阶段": "筹备"}, "当前阶段", "无法识别"),
    (
        {
            "项目编号": "B-22",
            "项目名称": "阶段与日期不符",
            "洽谈日期": "2026-01-01",
            "当前阶段": "在建",
        },
        "当前阶段",
        "须有开工日期",
    ),
    ({"项目编号": "B-01", "项目名称": "编号重复"}, "项目编号", "与第 3 行重复"),
    (
        {
            "项目编号": "B-24",
            "项目名称": "水溶性复合肥项目",
            "投资方": "史丹利化肥股份有限公司",
        },
        "项目编号",
        "请填写编号 P-1",
    ),
    # Valid rows that give 己公司 a first USCC (for row B-25) and 庚公司 its home region.
    (
        {
            "项目编号": "OK-1",
            "项目名称": "己公司的第一个项目",
            "投资方": "己公司",
            "统一社会信用代码": THIRD_USCC,
        },
        None,
        None,
    ),
    (
        {
            "项目编号": "OK-2",
            "项目名称": "庚公司的第一个项目",
            "投资方": "庚公司",
            "投资方所在地": "天津",
        },
        None,
        None,
    ),
    (
        {
            "项目编号": "B-25",
            "项目名称": "同一投资方两个代码",
            "投资方": "己公司",
            "统一社会信用代码": OTHER_USCC,
        },
        "统一社会信用代码",
        None,
    ),
    (
        {
            "项目编号": "B-26",
            "项目名称": "代码与登记不符",
            "投资方": "史丹利化肥股份有限公司",
            "统一社会信用代码": FOURTH_USCC,
        },
        "统一社会信用代码",
        "已登记统一社会信用代码",
    ),
    # A lead whose origin is known before its investor's name: valid.
    ({"项目编号": "B-27", "项目名称": "只知来源地的线索", "投资方所在地": "河北省"}, None, None),
    ({"项目编号": "B,28", "项目名称": "编号含逗号"}, "项目编号", "不能含逗号"),
    ({"项目编号": "B-29", "项目名称": "年份当日期", "洽谈日期": 2026}, "洽谈日期", "不是有效日期"),
    (
        {"项目编号": "B-30", "项目名称": "信用代码无投资方", "统一社会信用代码": OTHER_USCC},
        "统一社会信用代码",
        "不属于本开发区已登记的投资方",
    ),
    (
        {"项目编号": "P-2", "项目名称": "他组项目改到别组", "责任单位": "招商一组"},
        None,
        None,
    ),  # valid for a director
]


def test_a_file_with_every_kind_of_mistake_lists_them_all_and_writes_nothing(zone, refs, existing):
    records = [dict(r) for r, _c, _m in BAD_ROWS]
    content = files.xlsx(files.table(*records), title_rows=[["2026年招商引资项目台账(错误示例)"]])
    state = database_state(zone)
    plan, applied = run(content, zone=zone)
    assert not applied
    by_row = {}
    for error in plan.errors:
        by_row.setdefault(error.row, []).append(error)
    kinds = 0
    for number, (record, column, fragment) in enumerate(BAD_ROWS, start=3):
        if column is None:
            assert number not in by_row, by_row[number]
            continue
        found = by_row.get(number, [])
        assert any(
            e.column == column and (fragment is None or fragment in e.message) for e in found
        ), (
            number,
            record,
            [(e.column, e.message) for e in found],
        )
        kinds += 1
    assert kinds >= 20
    # Each error names its row, column and value; the value is the cell as written.
    amount = next(e for e in plan.errors if e.row == 9)
    assert (amount.column, amount.value) == ("总投资(万元)", "很多")
    assert amount.line().startswith("行 9, 列 总投资(万元), 值 很多: ")
    assert database_state(zone) == state


def test_an_injected_failure_mid_apply_leaves_the_database_exactly_as_it_was(
    zone, refs, existing, monkeypatch
):
    content = files.xlsx(
        files.table(
            {
                "项目编号": "P-1",
                "项目名称": "水溶性复合肥项目",
                "投资方": "史丹利化肥股份有限公司",
                "开工日期": "2026-05-25",
                "总投资(万元)": 130000,
                "所属产业": "精细化工",
            },
            {
                "项目编号": "P-40",
                "项目名称": "新项目",
                "投资方": "全新投资有限公司",
                "投资方所在地": "杭州",
                "所属产业": "新能源",
                "登记日期": "2026-05-01",
            },
        )
    )
    state = database_state(zone)
    written = {}

    def explode(plan, ids, now):
        # Projects and companies are written by now: fail before the stage log.
        written["projects"] = Project.objects.filter(zone=zone).count()
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_write_stage_log", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        run(content, zone=zone, create_missing=True)
    assert written["projects"] == 4  # the new project was in, inside the transaction
    assert database_state(zone) == state
    assert not Company.objects.filter(name="全新投资有限公司").exists()
    assert not Industry.objects.filter(zone=zone, name="新能源").exists()


def test_a_plan_is_not_applied_over_data_that_changed_after_validation(zone, refs, existing):
    content = files.xlsx(
        files.table({"项目编号": "P-50", "项目名称": "甲", "登记日期": "2026-05-01"})
    )
    plan = validate_ledger(zone=zone, actor=None, content=content, filename="a.xlsx", today=TODAY)
    mark_zone_changed(zone.pk)  # someone saved a project meanwhile
    with pytest.raises(StalePlan):
        apply_plan(plan)
    assert not Project.objects.filter(code="P-50").exists()


def test_undropping_by_clearing_the_drop_date_clears_its_reason(zone, refs, existing):
    content = files.xlsx(
        files.table(
            {
                "项目编号": "P-3",
                "项目名称": "船用电机项目",
                "终止日期": "2026-04-01",
                "终止原因": "转向他地",
            }
        )
    )
    plan, applied = run(content, zone=zone)
    assert applied, errors_of(plan)
    lead = Project.objects.get(code="P-3")
    assert (lead.dropped_date, lead.drop_reason) == (d("2026-04-01"), "转向他地")
    dropped = StageLog.objects.get(project=lead, milestone="dropped")
    assert dropped.reason == "转向他地"
    content = files.xlsx(
        files.table({"项目编号": "P-3", "项目名称": "船用电机项目", "终止日期": "", "终止原因": ""})
    )
    plan, applied = run(content, zone=zone)
    assert applied, errors_of(plan)
    lead.refresh_from_db()
    assert (lead.dropped_date, lead.drop_reason) == (None, "")
    cleared = StageLog.objects.filter(project=lead, milestone="dropped").latest("id")
    assert (cleared.old_date, cleared.new_date) == (d("2026-04-01"), None)


def test_a_csv_apostrophe_before_formula_like_text_is_stripped(zone, refs):
    content = files.csv_bytes(
        files.table({"项目名称": "'=甲项目", "备注": "'@备注", "登记日期": "2026-01-01"})
    )
    plan, applied = run(content, "台账.csv", zone=zone)
    assert applied, errors_of(plan)
    project = Project.objects.get(zone=zone)
    assert (project.name, project.note) == ("=甲项目", "@备注")


def test_rows_with_something_only_in_ignored_columns_are_skipped(zone, refs):
    rows = [["序号", "项目名称", "登记日期"], [1, "甲", "2026-01-01"], [2, "", ""], [3, "", ""]]
    plan, applied = run(files.xlsx(rows), zone=zone)
    assert applied and plan.summary() == "新增 1 / 更新 0 / 未变 0"
    assert plan.ignored == ["序号"]


def test_a_file_that_is_not_a_ledger_is_one_error(zone, refs):
    plan, applied = run(files.xlsx([["姓名"], ["张三"]]), zone=zone)
    assert not applied
    [error] = plan.errors
    assert error.row is None and "找不到表头行" in error.line()


def test_bulk_snapshots_match_the_services_snapshot(zone, refs, existing):
    fert = existing["fert"]
    from zhaoshang.ledger.validation import FIELDS

    values = [getattr(fert, name) for name in FIELDS]
    extra = (fert.is_paused, fert.submitted_by_id, fert.expands_id)
    assert services.project_snapshot(fert.pk, zone.pk, values, extra) == snapshot(fert)


def test_the_change_log_source_is_the_import(zone, refs, existing):
    run(
        files.xlsx(files.table({"项目编号": "P-60", "项目名称": "甲", "登记日期": "2026-05-01"})),
        zone=zone,
    )
    assert set(
        ChangeLog.objects.filter(object_repr__startswith="P-60").values_list("source", flat=True)
    ) == {"import"}


def test_new_companies_get_their_region_and_uscc(zone, refs):
    content = files.xlsx(
        files.table(
            {"项目名称": "甲", "投资方": "东京精密株式会社", "投资方所在地": "日本"},
            {
                "项目名称": "乙",
                "投资方": "东京精密株式会社",
                "投资方所在地": "日本",
                "统一社会信用代码": "",
            },
            {"项目名称": "丙", "投资方": "台北某公司", "投资方所在地": "台湾"},
        )
    )
    plan, applied = run(content, zone=zone)
    assert applied, errors_of(plan)
    assert Company.objects.get(name="东京精密株式会社").region.code == "JP"
    assert Company.objects.get(name="台北某公司").region == Region.objects.get(code="710000")
    assert len(plan.new_companies) == 2


@pytest.mark.parametrize(
    ("serial", "message"),
    [
        (60, "“60”不是有效日期"),  # a bare small number is no date
        (80000, "线索日期 2119-01-11 晚于今天(2026-05-31)"),  # Excel's serial of 2119
    ],
)
def test_date_serials_out_of_range_are_refused(zone, refs, serial, message):
    plan, applied = run(files.xlsx(files.table({"项目名称": "甲", "登记日期": serial})), zone=zone)
    [error] = plan.errors
    assert (error.column, error.value) == ("登记日期", str(serial))
    assert message in error.message
    assert not applied and not Project.objects.filter(name="甲").exists()


def test_a_serial_in_range_is_its_date(zone, refs):
    plan, applied = run(files.xlsx(files.table({"项目名称": "甲", "登记日期": 46000})), zone=zone)
    assert applied, errors_of(plan)
    assert Project.objects.get(name="甲").lead_date == d(
        "2025-12-09"
    )  # Excel counts from 1899-12-30


def test_old_dates_are_refused(zone, refs):
    plan, _applied = run(
        files.xlsx(files.table({"项目名称": "甲", "登记日期": dt.date(1900, 3, 1)})), zone=zone
    )
    # A real (old) date is read as the date it is, then refused as before the earliest the
    # system takes; only bare small numbers are "not a date".
    [error] = plan.errors
    assert (error.column, error.value) == ("登记日期", "1900-03-01")
    assert "早于 1990-01-01" in error.message


def test_every_created_projects_change_log_is_its_snapshot(zone, refs, people):
    content = files.xlsx(
        files.table(
            {
                "项目名称": "甲",
                "总投资(万元)": "0.5",
                "外资(万美元)": "12.34",
                "登记日期": "2026-01-02",
            },
            {
                "项目名称": "乙",
                "总投资(万元)": "5000000.25",
                "投资方": "乙公司",
                "备注": '引号"和\\斜杠',
            },
            {
                "项目名称": "丙",
                "所属产业": "精细化工",
                "终止日期": "2026-05-01",
                "终止原因": "放弃",
            },
        )
    )
    plan, applied = run(content, zone=zone, actor=people["alice"])
    assert applied, errors_of(plan)
    for project in Project.objects.filter(zone=zone):
        log = history_of(project).get()
        assert log.after == snapshot(project), project.name
        assert (log.actor, log.object_repr) == (people["alice"], str(project))


def test_every_change_log_row_of_an_import_is_what_record_change_writes(
    zone, refs, existing, people
):
    """Projects and companies, created and updated: each row names the actor, the import as
    source, the record as it is now, and the version it has after the change."""
    content = files.xlsx(
        files.table(
            {"项目编号": "P-61", "项目名称": "甲", "投资方": "新投资方有限公司"},
            {
                "项目编号": "P-2",
                "项目名称": "化工设备融资租赁项目",
                "投资方": "华鲁国际融资租赁有限公司",
                "统一社会信用代码": OTHER_USCC,
                "备注": "改过的备注",
            },
        )
    )
    plan, applied = run(content, zone=zone, actor=people["alice"])
    assert applied, errors_of(plan)
    rows = ChangeLog.objects.filter(source="import")
    kinds = set()
    for row in rows:
        record = row.content_type.get_object_for_this_type(pk=row.object_id)
        kinds.add((type(record).__name__, row.action))
        assert row.actor == people["alice"]
        assert row.after == snapshot(record)
        assert row.version == record.version
        assert row.object_repr == str(record)[:200]
    assert kinds == {
        ("Project", "create"),
        ("Project", "update"),
        ("Company", "create"),
        ("Company", "update"),
    }
