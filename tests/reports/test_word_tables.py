"""The Word briefing's tables as a reader sees them: text set left (numbers right), never
justified; columns as wide as their content needs, within the 156 mm text block, and never so
narrow that a text leaves one character alone on its last line; the file's properties."""

import datetime as dt
import io
import re
import zipfile

import docx
import pytest
from django.utils import translation
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS  # Adobe's metrics of Times

from tests.reports.conftest import NOW
from zhaoshang.demo.loader import load_demo
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.reports.writers import FORMATS

AS_OF = dt.date(2024, 5, 31)
TEXT_BLOCK_TWIPS = round(156 / 25.4 * 1440)
CJK = re.compile("[\u2014\u2018-\u201d\u2e80-\ud7ff\uff00-\uffef]")


@pytest.fixture
def written(db):
    zone = load_demo(year=AS_OF.year)
    document = build_briefing(zones=[zone], as_of=AS_OF, today=AS_OF, now=NOW)
    content = FORMATS["docx"].write(document)
    return document, content, docx.Document(io.BytesIO(content))


def alignment(paragraph):
    """The paragraph's alignment, its own or its style's (and their base styles')."""
    if paragraph.alignment is not None:
        return paragraph.alignment
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.alignment is not None:
            return style.paragraph_format.alignment
        style = style.base_style
    return WD_ALIGN_PARAGRAPH.LEFT


def margins_twips(table) -> int:
    """Left plus right cell margins: the table's own, else Word's default (108 twips each)."""
    own = table._tbl.tblPr.find(qn("w:tblCellMar"))
    if own is None:
        return 216
    return sum(int(own.find(qn(side)).get(qn("w:w"))) for side in ("w:left", "w:right"))


def last_line(text: str, capacity: float) -> tuple[int, float]:
    """Lines and the width of the last one, `text` wrapped character by character into
    `capacity` ems (a CJK character one em, any other half)."""
    lines, line = 1, 0.0
    for char in text:
        ems = 1.0 if CJK.match(char) else 0.5
        if line and line + ems > capacity + 1e-9:
            lines, line = lines + 1, 0.0
        line += ems
    return lines, line


def test_table_text_is_never_justified_and_numbers_are_right(written):
    document, _content, doc = written
    tables = [t for t in document.tables if t.document]
    assert len(doc.tables) == len(tables)
    seen = 0
    for table, grid in zip(tables, doc.tables, strict=True):
        for row in grid.rows[1:]:
            for column, cell in zip(table.columns, row.cells, strict=True):
                paragraph = cell.paragraphs[0]
                align = alignment(paragraph)
                assert align not in (WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.DISTRIBUTE)
                if column.numeric:
                    assert align == WD_ALIGN_PARAGRAPH.RIGHT, column.title
                seen += 1
    assert seen > 100
    progress = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "快于序时进度" in progress


def test_columns_fit_the_page_and_leave_no_character_alone(written):
    _document, _content, doc = written
    for grid in doc.tables:
        widths = [int(col._gridCol.get(qn("w:w"))) for col in grid.columns]
        assert sum(widths) <= TEXT_BLOCK_TWIPS + 30  # within the text block
        padding = margins_twips(grid)
        for row in grid.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                for paragraph in cell.paragraphs:
                    runs = [run for run in paragraph.runs if run.text]
                    if not runs:
                        continue
                    size = runs[0].font.size.pt * 20  # twips per em
                    capacity = (width - padding) / size
                    # A header's explicit line break: each line wraps on its own.
                    for text in paragraph.text.split("\n"):
                        lines, last = last_line(text, capacity)
                        assert lines == 1 or last > 1.0, (text, round(capacity, 2))
                        assert not text.startswith(("）", ")")), text


def test_a_unit_in_a_header_goes_to_a_line_of_its_own(written):
    _document, _content, doc = written
    headers = [cell.text for grid in doc.tables for cell in grid.rows[0].cells]
    assert any(h.endswith("\n（个）") for h in headers), headers


def test_the_file_says_whose_and_what_it_is(written):
    document, content, doc = written
    properties = doc.core_properties
    assert properties.author == "运河经济开发区"
    assert properties.title == document.title and properties.subject == document.subtitle
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        app = archive.read("docProps/app.xml").decode()
        names = archive.namelist()
    assert "<Application>zhaoshang</Application>" in app
    assert "<Company>zhaoshang</Company>" in app
    assert "Microsoft" not in app and "<Pages>" not in app
    assert not [name for name in names if "thumbnail" in name]
    assert "python-docx" not in (properties.comments or "")


@pytest.fixture
def english(db):
    zone = load_demo(year=AS_OF.year)
    with translation.override("en"):
        document = build_briefing(zones=[zone], as_of=AS_OF, today=AS_OF, now=NOW)
        content = FORMATS["docx"].write(document)
    return document, docx.Document(io.BytesIO(content))


def test_english_tables_never_cut_a_word_and_fit_the_page(english):
    _document, doc = english
    seen = 0
    for grid in doc.tables:
        widths = [int(col._gridCol.get(qn("w:w"))) for col in grid.columns]
        assert sum(widths) <= TEXT_BLOCK_TWIPS + 30
        padding = margins_twips(grid)
        for row in grid.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                for paragraph in cell.paragraphs:
                    runs = [run for run in paragraph.runs if run.text]
                    if not runs:
                        continue
                    capacity = (width - padding) / (runs[0].font.size.pt * 20)
                    for word in re.findall(r"[A-Za-z0-9(),.:%+-]+", paragraph.text):
                        # A word wider than its column is broken in the middle (「(projec /
                        # ts)」), measured in Times (the tables' Latin font; Word's Times New
                        # Roman has the same widths).
                        assert times_ems(word) <= capacity, (word, round(capacity, 2))
                        seen += 1
    assert seen > 500


def times_ems(text: str) -> float:
    widths = CORE_FONT_METRICS["Times-Roman"].character_widths
    return sum(widths.get(char, widths["default"]) for char in text) / 1000


def effective_spacing(paragraph) -> int:
    """The character spacing (twentieths of a point) a paragraph's runs get from its styles."""
    style = paragraph.style
    while style is not None:
        rpr = style.element.find(qn("w:rPr"))
        spacing = rpr.find(qn("w:spacing")) if rpr is not None else None
        if spacing is not None:
            return int(spacing.get(qn("w:val")))
        style = style.base_style
    return 0


def test_table_text_is_not_condensed_and_its_latin_is_times(written):
    _document, _content, doc = written
    body = [p for p in doc.paragraphs if p.style.name == "ZS Body"]
    assert body and effective_spacing(body[0]) < 0  # 28 characters a line
    for grid in doc.tables:
        for row in (grid.rows[0], grid.rows[-1]):  # the header and (mostly) the total row
            for cell in row.cells:
                paragraph = cell.paragraphs[0]
                # Widths are reckoned in whole characters: condensed, a sixth character would
                # fit a line meant for five and the last wrap alone (快于序时进/度).
                assert effective_spacing(paragraph) == 0
                for run in paragraph.runs:
                    fonts = run._r.rPr.find(qn("w:rFonts"))
                    assert fonts.get(qn("w:ascii")) == "Times New Roman", cell.text
