"""How a worksheet prints: paper, orientation, one page wide, repeated header rows, page header
and footer, and rows as tall as their wrapped text.

Excel fits a row to wrapped text only when it lays the row out itself; LibreOffice and WPS keep
the height a file gives (15 pt by default), so wrapped lines overprint their neighbours. Heights
are reckoned here from the text: a CJK character is as wide as two digits of the workbook's
default font (a column's width is counted in those), other characters about one, and a line
is 1.45 times the font size (the line height of the CJK fonts LibreOffice and WPS fall back to).
"""

import math
import re
from io import StringIO

import xlsxwriter
from django.utils.translation import pgettext
from xlsxwriter.packager import Packager

from zhaoshang.core.widths import wide_count

APPLICATION = "zhaoshang"  # the application property of the files written here

A4, A3 = 9, 8  # Excel's paper codes
# Printable widths, in character widths (7 px at 96 dpi), within 12.7 mm margins left and right.
PORTRAIT_WIDTH = 95  # A4
LANDSCAPE_WIDTH = 140  # A4
SHRINK = 1.25  # the most a sheet is shrunk to fit a page's width before a larger paper
REFERENCE_SIZE = 10.5  # pt: the size at which a CJK character is two character widths
LINE_HEIGHT = 1.45


def text_width(text: str, size: float = REFERENCE_SIZE) -> float:
    """The width of one line of `text` at `size` pt, in character widths."""
    wide = wide_count(text)
    return (2 * wide + 1.1 * (len(text) - wide)) * size / REFERENCE_SIZE


def wrapped_lines(text: str, width: float, size: float = REFERENCE_SIZE) -> int:
    """The lines `text` takes in a column `width` character widths wide, its line breaks
    kept. A line loses up to a character where a word or a character does not fit, and the
    cell's padding: counted as two character widths."""
    usable = max(width - 2, 1)
    return sum(max(1, math.ceil(text_width(part, size) / usable)) for part in str(text).split("\n"))


def row_height(lines: int, size: float = REFERENCE_SIZE) -> float:
    """Points for `lines` lines of text at `size` pt, with the cell's padding."""
    return round(lines * size * LINE_HEIGHT + 3, 1)


def header_lines(text: str, width: float, *, widest: float) -> list[str]:
    """A header's lines: one if it fits in `width` (or in `widest`, to which its column may
    grow), else broken before its bracket — 上年同期金额 / （万元） — so a closing bracket never
    starts a line on its own."""
    if text_width(text) + 2 <= max(width, widest):
        return [text]
    for bracket in ("（", " (", "("):
        head, found, tail = text.rpartition(bracket)
        if found and head:
            return [head, (found + tail).strip()]
    return [text]


def print_setup(
    sheet,
    *,
    title: str,
    width: float,
    header_rows: int = 0,
    gridlines: bool = False,
    side_margin: float = 0.5,
) -> None:
    """A4 portrait when the sheet's columns fit, else landscape, else A3 landscape (landscape
    shrunk by at most SHRINK to fit); one page wide and as many tall as it takes; the header
    rows on every page; the title in the page header, the page number in the footer.
    `gridlines` prints the cells' grid (a sheet whose cells have no borders of their own, read
    across a wide page); `side_margin` in inches."""
    if width <= PORTRAIT_WIDTH:
        sheet.set_paper(A4)
        sheet.set_portrait()
    else:
        sheet.set_paper(A4 if width <= LANDSCAPE_WIDTH * SHRINK else A3)
        sheet.set_landscape()
    sheet.set_margins(left=side_margin, right=side_margin, top=0.75, bottom=0.75)
    sheet.fit_to_pages(1, 0)
    if header_rows:
        sheet.repeat_rows(0, header_rows - 1)
    if gridlines:
        sheet.hide_gridlines(0)  # shown on the screen and printed
    # Excel's header codes: &C centres, && is an ampersand; the whole is at most 255 characters.
    sheet.set_header("&C" + title.replace("&", "&&")[:120])
    # Translators: a printed page's footer. Keep &P (the page number) and &N (the page count).
    sheet.set_footer("&C" + pgettext("页脚", "第 &P 页，共 &N 页"))


def is_rich_text_markup(text: str) -> bool:
    """Text XlsxWriter would take for its own rich-text XML in a constant-memory sheet (it
    writes a string that starts with <r> and ends with </r> into the file unescaped)."""
    return text.startswith("<r>") and text.endswith("</r>")


def write_text(sheet, row: int, col: int, text: str, style=None) -> None:
    """A text cell holding exactly `text`. Text that looks like XlsxWriter's rich-text XML is
    written as a rich string of plain runs (which XlsxWriter escapes, and readers join), so
    a name such as <r>…</r> is neither markup in the file nor able to break it."""
    if is_rich_text_markup(text):
        runs = (text[:1], text[1:2], text[2:])  # XlsxWriter wants more than two fragments
        sheet.write_rich_string(row, col, *runs, *([style] if style else []))
    else:
        sheet.write_string(row, col, text, style)


class Workbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook, whose docProps/app.xml names this application rather than
    「Microsoft Excel」 (which XlsxWriter writes whatever the properties say, with Excel 2007's
    version number): a file's properties should not claim a program that never touched it."""

    def _get_packager(self):  # XlsxWriter's documented hook for its packager
        return _Packager()


class _Packager(Packager):
    def _write_app_file(self) -> None:
        super()._write_app_file()
        target, name, _is_binary = self.filenames[-1]
        assert name == "docProps/app.xml", name
        if isinstance(target, StringIO):
            target.seek(0)
            xml = _our_application(target.read())
            target.seek(0)
            target.truncate()
            target.write(xml)
        else:
            with open(target, encoding="utf-8") as file:
                xml = _our_application(file.read())
            with open(target, "w", encoding="utf-8") as file:
                file.write(xml)


def _our_application(xml: str) -> str:
    xml = xml.replace(
        "<Application>Microsoft Excel</Application>", f"<Application>{APPLICATION}</Application>"
    )
    return re.sub(r"<AppVersion>[^<]*</AppVersion>", "", xml)
