"""The briefing's files show names as typed. A zone, project, investor, industry, park and unit
named with HTML, Markdown or a spreadsheet formula read literally in the Markdown (rendered here
by a CommonMark renderer that passes raw HTML through, as many readers do), in the HTML page and
file (and so the PDF), in the Word file and in the Excel workbook: nothing in them becomes a tag,
a link, emphasis or a formula."""

import io
from decimal import Decimal
from html.parser import HTMLParser

import docx
import openpyxl
import pytest
from markdown_it import MarkdownIt

from tests.factories import TODAY, d, make_user
from tests.reports.conftest import NOW
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.org.models import Industry, Park, Role, Unit
from zhaoshang.org.services import create_zone, ensure_reference
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, Stage
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.reports.writers import FORMATS
from zhaoshang.reports.writers.html import body
from zhaoshang.reports.writers.markdown import write as markdown

pytestmark = pytest.mark.django_db

NAMES = {
    "zone": "1. <b>运河</b>区",
    "project": "<script>alert(1)</script> **复合肥** [项目](javascript:alert(1))",
    "idle": "- <a href=javascript:alert(2)>冷链</a> `项目` ~~洽谈~~",
    "company": "<img src=x onerror=alert(3)>&lt;公司&gt;",
    "industry": '=HYPERLINK("http://x.invalid","化工")',
    "park": "+1 # 园区 | 二期 \\ _一_",
    "unit": "@SUM(1) $x$ > 招商组",
}
# The tags each writer makes itself; a name that became markup would add another.
MARKDOWN_TAGS = {"h1", "h2", "h3", "p", "hr", "strong", "table", "thead", "tbody", "tr", "th", "td"}
HTML_TAGS = MARKDOWN_TAGS | {"article", "br", "a", "span", "div", "caption", "colgroup", "col"}


class Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.links: list[str] = []
        self.texts: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.links += [value for name, value in attrs if name == "href"]

    def handle_data(self, data):
        self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)


@pytest.fixture
def briefing(db):
    zone = create_zone(code="marks", name=NAMES["zone"])
    refs = {
        "industry": ensure_reference(zone=zone, model=Industry, name=NAMES["industry"]),
        "park": ensure_reference(zone=zone, model=Park, name=NAMES["park"]),
        "unit": ensure_reference(
            zone=zone, model=Unit, name=NAMES["unit"], kind=Unit.Kind.PROMOTION_GROUP
        ),
    }
    company = get_or_create_company(zone=zone, actor=None, name=NAMES["company"])
    services.create_project(
        zone=zone,
        actor=None,
        code="M-1",
        name=NAMES["project"],
        company=company,
        total_investment_wan=Decimal(30000),
        agreement_type=AgreementType.CONTRACT,
        milestones={Stage.SIGNED: d("2026-03-01")},
        today=TODAY,
        **refs,
    )
    services.create_project(
        zone=zone,
        actor=None,
        code="M-2",
        name=NAMES["idle"],
        total_investment_wan=Decimal(12000),
        milestones={Stage.NEGOTIATING: d("2026-01-05")},
        today=TODAY,
        **refs,
    )
    make_user("reader", zone, Role.LEADER)
    return lambda complete=False: build_briefing(
        zones=[zone], as_of=TODAY, today=TODAY, now=NOW, complete=complete
    )


def test_the_names_are_in_the_briefing_to_begin_with(briefing):
    """Else the tests below would prove nothing."""
    text = "\n".join(
        [block.text for block in briefing().blocks if hasattr(block, "spans")]
        + [str(cell) for table in briefing().tables for row in table.rows for cell in row]
    )
    for key in ("project", "idle", "industry", "park", "unit"):
        assert NAMES[key] in text, key


def test_markdown_renders_every_name_as_text(briefing):
    source = markdown(briefing())
    html = (
        MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(source)
    )
    page = Page(html)
    assert page.tags <= MARKDOWN_TAGS, page.tags - MARKDOWN_TAGS
    assert page.links == []
    for key, name in NAMES.items():
        assert name in page.text, key


def test_html_shows_every_name_as_text_and_links_only_to_figures(briefing):
    def href(link):
        return f"/figures/{link.key}/"

    for html in (str(body(briefing(), href=href)), FORMATS["html"].write(briefing()).decode()):
        page = Page(html)
        extra = page.tags - HTML_TAGS - {"html", "head", "meta", "title", "style", "body"}
        assert extra == set()
        assert all(link.startswith("/figures/") for link in page.links)
        for key, name in NAMES.items():
            assert name in page.text, key


def test_word_shows_every_name_as_typed(briefing):
    document = docx.Document(io.BytesIO(FORMATS["docx"].write(briefing())))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    for key, name in NAMES.items():
        assert name in text, key


def test_excel_keeps_names_that_look_like_formulas_as_text(briefing):
    book = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"].write(briefing(complete=True))))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    for key in ("industry", "park", "unit"):  # = + @
        found = [cell for cell in cells if cell.value == NAMES[key]]
        assert found, key
        assert {cell.data_type for cell in found} == {"s"}, key
