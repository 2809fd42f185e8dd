"""/briefings/: the page, its links, downloads, the roll-up and who may see what."""

import io
import re

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from tests.factories import make_user
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.org.models import Role
from zhaoshang.org.services import create_zone, grant_role

pytestmark = pytest.mark.django_db

PERIOD = "from=2026-01-01&as_of=2026-05-31"


@pytest.fixture
def projects(zone, build):
    return {
        "mine": build("MINE", "20000", signed="2026-04-01", unit="group1"),
        "theirs": build("THEIRS", "30000", signed="2026-04-02", unit="group2"),
        "talk": build("TALK", "15000", negotiating="2026-01-10", unit="group2"),
    }


def test_it_shows_the_briefing_with_every_figure_linked(client, people, projects):
    client.force_login(people["alice"])
    page = client.get(f"/briefings/?{PERIOD}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "测试经济开发区招商引资工作简报<br>（2026年1—5月）" in text
    metric = re.search(r'<a href="([^"]+)" data-metric="signed_major">(\d+)</a>', text)
    assert metric and metric.group(2) == "2"
    assert metric.group(1).startswith("/figures/signed_major/?from=2026-01-01&amp;as_of=2026-05-31")
    assert "zone=" not in metric.group(1)  # the current zone's figure
    assert 'data-metric="negotiating_major">1</a>' in text
    # A row of a breakdown opens exactly its projects.
    row = re.search(r'href="(/figures/signed/\?[^"]*by=unit[^"]*)"', text)
    listed = client.get(row.group(1).replace("&amp;", "&"))
    assert listed.status_code == 200
    codes = re.findall(r'data-code="([^"]+)"', listed.content.decode())
    assert len(codes) == 1 and codes[0] in {"MINE", "THEIRS"}


def test_a_member_sees_the_figures_but_only_their_units_projects(client, people, projects):
    client.force_login(people["bob"])
    text = client.get(f"/briefings/?{PERIOD}").content.decode()
    assert re.search(r'data-metric="signed_major">2</a>', text)
    assert "项目MINE" in text
    assert "项目THEIRS" not in text
    assert "另有1个项目属其他单位，不在您的查看范围内，未列出。" in text
    listed = client.get(f"/figures/signed_major/?zone=testzone&{PERIOD}").content.decode()
    assert re.findall(r'data-code="([^"]+)"', listed) == ["MINE"]
    assert 'data-hidden="1"' in listed


def test_a_user_without_a_role_in_the_zone_gets_404(client, zone, projects):
    other = create_zone(code="other", name="另一开发区")
    olga = make_user("olga", other, Role.DIRECTOR)
    client.force_login(olga)
    assert client.get(f"/briefings/?zone=testzone&{PERIOD}").status_code == 404
    assert client.get(f"/figures/signed/?zone=testzone&{PERIOD}").status_code == 404
    assert client.get(f"/briefings/download/docx/?zone=testzone&{PERIOD}").status_code == 404
    assert client.get(f"/briefings/?zone=other&{PERIOD}").status_code == 200


def test_anonymous_users_are_sent_to_sign_in(client, zone):
    response = client.get("/briefings/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_unknown_keys_dimensions_groups_and_formats_are_404(client, people):
    client.force_login(people["alice"])
    assert client.get("/figures/nonsense/?zone=testzone").status_code == 404
    url = f"/figures/signed/?zone=testzone&{PERIOD}"
    assert client.get(f"{url}&by=colour&group=1").status_code == 404
    assert client.get(f"{url}&by=industry&group=abc").status_code == 404
    assert client.get(f"{url}&by=industry&group=none").status_code == 200
    assert client.get("/briefings/download/odt/").status_code == 404


def test_a_bad_period_falls_back_to_the_year_to_date_and_says_so(client, people):
    client.force_login(people["alice"])
    page = client.get("/briefings/?from=2026-06-01&as_of=2026-05-31")
    assert page.status_code == 200
    assert "已显示本年至今" in page.content.decode()


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("pdf", "application/pdf"),
        ("md", "text/markdown; charset=utf-8"),
    ],
)
def test_it_downloads_each_format(client, people, projects, kind, content_type):
    client.force_login(people["alice"])
    response = client.get(f"/briefings/download/{kind}/?{PERIOD}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition and disposition.endswith(f".{kind}")
    title = "测试经济开发区招商引资工作简报"
    if kind == "docx":
        doc = docx.Document(io.BytesIO(response.content))
        assert doc.paragraphs[0].text.startswith(title)
    elif kind == "pdf":
        assert PdfReader(io.BytesIO(response.content)).pages[0].extract_text().startswith(title)
    elif kind in ("html", "md"):
        assert title in response.content.decode()
    if kind == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        rows = list(book["新签约亿元以上项目"].iter_rows(min_row=2, values_only=True))
        assert [row[0] for row in rows] == ["项目THEIRS", "项目MINE"]


def test_a_member_downloads_only_what_they_may_see(client, people, projects):
    client.force_login(people["bob"])
    response = client.get(f"/briefings/download/xlsx/?{PERIOD}")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["新签约亿元以上项目"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows if row[2] is not None] == ["项目MINE"]


def test_a_person_with_roles_in_several_zones_gets_the_rollup(client, zone, people, build):
    east = create_zone(code="east", name="东城经济开发区")
    investor = get_or_create_company(zone=east, actor=None, name="东城投资有限公司")
    build("A1", "12000", signed="2026-03-01")
    build("B1", "15000", signed="2026-03-01", in_zone=east, investor=investor)
    grant_role(user=people["lee"], zone=east, role=Role.LEADER)
    client.force_login(people["lee"])
    page = client.get(f"/briefings/?zone=all&{PERIOD}").content.decode()
    assert "东城经济开发区、测试经济开发区招商引资工作汇总简报" in page  # by zone code
    assert 'data-metric="signed_major">2</span>' in page
    assert "各开发区统计口径相同" in page
    # Each zone's own briefing, and each zone's figures open there.
    east_page = client.get(f"/briefings/?zone=east&{PERIOD}").content.decode()
    assert "东城经济开发区招商引资工作简报" in east_page
    link = re.search(r'href="(/figures/signed_major/\?[^"]+)"', east_page)
    listed = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert re.findall(r'data-code="([^"]+)"', listed) == ["B1"]
    # A member of one zone has no roll-up of zones that are not theirs.
    client.force_login(people["bob"])
    mine_only = client.get(f"/briefings/?zone=all&{PERIOD}").content.decode()
    assert "汇总简报" not in mine_only and "测试经济开发区招商引资工作简报" in mine_only
