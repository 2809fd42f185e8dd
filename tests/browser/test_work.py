"""The team's work in a real browser: a member logs a visit from a 360-px-wide phone and the
project's "no update" warning goes; the work, unit, event, trip and company pages read without
errors in both languages at 1440 and 1280 px (screenshots with `make screenshots`)."""

import importlib
import os
import re
import time
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection

from tests.browser.test_workspace import YEAR, sign_in
from zhaoshang.demo.loader import load_demo
from zhaoshang.org.models import Unit
from zhaoshang.projects.models import Project
from zhaoshang.work.models import Activity, Event, Trip

pytestmark = pytest.mark.usefixtures("static_files")


REGIONS = importlib.import_module("zhaoshang.org.migrations.0002_load_regions")


@pytest.fixture
def demo(transactional_db):
    # A transactional test before this one flushed the national regions the migration loaded.
    REGIONS.load_regions(django_apps, SimpleNamespace(connection=connection))
    return load_demo(year=YEAR)


def test_a_member_logs_a_visit_from_a_phone_in_under_a_minute(browser, live_server, demo):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        started = time.monotonic()
        sign_in(page, live_server, "group01")
        project = Project.objects.get(zone=demo, name="液压机械项目")  # 招商一组's
        page.goto(f"{live_server.url}/projects/{project.pk}/")
        assert page.locator("#stale-warning").is_visible()  # the demo's last visit was in May
        page.click("#quick-entry summary")
        page.select_option("#quick-activity select[name=kind]", "visit")
        page.fill("#quick-activity textarea[name=summary]", "登门拜访,确认二期用地需求")
        page.fill("#quick-activity input[name=next_step]", "报送用地方案")
        # Every field of the quick entry fits the phone's width: nothing to scroll sideways.
        for selector in ["select[name=kind]", "textarea[name=summary]", "button[type=submit]"]:
            box = page.locator(f"#quick-activity {selector}").bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, selector
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        if folder := os.environ.get("ZHAOSHANG_SCREENSHOTS"):
            page.screenshot(path=f"{folder}/work-quick-entry-360.png", full_page=True)
        page.click("#quick-activity button[type=submit]")
        page.wait_for_url(re.compile(rf"/projects/{project.pk}/#activities$"))
        assert time.monotonic() - started < 60
        assert page.locator("#stale-warning").count() == 0
        first = page.locator("#activities li").first.inner_text()
        assert "登门拜访,确认二期用地需求" in first and "报送用地方案" in first
        activity = Activity.objects.get(summary="登门拜访,确认二期用地需求")
        assert activity.unit.name == "招商一组" and list(activity.projects.all()) == [project]
        assert not errors
    finally:
        context.close()


PAGES = {
    "work": lambda demo: "/work/",
    "unit": lambda demo: "/units/{}/?from={}-01-01&as_of={}-05-31".format(
        Unit.objects.get(zone=demo, name="招商一组").pk, YEAR, YEAR
    ),
    "units": lambda demo: "/units/",
    "event": lambda demo: "/work/events/{}/".format(
        Event.objects.get(zone=demo, name="第四届中国·德州资本交易大会").pk
    ),
    "trip": lambda demo: "/work/trips/{}/".format(
        Trip.objects.filter(zone=demo, unit__name="招商一组").get().pk
    ),
    "company": lambda demo: "/companies/{}/".format(
        Project.objects.get(zone=demo, name="液压机械项目").company_id
    ),
    "project": lambda demo: "/projects/{}/".format(
        Project.objects.get(zone=demo, name="液压机械项目").pk
    ),
    "dashboard": lambda demo: f"/?from={YEAR}-01-01&as_of={YEAR}-05-31",
    "work-excel": lambda demo: "/ledger/work/",
}


def test_the_work_pages_read_in_both_languages(page, live_server, demo, screenshot):
    sign_in(page, live_server, "director")
    for language in ["zh-hans", "en"]:
        if language == "en":
            page.click("button[name=language][value=en]")
            page.wait_for_load_state("networkidle")
        for width in [1440, 1280]:
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in PAGES.items():
                response = page.goto(live_server.url + path(demo))
                assert response.status == 200, name
                page.wait_for_load_state("networkidle")
                assert page.evaluate("document.documentElement.scrollWidth") <= width, name
                assert not page.errors, (name, page.errors)
                screenshot(f"work-{name}-{width}-{language}")
    page.goto(live_server.url + PAGES["event"](demo))
    assert page.locator('[data-result="signed"]').inner_text() == "2"
    page.goto(live_server.url + PAGES["dashboard"](demo))
    page.wait_for_load_state("networkidle")
    assert page.locator('.zs-kpi [data-metric="events_held"]').inner_text() == "3"
    assert page.locator('.zs-kpi [data-metric="trips"]').inner_text() == "4"
    assert not page.errors
