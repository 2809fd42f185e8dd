"""A ledger as a bureau writes it (issue 15): a title row above the header, dates as Excel dates
and as text in every common form, amounts as numbers and as text, a 统一社会信用代码 on some rows,
leads with no investor but with the place their money comes from. The benchmark's file
(bench/ledger.py) is made of the same forms, 100,000 rows of them."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import d
from tests.ledger import files
from tests.ledger.conftest import OTHER_USCC, STANLEY_USCC, run
from zhaoshang.companies.models import Company
from zhaoshang.projects.models import Project

TITLE = [["运河经济开发区招商引资项目台账(2026年)"], ["填报单位:招商局", "", "单位:万元"]]
# 签约日期 written each way a bureau writes it, every one meaning 18 May 2026.
DATE_FORMS = [
    dt.date(2026, 5, 18),  # an Excel date
    "2026-05-18",
    "2026/5/18",
    "2026.5.18",
    "2026年5月18日",
    "2026 年 5 月 18 日",
    "２０２６年５月１８日",  # full-width digits, as some input methods type them
]
AMOUNT_FORMS = [
    (12000.0, Decimal("12000")),  # a number: 万元
    ("1.2亿", Decimal("12000")),
    ("8000万", Decimal("8000")),
    ("1.25亿元", Decimal("12500")),
    ("3,500万元", Decimal("3500")),
    (8000, Decimal("8000")),
]


def bureau_rows() -> list[dict]:
    rows = []
    for i, signed in enumerate(DATE_FORMS):
        amount = AMOUNT_FORMS[i % len(AMOUNT_FORMS)][0]
        rows.append(
            {
                "项目编号": f"B-{i}",
                "项目名称": f"签约项目{i}",
                "投资方": "史丹利化肥股份有限公司" if i % 2 else "远方集团有限公司",
                "统一社会信用代码": (STANLEY_USCC if i % 4 == 1 else "")
                if i % 2
                else (OTHER_USCC if i % 4 == 0 else ""),
                "洽谈日期": "2026/1/5" if i % 2 else dt.date(2026, 1, 5),
                "签约日期": signed,
                "协议类型": "正式合同",
                "总投资(万元)": amount,
            }
        )
    for i, place in enumerate(["河北省", "保定市", "北京"]):
        # A lead whose investor is not named yet, but whose money is known to come from `place`.
        rows.append(
            {
                "项目编号": f"L-{i}",
                "项目名称": f"线索{i}",
                "投资方所在地": place,
                "登记日期": ["2026年3月1日", "2026.3.1", 46082.0][i],
                "总投资(万元)": ["5000万", "", "0.5亿"][i],
            }
        )
    return rows


@pytest.mark.parametrize("position", range(len(DATE_FORMS)))
def test_every_date_form_reads_as_its_date(zone, refs, position):
    row = bureau_rows()[position]
    plan, applied = run(files.xlsx(files.table(row), title_rows=TITLE), zone=zone)
    assert applied, [error.line() for error in plan.errors]
    project = Project.objects.get(zone=zone, code=row["项目编号"])
    assert (project.negotiating_date, project.signed_date) == (d("2026-01-05"), d("2026-05-18"))


@pytest.mark.parametrize(("written", "amount"), AMOUNT_FORMS)
def test_every_amount_form_reads_as_its_amount(zone, refs, written, amount):
    row = {**bureau_rows()[0], "总投资(万元)": written}
    plan, applied = run(files.xlsx(files.table(row), title_rows=TITLE), zone=zone)
    assert applied, [error.line() for error in plan.errors]
    assert Project.objects.get(zone=zone, code="B-0").total_investment_wan == amount


def test_a_bureau_ledger_imports_whole_and_again_unchanged(zone, refs):
    content = files.xlsx(files.table(*bureau_rows()), title_rows=TITLE)
    plan, applied = run(content, zone=zone)
    assert applied, [error.line() for error in plan.errors]
    assert plan.header_row == 3  # under the two title rows, as Excel numbers it
    assert plan.created == len(DATE_FORMS) + 3
    projects = {p.code: p for p in Project.objects.filter(zone=zone).select_related("company")}
    assert {projects[f"B-{i}"].signed_date for i in range(len(DATE_FORMS))} == {d("2026-05-18")}
    assert [projects[f"B-{i}"].total_investment_wan for i in range(len(AMOUNT_FORMS))] == [
        amount for _written, amount in AMOUNT_FORMS
    ]
    # The USCC given on some of an investor's rows is the investor's.
    companies = dict(Company.objects.filter(zone=zone).values_list("name", "uscc"))
    assert companies == {"史丹利化肥股份有限公司": STANLEY_USCC, "远方集团有限公司": OTHER_USCC}
    leads = [projects[f"L-{i}"] for i in range(3)]
    assert [lead.company for lead in leads] == [None, None, None]
    assert [lead.origin_region.name for lead in leads] == ["河北省", "保定市", "北京市"]
    assert [lead.lead_date for lead in leads] == [d("2026-03-01")] * 3
    assert [lead.total_investment_wan for lead in leads] == [Decimal(5000), None, Decimal(5000)]

    again, applied = run(content, zone=zone)
    assert applied and again.summary() == f"新增 0 / 更新 0 / 未变 {len(DATE_FORMS) + 3}"
