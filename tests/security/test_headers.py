"""Headers and cookies: a Content-Security-Policy that runs no inline script (and pages that need
none), no copy of project data kept by a browser or proxy, cookies out of scripts' reach and off
cross-site requests, and one switch, ZHAOSHANG_HTTPS, for a site served over HTTPS."""

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import TODAY
from tests.ledger import files
from zhaoshang.ledger.models import LedgerImport
from zhaoshang.org.models import Role, User
from zhaoshang.org.services import create_zone, grant_role

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_KEY = "k7Qz-secret-key-for-the-deploy-check-0123456789abcdefghijklmnop"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


class InlineCode(HTMLParser):
    """Whatever in a page would need the CSP to allow inline code."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith(("on", "hx-on")):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if (
            tag == "script"
            and "src" not in attributes
            and attributes.get("type") != "application/json"
        ):
            self.in_script = True

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:80]}</script>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def project(build):
    return build("P1", "12000", signed="2026-04-01")


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", password="pw")


# --- Content-Security-Policy ----------------------------------------------------------------


def test_the_policy_runs_scripts_from_our_files_only(client, people):
    for response in (client.get("/accounts/login/"), _signed_in(client, people["alice"]).get("/")):
        found = policy(response)
        assert found["script-src"] == ["'self'"]
        assert found["object-src"] == ["'none'"]
        assert found["base-uri"] == ["'self'"]
        assert found["frame-ancestors"] == ["'none'"]
        assert found["form-action"] == ["'self'"]
        assert found["img-src"] == ["'self'", "data:"]
        assert found["default-src"] == ["'self'"]
        assert not any("'unsafe-eval'" in values for values in found.values())


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_no_page_has_inline_script_or_event_handlers(
    client, people, refs, project, root, monkeypatch
):
    """Every page of the workspace and of the admin, as the policy needs them: scripts from files,
    behaviour bound by those files (json_script data blocks are data, not code)."""
    monkeypatch.setattr("zhaoshang.projects.views.shanghai_today", lambda: TODAY)
    # With a second zone the top bar has its zone switcher.
    grant_role(user=people["alice"], zone=create_zone(code="east", name="东城"), role=Role.DIRECTOR)
    client.force_login(people["alice"])
    client.post("/zone/switch/", {"zone": project.zone.pk})
    pk = project.pk
    pages = {
        url: client.get(url)
        for url in [
            "/",
            "/?from=2026-01-01&as_of=2026-05-31",
            "/figures/signed/?from=2026-01-01&as_of=2026-05-31&back=/",
            "/projects/",
            "/projects/new/",
            f"/projects/{pk}/",
            f"/projects/{pk}/edit/",
            "/pipeline/",
            "/briefings/?from=2026-01-01&as_of=2026-05-31",
            "/briefings/rules/",
            "/targets/?year=2026",
            "/ledger/",
        ]
    }
    # A refused dialog comes back open (it used to be opened by an inline script).
    refused = client.post(f"/projects/{pk}/milestone/", {"stage": "started"})
    assert refused.status_code == 422 and "data-open-on-load" in refused.content.decode()
    pages["refused milestone"] = refused
    assert 'name="zone" class="form-select form-select-sm zs-zone"' in pages["/"].content.decode()
    client.force_login(root)
    unit = refs["group1"]
    for url in [
        "/admin/",
        "/admin/projects/project/",
        "/admin/org/unit/",
        f"/admin/org/unit/{unit.pk}/change/",
        "/admin/org/user/",
    ]:
        pages[url] = client.get(url)
    client.logout()
    pages["sign-in"] = client.get("/accounts/login/")
    pages["not found"] = client.get("/no/such/page/")
    for name, response in pages.items():
        assert response.status_code in {200, 404, 422}, name
        assert "script-src 'self';" in response["Content-Security-Policy"] + ";", name
        assert inline_code(response.content.decode()) == [], name


def test_the_scan_finds_what_it_looks_for():
    html = (
        '<select onchange="this.form.submit()"></select><a href="javascript:x()">a</a>'
        '<div hx-on:click="x()"></div><script>alert(1)</script>'
        '<script id="d" type="application/json">{"a": 1}</script><script src="/s.js"></script>'
    )
    assert len(inline_code(html)) == 4


# --- Cache-Control --------------------------------------------------------------------------


def test_pages_and_downloads_of_project_data_are_not_stored(client, people, project):
    client.force_login(people["alice"])
    refused = client.post(
        "/ledger/",
        {"file": upload({"项目编号": "P9", "项目名称": "新项目", "总投资(万元)": "很多"})},
    )
    job = LedgerImport.objects.get(filename="台账.csv")
    assert job.status == "invalid"
    responses = {
        "dashboard": client.get("/"),
        "project": client.get(f"/projects/{project.pk}/"),
        "briefing .md": client.get("/briefings/download/md/?from=2026-01-01&as_of=2026-05-31"),
        "briefing .xlsx": client.get("/briefings/download/xlsx/?from=2026-01-01&as_of=2026-05-31"),
        "ledger export": client.get("/ledger/export/?status=all"),
        "ledger template": client.get("/ledger/template/"),
        "upload": refused,
        "import preview": client.get(f"/ledger/imports/{job.pk}/"),
        "error sheet": client.get(f"/ledger/imports/{job.pk}/errors/"),
    }
    for name, response in responses.items():
        assert response.status_code in {200, 302}, name
        assert "no-store" in response["Cache-Control"], name
        assert "private" in response["Cache-Control"], name


def upload(record: dict) -> SimpleUploadedFile:
    return SimpleUploadedFile("台账.csv", files.csv_bytes(files.table(record)))


def test_the_sign_in_page_is_not_stored_either(client):
    assert "no-store" in client.get("/accounts/login/")["Cache-Control"]


# --- cookies ----------------------------------------------------------------------------------


def assert_guarded(cookie, *, secure: bool = False):
    assert cookie["httponly"] is True, cookie.key
    assert cookie["samesite"] == "Lax", cookie.key
    assert bool(cookie["secure"]) is secure, cookie.key


def test_signing_in_sets_only_guarded_cookies(client, people):
    people["alice"].language = "en"
    people["alice"].save()
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": "alice", "password": "pw"})
    assert response.status_code == 302
    cookies = response.cookies
    assert {settings.SESSION_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME} <= set(cookies)
    for cookie in cookies.values():
        assert_guarded(cookie)
    assert cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_the_language_switch_and_a_message_set_guarded_cookies(client, people, zone):
    client.force_login(people["alice"])
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302
    assert_guarded(switched.cookies[settings.LANGUAGE_COOKIE_NAME])
    saved = client.post("/targets/?year=2026", {"count_signed": "3"})
    assert saved.status_code == 302
    assert "messages" in saved.cookies
    assert_guarded(saved.cookies["messages"])


def test_plain_http_works_without_secure_cookies_hsts_or_redirects(client, people):
    """The default: an intranet served over plain HTTP."""
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert "Strict-Transport-Security" not in page
    assert not page.cookies[settings.CSRF_COOKIE_NAME]["secure"]
    signed_in = client.post("/accounts/login/", {"username": "alice", "password": "pw"})
    assert not signed_in.cookies[settings.SESSION_COOKIE_NAME]["secure"]
    assert client.get("/").status_code == 200


# --- ZHAOSHANG_HTTPS ----------------------------------------------------------------------------


def deployment(tmp_path, **extra) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ZHAOSHANG_", "DJANGO_")) and key not in {"DEBUG", "SECRET_KEY"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="zhaoshang.settings",
        DEBUG="0",
        SECRET_KEY=DEPLOY_KEY,
        ZHAOSHANG_VAR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    )
    return env


def test_the_deploy_check_is_silent_with_https_on(tmp_path):
    env = deployment(tmp_path, ALLOWED_HOSTS="zs.example.org", ZHAOSHANG_HTTPS="1")
    result = subprocess.run(
        [sys.executable, "-m", "zhaoshang", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    # …and it is the switch that silences it: without it Django names what is missing.
    env.pop("ZHAOSHANG_HTTPS")
    plain = subprocess.run(
        [sys.executable, "-m", "zhaoshang", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in plain.stdout + plain.stderr


SERVE_TWO_REQUESTS = """
import json
import django
from django.conf import settings
django.setup()
from django.test import Client
# As in the tests: pages render without a collectstatic manifest.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
client = Client()
plain = client.get("/accounts/login/")
proxied = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
csrf = proxied.cookies.get("csrftoken")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "proxied": proxied.status_code,
    "hsts": proxied.get("Strict-Transport-Security"),
    "csrf_cookie_secure": bool(csrf and csrf["secure"]),
}))
"""


def test_with_https_on_plain_http_is_redirected_and_the_proxys_word_is_taken(tmp_path):
    env = deployment(tmp_path, ALLOWED_HOSTS="testserver", ZHAOSHANG_HTTPS="1")
    result = subprocess.run(
        [sys.executable, "-c", SERVE_TWO_REQUESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://testserver/accounts/login/"]
    assert seen["proxied"] == 200
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["csrf_cookie_secure"] is True


# --- links from the query string -------------------------------------------------------------


@pytest.mark.parametrize(
    "back", ["//evil.example/", "/\\evil.example/", "javascript:alert(1)", "https://evil.example/"]
)
def test_the_figure_lists_way_back_is_a_path_of_this_site_only(client, people, back):
    client.force_login(people["alice"])
    html = client.get("/figures/signed/", {"back": back}).content.decode()
    links = re.findall(r'href="([^"]*)"', html)
    assert not [link for link in links if "evil.example" in link or "javascript:" in link]
    kept = client.get("/figures/signed/", {"back": "/briefings/?zone=testzone"}).content.decode()
    assert 'href="/briefings/?zone=testzone"' in kept
