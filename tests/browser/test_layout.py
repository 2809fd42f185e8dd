"""The workspace on a laptop screen, as a director reads it: every page at 1440 and 1280 px in
Chinese and in English, nothing cut and nothing running off the page; the board shows all seven
stages; the top bar is one line; the dashboard's charts say what they would show when empty.

With ZHAOSHANG_SCREENSHOTS set, every page is saved as <page>-<language>-<width>.png there."""

import os
from pathlib import Path

import pytest

from tests.browser.test_ingest import DAMAGED
from tests.factories import make_user
from zhaoshang.demo.loader import load_demo
from zhaoshang.fieldwork.models import Event, Trip
from zhaoshang.followup.models import Ticket
from zhaoshang.ingest.services import ingest_text
from zhaoshang.org.models import Role
from zhaoshang.org.services import create_zone
from zhaoshang.projects.models import Project

YEAR = 2025
PERIOD = f"from={YEAR}-01-01&as_of={YEAR}-05-31"
WIDTHS = (1440, 1280)
LANGUAGES = ("zh-hans", "en")
PAGES = {
    "dashboard": f"/?{PERIOD}",
    "pipeline": "/pipeline/",
    "library": "/projects/",
    "new-project": "/projects/new/",
    "figure": f"/figures/signed_major/?{PERIOD}",
    "briefing": f"/briefings/?{PERIOD}",
    "targets": f"/targets/?as_of={YEAR}-05-31",
    "ledger": "/ledger/",
    "ingest": "/ingest/",
    "followup": f"/followup/?as_of={YEAR}-05-31",
    "overdue": f"/followup/overdue/?as_of={YEAR}-05-31",
    "responses": f"/followup/responses/?as_of={YEAR}-05-31",
    "followup-settings": "/followup/settings/",
    "admin": "/admin/",
}

pytestmark = pytest.mark.usefixtures("static_files")


@pytest.fixture
def demo(national_regions):
    return load_demo(year=YEAR)


def save(page, name: str) -> None:
    folder = os.environ.get("ZHAOSHANG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def signed_in(browser, live_server, username: str, *, width: int, language: str, password="demo"):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    switch = page.locator("button[name=language]")
    if switch.get_attribute("value") == language:  # the switch offers the other language
        switch.click()  # one visible click
        page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == ("en" if language == "en" else "zh-CN")
    return context, page


# Measured in the page: what runs past the page's width, what is cut inside its box.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width) out.push("page " + document.documentElement.scrollWidth);
  const bar = document.querySelector("nav.zs-topbar");
  if (bar && bar.getBoundingClientRect().height > 64) out.push("top bar " + bar.getBoundingClientRect().height);
  document.querySelectorAll(".zs-topbar .nav-link, .zs-topbar .btn, .zs-topbar .navbar-text").forEach((el) => {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1) out.push("top bar item off screen: " + el.textContent.trim());
  });
  document.querySelectorAll(".zs-kpi-label, .zs-card-title, main h1, .zs-filter-field .form-select, #project-form .form-select").forEach((el) => {
    if (el.scrollWidth > el.clientWidth + 1) out.push("cut: " + el.textContent.trim().slice(0, 40));
  });
  document.querySelectorAll(".card .table-responsive").forEach((el) => {
    if (el.scrollWidth > el.clientWidth + 1) out.push("table scrolls sideways in its card: " + (el.querySelector("th") || el).textContent.trim().slice(0, 40));
  });
  document.querySelectorAll(".zs-paper .zs-table").forEach((el) => {
    if (el.scrollWidth > el.clientWidth + 1) out.push("table runs off the paper: " + (el.querySelector("caption") || el).textContent.slice(0, 40));
  });
  return out;
}"""


# 数据管理's header: the site's name and each of the user's links in boxes that do not meet.
ADMIN_OVERLAP = """() => {
  const boxes = [...document.querySelectorAll("#site-name a, #user-tools a, #user-tools button")]
    .map((el) => [el.textContent.trim(), el.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0);
  const out = [];
  boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, s]) => {
    if (r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom) out.push(a + " / " + b);
  }));
  return out;
}"""


def test_every_page_fits_a_laptop_screen_in_both_languages(browser, live_server, demo):
    signed = Project.objects.filter(zone=demo, signed_date__isnull=False).first()
    director = demo.memberships.get(user__username="director").user
    text = ingest_text(zone=demo, actor=director, original=DAMAGED, year=YEAR)
    pages = {
        **PAGES,
        "project": f"/projects/{signed.pk}/",
        "rules": "/briefings/rules/",
        "ingest-review": f"/ingest/{text.pk}/",
        "ticket": f"/followup/tickets/{Ticket.objects.filter(zone=demo).first().pk}/",
        "fieldwork": f"/fieldwork/?from={YEAR}-01-01&to={YEAR}-05-31",
        "trips": f"/fieldwork/trips/?from={YEAR}-01-01&to={YEAR}-05-31",
        "events": f"/fieldwork/events/?from={YEAR}-01-01&to={YEAR}-05-31",
        "event": f"/fieldwork/events/{Event.objects.filter(zone=demo).order_by('-date').first().pk}/",
        "trip": f"/fieldwork/trips/{Trip.objects.filter(zone=demo).order_by('-start_date').first().pk}/",
        "new-activity": f"/fieldwork/activities/new/?project={signed.pk}",
    }
    for language in LANGUAGES:
        for width in WIDTHS:
            context, page = signed_in(
                browser, live_server, "director", width=width, language=language
            )
            for name, path in pages.items():
                if name == "admin":
                    continue
                page.goto(live_server.url + path)
                page.wait_for_load_state("networkidle")
                problems = page.evaluate(OVERFLOW)
                assert problems == [], (name, language, width, problems)
                if name == "dashboard":
                    # The demo's signed projects have their origin: the map has something to show.
                    assert page.locator("#empty-province").is_hidden()
                save(page, f"{name}-{language}-{width}")
            assert page.errors == []
            context.close()
            # 数据管理 as the demo's system administrator reads it.
            context, page = signed_in(browser, live_server, "admin", width=width, language=language)
            page.goto(live_server.url + PAGES["admin"])
            assert page.evaluate(OVERFLOW) == []
            assert page.evaluate(ADMIN_OVERLAP) == [], (language, width)
            assert page.locator("#user-tools a[href='/']").count() == 1  # one way back
            save(page, f"admin-{language}-{width}")
            context.close()


def test_the_board_shows_all_seven_stages_each_scrolling_on_its_own(browser, live_server, demo):
    for language in LANGUAGES:
        for width in WIDTHS:
            context, page = signed_in(
                browser, live_server, "director", width=width, language=language
            )
            page.goto(f"{live_server.url}/pipeline/")
            columns = page.locator(".zs-column")
            assert columns.count() == 7
            for index in range(7):
                box = columns.nth(index).bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, (language, width, index)
            # 开工 holds more cards than fit: its column scrolls, the page does not.
            started = page.locator(".zs-column[data-stage=started]")
            sizes = started.evaluate("(el) => [el.scrollHeight, el.clientHeight]")
            assert sizes[0] > sizes[1]
            started.evaluate("(el) => { el.scrollTop = el.scrollHeight; }")
            header = started.locator("h2").bounding_box()
            column = started.bounding_box()
            assert abs(header["y"] - column["y"]) < 2  # the header stays on top
            assert page.evaluate("() => document.documentElement.scrollWidth") <= width
            context.close()


def test_the_milestone_dialog_asks_for_the_agreement_only_at_a_signing(browser, live_server, demo):
    context, page = signed_in(browser, live_server, "director", width=1280, language="zh-hans")
    lead = Project.objects.filter(zone=demo, signed_date__isnull=True).first()
    page.goto(f"{live_server.url}/projects/{lead.pk}/")
    page.click("button[data-bs-target='#dlg-milestone']")
    agreement = page.locator("#dlg-milestone [data-show-if]")
    page.select_option("#dlg-milestone select[name=stage]", "negotiating")
    assert agreement.is_hidden()
    page.select_option("#dlg-milestone select[name=stage]", "signed")
    assert agreement.is_visible()
    page.select_option("#dlg-milestone select[name=stage]", "started")
    assert agreement.is_hidden()
    save(page, "milestone-dialog-zh-hans-1280")
    context.close()


def test_a_new_zones_dashboard_board_library_and_news_reader_say_how_to_fill_them(
    browser, live_server, transactional_db
):
    zone = create_zone(code="new", name="新设经济开发区")
    user = make_user("newdirector", zone, Role.DIRECTOR)
    for language in LANGUAGES:
        context, page = signed_in(
            browser, live_server, user.username, width=1440, language=language, password="pw"
        )
        page.wait_for_load_state("networkidle")
        for chart in ("funnel", "trend", "industry", "park", "unit", "province"):
            note = page.locator(f"#empty-{chart}")
            assert note.is_visible(), (language, chart)
            assert len(note.inner_text()) > 20
        save(page, f"dashboard-empty-{language}-1440")
        page.goto(f"{live_server.url}/pipeline/")
        assert page.locator(".zs-column-empty").count() == 7
        page.goto(f"{live_server.url}/projects/")
        assert page.locator("#library-empty").is_visible()
        # The news reader: no text read yet, and how to read one.
        page.goto(f"{live_server.url}/ingest/")
        empty = page.locator("#texts-empty")
        assert empty.is_visible() and page.locator("#texts").count() == 0
        assert ("读取并清理" if language == "zh-hans" else "Read and clean") in empty.inner_text()
        assert page.evaluate(OVERFLOW) == []
        save(page, f"ingest-empty-{language}-1440")
        context.close()


def test_the_top_bar_is_one_line_for_every_role_at_1280(browser, live_server, demo):
    # What the bar holds depends on the role (数据管理, 账户, the role's name): each demo user's.
    for username in ("admin", "director", "leader", "group01", "contributor"):
        for language in LANGUAGES:
            context, page = signed_in(browser, live_server, username, width=1280, language=language)
            page.goto(f"{live_server.url}/ingest/")
            assert page.evaluate(OVERFLOW) == [], (username, language)
            save(page, f"topbar-{username}-{language}-1280")
            context.close()
