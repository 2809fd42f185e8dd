"""Error pages are pages of the application: the top bar, the user's language (their choice, kept
in the language cookie — not the browser's Accept-Language), what happened and a way on. The 500
page shows even when the database is down. DEBUG is off, as in production."""

import logging
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

from tests.factories import make_user
from zhaoshang.org.models import Role
from zhaoshang.org.services import create_zone
from zhaoshang.projects.models import Project
from zhaoshang.targets.models import Target

# The user's language against a browser that asks for the other one.
LANGUAGES = {"zh-hans": "en", "en": "zh-CN"}


@pytest.fixture
def browser_in():
    def make(language: str, **options) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=LANGUAGES[language], **options)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return make


def html_of(response) -> str:
    return response.content.decode()


def in_the_frame(html: str, user: str | None = None) -> bool:
    framed = 'class="navbar navbar-expand-lg zs-topbar"' in html and 'id="zs-nav"' in html
    return framed and (user is None or user in html)


@pytest.mark.parametrize(
    ("language", "title", "reason"),
    [
        ("zh-hans", "无权操作", "您无权新建项目。"),
        ("en", "Not allowed", "You are not allowed to create projects."),
    ],
)
def test_a_leader_refused_a_new_project_reads_why_in_the_app(
    browser_in, people, language, title, reason
):
    client = browser_in(language)
    client.force_login(people["lee"])
    response = client.get("/projects/new/")
    html = html_of(response)
    assert response.status_code == 403
    assert f'<p class="mb-4" id="error-reason">{reason}</p>' in html
    assert f'<h1 class="h4">{title}</h1>' in html
    assert in_the_frame(html, user="lee")
    assert 'href="/"' in html
    assert f'<html lang="{"en" if language == "en" else "zh-CN"}">' in html
    assert not Project.objects.exists()


def test_the_board_asking_for_json_gets_the_reason_as_json(browser_in, people, build):
    project = build("P1", "5000", lead="2026-03-01")
    client = browser_in("en")
    client.force_login(people["lee"])
    response = client.post(
        f"/projects/{project.pk}/milestone/",
        {"stage": "negotiating", "on": "2026-05-30"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 403
    assert response.json() == {
        "ok": False,
        "message": "You are not allowed to change this project.",
    }


def test_a_refusal_without_a_reason_still_says_what_happened(browser_in, people, zone):
    client = browser_in("zh-hans")
    client.force_login(people["bob"])  # a member: the zone's counting rules are not theirs
    response = client.post("/briefings/rules/", {})
    assert response.status_code == 403
    assert "您无权执行此操作。" in html_of(response)
    assert in_the_frame(html_of(response))


@pytest.mark.parametrize(
    ("language", "title", "reason", "back"),
    [
        ("zh-hans", "页面不存在", "您要打开的页面或记录不存在，或者您无权查看。", "返回驾驶舱"),
        (
            "en",
            "Page not found",
            "The page or record you asked for does not exist, or you are not allowed to see it.",
            "Back to the dashboard",
        ),
    ],
)
def test_another_units_project_is_not_found_in_the_same_words_as_a_missing_one(
    browser_in, people, build, language, title, reason, back
):
    theirs = build("P2", "5000", unit="group2", lead="2026-03-01")
    client = browser_in(language)
    client.force_login(people["bob"])
    hidden = client.get(f"/projects/{theirs.pk}/")
    missing = client.get("/projects/999999/")
    assert hidden.status_code == missing.status_code == 404
    for response in (hidden, missing):
        html = html_of(response)
        assert title in html and reason in html and back in html
        assert in_the_frame(html, user="bob")
    assert theirs.name not in html_of(hidden)


def test_a_missing_page_offers_the_sign_in_to_someone_signed_out(browser_in):
    response = browser_in("en").get("/no/such/page/")
    html = html_of(response)
    assert response.status_code == 404
    assert "Page not found" in html
    assert 'href="/accounts/login/"' in html


@pytest.mark.parametrize(
    ("language", "title", "reason"),
    [
        ("zh-hans", "页面已过期", "没有保存任何内容"),
        ("en", "This page has expired", "so nothing was saved"),
    ],
)
def test_a_form_sent_without_its_csrf_token_is_refused_kindly(
    browser_in, people, zone, language, title, reason
):
    client = browser_in(language, enforce_csrf_checks=True)
    client.force_login(people["alice"])
    response = client.post("/targets/?year=2026", {"count_signed": "3"})
    html = html_of(response)
    assert response.status_code == 403
    assert title in html and reason in html
    assert in_the_frame(html, user="alice")
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    ("language", "title", "text"),
    [
        ("zh-hans", "出错了", "错误已记录"),
        ("en", "Something went wrong", "it has been logged"),
    ],
)
def test_a_view_that_fails_gives_the_500_page_in_the_users_language_and_logs_it(
    browser_in, people, zone, monkeypatch, caplog, language, title, text
):
    def broken(**kwargs):
        raise RuntimeError("the figures engine broke")

    monkeypatch.setattr("zhaoshang.dashboard.views.selectors.cached_figures", broken)
    client = browser_in(language, raise_request_exception=False)
    client.force_login(people["alice"])
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/")
    html = html_of(response)
    assert response.status_code == 500
    assert f'<h1 class="h4">{title}</h1>' in html and text in html
    assert 'class="navbar zs-topbar"' in html and 'href="/"' in html
    assert "the figures engine broke" not in html  # the details are in the log, not the page
    assert any(
        record.exc_info and "the figures engine broke" in str(record.exc_info[1])
        for record in caplog.records
    )
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("language", "title"), [("zh-hans", "出错了"), ("en", "Something went wrong")]
)
def test_the_500_page_shows_while_the_database_is_down(browser_in, people, language, title):
    client = browser_in(language, raise_request_exception=False)
    client.force_login(people["alice"])
    down = OperationalError("could not connect to server")
    with mock.patch.object(CursorWrapper, "execute", side_effect=down) as execute:
        response = client.get("/")
    assert execute.called  # the request did reach for the database
    assert response.status_code == 500
    assert title in html_of(response)


@pytest.mark.usefixtures("static_files")
def test_the_refusal_in_a_browser_is_a_page_of_the_app(
    page,
    live_server,
    transactional_db,
    screenshot,
):
    zone = create_zone(code="err", name="运河经济开发区")
    make_user("leader", zone, Role.LEADER)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "leader")
    page.fill("input[name=password]", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/projects/new/")
    assert page.locator("#error-reason").inner_text() == "您无权新建项目。"
    assert page.locator(".zs-topbar .zs-zone-name").inner_text() == "运河经济开发区"
    assert page.locator(".zs-error").evaluate("e => getComputedStyle(e).borderTopWidth") == "4px"
    screenshot("error-403")
    page.click("text=返回驾驶舱")
    page.wait_for_url(f"{live_server.url}/")
    assert page.errors == [
        "Failed to load resource: the server responded with a status of 403 (Forbidden)"
    ]
