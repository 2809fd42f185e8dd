"""The project forms as people fill them: the new-project form's order and empty choices, a new
investor's region and 统一社会信用代码, a future date refused at the date, and a contributor's
short lead form whose extra fields are ignored or refused."""

import datetime as dt
import re

import pytest

from tests.factories import TODAY
from zhaoshang.projects.models import Project

VALID_USCC = "91440300708461136T"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    for module in ("zhaoshang.projects.views", "zhaoshang.projects.services"):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


def field_names(html: str) -> list[str]:
    form = html[html.index('id="project-form"') :]
    names = re.findall(r'<(?:input|select|textarea)[^>]*name="([a-z_]+)"', form)
    return [n for n in names if n not in {"csrfmiddlewaretoken"}]


def test_the_stage_sits_beside_its_date_and_empty_choices_say_what_they_mean(client, people):
    client.force_login(people["alice"])
    page = client.get("/projects/new/").text
    names = field_names(page)
    assert names.index("first_date") == names.index("first_stage") + 1
    assert names[-1] == "note"  # the note last, full width
    assert "---------" not in page
    for empty in ("未分配", "未定", "未签约", "未填写"):
        assert f">{empty}</option>" in page
    board = client.get("/pipeline/").text
    assert "---------" not in board and ">全部</option>" in board


def test_a_new_investor_gets_its_region_and_code(client, people):
    client.force_login(people["alice"])
    response = client.post(
        "/projects/new/",
        {
            "name": "锂电新材料项目",
            "project_type": "industrial",
            "company_name": "山东新投资方有限公司",
            "company_uscc": VALID_USCC,
            "origin_region": "德州市",
            "first_stage": "lead",
            "first_date": "2026-05-02",
        },
    )
    assert response.status_code == 302, re.findall(
        r"invalid-feedback d-block\">([^<]*)|alert-danger[^>]*>([^<]*)", response.content.decode()
    )
    project = Project.objects.get(name="锂电新材料项目")
    assert project.origin_region.name == "德州市"
    assert project.company.region.name == "德州市" and project.company.uscc == VALID_USCC

    page = client.post(
        "/projects/new/",
        {
            "name": "另一个项目",
            "project_type": "industrial",
            "company_name": "另一家公司",
            "origin_region": "火星",
            "first_stage": "lead",
            "first_date": "2026-05-02",
        },
    ).text
    assert "找不到地区“火星”" in page


def test_a_future_date_is_refused_at_the_date_field(client, people):
    client.force_login(people["alice"])
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    page = client.post(
        "/projects/new/",
        {
            "name": "未来项目",
            "project_type": "industrial",
            "first_stage": "signed",
            "first_date": tomorrow,
            "agreement_type": "contract",
        },
    ).text
    after_date = page[page.index('name="first_date"') :]
    assert 'class="invalid-feedback d-block"' in after_date[:600]
    assert not Project.objects.filter(name="未来项目").exists()


def test_a_contributor_gets_the_short_lead_form(client, people):
    client.force_login(people["cody"])
    page = client.get("/projects/new/").text
    names = field_names(page)
    assert "提交招商线索" in page
    for absent in ("unit", "agreement_type", "foreign_capital_usd_wan", "park", "code"):
        assert absent not in names
    assert {"name", "company_name", "first_date"} <= set(names)


def test_what_a_contributor_may_not_set_is_ignored_or_refused(client, people, refs):
    client.force_login(people["cody"])
    response = client.post(
        "/projects/new/",
        {
            "name": "全员招商线索",
            "first_stage": "lead",
            "first_date": "2026-05-02",
            # Crafted: not on the lead form, ignored.
            "unit": refs["group1"].pk,
            "agreement_type": "contract",
            "foreign_capital_usd_wan": "100",
            "code": "CUSTOM-1",
        },
    )
    assert response.status_code == 302
    lead = Project.objects.get(name="全员招商线索")
    assert lead.unit is None and lead.agreement_type == "" and lead.foreign_capital_usd_wan is None
    assert lead.code != "CUSTOM-1" and lead.lead_date is not None

    # A later stage is refused, not recorded.
    page = client.post(
        "/projects/new/",
        {"name": "冒充签约", "first_stage": "signed", "first_date": "2026-05-02"},
    )
    assert page.status_code == 200
    assert not Project.objects.filter(name="冒充签约").exists()
