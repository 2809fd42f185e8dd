"""The writers on the demo zone: Word laid out the GB/T 9704 way, PDF text, Excel numbers."""

import datetime as dt
import gc
import io
import re
from decimal import Decimal

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from pypdf import PdfReader

from tests.reports.conftest import NOW
from zhaoshang.demo.loader import load_demo
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.reports.writers import FORMATS
from zhaoshang.stats.selectors import KEYS, LABELS, figure_projects

pytestmark = pytest.mark.django_db

YEAR = 2024
AS_OF = dt.date(YEAR, 5, 31)
FIVE = {
    "signed_major": 8,
    "negotiating_major": 13,
    "under_construction_major": 20,
    "started": 6,
    "completed": 6,
}
SECTIONS = [
    "一、总体情况",
    "二、年度目标完成情况",  # the demo sets targets for its year
    "三、新签约亿元以上项目",
    "四、分类统计",
    "五、招商方式和引荐方",
    "六、实际到位资金",
    "七、外出招商和招商活动",
    "八、产业链补链强链",  # the demo keeps industry chains
    "九、需关注的项目",
    "十、项目落地保障",  # the demo has after-care tickets
    "十一、口径说明",
]


@pytest.fixture
def demo():
    zone = load_demo(year=YEAR)
    return zone


def written(zone, kind: str):
    document = build_briefing(
        zones=[zone], as_of=AS_OF, today=AS_OF, now=NOW, complete=FORMATS[kind].complete
    )
    return document, FORMATS[kind].write(document)


def east_asia(run) -> str | None:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_docx_has_the_sections_tables_and_chinese_fonts(demo):
    document, data = written(demo, "docx")
    doc = docx.Document(io.BytesIO(data))

    title = doc.paragraphs[0]
    assert title.text.replace("\n", "") == document.title
    assert title.style.name == "ZS Title"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asia(title.runs[0]) == "方正小标宋简体"
    assert title.runs[0].font.size == Pt(22)

    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in headings] == SECTIONS
    assert all(east_asia(p.runs[0]) == "黑体" for p in headings)
    subheadings = [p for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert subheadings[0].text == "（一）分产业情况"
    assert all(east_asia(p.runs[0]) == "楷体" for p in subheadings)

    body = [p for p in doc.paragraphs if p.style.name == "ZS Body"]
    assert re.sub(r"（总投资[^）]*）", "", body[0].text).startswith(
        f"{YEAR}年1—5月，我区新签约亿元以上投资项目8个，正在洽谈亿元以上项目13个"
    )
    assert all(east_asia(p.runs[0]) == "仿宋" for p in body)
    assert body[0].runs[0].font.size == Pt(16)
    style = doc.styles["ZS Body"]
    assert style.paragraph_format.first_line_indent == Pt(32)
    assert style.element.pPr.ind.get(qn("w:firstLineChars")) == "200"
    for name in ("Normal", "ZS Body", "Heading 1", "Heading 2", "ZS Table"):
        fonts = doc.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")), name
        assert fonts.get(qn("w:eastAsiaTheme")) is None, name  # a theme font would win

    assert len(doc.tables) == len([t for t in document.tables if t.document]) >= 9
    for table in doc.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    targets = doc.tables[1]
    assert [c.text for c in targets.rows[0].cells][:5] == [
        "范围",
        "指标",
        "目标项目数",
        "已完成项目数",
        "完成率",
    ]
    signed = doc.tables[3]  # after the targets' table and the units' ranking
    assert [c.text for c in signed.rows[0].cells][:3] == ["序号", "项目名称", "投资方"]
    assert len(signed.rows) == 1 + 8
    assert east_asia(signed.rows[1].cells[1].paragraphs[0].runs[0]) == "仿宋"

    section = doc.sections[0]
    page = [section.page_width, section.page_height]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(length.mm) for length in page] == [210, 297]  # stored in twips
    assert [round(length.mm) for length in margins] == [37, 35, 28, 26]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer in (section.footer, section.even_page_footer):
        assert "PAGE" in footer._element.xml
        assert footer.paragraphs[0].text.startswith("— ")
    assert doc.core_properties.title == document.title


def test_the_pdf_is_a4_and_its_text_has_the_figures(demo):
    _document, data = written(demo, "pdf")
    assert gc.get_freeze_count() == 0  # the collector's frozen objects are given back
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert "运河经济开发区招商引资工作简报" in text
    for count, phrase in zip(
        FIVE.values(),
        [
            "新签约亿元以上投资项目",
            "正在洽谈亿元以上项目",
            "在建、续建亿元以上投资项目",
            "新开工项目",
            "新竣工项目",
        ],
        strict=True,
    ):
        assert f"{phrase}{count}个" in text
    assert "十一、口径说明" in text
    assert "新签约亿元以上项目目标15个、80.00亿元，完成8个" in text
    assert "—1—" in text  # the page number in the footer


def test_the_xlsx_numbers_equal_the_figures_engines(demo):
    document, data = written(demo, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[:5] == ["简报", "主要指标", "年度目标", "单位排名", "新签约亿元以上项目"]
    assert book["简报"]["A1"].value == document.title
    figures = document.figures["yunhe"]
    sheet = book["主要指标"]
    assert [c.value.replace("\n", "") for c in sheet[1]] == [
        "指标",
        "本期项目数",
        "本期金额（万元）",
        "上年同期项目数",
        "上年同期金额（万元）",
        "同比增减（%）",
    ]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    for key in KEYS:
        count, amount = rows[str(LABELS[key])][1:3]
        assert isinstance(count, int) and count == figures[key].count, key
        assert Decimal(str(amount)).quantize(Decimal("0.01")) == figures[key].amount_wan, key
    signed = list(book["新签约亿元以上项目"].iter_rows(min_row=2, values_only=True))
    assert len(signed) == figures["signed_major"].count == 8
    # The engine's own projects behind the figure (the briefing's figures carry no code lists).
    counted = figure_projects(
        zone=demo, key="signed_major", as_of=AS_OF, period_from=figures.period_from
    )
    stored = dict(counted.values_list("name", "total_investment_wan"))
    for row in signed:
        assert Decimal(str(row[2])) == stored[row[0]]  # no 序号 column in a sheet
        assert isinstance(row[4], dt.datetime)  # a date cell
    targets = list(book["年度目标"].iter_rows(min_row=2, values_only=True))
    signed_major = next(r for r in targets if r[:2] == ("全区", str(LABELS["signed_major"])))
    assert signed_major[2:5] == (15, figures["signed_major"].count, 53.3)  # numbers, not text
    assert Decimal(str(signed_major[6])) == figures["signed_major"].amount_wan
    unit = list(book["分责任单位"].iter_rows(values_only=True))
    assert unit[-1][0] is None or unit[-1][0].startswith("注")  # the note under the table
    total = next(r for r in unit if r[0] == "全区合计")
    assert total[1] == figures["signed"].count


def test_markdown_and_html(demo):
    document, data = written(demo, "md")
    text = data.decode()
    assert text.startswith(f"# {document.title}\n")
    for heading in SECTIONS:
        assert f"\n## {heading}\n" in text
    assert "| 序号 | 项目名称 | 投资方 | 总投资（亿元） | 责任单位 | 签约日期 |" in text
    assert "| ---: | --- | --- | ---: | --- | --- |" in text
    html = FORMATS["html"].write(document).decode()
    assert f"<title>{document.title}</title>" in html
    assert '<span data-metric="signed_major">8</span>' in html
    assert "@page" in html and "Noto Serif CJK SC" in html
