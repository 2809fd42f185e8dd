"""Names people type are data: stored as typed, shown as text, never run. A zone whose every name
is markup — its own name, industry, park, unit, investor, projects, notes, reasons, the
director's name, an uploaded file's name — opened in a real browser on every page that shows
them: no script runs, no dialog opens, no element is made from a name, the Content-Security-Policy
is never tripped (so what it guards also works under it: charts, htmx, dialogs), and the names
read exactly as typed."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import make_user
from tests.ledger import files
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.ledger import services as ledger_services
from zhaoshang.ledger.models import LedgerImport
from zhaoshang.org.models import Industry, Park, Region, Role, Unit, User
from zhaoshang.org.services import create_zone, ensure_reference
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, FundsArrived, Stage
from zhaoshang.targets.services import TargetValue, set_targets

pytestmark = pytest.mark.usefixtures("static_files")

DAY = dt.date(2025, 5, 31)  # past on any day the tests run
PERIOD = "from=2025-01-01&as_of=2025-05-31"
HOSTILE = {
    "zone": "<img src=x onerror=window.__xss=1>运河区",
    "industry": "<img src=x onerror=window.__xss=2>精细化工",
    "park": '"><script>window.__xss=3</script>化工园',
    "unit": "<svg onload=window.__xss=4>招商一组",
    "company": "<img src=x onerror=window.__xss=5>{{7*7}}化肥公司",
    "project": "'\"><img src=x onerror=window.__xss=6>{{7*7}}复合肥项目",
    "lead": "<a href=javascript:window.__xss=7>冷链线索</a>",
    "note": "<iframe src=javascript:window.__xss=8></iframe>备注",
    "dropped": "<img src=x onerror=window.__xss=9>终止项目",
    "reason": "**外迁** [详情](javascript:window.__xss=10) <b>原因</b>",
    "funds": "<img src=x onerror=window.__xss=11>首笔",
    "person": "<b onmouseover=window.__xss=12>张局长</b>",
    "file": "<img src=x onerror=window.__xss=13>台账",
    "new project": "<img src=x onerror=window.__xss=14>新项目",
    "new industry": "<img src=x onerror=window.__xss=15>新产业",
}

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""
HARM = """() => ({
  xss: window.__xss === undefined ? null : String(window.__xss),
  csp: window.__csp,
  injected: [...document.querySelectorAll("*")].filter((el) =>
    [...el.attributes].some((a) => a.name.startsWith("on")) ||
    (el.tagName === "IMG" && el.getAttribute("src") === "x") ||
    el.tagName === "IFRAME" ||
    (el.tagName === "A" && (el.getAttribute("href") || "").trim().toLowerCase().startsWith("javascript:")) ||
    (el.tagName === "SCRIPT" && !el.src && el.type !== "application/json")
  ).map((el) => el.outerHTML.slice(0, 120)),
})"""


@pytest.fixture
def hostile(national_regions):
    zone = create_zone(code="xss", name=HOSTILE["zone"])
    industry = ensure_reference(zone=zone, model=Industry, name=HOSTILE["industry"])
    park = ensure_reference(zone=zone, model=Park, name=HOSTILE["park"])
    unit = ensure_reference(
        zone=zone, model=Unit, name=HOSTILE["unit"], kind=Unit.Kind.PROMOTION_GROUP
    )
    director = make_user("director", zone, Role.DIRECTOR)
    director.first_name = HOSTILE["person"]
    director.save()
    company = get_or_create_company(
        zone=zone, actor=None, name=HOSTILE["company"], region=Region.objects.get(name="德州市")
    )
    common = {"zone": zone, "actor": None, "unit": unit, "industry": industry, "park": park}
    signed = services.create_project(
        **common,
        code="X-1",
        name=HOSTILE["project"],
        company=company,
        total_investment_wan=Decimal(20000),
        agreement_type=AgreementType.CONTRACT,
        note=HOSTILE["note"],
        milestones={Stage.NEGOTIATING: dt.date(2025, 1, 10), Stage.SIGNED: dt.date(2025, 3, 1)},
        today=DAY,
    )
    services.record_funds_arrived(
        project=signed,
        actor=None,
        on=dt.date(2025, 4, 1),
        amount_wan=Decimal(3000),
        source_of_funds=FundsArrived.Source.LOCAL,
        note=HOSTILE["funds"],
        today=DAY,
    )
    lead = services.create_project(
        **common, code="X-2", name=HOSTILE["lead"], milestones={Stage.LEAD: dt.date(2025, 2, 1)}
    )
    dropped = services.create_project(
        **common,
        code="X-3",
        name=HOSTILE["dropped"],
        milestones={Stage.NEGOTIATING: dt.date(2025, 1, 5)},
        today=DAY,
    )
    services.drop_project(
        project=dropped,
        actor=None,
        on=dt.date(2025, 2, 1),
        reason=HOSTILE["reason"],
        dropped_to=HOSTILE["reason"],
        today=DAY,
    )
    set_targets(
        zone=zone, actor=None, year=2025, unit=unit, values={"signed": TargetValue(2, None)}
    )
    return {"zone": zone, "signed": signed, "lead": lead, "dropped": dropped}


@pytest.fixture
def watched(page):
    page.add_init_script(WATCH_CSP)
    page.dialogs = []

    def dialog(d):
        page.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    return page


def sign_in(tab, live_server, username: str, password: str = "pw") -> None:
    tab.goto(f"{live_server.url}/accounts/login/")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", password)
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{live_server.url}/")


def assert_harmless(tab, where: str) -> None:
    assert tab.evaluate(HARM) == {"xss": None, "csp": [], "injected": []}, where
    assert tab.dialogs == [], where


def text_of(tab, selector: str = "body") -> str:
    return tab.locator(selector).first.inner_text()


def assert_shown(tab, selector: str, *names: str) -> None:
    shown = text_of(tab, selector)
    for name in names:
        assert HOSTILE[name] in shown, (selector, name)


def show_tip(tab, chart: str, **target) -> str:
    """Hover a chart's item the ECharts way and return the tooltip's text."""
    tab.evaluate(
        """([chart, target]) => {
          const instance = echarts.getInstanceByDom(document.getElementById("chart-" + chart));
          instance.dispatchAction(Object.assign({ type: "showTip", seriesIndex: 0 }, target));
        }""",
        [chart, target],
    )
    tooltip = tab.locator(f"#chart-{chart} > div").filter(has_not=tab.locator("canvas")).last
    tooltip.wait_for(state="visible")
    return tooltip.inner_text()


def test_hostile_names_on_the_dashboard_read_as_typed(
    watched,
    live_server,
    hostile,
    screenshot,
):
    tab = watched
    sign_in(tab, live_server, "director")
    tab.goto(f"{live_server.url}/?{PERIOD}")
    tab.wait_for_load_state("networkidle")
    assert_shown(tab, "h1", "zone")
    assert_shown(tab, "nav", "zone", "person")
    for chart in ("funnel", "trend", "industry", "park", "unit", "province"):
        assert tab.locator(f"#chart-{chart} canvas").count() == 1, chart
    data = tab.evaluate("JSON.parse(document.getElementById('zs-charts').textContent)")
    # Tooltips are HTML: each name in them is text.
    for chart in ("industry", "park", "unit"):
        index = [row["name"] for row in data[chart]].index(HOSTILE[chart])
        assert HOSTILE[chart] in show_tip(tab, chart, dataIndex=index), chart
        assert_harmless(tab, f"{chart} tooltip")
    screenshot("hostile-dashboard")
    assert "签约" in show_tip(tab, "funnel", dataIndex=3)
    assert "1" in show_tip(tab, "trend", dataIndex=0)
    assert "山东" in show_tip(tab, "province", name="山东")
    # Every chart's table view.
    for chart in ("funnel", "trend", "industry", "park", "unit", "province"):
        tab.click(f"button[data-view=table][data-target={chart}]")
        tab.locator(f"#table-{chart} table").wait_for()
    for chart in ("industry", "park", "unit"):
        assert_shown(tab, f"#table-{chart}", chart)
    assert "山东省" in text_of(tab, "#table-province")
    assert_harmless(tab, "dashboard")
    screenshot("hostile-dashboard-tables")
    assert tab.errors == [], tab.errors


def test_hostile_names_on_every_page_that_shows_them(watched, live_server, hostile):
    tab = watched
    sign_in(tab, live_server, "director")
    go = lambda path: tab.goto(f"{live_server.url}{path}")  # noqa: E731
    signed, lead, dropped = hostile["signed"], hostile["lead"], hostile["dropped"]

    go(f"/figures/signed/?{PERIOD}&back=/")
    assert_shown(tab, "#figure-projects", "project", "company", "industry", "unit")
    assert_shown(tab, ".breadcrumb", "zone")
    assert_harmless(tab, "figure list")

    go("/projects/")
    assert_shown(tab, "#project-table", "project", "lead", "company", "unit")
    for field in ("industry", "park", "unit"):
        options = tab.locator(f"#id_{field} option").all_inner_texts()
        assert HOSTILE[field] in options, field
    assert_harmless(tab, "library")

    go(f"/projects/{signed.pk}/")
    assert_shown(tab, "main", "project", "company", "industry", "park", "unit", "note", "funds")
    assert_harmless(tab, "project tab")
    go(f"/projects/{dropped.pk}/")
    assert_shown(tab, "main", "dropped", "reason")
    assert_harmless(tab, "dropped project tab")
    go(f"/projects/{signed.pk}/edit/")
    assert tab.input_value("#id_name") == HOSTILE["project"]
    assert tab.input_value("#id_company_name") == HOSTILE["company"]
    assert_harmless(tab, "edit form")

    # A refused dialog comes back open, with the name in its message where there is one.
    go(f"/projects/{lead.pk}/")
    tab.click("button[data-bs-target='#dlg-milestone']")
    tab.select_option("#dlg-milestone select[name=stage]", "signed")
    tab.fill("#dlg-milestone input[name=on]", "2025-05-30")
    tab.click("#dlg-milestone button[type=submit]")
    tab.locator(
        "#dlg-milestone.show .alert-danger, #dlg-milestone.show .invalid-feedback"
    ).first.wait_for()
    assert_harmless(tab, "refused dialog")
    assert tab.errors == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ]
    tab.errors.clear()

    # The investor type-ahead (htmx) lists the name as an option's value.
    go("/projects/new/")
    tab.fill("#id_company_name", "化肥")
    tab.wait_for_function(
        "name => [...document.querySelectorAll('#company-options option')].some((o) => o.value === name)",
        arg=HOSTILE["company"],
    )
    assert_harmless(tab, "company type-ahead")

    go("/pipeline/")
    assert_shown(tab, "#board", "project", "lead", "company", "unit")
    card = tab.locator(f".zs-card[data-project='{lead.pk}']")
    card.drag_to(tab.locator(".zs-column[data-stage=negotiating]"))
    tab.locator("#move-summary").wait_for(state="visible")
    assert HOSTILE["lead"] in text_of(tab, "#move-summary")
    tab.click("#move-cancel")
    assert_harmless(tab, "board")

    go("/targets/?year=2025")
    assert_shown(tab, "main", "zone", "unit")
    assert HOSTILE["unit"] in tab.locator("#t-unit option").all_inner_texts()
    assert_harmless(tab, "targets")

    go(f"/briefings/?{PERIOD}")
    assert_shown(tab, ".zs-paper", "project", "industry", "park", "unit")
    assert_harmless(tab, "briefing")
    assert tab.errors == []


def test_a_hostile_ledger_previews_as_typed_after_its_background_check(
    watched, live_server, hostile, monkeypatch
):
    """Uploaded in the browser, checked in the background (the progress card polls by htmx and
    reloads the tab when done), previewed: file name, new names and bad values all as text."""
    monkeypatch.setattr(ledger_services, "BACKGROUND_ROWS", 1)
    tab = watched
    sign_in(tab, live_server, "director")
    ledger = files.table(
        {"项目编号": "X-9", "项目名称": HOSTILE["new project"], "责任单位": HOSTILE["unit"]},
        {"项目编号": "X-10", "项目名称": "普通项目", "所属产业": HOSTILE["new industry"]},
    )
    tab.goto(f"{live_server.url}/ledger/")
    tab.set_input_files(
        "#upload-form input[type=file]",
        files=[
            {
                "name": HOSTILE["file"] + ".csv",
                "mimeType": "text/csv",
                "buffer": files.csv_bytes(ledger),
            }
        ],
    )
    tab.click("#upload-form button[type=submit]")
    tab.locator("#import-progress").wait_for()
    assert_shown(tab, "h1", "file")
    job = LedgerImport.objects.get()
    assert job.filename == HOSTILE["file"] + ".csv"
    ledger_services.run_validation(job)  # what the worker would do
    tab.locator("#error-table").wait_for(timeout=15_000)
    assert_shown(tab, "#error-table", "new industry")
    assert_shown(tab, "#created-table", "new project", "unit")
    assert_shown(tab, "h1", "file")
    assert_harmless(tab, "ledger preview")
    assert tab.errors == []


def test_the_admin_works_under_the_policy_and_shows_names_as_text(watched, live_server, hostile):
    User.objects.create_superuser("root", password="pw")
    tab = watched
    # The admin's pages name no icon, so Chromium asks for /favicon.ico, which is not there.
    tab.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(tab, live_server, "root")
    for path, names in [
        ("/admin/", []),
        ("/admin/projects/project/", ["project", "unit"]),
        ("/admin/org/industry/", ["industry"]),
        (f"/admin/org/unit/{hostile['signed'].unit_id}/change/", ["unit"]),
    ]:
        tab.goto(f"{live_server.url}{path}")
        tab.wait_for_load_state("networkidle")
        for name in names:
            assert HOSTILE[name] in text_of(tab, "#content"), (path, name)
        assert_harmless(tab, path)
    assert tab.errors == []
