"""Imports racing each other and imports cut short (issue 9, items 5 and 6).

Two previews made against the same data: the first confirmed applies; the second is refused
with what changed and who changed it, becomes a new preview, and overwrites nothing. An upload
whose worker was killed mid-apply (its transaction rolled back) is marked failed after the stall
time, says so on the page, and can be started again: it applies once."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.factories import TODAY, d
from tests.ledger import files
from zhaoshang.ledger import services, tasks
from zhaoshang.ledger.models import LedgerImport
from zhaoshang.projects import services as projects
from zhaoshang.projects.models import AgreementType, Project, Stage, StageLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("zhaoshang.ledger.services.shanghai_today", lambda: TODAY)


@pytest.fixture
def fertiliser(zone, refs, company):
    return projects.create_project(
        zone=zone,
        actor=None,
        code="P-1",
        name="水溶性复合肥项目",
        unit=refs["group1"],
        company=company,
        industry=refs["chem"],
        total_investment_wan=Decimal("120000"),
        agreement_type=AgreementType.CONTRACT,
        milestones={Stage.SIGNED: d("2026-05-18")},
        today=TODAY,
    )


def preview(zone, user, **record) -> LedgerImport:
    job = services.start_import(
        zone=zone,
        actor=user,
        filename="台账.xlsx",
        content=files.xlsx(
            files.table({"项目编号": "P-1", "项目名称": "水溶性复合肥项目", **record})
        ),
        today=TODAY,
    )
    assert job.status == LedgerImport.Status.PREVIEW, job.result.get("errors")
    return job


def test_a_preview_overtaken_by_another_import_is_refused_with_what_and_who(
    zone, people, fertiliser
):
    alice, bob = people["alice"], people["bob"]
    renaming = preview(zone, alice, 项目名称="年产20万吨水溶性复合肥项目")
    # bob's ledger still has the old name; he means to add a note.
    noting = preview(zone, bob, 项目名称="水溶性复合肥项目", 备注="已完成环评")
    assert [c[0] for c in noting.result["updated"][0]["changes"]] == ["备注"]

    services.apply_import(renaming, actor=alice, today=TODAY)
    noting = services.apply_import(noting, actor=bob, today=TODAY)

    fertiliser.refresh_from_db()
    assert fertiliser.name == "年产20万吨水溶性复合肥项目" and fertiliser.note == ""
    assert noting.status == LedgerImport.Status.PREVIEW
    assert "“P-1 年产20万吨水溶性复合肥项目”" in noting.message
    assert "由 alice 于" in noting.message and "经台账导入修改" in noting.message
    assert "项目名称" in noting.message and "请再次确认" in noting.message
    # The new preview shows what bob's file would now do: put the old name back, too.
    headers = [c[0] for c in noting.result["updated"][0]["changes"]]
    assert headers == ["项目名称", "备注"]
    # Confirmed again, knowingly, it applies.
    noting = services.apply_import(noting, actor=bob, today=TODAY)
    fertiliser.refresh_from_db()
    assert noting.status == LedgerImport.Status.APPLIED
    assert (fertiliser.name, fertiliser.note) == ("水溶性复合肥项目", "已完成环评")


def test_a_change_in_the_ui_after_a_preview_is_named_too(zone, people, fertiliser):
    alice, bob = people["alice"], people["bob"]
    noting = preview(zone, bob, 备注="已完成环评")
    projects.update_project(project=fertiliser, actor=alice, today=TODAY, name="复合肥二期项目")
    noting = services.apply_import(noting, actor=bob, today=TODAY)
    fertiliser.refresh_from_db()
    assert noting.status == LedgerImport.Status.PREVIEW
    assert "由 alice 于" in noting.message and "经界面修改" in noting.message
    assert (fertiliser.name, fertiliser.note) == ("复合肥二期项目", "")


def test_a_change_elsewhere_in_the_zone_does_not_stop_an_import(zone, people, fertiliser, refs):
    other = projects.create_project(
        zone=zone, actor=None, code="P-2", name="船用电机项目", unit=refs["group1"], today=TODAY
    )
    job = preview(zone, people["bob"], 备注="已完成环评")
    projects.update_project(project=other, actor=people["alice"], today=TODAY, note="另一项目")
    job = services.apply_import(job, actor=people["bob"], today=TODAY)
    fertiliser.refresh_from_db()
    assert job.status == LedgerImport.Status.APPLIED and fertiliser.note == "已完成环评"


# --- interrupted imports ----------------------------------------------------------------------------


def killed_mid_apply(job: LedgerImport, minutes_ago: int = 11) -> None:
    """What a worker killed in the write transaction leaves: APPLYING, no more heartbeats, the
    database as it was (the transaction rolled back with the process)."""
    LedgerImport.objects.filter(pk=job.pk).update(
        status=LedgerImport.Status.APPLYING,
        phase=LedgerImport.Phase.WRITE,
        updated_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


def test_an_import_whose_worker_died_is_failed_on_the_page_and_restarts_once(
    client, zone, people, fertiliser
):
    alice = people["alice"]
    job = preview(zone, alice, 备注="已完成环评")
    killed_mid_apply(job)
    client.force_login(alice)

    html = client.get(f"/ledger/imports/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.status == LedgerImport.Status.FAILED
    assert "“写入数据库”步骤中断" in job.message and "重新开始" in job.message
    assert 'id="job-failed"' in html and 'id="restart"' in html and "步骤中断" in html
    assert Project.objects.get(code="P-1").note == ""

    logs = StageLog.objects.count()
    client.post(f"/ledger/imports/{job.pk}/restart/")
    job.refresh_from_db()
    assert job.status == LedgerImport.Status.APPLIED
    assert Project.objects.get(code="P-1").note == "已完成环评"
    # Pressed again (a second tab): refused, nothing written twice.
    assert client.post(f"/ledger/imports/{job.pk}/restart/").status_code == 403
    assert Project.objects.get(code="P-1").version == 2 and StageLog.objects.count() == logs


def test_a_validation_cut_short_restarts_from_the_file(client, zone, people, fertiliser):
    alice = people["alice"]
    job = preview(zone, alice, 备注="已完成环评")
    LedgerImport.objects.filter(pk=job.pk).update(
        status=LedgerImport.Status.VALIDATING,
        phase=LedgerImport.Phase.VALIDATE,
        result={},
        updated_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert services.recover_stalled_imports(zone=zone) == 1
    job.refresh_from_db()
    assert job.status == LedgerImport.Status.FAILED and "“逐行校验”步骤中断" in job.message
    job = services.restart_import(job, actor=alice, today=TODAY)
    assert job.status == LedgerImport.Status.PREVIEW  # validated again: confirm as usual
    assert Project.objects.get(code="P-1").note == ""


def test_a_live_import_and_one_waiting_in_the_queue_are_left_alone(zone, people, fertiliser):
    from zhaoshang.ledger.tasks import validate_import_task

    alice = people["alice"]
    live = preview(zone, alice, 备注="甲")
    killed_mid_apply(live, minutes_ago=1)  # a heartbeat a minute ago: still running
    waiting = preview(zone, alice, 备注="乙")
    result = validate_import_task.enqueue(waiting.pk)  # the database queue: no worker yet
    LedgerImport.objects.filter(pk=waiting.pk).update(
        status=LedgerImport.Status.QUEUED,
        task_id=str(result.id),
        updated_at=timezone.now() - dt.timedelta(hours=2),
    )
    assert services.recover_stalled_imports() == 0
    statuses = dict(LedgerImport.objects.values_list("pk", "status"))
    assert statuses == {live.pk: "applying", waiting.pk: "queued"}


def test_only_the_uploader_restarts_and_only_a_failed_upload(zone, people, fertiliser):
    job = preview(zone, people["alice"], 备注="已完成环评")
    with pytest.raises(PermissionDenied):
        services.restart_import(job, actor=people["alice"])  # not failed
    killed_mid_apply(job)
    services.recover_stalled_imports(zone=zone)
    job.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.restart_import(job, actor=people["bob"])
    assert Project.objects.get(code="P-1").note == ""


def test_a_background_import_restarts_in_the_background(zone, people, fertiliser, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    job = preview(zone, people["alice"], 备注="已完成环评")
    LedgerImport.objects.filter(pk=job.pk).update(background=True)
    killed_mid_apply(job)
    services.recover_stalled_imports()
    job.refresh_from_db()
    job = services.restart_import(job, actor=people["alice"], today=TODAY)
    assert job.task_id and job.status == LedgerImport.Status.APPLIED
    assert Project.objects.get(code="P-1").note == "已完成环评"


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_keeps_a_long_task_alive(zone, people, settings):
    settings.LEDGER_STALL_SECONDS = 4  # a beat every second
    old = timezone.now() - dt.timedelta(minutes=5)
    job = LedgerImport.objects.create(
        zone=zone,
        user=people["alice"],
        filename="台账.csv",
        content=io.BytesIO(b"x").getvalue(),
        status=LedgerImport.Status.VALIDATING,
    )
    LedgerImport.objects.filter(pk=job.pk).update(updated_at=old)
    with tasks.heartbeat(job.pk):
        import time

        time.sleep(1.6)
    job.refresh_from_db()
    assert job.updated_at > old + dt.timedelta(minutes=4)
