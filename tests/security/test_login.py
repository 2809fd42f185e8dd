"""Signing in under attack: lockout per username and per address, its end (by time or by an
admin), the address behind a proxy, and passwords (one's own, an admin's reset, the rules)."""

import datetime as dt
import os
import re
import subprocess
import sys

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from tests.factories import make_user
from zhaoshang.core.addresses import client_address
from zhaoshang.core.models import ChangeLog
from zhaoshang.org.models import Role, User
from zhaoshang.org.services import create_zone, grant_role

LOCK_MESSAGE = "登录失败次数过多"
HOME = "10.1.1.1"


def sign_in(client, username, password, address=HOME, **headers):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times, address=HOME, **headers):
    for _ in range(times):
        sign_in(client, username, "wrong-password", address, **headers)


@pytest.fixture
def ada(zone):
    """The zone's system administrator (not a superuser)."""
    return make_user("ada", zone, Role.ADMIN)


@pytest.fixture
def elsewhere():
    """Another zone with its own admin and a member."""
    far = create_zone(code="far", name="远方开发区")
    return {"zone": far, "fay": make_user("fay", far, Role.DIRECTOR)}


def test_the_right_password_signs_in_after_a_few_failures(client, people):
    fail(client, "bob", 4)
    response = sign_in(client, "bob", "pw")
    assert response.status_code == 302 and signed_in(client)


def test_five_failures_lock_the_user_and_the_right_password_no_longer_opens(client, people):
    fail(client, "bob", 5)
    response = sign_in(client, "bob", "pw")
    assert response.status_code == 429
    assert LOCK_MESSAGE in response.text and "30 分钟" in response.text
    assert not signed_in(client)
    assert client.get("/").status_code == 302  # still the sign-in page


def test_the_lock_says_so_in_english_too(client, people):
    fail(client, "bob", 5)
    client.cookies["django_language"] = "en"
    response = sign_in(client, "bob", "pw")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text and "30 minutes" in response.text


def test_the_address_is_locked_for_every_username(client, people):
    fail(client, "bob", 5)
    assert sign_in(client, "carol", "pw").status_code == 429
    assert not signed_in(client)
    # From another address carol signs in; bob stays locked wherever he comes from.
    assert sign_in(client, "carol", "pw", address="10.2.2.2").status_code == 302
    client.logout()
    assert sign_in(client, "bob", "pw", address="10.3.3.3").status_code == 429


def test_failures_spread_over_usernames_still_lock_the_address(client, people):
    for name in ["alice", "carol", "lee", "cody", "nobody"]:
        fail(client, name, 1)
    assert sign_in(client, "bob", "pw").status_code == 429


def test_the_lock_expires_after_the_cool_off(client, people, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, "bob", 5)
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert sign_in(client, "bob", "pw").status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        assert sign_in(client, "bob", "pw").status_code == 302
        assert signed_in(client)


def test_the_cool_off_and_the_limit_follow_the_settings(client, people, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=10)
    fail(client, "bob", 3)
    response = sign_in(client, "bob", "pw")
    assert response.status_code == 429 and "10 分钟" in response.text


def test_the_zones_admin_sees_the_lock_and_lifts_it_on_record(client, people, ada):
    fail(client, "bob", 5)
    admin = client.__class__()
    admin.force_login(ada)
    page = admin.get("/accounts/")
    assert page.status_code == 200
    assert "bob" in page.text and "解除锁定" in page.text
    response = admin.post("/accounts/locks/lift/", {"kind": "username", "value": "bob"})
    assert response.status_code == 302
    assert sign_in(client, "bob", "pw").status_code == 302 and signed_in(client)
    lifted = ChangeLog.objects.get(action=ChangeLog.Action.UNLOCK)
    assert lifted.actor == ada and lifted.details["username"] == "bob"


def test_a_zone_admin_neither_sees_nor_lifts_an_address_lock(client, people, ada):
    fail(client, "nobody", 5)
    admin = client.__class__()
    admin.force_login(ada)
    assert HOME not in admin.get("/accounts/").text
    response = admin.post("/accounts/locks/lift/", {"kind": "address", "value": HOME})
    assert response.status_code == 403
    assert sign_in(client, "bob", "pw").status_code == 429


def test_a_superuser_lifts_an_address_lock(client, people, django_user_model):
    fail(client, "nobody", 5)
    root = django_user_model.objects.create_superuser("root", password="pw")
    admin = client.__class__()
    admin.force_login(root)
    assert HOME in admin.get("/accounts/").text
    admin.post("/accounts/locks/lift/", {"kind": "address", "value": HOME})
    assert sign_in(client, "bob", "pw").status_code == 302


def test_a_leader_may_not_lift_locks_nor_open_the_accounts_page(client, people):
    fail(client, "bob", 5)
    leader = client.__class__()
    leader.force_login(people["lee"])
    assert leader.get("/accounts/").status_code == 403
    response = leader.post("/accounts/locks/lift/", {"kind": "username", "value": "bob"})
    assert response.status_code == 403
    assert sign_in(client, "bob", "pw").status_code == 429
    assert not ChangeLog.objects.filter(action=ChangeLog.Action.UNLOCK).exists()


def test_a_director_manages_the_zones_accounts_and_lifts_their_locks(client, people):
    """Directors have the powers of the zone's admin (docs/permissions.md)."""
    fail(client, "bob", 5)
    director = client.__class__()
    director.force_login(people["alice"])
    assert "bob" in director.get("/accounts/").text
    response = director.post("/accounts/locks/lift/", {"kind": "username", "value": "bob"})
    assert response.status_code == 302
    assert sign_in(client, "bob", "pw").status_code == 302


def test_an_admin_cannot_lift_the_lock_of_another_zones_user(client, people, ada, elsewhere):
    fail(client, "fay", 5, address="10.9.9.9")
    admin = client.__class__()
    admin.force_login(ada)
    assert "fay" not in admin.get("/accounts/").text
    response = admin.post("/accounts/locks/lift/", {"kind": "username", "value": "fay"})
    assert response.status_code == 403
    assert sign_in(client, "fay", "pw", address="10.8.8.8").status_code == 429


def test_the_command_line_lifts_a_lock(client, people):
    fail(client, "bob", 5)
    call_command("axes_reset_username", "bob")
    assert sign_in(client, "bob", "pw").status_code == 302


def test_the_proxy_header_is_ignored_unless_configured(client, people):
    # Each attempt claims another address in X-Forwarded-For: the connection's address counts.
    for i in range(5):
        sign_in(client, "nobody", "x", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    response = sign_in(client, "carol", "pw", HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_address_is_the_one_the_proxy_saw(client, people, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    # The client puts an address of its own in the header; the proxy appends the real one.
    for i in range(5):
        sign_in(client, "nobody", "x", proxy, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}, 203.0.113.5")
    assert (
        sign_in(client, "carol", "pw", proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    )
    # Another client behind the same proxy is not locked out with it.
    assert (
        sign_in(client, "carol", "pw", proxy, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 302
    )


def test_the_client_address_reads_the_header_only_as_far_as_the_proxies_go(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2")
    assert client_address(request) == "10.0.0.3"
    settings.TRUSTED_PROXIES = 1
    assert client_address(request) == "2.2.2.2"
    settings.TRUSTED_PROXIES = 2
    assert client_address(request) == "1.1.1.1"
    settings.PROXY_HEADER = "HTTP_X_REAL_IP"
    settings.TRUSTED_PROXIES = 1
    real = factory.get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_REAL_IP="4.4.4.4")
    assert client_address(real) == "4.4.4.4"
    garbage = factory.get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_REAL_IP="<script>")
    assert client_address(garbage) == "10.0.0.3"


def test_signing_in_outside_a_request_is_refused_not_waved_through(people):
    """The lockout backend needs the request: code that signs in without one gets an error,
    never a sign-in the lockout cannot see. Tests sign in with force_login, or pass one."""
    with pytest.raises(ValueError):
        authenticate(username="bob", password="pw")
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=HOME)
    assert authenticate(request, username="bob", password="pw") == people["bob"]


def test_the_test_clients_login_works_when_given_a_request(client, people):
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=HOME)
    assert client.login(request=request, username="bob", password="pw")
    assert client.get("/").status_code == 200


def test_a_user_changes_their_own_password(client, people):
    client.force_login(people["bob"])
    page = client.get("/")
    assert 'href="/accounts/password/"' in page.text
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "pw",
            "new_password1": "运河招商-Yunhe-2026",
            "new_password2": "运河招商-Yunhe-2026",
        },
    )
    assert response.status_code == 302
    assert signed_in(client)  # the session survives one's own change
    client.logout()
    assert sign_in(client, "bob", "pw").status_code == 200
    assert sign_in(client, "bob", "运河招商-Yunhe-2026").status_code == 302
    changed = ChangeLog.objects.get(action=ChangeLog.Action.PASSWORD)
    assert changed.actor == people["bob"] and changed.details == {"user": "bob", "own": True}
    assert "Yunhe-2026" not in str(changed.details) + str(changed.after)


def test_the_old_password_must_be_right(client, people):
    client.force_login(people["bob"])
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "nope",
            "new_password1": "运河招商-Yunhe-2026",
            "new_password2": "运河招商-Yunhe-2026",
        },
    )
    assert response.status_code == 200
    assert "你的旧密码不正确" in refusals(response)
    people["bob"].refresh_from_db()
    assert people["bob"].check_password("pw")


def refusals(page) -> str:
    """The messages under the form's fields (not the page's advice above them)."""
    return " ".join(re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', page.text))


@pytest.mark.parametrize(
    ("weak", "chinese", "english"),
    [
        ("a1b2c3", "密码太短：至少需要 10 个字符", "too short: it needs at least 10 characters"),
        ("password123", "这个密码太常见了", "too common"),
        ("20260531123456", "密码只包含数字", "entirely numeric"),
        ("bob.builder.bob", "太相似", "too similar"),
    ],
)
def test_the_rules_refuse_a_weak_new_password_in_chinese_and_english(
    client, people, weak, chinese, english
):
    bob = people["bob"]
    bob.email = "bob.builder.bob@example.cn"
    bob.save()
    client.force_login(bob)
    data = {"old_password": "pw", "new_password1": weak, "new_password2": weak}
    assert chinese in refusals(client.post("/accounts/password/", data))
    client.cookies["django_language"] = "en"
    assert english in refusals(client.post("/accounts/password/", data))
    bob.refresh_from_db()
    assert bob.check_password("pw")
    assert not ChangeLog.objects.filter(action=ChangeLog.Action.PASSWORD).exists()


def test_the_zones_admin_sets_a_new_password_for_its_user(client, people, ada):
    client.force_login(ada)
    assert f"/accounts/users/{people['bob'].pk}/password/" in client.get("/accounts/").text
    response = client.post(
        f"/accounts/users/{people['bob'].pk}/password/",
        {"new_password1": "临时密码-Yunhe-77", "new_password2": "临时密码-Yunhe-77"},
    )
    assert response.status_code == 302
    people["bob"].refresh_from_db()
    assert people["bob"].check_password("临时密码-Yunhe-77")
    reset = ChangeLog.objects.get(action=ChangeLog.Action.PASSWORD)
    assert reset.actor == ada and reset.details == {"user": "bob", "own": False}
    assert reset.address == "127.0.0.1"


def test_an_admin_reset_keeps_to_the_rules(client, people, ada):
    client.force_login(ada)
    response = client.post(
        f"/accounts/users/{people['bob'].pk}/password/",
        {"new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 400
    assert "密码太短：至少需要 10 个字符" in refusals(response)
    people["bob"].refresh_from_db()
    assert people["bob"].check_password("pw")


def test_nobody_but_admins_and_directors_resets_passwords(client, people):
    for name in ["lee", "carol", "cody"]:
        client.force_login(people[name])
        url = f"/accounts/users/{people['bob'].pk}/password/"
        assert client.get(url).status_code == 403
        data = {"new_password1": "临时密码-Yunhe-77", "new_password2": "临时密码-Yunhe-77"}
        assert client.post(url, data).status_code == 403
    people["bob"].refresh_from_db()
    assert people["bob"].check_password("pw")


def test_an_admin_cannot_reset_another_zones_user_nor_a_superuser(
    client, zone, refs, people, ada, elsewhere, django_user_model
):
    root = django_user_model.objects.create_superuser("root", password="pw")
    # A member here who also leads the other zone: ada administers only one of their zones.
    both = make_user("both", zone, Role.MEMBER, refs["group1"])
    grant_role(user=both, zone=elsewhere["zone"], role=Role.LEADER)
    client.force_login(ada)
    data = {"new_password1": "临时密码-Yunhe-77", "new_password2": "临时密码-Yunhe-77"}
    for target in [elsewhere["fay"], root, both]:
        assert client.post(f"/accounts/users/{target.pk}/password/", data).status_code == 403
        target.refresh_from_db()
        assert target.check_password("pw")
    assert "fay" not in client.get("/accounts/").text


def test_a_superuser_resets_anyones_password(client, people, elsewhere, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(root)
    data = {"new_password1": "临时密码-Yunhe-77", "new_password2": "临时密码-Yunhe-77"}
    fay = elsewhere["fay"]
    assert client.post(f"/accounts/users/{fay.pk}/password/", data).status_code == 302
    assert User.objects.get(pk=fay.pk).check_password("临时密码-Yunhe-77")


def test_the_session_ends_with_the_browser_and_after_the_configured_hours(client, people):
    response = sign_in(client, "bob", "pw")
    cookie = response.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]  # gone when the browser closes
    assert client.session.get_expiry_age() == 12 * 3600


def test_the_sign_in_settings_are_bounded_at_start_up(tmp_path):
    def start(**env):
        return subprocess.run(
            [sys.executable, "-m", "zhaoshang", "check"],
            env={**os.environ, "ZHAOSHANG_VAR": str(tmp_path), **env},
            capture_output=True,
            text=True,
        )

    refused = start(ZHAOSHANG_LOGIN_ATTEMPTS="11")
    assert refused.returncode != 0 and "ZHAOSHANG_LOGIN_ATTEMPTS" in refused.stderr
    assert start(ZHAOSHANG_LOGIN_ATTEMPTS="10").returncode == 0
    assert start(ZHAOSHANG_PROXY_HEADER="X Forwarded").returncode != 0
