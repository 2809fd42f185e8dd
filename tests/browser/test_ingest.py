"""The news reader in a real browser: a director pastes a damaged page (Traditional characters,
pinyin after characters, ASCII punctuation, a Flash notice), reads it clean with the projects
marked, accepts two candidates as leads, and sees where the zone's ledger disagrees with what
was published — in Chinese and in English, at 1440 and 1280 pixels."""

import pytest

from zhaoshang.demo.loader import load_demo
from zhaoshang.ingest.models import Candidate, IngestedText
from zhaoshang.projects.models import Project

YEAR = 2025  # a demo year whose 31 May is past on any day these tests run
DAMAGED = (
    "運河經濟開發區招商引資再傳捷報\n"
    f"發布時間:{YEAR}-05-31 來源:運河開發區新聞中心\n"
    "您的瀏覽器不支持Flash\n"
    "5月18日,在資本交易大會上,開發區與史丹利簽(qiān)約(yuē)了總投資12億元的水溶性複合肥項目。\n"
    "同時,風電裝備、生物降解材料等項目進入實質性談判。\n"
    "今年以來,全區新簽約億元以上項目9個,新開工項目6個。\n"
)

pytestmark = pytest.mark.usefixtures("static_files")


@pytest.fixture
def demo(national_regions):
    return load_demo(year=YEAR)


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_a_director_reads_a_damaged_page_and_accepts_two_leads(page, live_server, demo, screenshot):
    sign_in(page, live_server, "director")
    page.click("nav a[href='/ingest/']")
    page.fill("#id_text", DAMAGED)
    page.click("#ingest-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/ingest/*/")
    text = IngestedText.objects.get()

    clean = page.locator("#clean-text").inner_text()
    assert "运河经济开发区" in clean and "签约了总投资12亿元" in clean
    assert "qiān" not in clean and "Flash" not in clean and "，" in clean
    marked = page.locator("#clean-text .zs-hl-candidate").all_inner_texts()
    assert marked == ["水溶性复合肥项目", "风电装备项目", "生物降解材料项目"] or set(marked) >= {
        "水溶性复合肥项目"
    }
    # The signed project is the zone's own, its investor found by its short name.
    first = page.locator("#candidates .zs-candidate").first
    assert "水溶性复合肥项目" in first.locator(".zs-matches").inner_text()
    assert "史丹利化肥股份有限公司" in first.locator(".zs-matches").inner_text()

    # The ledger disagrees: the news says 9 newly signed major projects, the ledger has 8.
    row = page.locator("#reconciliation-table tr[data-key=signed_major]")
    assert "zs-differs" in row.get_attribute("class")
    assert row.locator("[data-metric=signed_major]").inner_text() == "8"
    assert row.locator(".zs-ledger-projects a").count() == 8

    for size in (1440, 1280):
        page.set_viewport_size({"width": size, "height": 960})
        screenshot(f"ingest-review-zh-{size}")

    # Two leads, a minute's work.
    for name in ("风电装备项目", "生物降解材料项目"):
        candidate = Candidate.objects.get(text=text, name=name)
        card = page.locator(f"#c{candidate.pk}")
        card.locator("summary", has_text="作为新线索").click()
        card.locator("form[data-action=lead] button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        assert page.locator(f"#c{candidate.pk}").get_attribute("data-status") == "lead"
    assert (
        Project.objects.filter(zone=demo, name__in=["风电装备项目", "生物降解材料项目"]).count()
        == 2
    )
    assert page.errors == []

    page.click("button[name=language][value=en]")
    page.wait_for_load_state("networkidle")
    assert "Reported figures against the ledger" in page.locator("#reconciliation").inner_text()
    for size in (1440, 1280):
        page.set_viewport_size({"width": size, "height": 960})
        screenshot(f"ingest-review-en-{size}")
    page.goto(f"{live_server.url}/ingest/")
    screenshot("ingest-list-en")
    page.click("button[name=language][value=zh-hans]")
    page.wait_for_load_state("networkidle")
    screenshot("ingest-list-zh")


def test_a_member_accepts_two_leads_for_their_unit_and_sees_the_ledgers_projects_they_may(
    page, live_server, demo
):
    sign_in(page, live_server, "group01")
    page.goto(f"{live_server.url}/ingest/")
    page.fill("#id_text", DAMAGED)
    page.click("#ingest-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/ingest/*/")
    text = IngestedText.objects.get()
    for name in ("风电装备项目", "生物降解材料项目"):
        candidate = Candidate.objects.get(text=text, name=name)
        card = page.locator(f"#c{candidate.pk}")
        card.locator("summary", has_text="作为新线索").click()
        card.locator("form[data-action=lead] button[type=submit]").click()
        page.wait_for_load_state("networkidle")
    leads = Project.objects.filter(zone=demo, name__in=["风电装备项目", "生物降解材料项目"])
    assert sorted(leads.values_list("unit__name", flat=True)) == ["招商一组", "招商一组"]
    # The zone's figure is the zone's; its list shows 招商一组's projects and how many more.
    row = page.locator("#reconciliation-table tr[data-key=signed_major]")
    assert row.locator("[data-metric=signed_major]").inner_text() == "8"
    listed = row.locator(".zs-ledger-projects a").count()
    assert listed < 8 and f"另有 {8 - listed} 个项目属其他单位" in row.inner_text()
    assert page.errors == []
