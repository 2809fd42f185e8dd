"""Sign-ins, failed sign-ins, lockouts, sign-outs, exports and downloads of project data are in
the change log beside the writes: who (or the username tried), when, from where, and what."""

import io

import pytest

from tests.factories import TODAY
from tests.ledger import files
from zhaoshang.core.models import ChangeLog
from zhaoshang.ledger.models import LedgerImport
from zhaoshang.reports.writers import FORMATS

Action = ChangeLog.Action
PERIOD = "from=2026-01-01&as_of=2026-05-31"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch, settings):
    for module in ("zhaoshang.reports.views", "zhaoshang.ledger.services"):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def sign_in(client, username, password, address="10.4.4.4"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def events(action) -> list[ChangeLog]:
    return list(ChangeLog.objects.filter(action=action).order_by("id"))


def test_a_sign_in_and_a_sign_out_are_on_record_with_the_address(client, people):
    sign_in(client, "bob", "pw")
    client.post("/accounts/logout/", REMOTE_ADDR="10.4.4.5")
    [login] = events(Action.LOGIN)
    assert (login.actor, login.address, login.object_repr) == (people["bob"], "10.4.4.4", "bob")
    [logout] = events(Action.LOGOUT)
    assert (logout.actor, logout.address) == (people["bob"], "10.4.4.5")
    assert logout.created_at >= login.created_at


def test_failed_sign_ins_name_the_username_tried_and_the_lockout(client, people):
    for _ in range(5):
        sign_in(client, "bob", "guess", address="10.6.6.6")
    sign_in(client, "bob", "pw", address="10.6.6.6")  # the right one, refused by the lock
    sign_in(client, "no-such-user", "x", address="10.7.7.7")
    failed = events(Action.LOGIN_FAILED)
    assert [(f.object_repr, f.address, f.actor) for f in failed] == [
        *[("bob", "10.6.6.6", None)] * 4,
        ("no-such-user", "10.7.7.7", None),
    ]
    locked = events(Action.LOCKOUT)
    # The fifth failure locks; the right password after it is refused under the lock.
    assert [(f.object_repr, f.address) for f in locked] == [("bob", "10.6.6.6")] * 2
    assert not events(Action.LOGIN)
    assert all("guess" not in str(f.details) for f in failed + locked)


def test_the_ledger_export_is_on_record_with_its_filter_and_zone(client, people, build, zone):
    build("P1", "12000", signed="2026-04-01")
    build("P2", "8000", unit="group2", signed="2026-04-02")
    build("P3", "9000", lead="2026-02-01")
    client.force_login(people["bob"])
    response = client.get("/ledger/export/?status=all&stage=signed", REMOTE_ADDR="10.5.5.5")
    assert response.status_code == 200
    [export] = events(Action.EXPORT)
    assert export.actor == people["bob"] and export.address == "10.5.5.5"
    assert export.details["zone"] == zone.code and export.details["format"] == "xlsx"
    assert export.details["filter"] == "status=all&stage=signed"
    assert export.details["rows"] == 1  # the signed project of bob's unit: P1
    assert "仅含您有权查看的项目" in export.details["scope"]
    client.force_login(people["alice"])
    client.get("/ledger/export/?status=all")
    assert events(Action.EXPORT)[-1].details["rows"] == 3
    for encoding in ("utf-8", "gbk"):
        response = client.get(f"/ledger/export/?status=all&format=csv&encoding={encoding}")
        assert response.status_code == 200
        csv_export = events(Action.EXPORT)[-1]
        assert csv_export.details["format"] == f"csv-{encoding}"
        assert csv_export.object_repr.endswith(".csv") and csv_export.details["rows"] == 3


def test_the_error_sheet_download_is_on_record(client, people, zone):
    client.force_login(people["alice"])
    handle = io.BytesIO(files.xlsx(files.table({"项目名称": "甲", "登记日期": "昨天"})))
    handle.name = "台账.xlsx"
    client.post("/ledger/", {"file": handle})
    job = LedgerImport.objects.get()
    assert client.get(f"/ledger/imports/{job.pk}/errors/").status_code == 200
    [download] = events(Action.DOWNLOAD)
    assert download.actor == people["alice"] and download.address == "127.0.0.1"
    assert download.object_id == job.pk
    assert download.details["what"] == "ledger-errors" and download.details["format"] == "xlsx"
    assert download.details["zone"] == zone.code and download.details["rows"] == 1


def test_every_briefing_download_is_on_record(client, people, build, zone):
    build("P1", "12000", signed="2026-04-01")
    client.force_login(people["lee"])
    for name in FORMATS:
        response = client.get(f"/briefings/download/{name}/?{PERIOD}")
        assert response.status_code == 200, name
    downloads = events(Action.DOWNLOAD)
    assert [d.details["format"] for d in downloads] == list(FORMATS)
    for download in downloads:
        assert download.actor == people["lee"] and download.details["zones"] == [zone.code]
        assert download.details["from"] == "2026-01-01"
        assert download.details["as_of"] == "2026-05-31"
        assert download.object_repr.endswith("." + download.details["format"])


def test_the_audit_trail_shows_events_to_a_superuser(client, people, django_user_model):
    sign_in(client, "nobody", "x")
    root = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(root)
    page = client.get("/admin/core/changelog/?action=login_failed")
    assert page.status_code == 200 and "nobody" in page.text
    row = ChangeLog.objects.get(action=Action.LOGIN_FAILED)
    assert client.get(f"/admin/core/changelog/{row.pk}/change/").status_code == 200
