"""Units and people in a real browser: a unit's page and the people page at 1440 and 1280 px,
in Chinese and in English, nothing cut or running off the page; an admin creates a person and
a director a resident office through the forms.

With ZHAOSHANG_SCREENSHOTS set, each page is saved as <page>-<language>-<width>.png there."""

import pytest

from tests.browser.test_layout import OVERFLOW, save, signed_in
from zhaoshang.demo.loader import load_demo
from zhaoshang.org.models import Membership, Region, Unit

YEAR = 2025
PERIOD = f"from={YEAR}-01-01&as_of={YEAR}-05-31"

pytestmark = pytest.mark.usefixtures("static_files")


def ensure_regions() -> None:
    """A transactional test empties every table, the national regions (a migration's data)
    included: put back the few these tests name."""
    Region.objects.get_or_create(
        code="310000",
        defaults={
            "name": "上海市",
            "short_name": "上海",
            "level": "province",
            "province_id": "310000",
        },
    )
    Region.objects.get_or_create(
        code="440000",
        defaults={
            "name": "广东省",
            "short_name": "广东",
            "level": "province",
            "province_id": "440000",
        },
    )
    Region.objects.get_or_create(
        code="440300",
        defaults={"name": "深圳市", "short_name": "深圳", "level": "city", "province_id": "440000"},
    )


@pytest.fixture
def demo(transactional_db):
    ensure_regions()
    return load_demo(year=YEAR)


def test_the_unit_and_people_pages_fit_in_both_languages(browser, live_server, demo):
    group = Unit.objects.get(zone=demo, name="招商一组")
    office = Unit.objects.get(zone=demo, name="驻上海招商联络处")
    pages = {
        "unit": f"/units/{group.pk}/?{PERIOD}",
        "office": f"/units/{office.pk}/?{PERIOD}",
        "units": "/units/",
        "people": "/accounts/",
        "organisations": "/organisations/",
        "person-form": "/accounts/users/new/",
        "my-leads": "/referrals/",
    }
    for language in ("zh-hans", "en"):
        for width in (1440, 1280):
            context, page = signed_in(browser, live_server, "admin", width=width, language=language)
            for name, path in pages.items():
                page.goto(f"{live_server.url}{path}")
                assert page.evaluate(OVERFLOW) == [], (name, language, width)
                assert page.errors == [], (name, page.errors)
                save(page, f"{name}-{language}-{width}")
            page.goto(f"{live_server.url}/units/{group.pk}/?{PERIOD}")
            for section in ("unit-header", "unit-figures", "unit-members", "unit-targets"):
                assert page.locator(f"#{section}").is_visible(), section
            assert page.locator("#unit-projects tbody tr").count() >= 1
            assert page.locator("#unit-head").inner_text() == "张伟"
            page.goto(f"{live_server.url}/units/{office.pk}/?{PERIOD}")
            assert page.locator("#unit-city").inner_text() in ("上海市", "上海")
            page.goto(f"{live_server.url}/accounts/")
            assert page.locator("#users tr[data-user=group01]").is_visible()
            context.close()


def test_an_admin_adds_a_person_and_a_director_a_resident_office(browser, live_server, demo):
    context, page = signed_in(browser, live_server, "admin", width=1280, language="zh-hans")
    page.goto(f"{live_server.url}/accounts/")
    page.click("#person-new")
    page.fill("input[name=username]", "zhaoliu")
    page.fill("input[name=name]", "赵六")
    page.select_option("select[name=role]", "member")
    page.select_option("select[name=unit]", label="招商三组")
    page.fill("input[name=password]", "Canal-Harbour-2026")
    page.click("#person-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/accounts/")
    assert page.locator("#users tr[data-user=zhaoliu]").inner_text().count("招商三组") == 1
    member = Membership.objects.get(zone=demo, user__username="zhaoliu")
    assert member.unit.name == "招商三组"
    context.close()

    context, page = signed_in(browser, live_server, "director", width=1280, language="en")
    page.goto(f"{live_server.url}/units/")
    page.click("#unit-new")
    page.fill("input[name=name]", "驻深圳招商联络处")
    page.select_option("select[name=kind]", "office")
    page.fill("input[name=city]", "深圳")
    page.fill("input[name=started_on]", "2025-03-01")
    page.click("#unit-form button[type=submit]")
    page.wait_for_selector("#unit-city")
    assert page.locator("#unit-city").inner_text() == "深圳市"
    assert page.evaluate(OVERFLOW) == []
    save(page, "unit-new-office-en-1280")
    context.close()
