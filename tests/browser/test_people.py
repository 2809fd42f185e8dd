"""People and credit in a real browser: a director creates a user, changes their role and
deactivates them; a member records a project's referrer; the dashboard's table of signings by
referrer adds up; a contributor reads the fate of their referrals. Each page is photographed at
1440 and 1280 px in Chinese and English when $ZHAOSHANG_SCREENSHOTS is set."""

import os
from pathlib import Path

import pytest

from tests.browser.test_workspace import PERIOD, YEAR, sign_in
from zhaoshang.companies.models import Organisation
from zhaoshang.demo.loader import load_demo
from zhaoshang.org.models import Membership, Role, User
from zhaoshang.projects.models import Project

pytestmark = pytest.mark.usefixtures("static_files")
PASSWORD = "Yunhe-Kaifaqu-2026"


@pytest.fixture
def demo(transactional_db):
    return load_demo(year=YEAR)


@pytest.fixture
def shots(page):
    """Both widths, both languages, of the page as it stands (the language by its switch)."""
    folder = os.environ.get("ZHAOSHANG_SCREENSHOTS")

    def take(name: str) -> None:
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        for language in ("zh-hans", "en"):
            if language == "en":
                page.click("button[name=language][value=en]")
                page.wait_for_load_state("networkidle")
            for width in (1440, 1280):
                page.set_viewport_size({"width": width, "height": 900})
                page.screenshot(
                    path=str(Path(folder) / f"{name}-{language}-{width}.png"), full_page=True
                )
        page.click("button[name=language][value=zh-hans]")
        page.wait_for_load_state("networkidle")
        page.set_viewport_size({"width": 1440, "height": 960})

    return take


def test_a_director_creates_a_user_changes_their_role_and_deactivates_them(
    page, live_server, demo, shots
):
    sign_in(page, live_server, "director")
    page.goto(f"{live_server.url}/accounts/")
    shots("accounts")
    page.click("#account-new")
    shots("account-new")
    page.fill("input[name=username]", "zhangwei")
    page.fill("input[name=name]", "张伟")
    page.select_option("select[name=role]", "member")
    page.select_option("select[name=unit]", label="招商二组")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("#account-new button[type=submit]")
    page.wait_for_url(f"{live_server.url}/accounts/")
    row = page.locator("#users tr", has_text="zhangwei")
    assert "张伟" in row.inner_text() and "招商二组" in row.inner_text()

    row.get_by_role("link", name="修改角色/停用").click()
    shots("account-edit")
    page.select_option("select[name=role]", "leader")
    page.click("#role-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/accounts/")
    user = User.objects.get(username="zhangwei")
    assert Membership.objects.get(user=user).role == Role.LEADER

    page.locator("#users tr", has_text="zhangwei").get_by_role("link", name="修改角色/停用").click()
    page.click("#active-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/accounts/")
    assert "已停用" in page.locator("#users tr", has_text="zhangwei").inner_text()
    user.refresh_from_db()
    assert not user.is_active
    assert page.errors == []


def test_a_member_credits_an_organisation_and_the_dashboard_counts_it(
    page, live_server, demo, shots
):
    sign_in(page, live_server, "group01")
    page.goto(f"{live_server.url}/organisations/")
    page.fill("#organisation-new input[name=name]", "苏州市德州商会")
    page.select_option("#organisation-new select[name=kind]", "chamber")
    page.click("#organisation-new button[type=submit]")
    page.wait_for_url(f"{live_server.url}/organisations/")
    assert "苏州市德州商会" in page.locator("#organisations").inner_text()
    shots("organisations")

    project = (
        Project.objects.filter(
            zone=demo,
            unit__name="招商一组",
            signed_date__year=YEAR,
            signed_date__month__lte=5,
            introduced_by__isnull=True,
            referrer_org__isnull=True,
            referrer_user__isnull=True,
        )
        .order_by("code")
        .first()
    )
    page.goto(f"{live_server.url}/projects/{project.pk}/edit/")
    page.select_option("select[name=referrer_org]", label="苏州市德州商会")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/projects/{project.pk}/")
    assert "苏州市德州商会" in page.locator("#referrer").inner_text()
    shots("project-referrer")
    chamber = Organisation.objects.get(name="苏州市德州商会")
    assert Project.objects.get(pk=project.pk).referrer_org == chamber

    page.goto(f"{live_server.url}/projects/?status=all&referrer=o{chamber.pk}")
    assert project.code in page.locator("main").inner_text()
    assert page.locator("select[name=referrer]").input_value() == f"o{chamber.pk}"
    shots("library-referrer")

    page.goto(f"{live_server.url}/?{PERIOD}")
    page.wait_for_load_state("networkidle")
    page.click("button[data-view=table][data-target=referrer]")
    table = page.locator("#table-referrer")
    assert "苏州市德州商会" in table.inner_text()
    counts = [int(row.locator("td").nth(1).inner_text()) for row in table.locator("tbody tr").all()]
    signed = int(page.locator('.zs-kpi [data-metric="signed"]').inner_text())
    assert sum(counts) == signed
    shots("dashboard-credit")
    assert page.errors == []


def test_a_contributor_reads_what_became_of_their_referrals(page, live_server, demo, shots):
    sign_in(page, live_server, "contributor")
    page.click("a[href='/projects/referred/']")
    page.wait_for_url(f"{live_server.url}/projects/referred/")
    referred = Project.objects.filter(zone=demo, referrer_user__username="contributor")
    rows = page.locator("#referred tbody tr")
    assert rows.count() == referred.count() > 0
    shots("referred")
    assert page.errors == []
