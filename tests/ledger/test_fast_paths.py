"""What the import does to be fast (issue 4, item 9) changes none of its results: cells and
investors read once per distinct value still give every row its own errors, the search texts of
new projects (worked out beside the database's writing on SQLite) are the services' own, the
garbage collector is left as it was, and the lifecycle rules say exactly what they said."""

import datetime as dt
import gc
import threading
from decimal import Decimal

import pytest

from tests.factories import TODAY
from tests.ledger import files
from tests.ledger.conftest import OTHER_USCC, THIRD_USCC, database_state, run
from zhaoshang.companies.models import Company
from zhaoshang.core.models import ChangeLog
from zhaoshang.ledger import services
from zhaoshang.projects.models import Project, StageLog
from zhaoshang.projects.rules import check_project
from zhaoshang.projects.search import search_key

pytestmark = pytest.mark.django_db


def errors_by_row(plan) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for error in plan.errors:
        found.setdefault(error.row, []).append((error.column, error.value))
    return found


def test_a_bad_cell_repeated_down_the_file_is_an_error_on_every_row(zone, refs):
    bad = {"项目类型": "农业", "总投资(万元)": "很多", "洽谈日期": "2026-13-45"}
    content = files.xlsx(
        files.table(
            {"项目编号": "R-1", "项目名称": "甲", **bad},
            {"项目编号": "R-2", "项目名称": "乙", "项目类型": "工业", "总投资(万元)": 500.5},
            {"项目编号": "R-3", "项目名称": "丙", **bad},
            {"项目编号": "R-4", "项目名称": "丁", "项目类型": "工业", "总投资(万元)": 500.5},
        )
    )
    plan, applied = run(content, zone=zone)
    assert not applied
    wrong = [("项目类型", "农业"), ("总投资(万元)", "很多"), ("洽谈日期", "2026-13-45")]
    assert errors_by_row(plan) == {2: wrong, 4: wrong}


def test_good_cells_repeated_down_the_file_read_the_same_on_every_row(zone, refs):
    rows = [
        {
            "项目编号": f"R-{i}",
            "项目名称": f"项目{i}",
            "投资方": "甲公司",
            "投资方所在地": "临沂",
            "所属产业": "精细化工",
            "项目类型": "服务业",
            "总投资(万元)": 1200.5,
            "外资(万美元)": "",
            "洽谈日期": "2026/1/5",
        }
        for i in range(3)
    ]
    plan, applied = run(files.xlsx(files.table(*rows)), zone=zone)
    assert applied, plan.errors
    projects = Project.objects.filter(zone=zone).order_by("code")
    assert {
        (
            p.company.name,
            p.company.region.name,
            p.industry,
            p.project_type,
            p.total_investment_wan,
            p.foreign_capital_usd_wan,
            p.negotiating_date,
        )
        for p in projects
    } == {
        (
            "甲公司",
            "临沂市",
            refs["chem"],
            "services",
            Decimal("1200.50"),
            None,
            dt.date(2026, 1, 5),
        )
    }
    assert Company.objects.filter(zone=zone).count() == 1


def test_an_investor_is_checked_again_on_every_row_that_says_something_else(zone, refs):
    content = files.xlsx(
        files.table(
            *(
                {"项目编号": f"C-{i}", "项目名称": f"项目{i}", "投资方": "甲公司", **said}
                for i, said in enumerate(
                    [
                        {"统一社会信用代码": THIRD_USCC, "投资方所在地": "天津"},
                        {"统一社会信用代码": OTHER_USCC, "投资方所在地": "天津"},  # other USCC
                        {"统一社会信用代码": THIRD_USCC, "投资方所在地": "天津"},
                        {"统一社会信用代码": OTHER_USCC, "投资方所在地": "天津"},  # again
                        # Another origin is no error: 投资方所在地 is the project's.
                        {"统一社会信用代码": THIRD_USCC, "投资方所在地": "北京"},
                        {"统一社会信用代码": "", "投资方所在地": "天津"},
                    ]
                )
            )
        )
    )
    plan, applied = run(content, zone=zone)
    assert not applied
    assert errors_by_row(plan) == {
        3: [("统一社会信用代码", OTHER_USCC)],
        5: [("统一社会信用代码", OTHER_USCC)],
    }


def test_every_new_project_gets_its_search_text(zone, refs):
    """On SQLite the texts are set after the rows are written (see _search_texts_meanwhile); on
    PostgreSQL they go in with them. Either way each is what the services would store."""
    rows = [
        {"项目名称": "史丹利化肥项目", "投资方": "史丹利化肥股份有限公司"},
        {"项目名称": "冷链物流园项目"},
        {"项目名称": "史丹利化肥项目", "投资方": "临沂史丹利物流有限公司"},
        {"项目名称": "Solar 光伏项目", "投资方": "ACME Solar GmbH"},
    ]
    plan, applied = run(files.xlsx(files.table(*rows)), zone=zone)
    assert applied, plan.errors
    projects = Project.objects.filter(zone=zone).select_related("company")
    assert len(projects) == len(rows)
    for project in projects:
        company = project.company.name if project.company else ""
        assert project.search_text == search_key(project.name, company), project.code


def test_a_failure_while_new_projects_are_logged_writes_nothing(zone, refs, existing, monkeypatch):
    content = files.xlsx(
        files.table(
            {"项目编号": "N-1", "项目名称": "新项目一", "投资方": "新公司", "登记日期": TODAY},
            {"项目编号": "N-2", "项目名称": "新项目二", "登记日期": TODAY},
        )
    )
    state = database_state(zone)

    def explode(plan, now):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_log_new_projects_changes", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        run(content, zone=zone)
    assert database_state(zone) == state
    assert not any(t.name.startswith("ledger-search") for t in threading.enumerate())


def test_new_projects_are_logged_project_by_project_in_stage_order(zone, refs):
    content = files.xlsx(
        files.table(
            {
                "项目编号": "L-1",
                "项目名称": "甲",
                "登记日期": "2026-01-01",
                "洽谈日期": "2026-02-01",
            },
            {
                "项目编号": "L-2",
                "项目名称": "乙",
                "洽谈日期": "2026-01-01",
                "终止日期": "2026-03-01",
                "终止原因": "投资方撤回",
            },
        )
    )
    plan, applied = run(content, zone=zone, filename="一月.xlsx")
    assert applied, plan.errors
    log = StageLog.objects.filter(project__zone=zone).order_by("id")
    assert [(e.project.code, e.milestone, e.reason, e.source) for e in log] == [
        ("L-1", "lead", "台账导入:一月.xlsx", "import"),
        ("L-1", "negotiating", "台账导入:一月.xlsx", "import"),
        ("L-2", "negotiating", "台账导入:一月.xlsx", "import"),
        ("L-2", "dropped", "投资方撤回", "import"),
    ]
    assert ChangeLog.objects.filter(object_repr__in=["L-1 甲", "L-2 乙"]).count() == 2


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(zone, refs, enabled):
    content = files.xlsx(files.table({"项目名称": "甲", "登记日期": "2026-05-01"}))
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        plan, applied = run(content, zone=zone)
        assert applied, plan.errors
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == 0
    finally:
        if was:
            gc.enable()


def _project(**fields) -> Project:
    return Project(**{"code": "P-1", "name": "甲", **fields})


d = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("project", "expected"),
    [
        (
            _project(
                lead_date=d("2026-01-01"),
                signed_date=d("2026-02-01"),
                company_id=1,
                total_investment_wan=Decimal(5),
                agreement_type="contract",
            ),
            {},
        ),
        (
            _project(
                code="P-2",
                name="乙",
                lead_date=d("2026-06-01"),
                dropped_date=d("2026-06-02"),
                drop_reason="不谈了",
            ),
            {
                "lead_date": [
                    "项目 P-2 乙:线索日期 2026-06-01 晚于今天(2026-05-31),不能登记未来的日期。"
                ],
                "dropped_date": [
                    "项目 P-2 乙:终止日期 2026-06-02 晚于今天(2026-05-31),不能登记未来的日期。"
                ],
            },
        ),
        (
            _project(
                code="P-3",
                name="丙",
                negotiating_date=d("2026-03-01"),
                substantive_date=d("2026-02-01"),
                signed_date=d("2026-02-15"),
                started_date=d("2026-04-01"),
                company_id=1,
                total_investment_wan=Decimal(5),
                agreement_type="framework",
            ),
            {
                "substantive_date": [
                    "项目 P-3 丙:实质性谈判日期 2026-02-01 早于洽谈日期 2026-03-01,节点日期须按顺序。"
                ],
                "signed_date": [
                    "项目 P-3 丙:签约日期 2026-02-15 早于洽谈日期 2026-03-01,节点日期须按顺序。"
                ],
            },
        ),
        (
            _project(
                code="P-4",
                name="丁",
                lead_date=d("2026-01-01"),
                negotiating_date=d("2026-03-01"),
                dropped_date=d("2026-02-01"),
                drop_reason="  ",
            ),
            {
                "dropped_date": ["项目 P-4 丁:终止日期 2026-02-01 早于洽谈日期 2026-03-01。"],
                "drop_reason": ["项目 P-4 丁:终止须填写终止原因。"],
            },
        ),
        (
            _project(
                code="",
                name="戊",
                started_date=d("2026-03-01"),
                signed_date=d("2026-02-01"),
            ),
            {
                "company": ["项目 (新项目) 戊:已到开工阶段(2026-03-01),须填写投资方。"],
                "total_investment_wan": [
                    "项目 (新项目) 戊:已到开工阶段(2026-03-01),须填写总投资。"
                ],
                "agreement_type": [
                    "项目 (新项目) 戊:签约(2026-02-01)须注明协议类型(框架协议或正式合同)。"
                ],
            },
        ),
    ],
    ids=["fine", "future", "out-of-order", "dropped-early", "signed-bare"],
)
def test_the_lifecycle_rules_say_what_they_said(project, expected):
    """check_project() runs for every row of an import, so it was made faster: these are its
    answers from before, word for word and in the same order."""
    errors = check_project(project, today=TODAY)
    assert errors == expected
    assert list(errors) == list(expected)
