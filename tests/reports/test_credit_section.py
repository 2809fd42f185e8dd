"""The briefing's section 招商方式和引荐方 in every format: its tables add up to the signings,
name the referrers (escaped where the format is markup) and link each row to its projects."""

import io

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from tests.factories import TODAY, d, make_user
from tests.reports.conftest import NOW
from zhaoshang.companies.services import get_or_create_company, save_organisation
from zhaoshang.org.models import Role
from zhaoshang.org.services import create_zone
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, Stage
from zhaoshang.reports.document import Heading, Linked
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.reports.writers import FORMATS

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred(zone, refs, company, people):
    anchor = get_or_create_company(zone=zone, actor=None, name="龙头化工集团", is_anchor=True)
    chamber = save_organisation(zone=zone, actor=None, name="<b>浙江商会</b>", kind="chamber")

    def signed(code, amount, channel="", **referrer):
        return services.create_project(
            zone=zone,
            actor=None,
            code=code,
            name=f"项目{code}",
            company=company,
            unit=refs["group1"],
            channel=channel,
            total_investment_wan=amount,
            agreement_type=AgreementType.CONTRACT,
            milestones={Stage.SIGNED: d("2026-04-01")},
            today=TODAY,
            **referrer,
        )

    signed("S1", 120000, "by_business", introduced_by=anchor)
    signed("S2", 30000, "agency", referrer_org=chamber)
    signed("S3", 15000, "all_staff", referred_by=people["cody"])
    signed("S4", 8000)
    return {"anchor": anchor, "chamber": chamber}


def document_of(zone, kind="md"):
    return build_briefing(
        zones=[zone], as_of=d("2026-05-31"), today=TODAY, now=NOW, complete=FORMATS[kind].complete
    )


def test_the_tables_add_up_to_the_signings(zone, referred):
    document = document_of(zone)
    headings = [b.full for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert "四、招商方式和引荐方" in headings
    for sheet in ("分招商方式", "分引荐方"):
        table = next(t for t in document.tables if t.sheet == sheet)
        counts = [row[-3] for row in table.rows]
        values = [c.value if isinstance(c, Linked) else c for c in counts]
        assert sum(values) == 4
        total = table.total[-3]
        assert (total.value if isinstance(total, Linked) else total) == 4
    referrers = next(t for t in document.tables if t.sheet == "分引荐方")
    names = [row[1] for row in referrers.rows]
    assert names == ["龙头化工集团", "<b>浙江商会</b>", "cody", "无引荐方"]
    first = referrers.rows[0][2]
    assert (first.link.by, first.link.group) == ("referrer", f"enterprise-{referred['anchor'].pk}")
    text = document.text()
    assert "有引荐方的3个，其中个人（全员招商）引荐1个、企业引荐1个、机构引荐1个" in text


@pytest.mark.parametrize("kind", ["md", "html", "docx", "xlsx", "pdf"])
def test_every_format_has_the_section(zone, referred, kind):
    document = document_of(zone, kind)
    content = FORMATS[kind].write(document)
    if kind == "md":
        text = content.decode()
        assert "## 四、招商方式和引荐方" in text and "| 企业 | 龙头化工集团 |" in text
    elif kind == "html":
        text = content.decode()
        assert "招商方式和引荐方" in text and "&lt;b&gt;浙江商会&lt;/b&gt;" in text
        assert "<b>浙江商会</b>" not in text
    elif kind == "docx":
        word = docx.Document(io.BytesIO(content))
        assert "四、招商方式和引荐方" in [p.text for p in word.paragraphs]
        cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
        assert {"龙头化工集团", "<b>浙江商会</b>", "无引荐方", "以商招商"} <= cells
    elif kind == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        sheet = book["分引荐方"]
        rows = [row for row in sheet.iter_rows(values_only=True) if row[1]]
        assert any(row[1] == "<b>浙江商会</b>" for row in rows)
        assert "分招商方式" in book.sheetnames
    else:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        assert "招商方式和引荐方" in text and "龙头化工集团" in text


def test_a_rollup_sums_channels_and_lists_each_zones_referrers(zone, referred):
    east = create_zone(code="east", name="东城经济开发区")
    dan = make_user("dan", east, Role.CONTRIBUTOR)
    services.create_project(
        zone=east,
        actor=None,
        code="E1",
        name="东城项目",
        company=get_or_create_company(zone=east, actor=None, name="东城投资方"),
        channel="agency",
        referred_by=dan,
        total_investment_wan=20000,
        agreement_type=AgreementType.CONTRACT,
        milestones={Stage.SIGNED: d("2026-05-01")},
        today=TODAY,
    )
    document = build_briefing(zones=[zone, east], as_of=d("2026-05-31"), today=TODAY, now=NOW)
    channels = next(t for t in document.tables if t.sheet == "分招商方式")
    agency = next(row for row in channels.rows if row[0] == "中介招商")
    assert agency[1] == 2
    referrers = next(t for t in document.tables if t.sheet == "分引荐方")
    assert "东城经济开发区 · dan" in [row[1] for row in referrers.rows]
    assert sum(row[2] for row in referrers.rows) == 5


def test_the_briefing_page_links_each_row_to_its_projects(client, zone, referred, people):
    client.force_login(people["lee"])
    page = client.get("/briefings/", {"from": "2026-01-01", "as_of": "2026-05-31"}).content
    text = page.decode()
    assert "招商方式和引荐方" in text
    assert f"by=referrer&amp;group=enterprise-{referred['anchor'].pk}" in text
    assert "by=channel&amp;group=agency" in text


def test_a_period_without_signings_says_so_without_empty_tables(zone, referred):
    document = build_briefing(
        zones=[zone], as_of=d("2026-03-31"), period_from=d("2026-01-01"), today=TODAY, now=NOW
    )
    assert "2026年1—3月无新签约项目。" in document.text()
    assert not [t for t in document.tables if t.sheet in ("分招商方式", "分引荐方")]
