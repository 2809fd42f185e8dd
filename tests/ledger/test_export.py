"""The export: the template's headers in order, no title row, dates as dates, amounts as
numbers, text never a formula, the counting-rules sheet; and export → import → unchanged."""

import datetime as dt
import io

import openpyxl
import pytest

from tests.factories import TODAY
from tests.ledger.conftest import database_state, run
from zhaoshang.companies.models import Company, Organisation
from zhaoshang.companies.services import get_or_create_company, save_organisation
from zhaoshang.demo.loader import load_demo
from zhaoshang.ledger.columns import COLUMNS
from zhaoshang.ledger.export import write_template
from zhaoshang.ledger.selectors import export_ledger
from zhaoshang.ledger.services import import_ledger
from zhaoshang.org.models import Role, Unit, Zone
from zhaoshang.org.services import create_zone, grant_role
from zhaoshang.projects.models import Project

pytestmark = pytest.mark.django_db
HEADERS = [column.header for column in COLUMNS]


def exported(zone, **options) -> bytes:
    out = io.BytesIO()
    export_ledger(out, zone=zone, **options)
    return out.getvalue()


def cells(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def demo(db):
    return load_demo(year=2024)


def test_the_demo_zone_round_trips_unchanged(demo):
    content = exported(demo)
    state = database_state(demo)
    plan, _applied = import_ledger(
        zone=demo, actor=None, content=content, filename="yunhe.xlsx", today=TODAY
    )
    count = Project.objects.filter(zone=demo).count()
    assert plan.ok, [e.line() for e in plan.errors]
    assert plan.summary() == f"新增 0 / 更新 0 / 未变 {count}"
    assert database_state(demo) == state
    # The CSV export round-trips as well (text that looks like a formula behind an apostrophe).
    out = io.BytesIO()
    export_ledger(out, zone=demo, as_csv=True)
    plan, _applied = import_ledger(
        zone=demo, actor=None, content=out.getvalue(), filename="yunhe.csv", today=TODAY
    )
    assert plan.summary() == f"新增 0 / 更新 0 / 未变 {count}"


def test_the_demo_zone_imports_into_an_empty_zone_and_exports_the_same(demo):
    content = exported(demo)
    empty = create_zone(code="cc", name="契约区")
    # An import names referrers, never creates them: the new zone has the demo's people,
    # anchor enterprises and referring organisations first.
    for member in demo.memberships.select_related("user"):
        grant_role(user=member.user, zone=empty, role=Role.LEADER)
    for anchor in Company.objects.filter(zone=demo, is_anchor=True):
        get_or_create_company(zone=empty, actor=None, name=anchor.name, is_anchor=True)
    for organisation in Organisation.objects.filter(zone=demo):
        save_organisation(zone=empty, actor=None, name=organisation.name, kind=organisation.kind)
    plan, applied = import_ledger(
        zone=empty,
        actor=None,
        content=content,
        filename="yunhe.xlsx",
        today=TODAY,
        create_missing=True,
    )
    assert applied, [e.line() for e in plan.errors]
    assert plan.created == Project.objects.filter(zone=demo).count()
    assert set(Unit.objects.filter(zone=empty).values_list("name", "kind")) == set(
        Unit.objects.filter(zone=demo).values_list("name", "kind")
    )
    assert cells(exported(empty)) == cells(content)
    again, _applied = import_ledger(
        zone=empty,
        actor=None,
        content=content,
        filename="yunhe.xlsx",
        today=TODAY,
        create_missing=True,
    )
    assert (again.created, again.updated) == (0, 0)


def test_the_export_is_a_ledger_people_keep(zone, refs, existing):
    Project.objects.filter(code="P-3").update(
        name='=HYPERLINK("http://x")', note="+86 电话 -待定 @张三"
    )
    content = exported(zone)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    assert sheet.title == "项目台账"
    assert [c.value for c in sheet[1]] == HEADERS  # the header first: no title row
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 20  # 项目名称 is wide (and wraps)
    assert sheet.auto_filter.ref.startswith("A1:")
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    fert = {HEADERS[i]: cell for i, cell in enumerate(rows["P-1"])}
    assert fert["签约日期"].is_date and fert["签约日期"].value == dt.datetime(2026, 5, 18)
    assert fert["总投资(万元)"].data_type == "n" and fert["总投资(万元)"].value == 120000
    assert fert["投资方所在地"].value == "临沂市"
    assert fert["当前阶段"].value == "签约"
    assert fert["项目类型"].value == "工业"
    formula = {HEADERS[i]: cell for i, cell in enumerate(rows["P-3"])}
    assert formula["项目名称"].data_type == "s"  # a text cell, never a formula
    assert formula["项目名称"].value == '=HYPERLINK("http://x")'
    assert formula["备注"].value == "+86 电话 -待定 @张三"
    rules = book["统计口径"]
    text = " ".join(str(c.value) for row in rules.iter_rows() for c in row if c.value)
    assert "导出时间" in text and "新签约亿元以上项目" in text and "1.00亿元" in text
    assert [s.title for s in book.worksheets] == ["项目台账", "统计口径", "填写说明", "选项"]
    assert book["选项"].sheet_state == "hidden"
    # … and it comes back unchanged, formula-like text and all.
    plan, _applied = run(content, zone=zone)
    assert plan.summary() == "新增 0 / 更新 0 / 未变 3"


def test_the_csv_export_puts_an_apostrophe_before_formula_like_text(zone, refs, existing):
    Project.objects.filter(code="P-3").update(name="=1+1")
    out = io.BytesIO()
    export_ledger(out, zone=zone, as_csv=True)
    text = out.getvalue().decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(HEADERS)
    assert "P-3,'=1+1," in text
    plan, _applied = run(out.getvalue(), "a.csv", zone=zone)
    assert plan.summary() == "新增 0 / 更新 0 / 未变 3"


def test_the_export_holds_only_what_the_user_may_see(zone, refs, existing, people):
    member = cells(exported(zone, user=people["bob"]))
    assert sorted(row[0] for row in member[1:]) == ["P-1", "P-3"]
    contributor = cells(exported(zone, user=people["cody"]))
    assert contributor[1:] == []


def test_the_template_has_notes_and_drop_downs(zone, refs):
    out = io.BytesIO()
    write_template(out, zone=zone)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.max_row == 1  # no example row to import by mistake
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    letters = {
        column.key: openpyxl.utils.get_column_letter(i + 1) for i, column in enumerate(COLUMNS)
    }
    for key in ("stage", "industry", "park", "unit", "project_type", "channel"):
        assert f"{letters[key]}2" in validations, key
        assert validations[f"{letters[key]}2"].type == "list"
    options = book["选项"]
    values = {c.value for row in options.iter_rows() for c in row if c.value}
    assert {
        "精细化工",
        "化工循环经济产业园",
        "招商一组",
        "在建",
        "产业链招商",
        "基础设施",
    } <= values
    notes = book["填写说明"]
    text = " ".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    assert all(header in text for header in HEADERS)
    # The empty template imports as nothing, without complaint.
    plan, _applied = run(out.getvalue(), zone=zone)
    assert plan.ok and plan.summary() == "新增 0 / 更新 0 / 未变 0"


def test_an_empty_zone_exports_just_the_header(db):
    zone = create_zone(code="blank", name="空开发区")
    assert cells(exported(zone)) == [HEADERS]
    assert Zone.objects.filter(code="blank").exists()
