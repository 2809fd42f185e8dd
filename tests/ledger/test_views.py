"""/ledger/ as people use it: upload → preview → apply, errors and their sheet, big files in the
background with a progress bar that survives a reload, exports and the template; refusals."""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from tests.factories import TODAY
from tests.ledger import files
from tests.ledger.conftest import database_state
from zhaoshang.ledger import services
from zhaoshang.ledger.models import LedgerImport
from zhaoshang.org.services import create_zone, mark_zone_changed
from zhaoshang.projects.models import Project, StageLog
from zhaoshang.projects.services import drop_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def login(client, user):
    client.force_login(user)
    return client


def upload(client, content: bytes, name: str = "台账.xlsx", **data):
    handle = io.BytesIO(content)
    handle.name = name
    return client.post("/ledger/", {"file": handle, **data})


GOOD = files.table(
    {
        "项目编号": "P-1",
        "项目名称": "水溶性复合肥项目",
        "总投资(万元)": "15亿",
        "开工日期": "2026-05-30",
    },
    {
        "项目编号": "P-100",
        "项目名称": "冷链物流园项目",
        "登记日期": "2026-05-01",
        "责任单位": "招商一组",
    },
)


def test_the_page_offers_upload_export_and_template(client, people, existing):
    response = login(client, people["alice"]).get("/ledger/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="upload-form"' in html and 'name="create_missing"' in html
    assert 'href="/ledger/export/?status=all"' in html and 'href="/ledger/template/"' in html
    assert 'href="/ledger/"' in html  # the 台账 section in the top bar


def test_a_member_uploads_without_the_create_missing_choice(client, people, existing):
    html = login(client, people["bob"]).get("/ledger/").content.decode()
    assert 'id="upload-form"' in html and "create_missing" not in html
    assert "只能导入本单位的项目" in html


@pytest.mark.parametrize("who", ["lee", "cody"])
def test_leaders_and_contributors_are_refused_the_upload(client, people, existing, who):
    client = login(client, people[who])
    html = client.get("/ledger/").content.decode()
    assert 'id="upload-form"' not in html and 'id="import-refused"' in html
    state = database_state(existing["fert"].zone)
    response = upload(client, files.xlsx(GOOD))
    assert response.status_code == 403
    assert database_state(existing["fert"].zone) == state
    assert not LedgerImport.objects.exists()


def test_upload_preview_apply(client, people, existing, zone):
    client = login(client, people["alice"])
    state = database_state(zone)
    response = upload(client, files.xlsx(GOOD))
    job = LedgerImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ledger/imports/{job.pk}/"
    assert (job.status, job.background, job.created, job.updated) == ("preview", False, 1, 1)
    html = client.get(response["Location"]).content.decode()
    assert 'data-count="created">1<' in html and 'data-count="updated">1<' in html
    assert "120000.00" in html and "150000.00" in html  # old → new
    assert "冷链物流园项目" in html and 'id="apply"' in html
    assert database_state(zone) == state  # a preview writes nothing
    response = client.post(f"/ledger/imports/{job.pk}/apply/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "applied" and job.applied_at
    assert Project.objects.get(code="P-1").total_investment_wan == 150000
    assert StageLog.objects.filter(
        project__code="P-1", milestone="started", source="import"
    ).exists()
    html = client.get(f"/ledger/imports/{job.pk}/").content.decode()
    assert 'id="job-applied"' in html and 'id="apply"' not in html
    # Applying twice is refused.
    response = client.post(f"/ledger/imports/{job.pk}/apply/")
    assert response.status_code == 403


def test_an_upload_with_errors_lists_them_and_gives_the_sheet_back(client, people, existing, zone):
    rows = files.table(
        {"项目编号": "P-1", "项目名称": "水溶性复合肥项目", "总投资(万元)": "很多"},
        {"项目编号": "P-101", "项目名称": "好项目", "登记日期": "2026-05-01"},
        {"项目编号": "P-102", "项目名称": "", "登记日期": "2026-06-30"},
    )
    client = login(client, people["alice"])
    upload(client, files.xlsx(rows, title_rows=[["2026年项目台账"]]))
    job = LedgerImport.objects.get()
    assert job.status == "invalid" and job.error_count == 3
    html = client.get(f"/ledger/imports/{job.pk}/").content.decode()
    assert "发现 3 处错误,没有写入任何数据" in html
    assert "“很多”不是金额" in html and 'id="apply"' not in html
    response = client.get(f"/ledger/imports/{job.pk}/errors/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "2026年项目台账"  # the file as it came, title row included
    header = values[1]
    assert header[-1] == "错误说明"
    assert "【总投资(万元)】“很多”不是金额" in values[2][-1]
    assert values[3][-1] is None  # a good row has no remark
    assert "【项目名称】项目名称不能为空" in values[4][-1]
    assert "【登记日期】" in values[4][-1]
    # The sheet uploads again: its 错误说明 column is not an unknown column.
    fixed = [[*row[:-1]] for row in values[1:]]
    fixed[1][2] = "1.5亿"
    fixed[3][1] = "补上名称"
    fixed[3][3] = "2026-05-30"
    upload(client, files.xlsx(fixed))
    again = LedgerImport.objects.latest("id")
    assert again.status == "preview", again.result["errors"]
    assert again.result["ignored"] == []


def test_a_csv_upload_gets_its_errors_back_as_csv(client, people, existing):
    client = login(client, people["alice"])
    upload(
        client,
        files.csv_bytes(files.table({"项目名称": "甲", "登记日期": "昨天"}), encoding="gbk"),
        "台账.csv",
    )
    job = LedgerImport.objects.get()
    response = client.get(f"/ledger/imports/{job.pk}/errors/")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "项目名称,登记日期,错误说明"
    assert text.splitlines()[1].startswith("甲,昨天,【登记日期】“昨天”不是有效日期")


def test_a_big_file_runs_in_the_background_with_progress(
    client, people, existing, zone, monkeypatch
):
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 1)
    client = login(client, people["alice"])
    response = upload(client, files.xlsx(GOOD))
    job = LedgerImport.objects.get()
    # The immediate backend ran the validation task inside the request.
    assert job.background and job.task_id and job.status == "preview"
    assert (job.rows_total, job.rows_read, job.rows_validated) == (2, 2, 2)
    html = client.get(response["Location"]).content.decode()
    assert 'id="apply"' in html
    client.post(f"/ledger/imports/{job.pk}/apply/")
    job.refresh_from_db()
    assert job.status == "applied" and job.rows_written == 2
    assert Project.objects.filter(code="P-100").exists()


def test_progress_survives_a_reload(client, people, existing, zone):
    job = LedgerImport.objects.create(
        zone=zone,
        user=people["alice"],
        filename="大台账.xlsx",
        content=b"",
        background=True,
        status=LedgerImport.Status.VALIDATING,
        phase="validate",
        rows_total=40000,
        rows_read=40000,
        rows_validated=12000,
    )
    client = login(client, people["alice"])
    html = client.get(f"/ledger/imports/{job.pk}/").content.decode()
    assert (
        f'hx-get="/ledger/imports/{job.pk}/progress/"' in html and 'hx-trigger="every 1s"' in html
    )
    assert 'aria-valuenow="30"' in html and "12000 / 40000" in html
    partial = client.get(f"/ledger/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in partial
    LedgerImport.objects.filter(pk=job.pk).update(status=LedgerImport.Status.PREVIEW)
    partial = client.get(f"/ledger/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert partial["HX-Refresh"] == "true"


def test_a_preview_overtaken_by_other_changes_goes_back_for_confirmation(
    client, people, existing, zone
):
    client = login(client, people["alice"])
    upload(client, files.xlsx(GOOD))
    job = LedgerImport.objects.get()
    # Meanwhile someone drops P-1 in the UI: the confirmed preview is no longer what would happen.
    drop_project(
        project=existing["fert"], actor=people["alice"], on=TODAY, reason="投资方撤回", today=TODAY
    )
    mark_zone_changed(zone.pk)
    client.post(f"/ledger/imports/{job.pk}/apply/")
    job.refresh_from_db()
    assert job.status == "preview" and "请再次确认" in job.message
    assert Project.objects.get(code="P-1").total_investment_wan == 120000


def test_other_peoples_uploads_are_not_found(client, people, existing):
    upload(login(client, people["alice"]), files.xlsx(GOOD))
    job = LedgerImport.objects.get()
    client = login(client, people["bob"])
    assert client.get(f"/ledger/imports/{job.pk}/").status_code == 404
    assert client.post(f"/ledger/imports/{job.pk}/apply/").status_code == 404
    assert client.get(f"/ledger/imports/{job.pk}/errors/").status_code == 404


def test_a_member_cannot_sneak_create_missing_in(client, people, existing):
    upload(
        login(client, people["bob"]),
        files.xlsx(files.table({"项目名称": "甲", "所属产业": "航天"})),
        create_missing="on",
    )
    job = LedgerImport.objects.get()
    assert not job.create_missing and job.status == "invalid"


def test_a_bad_upload_is_refused_by_the_form(client, people, existing):
    response = upload(login(client, people["alice"]), b"%PDF", "报告.pdf")
    assert response.status_code == 400
    assert "不支持“.pdf”文件" in response.content.decode()


def export_codes(response) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [row[0].value for row in sheet.iter_rows(min_row=2)]


def test_the_export_follows_the_library_filter_and_the_policy(client, people, existing, refs):
    drop_project(project=existing["lead"], actor=None, on=TODAY, reason="放弃", today=TODAY)
    client = login(client, people["alice"])
    whole = client.get("/ledger/export/", {"status": "all"})
    assert whole["Content-Type"].startswith("application/vnd.openxmlformats")
    assert sorted(export_codes(whole)) == ["P-1", "P-2", "P-3"]
    # The library's default (no parameters) leaves dropped projects out, as its list does.
    assert sorted(export_codes(client.get("/ledger/export/"))) == ["P-1", "P-2"]
    assert export_codes(
        client.get("/ledger/export/", {"unit": refs["group2"].pk, "status": "all"})
    ) == ["P-2"]
    assert export_codes(client.get("/ledger/export/", {"q": "sdl", "status": "all"})) == ["P-1"]
    assert export_codes(client.get("/ledger/export/", {"industry": refs["mfg"].pk})) == []
    member = login(client, people["bob"]).get("/ledger/export/", {"status": "all"})
    assert sorted(export_codes(member)) == ["P-1", "P-3"]
    book = openpyxl.load_workbook(io.BytesIO(member.content))
    notes = " ".join(str(c.value) for row in book["统计口径"].iter_rows() for c in row if c.value)
    assert "仅含您有权查看的项目" in notes


def test_the_template_downloads(client, people, existing):
    response = login(client, people["lee"]).get("/ledger/template/")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["A1"].value == "项目编号"


def test_the_ledger_needs_a_login(client):
    assert client.get("/ledger/").status_code == 302
    assert client.get("/ledger/export/").status_code == 302


def test_uploaded_files_are_emptied_after_the_keeping_days(client, people, existing, settings):
    settings.LEDGER_UPLOAD_KEEP_DAYS = 30
    client = login(client, people["alice"])
    upload(client, files.xlsx(GOOD))  # left as a preview
    bad = files.table({"项目编号": "P-1", "项目名称": "水溶性复合肥项目", "总投资(万元)": "很多"})
    upload(client, files.xlsx(bad))
    preview, invalid = LedgerImport.objects.order_by("id")
    month_ago = timezone.now() - dt.timedelta(days=31)
    LedgerImport.objects.update(created_at=month_ago)

    upload(client, files.xlsx(GOOD))  # a new upload clears the zone's old files
    preview.refresh_from_db()
    invalid.refresh_from_db()
    assert bytes(preview.content) == b"" and preview.content_cleared_at
    assert preview.status == "expired" and invalid.status == "invalid"
    assert bytes(LedgerImport.objects.latest("id").content) != b""  # the new one is whole
    html = client.get(f"/ledger/imports/{invalid.pk}/").content.decode()
    assert 'id="job-cleared"' in html and "按保留期限(30 天)删除" in html
    assert 'id="download-errors"' not in html
    assert client.get(f"/ledger/imports/{invalid.pk}/errors/").status_code == 404
    # The expired preview can no longer be confirmed.
    assert client.post(f"/ledger/imports/{preview.pk}/apply/").status_code == 403
    assert Project.objects.get(code="P-1").total_investment_wan == 120000


def test_recent_uploads_and_other_zones_keep_their_files(people, existing, zone, settings):
    settings.LEDGER_UPLOAD_KEEP_DAYS = 30

    def stored(in_zone, status="applied"):
        return LedgerImport.objects.create(
            zone=in_zone, filename="a.xlsx", content=b"x", size=1, status=status
        )

    recent = stored(zone)
    elsewhere = stored(create_zone(code="other", name="另一开发区"))
    assert services.forget_old_uploads(zone=zone) == 0
    recent.refresh_from_db()
    assert bytes(recent.content) == b"x"
    later = timezone.now() + dt.timedelta(days=31)
    running = stored(zone, status="applying")
    assert services.forget_old_uploads(zone=zone, now=later) == 1  # not the running one
    for kept in (running, elsewhere):
        kept.refresh_from_db()
        assert bytes(kept.content) == b"x"
