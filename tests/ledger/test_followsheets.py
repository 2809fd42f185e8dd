"""Commitments and after-care tickets as a workbook: export → import changes nothing, and into a copy
without them gives the same records; every error with its sheet, row, column and value, nothing
half-saved; the policy holds for each row and each page; the commands."""

import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.factories import TODAY, d
from zhaoshang.core.models import ChangeLog
from zhaoshang.followup import services
from zhaoshang.followup.models import Commitment, Ticket
from zhaoshang.ledger.followsheets import export_bytes, import_followup
from zhaoshang.ledger.reader import LedgerFileError, _open_book

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr("zhaoshang.ledger.followsheets.shanghai_today", lambda: TODAY)


@pytest.fixture
def signed(zone, people, build):
    """S1 (招商一组) with a promise and two tickets, one resolved; S2 (招商二组) with a promise and
    a ticket; N1 signed with nothing recorded; L1 a lead, not in the workbook."""
    s1 = build("S1", "120000", signed="2026-01-10")
    s2 = build("S2", "30000", unit="group2", signed="2026-02-01")
    build("N1", "20000", signed="2026-03-01")
    build("L1", "20000", negotiating="2026-03-01")
    services.set_commitment(
        project=s1,
        actor=None,
        start_date=d("2026-06-30"),
        production_date=d("2027-12-31"),
        investment_wan=Decimal("120000"),
        annual_output_wan=Decimal("250000.5"),
        note="=一期先行",
        today=TODAY,
    )
    services.set_commitment(
        project=s2,
        actor=None,
        start_date=None,
        production_date=None,
        investment_wan=Decimal("30000"),
        annual_tax_wan=Decimal("1200"),
        today=TODAY,
    )
    power = services.open_ticket(
        project=s1,
        actor=None,
        category="power",
        title="临时用电",
        department="供电公司",
        opened_on=d("2026-03-01"),
        deadline=d("2026-03-31"),
        notes="需增容",
        today=TODAY,
    )
    services.update_ticket(
        ticket=power,
        actor=None,
        status="resolved",
        closed_on=d("2026-03-20"),
        resolution="已接入",
        today=TODAY,
    )
    services.open_ticket(
        project=s1,
        actor=None,
        category="land",
        title="土地指标",
        department="自然资源局",
        opened_on=d("2026-04-01"),
        deadline=d("2026-05-10"),
        today=TODAY,
    )
    services.open_ticket(
        project=s2,
        actor=None,
        category="financing",
        title="贷款贴息",
        department="财政局",
        opened_on=d("2026-04-15"),
        deadline=d("2026-06-30"),
        today=TODAY,
    )
    return s1


def records():
    promises = Commitment.objects.order_by("project__code").values_list(
        "project__code",
        "start_date",
        "production_date",
        "investment_wan",
        "annual_output_wan",
        "annual_tax_wan",
        "note",
    )
    tickets = Ticket.objects.order_by("project__code", "opened_on").values_list(
        "project__code",
        "category",
        "title",
        "department",
        "opened_on",
        "deadline",
        "status",
        "closed_on",
        "days_taken",
        "notes",
        "resolution",
    )
    return list(promises), list(tickets)


def book(sheets: dict[str, list[list]]) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write_string(r, c, str(value))
    workbook.close()
    return out.getvalue()


def load(content: bytes) -> dict[str, list[list]]:
    workbook = _open_book(content)
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


TICKET_HEADER = ["项目编号", "类别", "问题", "责任部门", "提出日期", "办结时限", "状态"]


def test_it_exports_the_signed_projects_the_viewer_may_see_and_their_tickets(zone, people, signed):
    everything = load(export_bytes(zone=zone, viewer=people["alice"]))
    promises, tickets = everything["履约承诺"], everything["要素保障"]
    assert promises[0][:5] == ["项目编号", "项目名称", "责任单位", "签约日期", "承诺开工日期"]
    assert [row[0] for row in promises[1:]] == ["N1", "S1", "S2"]  # N1 blank, to be filled in
    assert promises[2][6] == 120000 and promises[2][9] == "=一期先行"  # text, not a formula
    assert [(row[0], row[3], row[7]) for row in tickets[1:]] == [
        ("S1", "临时用电", "已解决"),
        ("S1", "土地指标", "待办"),
        ("S2", "贷款贴息", "待办"),
    ]
    bobs = load(export_bytes(zone=zone, viewer=people["bob"]))
    assert [row[0] for row in bobs["履约承诺"][1:]] == ["N1", "S1"]
    assert {row[0] for row in bobs["要素保障"][1:]} == {"S1"}
    assert len(load(export_bytes(zone=zone, viewer=people["cody"]))["履约承诺"]) == 1


def test_export_then_import_changes_nothing(zone, people, signed):
    content = export_bytes(zone=zone, viewer=people["alice"])
    before = records()
    result = import_followup(content, "f.xlsx", zone=zone, actor=people["alice"], dry_run=False)
    assert result.errors == [] and result.applied
    assert result.unchanged == {"commitments": 3, "tickets": 3}
    assert sum(result.created.values()) + sum(result.updated.values()) == 0
    assert records() == before


def test_an_import_into_a_copy_without_them_gives_the_same_records(zone, people, signed):
    content = export_bytes(zone=zone, viewer=None)
    before = records()
    Ticket.objects.all().delete()
    Commitment.objects.all().delete()
    preview = import_followup(content, "f.xlsx", zone=zone, actor=people["alice"], dry_run=True)
    assert preview.created == {"commitments": 2, "tickets": 3} and not preview.applied
    assert records() == ([], [])  # a preview writes nothing
    done = import_followup(content, "f.xlsx", zone=zone, actor=people["alice"], dry_run=False)
    assert done.applied and records() == before
    assert ChangeLog.objects.filter(source="import").count() == 2 + 3 + 1  # closing is audited


def test_an_english_export_imports_too(zone, people, signed):
    with translation.override("en"):
        content = export_bytes(zone=zone, viewer=people["alice"])
    Ticket.objects.all().delete()
    result = import_followup(content, "f.xlsx", zone=zone, actor=people["alice"], dry_run=False)
    assert result.errors == [] and result.created["tickets"] == 3


def test_a_row_changes_a_promise_and_moves_a_ticket_on(zone, people, signed):
    content = book(
        {
            "承诺": [
                ["项目编号", "承诺开工日期", "承诺投资额(万元)"],
                ["S1", "2026年7月15日", "12.5亿"],
            ],
            "保障": [
                [*TICKET_HEADER, "办结日期", "办理结果"],
                [
                    *["S1", "土地", "土地指标", "自然资源局", "2026-04-01", "2026-05-10"],
                    *["已解决", "2026-05-20", "已挂牌"],
                ],
            ],
        }
    )
    result = import_followup(content, "f.xlsx", zone=zone, actor=people["bob"], dry_run=False)
    assert result.errors == [] and result.updated == {"commitments": 1, "tickets": 1}
    promise = Commitment.objects.get(project=signed)
    assert promise.start_date == d("2026-07-15") and promise.investment_wan == 125000
    assert promise.production_date == d("2027-12-31")  # an absent column keeps its value
    land = Ticket.objects.get(title="土地指标")
    assert (land.status, land.closed_on, land.days_taken) == ("resolved", d("2026-05-20"), 49)


def test_a_blank_status_keeps_a_tickets_status_and_a_new_ticket_opens(zone, people, signed):
    """A department sends the sheet back with the 状态 column left empty: the resolved ticket
    stays resolved, the open one open, and a new row opens a ticket 待办."""
    before = records()
    rows = [
        ["S1", "供电", "临时用电", "供电公司", "2026-03-01", "2026-03-31", ""],
        ["S1", "土地", "土地指标", "自然资源局", "2026-04-01", "2026-05-10", ""],
        ["S2", "融资", "过桥资金", "财政局", "2026-05-02", "2026-06-30", ""],
    ]
    content = book({"保障": [TICKET_HEADER, *rows]})
    result = import_followup(content, "f.xlsx", zone=zone, actor=people["alice"], dry_run=False)
    assert result.errors == [] and result.applied
    assert (result.unchanged["tickets"], result.created["tickets"]) == (2, 1)
    power = Ticket.objects.get(title="临时用电")
    assert (power.status, power.closed_on, power.resolution) == (
        "resolved",
        d("2026-03-20"),
        "已接入",
    )
    assert Ticket.objects.get(title="过桥资金").status == "open"
    assert [t for t in records()[1] if t[2] != "过桥资金"] == before[1]


def test_every_error_has_its_sheet_row_column_and_value_and_nothing_is_written(
    zone, people, signed
):
    before = records()
    content = book(
        {
            "承诺": [
                ["项目编号", "承诺开工日期", "承诺投产日期", "承诺投资额(万元)"],
                ["N1", "2026-09-01", "", "5亿"],  # good, but not kept
                ["S1", "2026-13-01", "", "很多"],
                ["L1", "2026-09-01", "", ""],
                ["S1", "2026-09-01", "2026-08-01", ""],
            ],
            "保障": [
                [*TICKET_HEADER, "办结日期"],
                ["S1", "喝茶", "问题", "供电公司", "2026-04-01", "2026-03-01", "办完了", ""],
                ["", "供电", "问题", "供电公司", "2026-04-01", "2026-05-01", "", ""],
                ["S1", "供电", "新问题", "供电公司", "2026-04-01", "2026-03-01", "待办", ""],
                [
                    "S1",
                    "供电",
                    "另一个",
                    "供电公司",
                    "2026-04-01",
                    "2026-05-01",
                    "待办",
                    "2026-04-09",
                ],
            ],
        }
    )
    result = import_followup(content, "f.xlsx", zone=zone, actor=people["alice"], dry_run=False)
    found = {(e.sheet, e.row, e.column, e.value) for e in result.errors}
    assert ("承诺", 3, "承诺开工日期", "2026-13-01") in found
    assert ("承诺", 3, "承诺投资额(万元)", "很多") in found
    assert ("承诺", 4, "承诺开工日期", "2026-09-01") in found  # L1 is not signed
    assert ("承诺", 5, "承诺投产日期", "2026-08-01") in found  # before the promised start
    assert ("保障", 2, "类别", "喝茶") in found and ("保障", 2, "状态", "办完了") in found
    assert ("保障", 3, "项目编号", "") in found
    assert ("保障", 4, "办结时限", "2026-03-01") in found  # before it was raised
    assert ("保障", 5, "办结日期", "2026-04-09") in found  # an open ticket is not closed
    assert all(e.message for e in result.errors) and len(found) == 9
    assert not result.applied and records() == before
    assert "工作表“承诺”第 3 行" in str(result.errors[0])


def test_the_errors_read_in_english_too(zone, people, signed):
    content = book({"保障": [TICKET_HEADER, ["S1", "喝茶", "x", "y", "2026-04-01", "2026-05-01"]]})
    with translation.override("en"):
        result = import_followup(content, "f.xlsx", zone=zone, actor=people["alice"], dry_run=True)
        error = result.errors[0]
        assert error.message.startswith("The category must be one of: 土地、规划")
        assert str(error).startswith("Sheet “保障”, row 2, column 类别, value 喝茶:")


def test_a_category_is_not_changed_by_an_import(zone, people, signed):
    row = ["S1", "供电", "土地指标", "自然资源局", "2026-04-01", "2026-05-10", "待办"]
    result = import_followup(
        book({"保障": [TICKET_HEADER, row]}),
        "f.xlsx",
        zone=zone,
        actor=people["alice"],
        dry_run=True,
    )
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "类别", "供电")]


def test_a_member_imports_only_for_their_units_projects(zone, people, signed):
    rows = [["项目编号", "承诺开工日期"], ["S2", "2026-09-01"]]
    carol = import_followup(
        book({"承诺": rows}), "f.xlsx", zone=zone, actor=people["carol"], dry_run=True
    )
    assert carol.errors == [] and carol.updated["commitments"] == 1
    bob = import_followup(
        book({"承诺": rows}), "f.xlsx", zone=zone, actor=people["bob"], dry_run=False
    )
    assert [(e.column, e.value) for e in bob.errors] == [("项目编号", "S2")]
    assert "不属于您的单位" in bob.errors[0].message
    ticket = [TICKET_HEADER, ["S2", "供电", "用电", "供电公司", "2026-05-01", "2026-06-01", ""]]
    refused = import_followup(
        book({"保障": ticket}), "f.xlsx", zone=zone, actor=people["bob"], dry_run=False
    )
    assert [(e.column, e.value) for e in refused.errors] == [("项目编号", "S2")]
    lee = import_followup(
        book({"承诺": rows}), "f.xlsx", zone=zone, actor=people["lee"], dry_run=False
    )
    assert [(e.column, e.value) for e in lee.errors] == [("项目编号", "S2")]
    assert "无权" in lee.errors[0].message
    assert Commitment.objects.get(project__code="S2").start_date is None


def test_a_file_that_is_no_followup_workbook_is_refused(zone, people):
    with pytest.raises(LedgerFileError):
        import_followup(
            b"not a spreadsheet", "f.xlsx", zone=zone, actor=people["alice"], dry_run=True
        )
    with pytest.raises(LedgerFileError, match="办结时限"):
        import_followup(
            book({"x": [["洽谈内容", "b"]]}),
            "f.xlsx",
            zone=zone,
            actor=people["alice"],
            dry_run=True,
        )


def test_a_missing_required_column_is_an_error(zone, people, signed):
    result = import_followup(
        book({"保障": [["项目编号", "办结时限"], ["S1", "2026-05-01"]]}),
        "f.xlsx",
        zone=zone,
        actor=people["alice"],
        dry_run=False,
    )
    assert {(e.row, e.column) for e in result.errors} == {
        (1, "类别"),
        (1, "问题"),
        (1, "责任部门"),
        (1, "提出日期"),
    }


def test_the_pages_preview_apply_and_export(client, zone, people, signed):
    client.force_login(people["bob"])
    content = export_bytes(zone=zone, viewer=people["bob"])
    Ticket.objects.filter(project=signed).delete()
    upload = io.BytesIO(content)
    upload.name = "f.xlsx"
    page = client.post("/ledger/followup/", {"file": upload})
    assert 'data-created="tickets">2<' in page.text and not Ticket.objects.filter(project=signed)
    response = client.post("/ledger/followup/apply/")
    assert response.status_code == 302 and Ticket.objects.filter(project=signed).count() == 2
    exported = client.get("/ledger/followup/export/")
    assert exported.status_code == 200 and exported.content[:2] == b"PK"
    assert ChangeLog.objects.filter(action=ChangeLog.Action.EXPORT, actor=people["bob"]).exists()


def test_the_pages_refuse_who_may_not(client, zone, people, signed):
    upload = io.BytesIO(export_bytes(zone=zone, viewer=people["alice"]))
    upload.name = "f.xlsx"
    client.force_login(people["lee"])  # a leader reads and exports, imports nothing
    assert client.get("/ledger/followup/").status_code == 200
    assert client.get("/ledger/followup/export/").status_code == 200
    assert client.post("/ledger/followup/", {"file": upload}).status_code == 403
    assert client.post("/ledger/followup/apply/").status_code == 403
    client.force_login(people["cody"])  # a contributor sees no follow-up
    for url in ("/ledger/followup/", "/ledger/followup/export/"):
        assert client.get(url).status_code == 403


def test_the_commands_export_and_import(zone, people, signed, tmp_path, capsys):
    path = tmp_path / "followup.xlsx"
    call_command("export-followup", "--zone", zone.code, "-o", str(path))
    call_command("import-followup", str(path), "--zone", zone.code)
    assert "未变 3" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(book({"a": [["项目编号", "承诺开工日期"], ["S2", "2026-09-01"]]}))
    with pytest.raises(CommandError, match="1"):
        call_command("import-followup", str(bad), "--zone", zone.code, "--user", "bob")
    assert "第 2 行" in capsys.readouterr().out
    assert Commitment.objects.get(project__code="S2").start_date is None
