"""The 引荐方 column of the ledger: exported as the referrer's name, read back to the same
enterprise, person or organisation (round trip unchanged), changed or cleared by import, and an
unknown referrer refused with its row and column, nothing written."""

import io

import openpyxl
import pytest

from tests.factories import make_user
from tests.ledger import files
from tests.ledger.conftest import database_state, run
from zhaoshang.companies.services import get_or_create_company, save_organisation
from zhaoshang.core.models import ChangeLog
from zhaoshang.ledger.selectors import export_ledger
from zhaoshang.org.models import Role
from zhaoshang.projects import services
from zhaoshang.projects.models import Project


@pytest.fixture
def referred(zone, refs, existing):
    """P-1 introduced by an anchor, P-2 referred by a person, P-3 by a chamber of commerce."""
    anchor = get_or_create_company(zone=zone, actor=None, name="华鲁恒升集团", is_anchor=True)
    wang = make_user("wangfang", zone, Role.CONTRIBUTOR)
    wang.first_name = "王芳"
    wang.save()
    chamber = save_organisation(zone=zone, actor=None, name="德州市温州商会", kind="chamber")
    services.update_project(project=existing["fert"], actor=None, introduced_by=anchor)
    services.update_project(project=existing["lease"], actor=None, referrer_user=wang)
    services.update_project(project=existing["lead"], actor=None, referrer_org=chamber)
    return {"anchor": anchor, "wang": wang, "chamber": chamber}


def exported(zone, *, as_csv=False) -> bytes:
    out = io.BytesIO()
    export_ledger(out, zone=zone, as_csv=as_csv)
    return out.getvalue()


def referrer_column(content: bytes) -> dict:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    headers = [c.value for c in sheet[1]]
    at = headers.index("引荐方")
    return {row[0].value: row[at].value for row in sheet.iter_rows(min_row=2)}


def referrers():
    return {
        p.code: (p.introduced_by_id, p.referrer_user_id, p.referrer_org_id)
        for p in Project.objects.all()
    }


def test_the_referrer_round_trips(zone, referred):
    content = exported(zone)
    assert referrer_column(content) == {
        "P-1": "华鲁恒升集团",
        "P-2": "wangfang",
        "P-3": "德州市温州商会",
    }
    state, before = database_state(zone), referrers()
    for data, name in ((content, "台账.xlsx"), (exported(zone, as_csv=True), "台账.csv")):
        plan, applied = run(data, name, zone=zone)
        assert applied, [e.line() for e in plan.errors]
        assert plan.summary() == "新增 0 / 更新 0 / 未变 3"
    assert database_state(zone) == state and referrers() == before


def test_an_import_changes_and_clears_referrers(zone, referred):
    rows = files.table(
        {"项目编号": "P-1", "项目名称": "水溶性复合肥项目", "引荐方": "机构:德州市温州商会"},
        {"项目编号": "P-2", "项目名称": "化工设备融资租赁项目", "引荐方": "王芳"},
        {"项目编号": "P-3", "项目名称": "船用电机项目", "引荐方": "—"},
    )
    plan, applied = run(files.xlsx(rows), zone=zone)
    assert applied, [e.line() for e in plan.errors]
    assert plan.summary() == "新增 0 / 更新 2 / 未变 1"
    [fert] = [row for row in plan.rows if row.values[0] == "P-1"]
    assert ("引荐方", "华鲁恒升集团", "德州市温州商会") in plan.changes(fert)
    chamber, wang = referred["chamber"], referred["wang"]
    assert referrers() == {
        "P-1": (None, None, chamber.pk),
        "P-2": (None, wang.pk, None),  # by name: the same person
        "P-3": (None, None, None),
    }
    log = ChangeLog.objects.filter(object_repr__startswith="P-1", action="update").latest("id")
    assert (log.before["introduced_by"], log.after["referrer_org"]) == (
        referred["anchor"].pk,
        chamber.pk,
    )


def test_new_projects_take_their_referrer(zone, referred):
    rows = files.table(
        {"项目名称": "新线索甲", "登记日期": "2026-05-02", "引荐方": "德州市温州商会"},
        {"项目名称": "新线索乙", "登记日期": "2026-05-02", "引荐方": "华鲁恒升集团"},
    )
    plan, applied = run(files.xlsx(rows), zone=zone)
    assert applied, [e.line() for e in plan.errors]
    assert Project.objects.get(name="新线索甲").referrer_org == referred["chamber"]
    assert Project.objects.get(name="新线索乙").introduced_by == referred["anchor"]
    created = ChangeLog.objects.filter(object_repr__contains="新线索甲", action="create").get()
    assert created.after["referrer_org"] == referred["chamber"].pk


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("不存在的商会", "不是本开发区的龙头企业、用户或引荐机构名录中的机构"),
        ("史丹利化肥股份有限公司", "引荐企业须为本开发区的龙头企业"),  # an investor, no anchor
        ("机构:华鲁恒升集团", "不是本开发区的龙头企业、用户或引荐机构名录中的机构"),
    ],
)
def test_an_unknown_referrer_is_a_row_error_and_nothing_is_written(zone, referred, value, message):
    rows = files.table(
        {"项目编号": "P-1", "项目名称": "水溶性复合肥项目", "引荐方": "德州市温州商会"},
        {"项目编号": "P-2", "项目名称": "化工设备融资租赁项目", "引荐方": value},
    )
    state, before = database_state(zone), referrers()
    plan, applied = run(files.xlsx(rows), zone=zone)
    assert not applied
    [error] = plan.errors
    assert (error.row, error.column, error.value) == (3, "引荐方", value)
    assert message in error.line()
    assert database_state(zone) == state and referrers() == before


def test_a_name_of_two_kinds_needs_its_prefix(zone, referred):
    save_organisation(zone=zone, actor=None, name="华鲁恒升集团", kind="association")
    rows = files.table(
        {"项目编号": "P-2", "项目名称": "化工设备融资租赁项目", "引荐方": "华鲁恒升集团"}
    )
    plan, applied = run(files.xlsx(rows), zone=zone)
    assert not applied and "企业:" in plan.errors[0].line()
    rows[1][-1] = "企业:华鲁恒升集团"
    plan, applied = run(files.xlsx(rows), zone=zone)
    assert applied
    assert Project.objects.get(code="P-2").introduced_by == referred["anchor"]


def test_a_ledger_without_the_column_keeps_the_referrers(zone, referred):
    before = referrers()
    rows = files.table({"项目编号": "P-1", "项目名称": "水溶性复合肥项目", "备注": "补充说明"})
    plan, applied = run(files.xlsx(rows), zone=zone)
    assert applied and plan.updated == 1
    assert referrers() == before
