"""The briefing's .xlsx as a clerk prints it: every sheet on A4 one page wide, tables in
landscape where they are wide, the header row on every page, the text sheet's column within the
page, rows as tall as their wrapped text, headers that never wrap before a closing bracket; and
its cells through XlsxWriter's public calls, awkward text included."""

import datetime as dt
import io
import math
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
import python_calamine

from tests.reports.conftest import NOW
from zhaoshang.demo.loader import load_demo
from zhaoshang.reports.document import Briefing, Column, FigureLink, Kind, Linked, Table
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.reports.writers import FORMATS, excel

AS_OF = dt.date(2024, 5, 31)
A4 = 9
# A4 portrait less 12.7 mm margins is 184.6 mm: about 95 widths of the default font's digit
# (7 px at 96 dpi); a reader whose fallback font is wider (LibreOffice without Calibri: 9.4 px)
# gets about 74.
PORTRAIT_COLUMNS = 74
CJK = re.compile("[\u2e80-\ud7ff\uff00-\uffef]")


@pytest.fixture
def workbook(db):
    zone = load_demo(year=AS_OF.year)
    document = build_briefing(zones=[zone], as_of=AS_OF, today=AS_OF, now=NOW, complete=True)
    return document, openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"].write(document)))


def least_lines(text: str, width: float) -> int:
    """The fewest lines `text` can take in a column `width` digits wide: a CJK character is
    at least as wide as two digits, any other at least as wide as one."""
    wide = len(CJK.findall(text))
    return max(1, math.ceil((2 * wide + len(text) - wide) / width))


def test_every_sheet_prints_on_a4_one_page_wide(workbook):
    _document, book = workbook
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize == A4, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        # One page wide (absent means 1 in the file format), as many pages tall as it takes.
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), sheet.title
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
        assert sheet.oddHeader.center.text  # the briefing's title


def test_tables_repeat_their_header_row_and_wide_ones_lie_landscape(workbook):
    _document, book = workbook
    for sheet in book.worksheets[1:]:
        assert sheet.print_title_rows == "$1:$1", sheet.title
        width = sum(
            sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width or 8.43
            for c in range(1, sheet.max_column + 1)
        )
        if width > 100:
            assert sheet.page_setup.orientation == "landscape", sheet.title
    by_unit = book["分责任单位"]
    assert by_unit.max_column == 9 and by_unit.page_setup.orientation == "landscape"


def test_the_text_sheet_fits_the_page_and_its_rows_fit_their_text(workbook):
    _document, book = workbook
    sheet = book["简报"]
    width = sheet.column_dimensions["A"].width
    assert width <= PORTRAIT_COLUMNS
    assert sheet.page_setup.orientation in (None, "portrait")
    paragraphs = 0
    for row in sheet.iter_rows():
        cell = row[0]
        if not isinstance(cell.value, str) or least_lines(cell.value, width) == 1:
            continue
        paragraphs += 1
        assert cell.alignment.wrap_text, cell.value
        height = sheet.row_dimensions[cell.row].height
        lines = least_lines(cell.value, width)
        # Each line at least as tall as its 10.5 pt characters (LibreOffice and WPS keep the
        # height a file gives: a shorter row prints its lines over the next row's).
        assert height is not None and height >= lines * 10.5 * 1.2, (cell.value, height)
    assert paragraphs >= 5


def test_headers_never_wrap_before_a_closing_bracket(workbook):
    _document, book = workbook
    units = 0
    for sheet in book.worksheets[1:]:
        for cell in sheet[1]:
            width = sheet.column_dimensions[cell.column_letter].width
            header = cell.value
            assert header, sheet.title
            for line in header.split("\n"):
                assert not line.startswith(("）", ")")), (sheet.title, header)
                if "（" in line:
                    units += 1
                    # The line with the unit fits the column: nothing wraps inside it.
                    assert least_lines(line, width - 1) == 1, (sheet.title, header, width)
            assert sheet.row_dimensions[1].height >= 10.5 * 1.2 * len(header.split("\n"))
    assert units > 10
    amounts = [cell.value for cell in book["主要指标"][1]]
    assert "上年同期金额\n（万元）" in amounts or "上年同期金额（万元）" in amounts


def test_the_workbook_says_whose_it_is(workbook):
    document, book = workbook
    properties = book.properties
    assert properties.creator == "运河经济开发区"
    assert properties.title == document.title
    assert properties.subject == document.subtitle
    # The application that wrote it: this one, not XlsxWriter's default "Microsoft Excel".
    with zipfile.ZipFile(io.BytesIO(FORMATS["xlsx"].write(document))) as archive:
        app = archive.read("docProps/app.xml").decode()
    assert "<Application>zhaoshang</Application>" in app and "Microsoft" not in app


AWKWARD = [
    "普通文本",
    "A & B <c> d",
    "<r><t>rich-like</t></r>",
    " 前后空格 ",
    "_x0041_ 像转义",
    "emoji 🚀",
    "=SUM(A1)",
    "",
    None,
]


def listing(rows: list[list]) -> Briefing:
    link = FigureLink(zone="z", key="signed", period_from=dt.date(2026, 1, 1), as_of=NOW.date())
    table = Table(
        sheet="名单",
        caption="名单",
        columns=[
            Column("序号", Kind.INDEX),
            Column("名称", Kind.TEXT),
            Column("个数", Kind.COUNT),
            Column("金额", Kind.WAN),
            Column("日期", Kind.DATE),
        ],
        rows=[[n, row[0], Linked(row[1], link), *row[2:]] for n, row in enumerate(rows, 1)],
        total=["", "合计", 3, Decimal("1.50"), None],
        notes=["注：测试" + "很长的说明" * 30],
    )
    return Briefing(
        title="标题 & 副标题",
        subtitle="副标题",
        zones=[],
        period_from=dt.date(2026, 1, 1),
        as_of=dt.date(2026, 5, 31),
        blocks=[table],
        generated_at=NOW,
        closing="生成于",
        complete=True,
    )


def test_awkward_text_stays_text_and_every_row_is_there():
    rows = [
        [text, n, Decimal(n) / 3 if n % 2 else None, dt.date(2026, 1, 1 + n % 28)]
        for n, text in enumerate(AWKWARD * 200)
    ]
    content = excel.write(listing(rows))
    # Read as the ledger's reader reads (openpyxl does not undo Excel's _x005F_ escape).
    calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    values = calamine.get_sheet_by_name("名单").to_python()
    assert [v.replace("\n", "") for v in values[0]] == ["名称", "个数", "金额（万元）", "日期"]
    for (text, n, amount, day), written in zip(rows, values[1:], strict=False):
        assert written[0] == (text or ""), n  # no formula, no rich text, spaces kept
        assert written[1] == n and written[3] == day
        assert (
            written[2] == "" if amount is None else round(written[2], 6) == round(float(amount), 6)
        )
    assert values[len(rows) + 1][0] == "合计"
    sheet = openpyxl.load_workbook(io.BytesIO(content))["名单"]
    note = sheet.cell(len(rows) + 4, 1)
    assert note.value.startswith("注：测试")
    assert f"A{note.row}:D{note.row}" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.row_dimensions[note.row].height >= 2 * 9  # the long note wraps, and fits
    assert sheet.oddHeader.center.text == "标题 && 副标题"  # & is Excel's code character
