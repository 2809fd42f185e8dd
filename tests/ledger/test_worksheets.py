"""Activities, trips and events as sheets of their own: export → import changes nothing; every
error with its sheet, row, column and value; a preview writes nothing; all or nothing; the
policy holds for each row."""

import io

import pytest
import xlsxwriter

from tests.factories import TODAY, d
from zhaoshang.fieldwork import services
from zhaoshang.fieldwork.models import Activity, Event, Trip
from zhaoshang.ledger.reader import LedgerFileError
from zhaoshang.ledger.worksheets import export_bytes, import_work
from zhaoshang.org.models import Region


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr("zhaoshang.fieldwork.services.shanghai_today", lambda: TODAY)


@pytest.fixture
def work(zone, people, build, company):
    ours = build("P1", "12000", unit="group1", negotiating="2026-02-01")
    signed = build("S1", "120000", unit="group1", signed="2026-05-18")
    services.record_activity(
        zone=zone,
        actor=people["bob"],
        kind="visit",
        date=d("2026-05-20"),
        participants="鲍勃",
        summary="=拜访<b>",
        project=ours,
        next_step="回访",
        next_step_date=d("2026-06-10"),
        today=TODAY,
    )
    services.record_trip(
        zone=zone,
        actor=people["bob"],
        participants="鲍勃",
        start_date=d("2026-03-09"),
        end_date=d("2026-03-12"),
        cities=[Region.objects.get(code="310000")],
        leads=[ours],
        today=TODAY,
    )
    services.record_event(
        zone=zone,
        actor=people["alice"],
        name="资本交易大会",
        kind="fair",
        date=d("2026-05-18"),
        companies=[company],
        signed_projects=[signed],
        today=TODAY,
    )
    return ours


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


def counts():
    return Activity.objects.count(), Trip.objects.count(), Event.objects.count()


def test_export_then_import_changes_nothing(zone, people, work):
    content = export_bytes(zone=zone, viewer=people["alice"])
    result = import_work(content, "w.xlsx", zone=zone, actor=people["alice"], dry_run=False)
    assert result.errors == [] and sum(result.created.values()) == 0
    assert result.unchanged == {"activities": 1, "trips": 1, "events": 1}
    assert counts() == (1, 1, 1)


def test_an_import_creates_through_the_services_after_a_preview(zone, people, work):
    content = export_bytes(zone=zone, viewer=people["alice"])
    Activity.objects.all().delete()
    Trip.objects.all().delete()
    Event.objects.all().delete()
    preview = import_work(content, "w.xlsx", zone=zone, actor=people["alice"], dry_run=True)
    assert preview.created == {"activities": 1, "trips": 1, "events": 1} and not preview.applied
    assert counts() == (0, 0, 0)  # a preview writes nothing
    done = import_work(content, "w.xlsx", zone=zone, actor=people["alice"], dry_run=False)
    assert done.applied and counts() == (1, 1, 1)
    activity = Activity.objects.get()
    assert activity.summary == "=拜访<b>" and activity.project == work
    trip = Trip.objects.get()
    assert trip.days == 4 and list(trip.leads.all()) == [work]
    assert Event.objects.get().signed_projects.get().code == "S1"


def test_every_error_has_its_sheet_row_column_and_value_and_nothing_is_written(zone, people, work):
    content = book(
        {
            "活动": [
                ["日期", "类型", "项目编号", "参加人员", "洽谈内容"],
                ["2026-05-01", "登门拜访", "P1", "鲍勃", "新的拜访"],
                ["2026-13-01", "喝茶", "NOPE", "鲍勃", "拜访"],
            ],
            "外出": [
                ["出发日期", "返回日期", "外出人员", "前往城市"],
                ["2026-03-12", "2026-03-09", "鲍勃", "火星市"],
            ],
        }
    )
    result = import_work(content, "w.xlsx", zone=zone, actor=people["bob"], dry_run=False)
    found = {(e.sheet, e.row, e.column, e.value) for e in result.errors}
    assert ("活动", 3, "日期", "2026-13-01") in found
    assert ("活动", 3, "类型", "喝茶") in found
    assert ("活动", 3, "项目编号", "NOPE") in found
    assert ("外出", 2, "前往城市", "火星市") in found
    assert not result.applied and counts() == (1, 1, 1)  # the good row was not kept either


def test_a_services_refusal_names_its_column(zone, people, work):
    content = book(
        {"外出": [["出发日期", "返回日期", "外出人员"], ["2026-03-12", "2026-03-09", "鲍勃"]]}
    )
    result = import_work(content, "w.xlsx", zone=zone, actor=people["bob"], dry_run=True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "返回日期")]
    assert "2026-03-09" in result.errors[0].message


def test_the_policy_holds_for_every_row(zone, people, work, build):
    theirs = build("P2", "30000", unit="group2", negotiating="2026-02-01")
    rows = [
        ["日期", "类型", "项目编号", "参加人员", "洽谈内容"],
        ["2026-05-01", "visit", "P2", "x", "y"],
    ]
    carol = import_work(book({"a": rows}), "w.xlsx", zone=zone, actor=people["carol"], dry_run=True)
    assert carol.errors == [] and carol.created["activities"] == 1
    bob = import_work(book({"a": rows}), "w.xlsx", zone=zone, actor=people["bob"], dry_run=False)
    assert [(e.column, e.value) for e in bob.errors] == [("项目编号", "P2")]
    lee = import_work(
        book({"a": [rows[0], ["2026-05-01", "visit", "", "x", "y"]]}),
        "w.xlsx",
        zone=zone,
        actor=people["lee"],
        dry_run=False,
    )
    assert lee.errors and lee.errors[0].column == "" and counts() == (1, 1, 1)
    events = book({"e": [["日期", "活动名称", "类型"], ["2026-05-02", "推介会", "推介会"]]})
    refused = import_work(events, "w.xlsx", zone=zone, actor=people["bob"], dry_run=False)
    assert "局长" in refused.errors[0].message and theirs.pk


def test_a_file_that_is_no_workbook_of_work_is_refused(zone, people):
    with pytest.raises(LedgerFileError):
        import_work(b"not a spreadsheet", "w.xlsx", zone=zone, actor=people["alice"], dry_run=True)
    with pytest.raises(LedgerFileError, match="洽谈内容"):
        import_work(
            book({"x": [["a", "b"]]}), "w.xlsx", zone=zone, actor=people["alice"], dry_run=True
        )


def test_a_missing_required_column_is_an_error(zone, people):
    result = import_work(
        book({"a": [["日期", "洽谈内容"], ["2026-05-01", "拜访"]]}),
        "w.xlsx",
        zone=zone,
        actor=people["alice"],
        dry_run=False,
    )
    assert {e.column for e in result.errors} == {"类型", "参加人员"}


def test_the_pages_preview_apply_and_export(client, zone, people, work):
    client.force_login(people["alice"])
    content = export_bytes(zone=zone, viewer=people["alice"])
    Activity.objects.all().delete()
    upload = io.BytesIO(content)
    upload.name = "w.xlsx"
    page = client.post("/ledger/work/", {"file": upload})
    assert 'data-created="activities">1<' in page.text and Activity.objects.count() == 0
    response = client.post("/ledger/work/apply/")
    assert response.status_code == 302 and Activity.objects.count() == 1
    exported = client.get("/ledger/work/export/")
    assert exported.status_code == 200 and exported.content[:2] == b"PK"
    client.force_login(people["lee"])
    assert client.get("/ledger/work/").status_code == 200
    upload.seek(0)
    assert client.post("/ledger/work/", {"file": upload}).status_code == 403
    assert client.post("/ledger/work/apply/").status_code == 403


def test_the_commands_export_and_import(zone, people, work, tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "work.xlsx"
    call_command("export-work", "--zone", zone.code, "-o", str(path))
    call_command("import-work", str(path), "--zone", zone.code)
    assert "未变 3" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        book({"a": [["日期", "类型", "参加人员", "洽谈内容"], ["x", "visit", "a", "b"]]})
    )
    with pytest.raises(CommandError, match="1"):
        call_command("import-work", str(bad), "--zone", zone.code, "--user", "bob")
    assert "行" in capsys.readouterr().out and counts() == (1, 1, 1)
