"""Field work in a real browser: a member logs a visit from a phone-sized screen (360 px) in both
languages, from the project page, and the project's no-update warning goes; nothing on the entry
form runs off the screen."""

import time

import pytest

from tests.browser.test_layout import save
from zhaoshang.demo.loader import load_demo
from zhaoshang.fieldwork.models import Activity
from zhaoshang.org.models import User
from zhaoshang.projects.models import Project

YEAR = 2025
PHONE = {"width": 360, "height": 740}
WIDER_THAN_THE_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width) out.push("page " + document.documentElement.scrollWidth);
  document.querySelectorAll("#activity-form input, #activity-form select, #activity-form textarea, #activity-form button").forEach((el) => {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 || r.left < -1) out.push((el.name || el.id) + " " + r.left + "-" + r.right);
  });
  return out;
}"""

pytestmark = pytest.mark.usefixtures("static_files")


@pytest.fixture
def demo(transactional_db):
    return load_demo(year=YEAR)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_member_logs_a_visit_from_a_phone(browser, live_server, demo, language):
    User.objects.filter(username="group01").update(language=language)
    project = Project.objects.get(zone=demo, code=f"YH{YEAR}-042")  # 招商一组's, idle since May
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.monotonic()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "group01")
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    panel = page.locator("#project-activities")
    panel.wait_for()
    assert panel.locator("#stale-warning").count() == 1
    panel.locator("#record-activity").tap()
    page.wait_for_url(f"**/fieldwork/activities/new/?project={project.pk}")
    assert page.evaluate(WIDER_THAN_THE_SCREEN) == []
    save(page, f"phone-entry-{language}")
    page.fill("#id_participants", "王磊")
    page.fill("#id_summary", "登门拜访<b>常州恒德</b>,商谈用地。")
    page.fill("#id_next_step", "提交用地方案")
    page.locator("#save-activity").tap()
    page.wait_for_url(f"{live_server.url}/projects/{project.pk}/")
    panel = page.locator("#project-activities")
    panel.wait_for()
    assert "登门拜访<b>常州恒德</b>,商谈用地。" in panel.inner_text()  # shown as typed, as text
    assert panel.locator("#stale-warning").count() == 0
    assert time.monotonic() - started < 60
    save(page, f"phone-after-{language}")
    activity = Activity.objects.get(summary__startswith="登门拜访<b>")
    assert activity.unit.name == "招商一组" and activity.company == project.company
    assert errors == []
    context.close()
