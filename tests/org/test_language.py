"""Chinese unless the user chose English with the switch: an English browser still gets Chinese;
the choice is remembered for the session before sign-in and on the account after it."""

from django.conf import settings
from django.test import Client


def english_browser() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")


def test_an_english_browser_gets_chinese_until_english_is_chosen(db):
    browser = english_browser()
    page = browser.get("/accounts/login/")
    assert 'lang="zh-CN"' in page.text and "登录" in page.text

    browser.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = browser.get("/accounts/login/")
    assert 'lang="en"' in page.text and "Sign in" in page.text


def test_the_choice_made_before_sign_in_holds_for_the_session(db):
    browser = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in browser.get("/accounts/login/").text


def test_the_users_choice_comes_back_at_sign_in_on_another_browser(people):
    first = english_browser()
    first.force_login(people["alice"])
    first.post("/i18n/setlang/", {"language": "en", "next": "/"})
    people["alice"].refresh_from_db()
    assert people["alice"].language == "en"

    # Another machine, a Chinese browser: signing in brings English back.
    other = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    other.post("/accounts/login/", {"username": "alice", "password": "pw"})
    assert 'lang="en"' in other.get("/").text

    # Bob never chose: an English browser gives him Chinese after sign-in too.
    third = english_browser()
    third.post("/accounts/login/", {"username": "bob", "password": "pw"})
    assert 'lang="zh-CN"' in third.get("/").text
