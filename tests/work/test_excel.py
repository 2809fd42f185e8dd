"""Activities, trips and events in Excel: export → import changes nothing; new rows are created
through the services; every error names its sheet, row, column and value; one bad row and
nothing is written; a member imports only their unit's work; `import-work` / `export-work`."""

import io

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import TODAY, d
from zhaoshang.core.models import ChangeLog
from zhaoshang.ledger.work import export_work, import_work
from zhaoshang.org.models import Region
from zhaoshang.work import services
from zhaoshang.work.models import Activity, Event, Trip

pytestmark = pytest.mark.django_db


def workbook(sheets: dict[str, list[list]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    book.close()
    return out.getvalue()


@pytest.fixture
def recorded(zone, refs, build):
    p1 = build("P1", "20000", negotiating="2026-01-10")
    s1 = build("S1", "120000", signed="2026-05-18")
    services.record_activity(
        zone=zone,
        actor=None,
        kind="visit",
        date=d("2026-05-20"),
        summary="=拜访(以等号开头)",
        unit=refs["group1"],
        projects=[p1],
        companies=[p1.company],
        today=TODAY,
    )
    services.record_trip(
        zone=zone,
        actor=None,
        unit=refs["group1"],
        start_date=d("2026-04-08"),
        end_date=d("2026-04-11"),
        cities=[Region.objects.get(name="苏州市"), Region.objects.get(name="北京市")],
        leads=[p1],
        today=TODAY,
    )
    services.record_event(
        zone=zone,
        actor=None,
        name="第四届资本交易大会",
        kind="capital_fair",
        date=d("2026-05-18"),
        city=Region.objects.get(name="德州市"),
        signed_projects=[s1],
        today=TODAY,
    )


def exported(zone) -> bytes:
    out = io.BytesIO()
    export_work(out, zone=zone)
    return out.getvalue()


def test_export_then_import_changes_nothing(zone, people, recorded):
    content = exported(zone)
    logged = ChangeLog.objects.count()
    result = import_work(
        zone=zone, actor=people["alice"], content=content, filename="work.xlsx", today=TODAY
    )
    assert result.ok, [e.line() for e in result.errors]
    assert result.unchanged == {"招商活动": 1, "外出招商": 1, "会展活动": 1}
    assert not result.created and not result.updated
    assert ChangeLog.objects.count() == logged
    assert Activity.objects.get().summary == "=拜访(以等号开头)"  # text, never a formula


ACTIVITY_HEADER = ["日期", "类型", "责任单位", "项目编号", "洽谈内容", "下一步日期"]


def test_new_rows_are_created_through_the_services(zone, people, build):
    p1 = build("P1", "20000", negotiating="2026-01-10")
    content = workbook(
        {
            "招商活动": [
                ACTIVITY_HEADER,
                ["2026-05-21", "登门拜访", "招商一组", "P1", "谈扩产", "2026/6/30"],
            ],
            "外出招商": [
                ["责任单位", "出发日期", "返回日期", "目的地"],
                ["招商一组", "2026年4月8日", "2026-04-10", "苏州、无锡"],
            ],
        }
    )
    result = import_work(
        zone=zone, actor=people["bob"], content=content, filename="w.xlsx", today=TODAY
    )
    assert result.ok, [e.line() for e in result.errors]
    activity = Activity.objects.get()
    assert (activity.kind, activity.next_step_date) == ("visit", d("2026-06-30"))
    assert activity.submitted_by == people["bob"]
    p1.refresh_from_db()
    assert p1.last_activity_date == d("2026-05-21")
    assert Trip.objects.get().days == 3
    assert ChangeLog.objects.filter(source="import", content_type__model="trip").count() == 1


def test_every_error_names_sheet_row_column_and_value_and_nothing_is_written(zone, people, build):
    build("P1", "20000", negotiating="2026-01-10")
    content = workbook(
        {
            "招商活动": [
                ACTIVITY_HEADER,
                ["2026-05-21", "登门拜访", "招商一组", "P1", "好的一行", ""],
                ["2026-05-21", "喝茶", "招商一组", "P9", "", ""],
                ["2026-06-30", "登门拜访", "招商一组", "", "未来的日期", ""],
            ],
            "会展活动": [
                ["名称", "类型", "日期", "城市"],
                ["推介会", "推介会", "2026-05-18", "山东省"],
            ],
        }
    )
    result = import_work(
        zone=zone, actor=people["alice"], content=content, filename="w.xlsx", today=TODAY
    )
    lines = [e.line() for e in result.errors]
    found = {(e.sheet, e.row, e.column) for e in result.errors}
    assert ("招商活动", 3, "类型") in found
    assert ("招商活动", 3, "项目编号") in found
    assert ("招商活动", 3, "洽谈内容") in found
    assert ("招商活动", 4, "日期") in found  # refused by the service, named by its column
    assert ("会展活动", 2, "城市") in found
    assert any("喝茶" in line and "第 3 行" in line for line in lines)
    assert not Activity.objects.exists() and not Event.objects.exists()


def test_a_members_rows_must_be_their_units(zone, people, refs, build):
    build("P2", "30000", unit="group2", negotiating="2026-01-10")
    content = workbook(
        {
            "招商活动": [
                ACTIVITY_HEADER,
                ["2026-05-21", "登门拜访", "招商一组", "", "本组", ""],
                ["2026-05-21", "登门拜访", "招商二组", "", "别组", ""],
                ["2026-05-21", "登门拜访", "招商一组", "P2", "别组的项目", ""],
            ]
        }
    )
    result = import_work(
        zone=zone, actor=people["bob"], content=content, filename="w.xlsx", today=TODAY
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, ""), (4, "")]
    assert not Activity.objects.exists()


def test_a_member_changing_another_units_exported_row_is_refused(zone, people, refs):
    services.record_activity(
        zone=zone,
        actor=None,
        kind="visit",
        date=d("2026-05-20"),
        summary="二组拜访",
        unit=refs["group2"],
        today=TODAY,
    )
    activity = Activity.objects.get()
    content = workbook(
        {
            "招商活动": [
                ["编号", *ACTIVITY_HEADER],
                [activity.pk, "2026-05-20", "登门拜访", "招商二组", "", "改了", ""],
            ]
        }
    )
    result = import_work(
        zone=zone, actor=people["bob"], content=content, filename="w.xlsx", today=TODAY
    )
    assert len(result.errors) == 1 and result.errors[0].row == 2
    assert Activity.objects.get().summary == "二组拜访"


@pytest.mark.parametrize("who", ["lee", "cody"])
def test_leaders_and_contributors_import_nothing(zone, people, who):
    with pytest.raises(PermissionDenied):
        import_work(
            zone=zone,
            actor=people[who],
            content=workbook({"招商活动": [ACTIVITY_HEADER]}),
            filename="w.xlsx",
            today=TODAY,
        )


def test_the_preview_writes_nothing(zone, people):
    content = workbook(
        {"招商活动": [ACTIVITY_HEADER, ["2026-05-21", "电话/线上", "招商一组", "", "电话", ""]]}
    )
    result = import_work(
        zone=zone,
        actor=people["alice"],
        content=content,
        filename="w.xlsx",
        dry_run=True,
        today=TODAY,
    )
    assert result.ok and result.created == {"招商活动": 1} and not result.applied
    assert not Activity.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(zone, people):
    from zhaoshang.ledger.reader import LedgerFileError

    with pytest.raises(LedgerFileError):
        import_work(
            zone=zone,
            actor=None,
            content=b"%PDF-1.4 not a sheet",
            filename="w.xlsx",
            today=TODAY,
        )


def test_the_commands_round_trip_and_list_errors(zone, people, recorded, tmp_path, capsys):
    path = tmp_path / "work.xlsx"
    call_command("export-work", zone=zone.code, output=str(path))
    call_command("import-work", str(path), zone=zone.code, today=TODAY)
    out = capsys.readouterr().out
    assert "招商活动:新增 0,修改 0,不变 1" in out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        workbook({"招商活动": [ACTIVITY_HEADER, ["x", "登门拜访", "招商一组", "", "y", ""]]})
    )
    with pytest.raises(CommandError) as failed:
        call_command("import-work", str(bad), zone=zone.code, today=TODAY)
    assert failed.value.returncode == 1
    assert "“招商活动”第 2 行,“日期”列,值“x”" in capsys.readouterr().out


def test_the_page_previews_then_confirms(client, people, monkeypatch):
    monkeypatch.setattr("zhaoshang.work.services.shanghai_today", lambda: TODAY)
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = workbook(
        {"招商活动": [ACTIVITY_HEADER, ["2026-05-21", "客商来访", "招商一组", "", "来访", ""]]}
    )
    client.force_login(people["bob"])
    page = client.post("/ledger/work/", {"file": SimpleUploadedFile("w.xlsx", content)})
    assert 'id="work-preview"' in page.text and "招商活动:新增 1" in page.text
    assert not Activity.objects.exists()
    hidden = page.context["content"]
    done = client.post("/ledger/work/", {"confirm": "1", "content": hidden, "filename": "w.xlsx"})
    assert 'id="work-applied"' in done.text
    assert Activity.objects.get().kind == "reception"
    download = client.get("/ledger/work/export/")
    assert download.status_code == 200 and download.content.startswith(b"PK")


def test_the_page_lists_every_error(client, people, monkeypatch):
    monkeypatch.setattr("zhaoshang.work.services.shanghai_today", lambda: TODAY)
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = workbook(
        {"招商活动": [ACTIVITY_HEADER, ["2026-05-21", "喝茶", "招商九组", "", "", ""]]}
    )
    client.force_login(people["alice"])
    page = client.post("/ledger/work/", {"file": SimpleUploadedFile("w.xlsx", content)})
    assert page.text.count("<tr><td>招商活动</td>") == 3  # 类型, 责任单位, 洽谈内容
    assert 'id="work-confirm"' not in page.text


def test_leaders_may_export_but_not_import(client, people):
    client.force_login(people["lee"])
    assert client.get("/ledger/work/").status_code == 200
    assert client.post("/ledger/work/", {}).status_code == 403
    assert client.get("/ledger/work/export/").status_code == 200
