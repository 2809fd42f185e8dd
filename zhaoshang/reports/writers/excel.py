"""The briefing as .xlsx: a first sheet with the text, then one sheet per table with every row.

Numbers are numbers (counts as integers, amounts as 万元 with two decimals, dates as dates,
changes as percent figures), so the workbook can be summed and filtered; headers are styled, the
header row frozen and filterable.

Every sheet prints: A4, one page wide (tables in landscape where they need it), the header row
repeated on each page, the briefing's title in the page header and 第 N 页，共 M 页 in the footer.
LibreOffice and WPS do not fit a row's height to wrapped text when they open a file, so every
row that wraps is given the height of its lines (zhaoshang/core/spreadsheets.py reckons them).
"""

import re
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhaoshang.core.spreadsheets import (
    Workbook,
    header_lines,
    print_setup,
    row_height,
    text_width,
    wrapped_lines,
    write_text,
)
from zhaoshang.reports.document import (
    Briefing,
    Column,
    Heading,
    Kind,
    Linked,
    Paragraph,
    cell_value,
)
from zhaoshang.reports.writers import APPLICATION, author

INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
FONT = "宋体"
SIZE = 10.5
WIDTH_SAMPLE = 200  # rows looked at for a column's width
TEXT_COLUMN = 72  # the text sheet's one column, in character widths: A4 portrait, whatever the font
WIDEST_COLUMN = 60
HEADER_COLUMN = 14  # a header widens its column up to this; beyond, it wraps


def write(briefing: Briefing) -> bytes:
    with tempfile.TemporaryDirectory(prefix="zhaoshang-xlsx-") as folder:
        path = Path(folder) / "briefing.xlsx"
        _write(briefing, path, folder)
        return path.read_bytes()


def _write(briefing: Briefing, path: Path, folder: str) -> None:
    book = Workbook(
        str(path),
        {
            # Rows go to disk as they are written, strings inline (the lists of a large zone
            # run to a couple of hundred thousand cells): memory stays flat. XlsxWriter ignores
            # this for a workbook written into memory, hence the file.
            "constant_memory": True,
            "tmpdir": folder,
            "strings_to_numbers": False,
            "strings_to_formulas": False,  # a name starting with = stays text
            "strings_to_urls": False,
        },
    )
    book.set_properties(
        {
            "title": briefing.title,
            "subject": briefing.subtitle,
            "author": author(briefing),
            "company": APPLICATION,
            "keywords": _("简报"),
            "comments": briefing.closing,
            "created": briefing.generated_at.replace(tzinfo=None),
        }
    )
    styles = _styles(book)
    _text_sheet(book, briefing, styles)
    names: set[str] = set()
    for table in briefing.tables:
        sheet = book.add_worksheet(_sheet_name(table.sheet, names))
        _table_sheet(sheet, table, styles, title=briefing.title)
    book.close()


def _styles(book) -> dict:
    base = {"font_name": FONT, "font_size": SIZE, "valign": "vcenter"}

    def add(**properties):
        return book.add_format({**base, **properties})

    header = {
        "bold": True,
        "bg_color": "#DCE6F1",
        "border": 1,
        "align": "center",
        "text_wrap": True,
    }
    return {
        "title": add(font_size=16, bold=True, text_wrap=True),
        "subtitle": add(font_size=11, italic=True),
        "heading": add(font_size=12, bold=True, text_wrap=True),
        "body": add(text_wrap=True, valign="top"),
        "header": add(**header),
        Kind.TEXT: add(border=1, text_wrap=True),
        Kind.INDEX: add(border=1, num_format="0", align="center"),
        Kind.COUNT: add(border=1, num_format="#,##0"),
        Kind.DAYS: add(border=1, num_format="#,##0"),
        Kind.WAN: add(border=1, num_format="#,##0.00"),
        Kind.DATE: add(border=1, num_format="yyyy-mm-dd", align="center"),
        Kind.PERCENT: add(border=1, num_format="+0.0;-0.0;0.0"),
        Kind.SHARE: add(border=1, num_format="0.0"),
        "total": {
            kind: add(border=1, top=2, bold=True, num_format=fmt, text_wrap=kind == Kind.TEXT)
            for kind, fmt in [
                (Kind.TEXT, "@"),
                (Kind.INDEX, "0"),
                (Kind.COUNT, "#,##0"),
                (Kind.DAYS, "#,##0"),
                (Kind.WAN, "#,##0.00"),
                (Kind.DATE, "yyyy-mm-dd"),
                (Kind.PERCENT, "+0.0;-0.0;0.0"),
                (Kind.SHARE, "0.0"),
            ]
        },
        "note": add(font_size=9, italic=True, text_wrap=True, valign="top"),
    }


def _sheet_name(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique (case-insensitively)."""
    name = INVALID_SHEET_CHARACTERS.sub("", name)[:31] or "Sheet"
    candidate, n = name, 2
    while candidate.lower() in taken:
        suffix = f"({n})"
        candidate = name[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def _text_sheet(book, briefing: Briefing, styles: dict) -> None:
    # Translators: the name of the workbook's first sheet, the briefing's text.
    sheet = book.add_worksheet(_sheet_name(pgettext("工作表", "简报"), set()))
    sheet.set_column(0, 0, TEXT_COLUMN)
    print_setup(sheet, title=briefing.title, width=TEXT_COLUMN)

    def line(row: int, text: str, style: str, size: float) -> None:
        height = row_height(wrapped_lines(text, TEXT_COLUMN, size), size)
        sheet.set_row(row, height)
        write_text(sheet, row, 0, text, styles[style])

    line(0, briefing.title, "title", 16)
    line(1, briefing.subtitle, "subtitle", 11)
    row = 3
    for block in briefing.blocks:
        if isinstance(block, Heading):
            row += 1
            line(row, block.full, "heading", 12)
        elif isinstance(block, Paragraph):
            line(row, block.text, "body", SIZE)
        else:
            note = _("（见工作表“%(sheet)s”）") % {"sheet": block.sheet} if block.sheet else ""
            line(row, note, "note", 9)
        row += 1
    line(row + 1, briefing.closing, "note", 9)


def _width(column: Column, values: list) -> tuple[float, list[str]]:
    """A column's width in character widths, and its header's lines: as wide as its values
    (within bounds), wider for a header up to HEADER_COLUMN; a header that still does not fit
    breaks before its bracket, so （万元） never loses its closing bracket to the next line."""
    data = max([0.0] + [text_width(str(cell_value(v) or "")) for v in values])
    width = min(max(8.0, data + 2), WIDEST_COLUMN)
    lines = header_lines(column.sheet_title, width, widest=HEADER_COLUMN)
    return max(width, min(HEADER_COLUMN, max(text_width(part) for part in lines) + 2)), lines


def _table_sheet(sheet, table, styles: dict, *, title: str) -> None:
    # 序号 stays in the document: a sheet has its row numbers, and sorting would scramble it.
    kept = [i for i, column in enumerate(table.columns) if column.kind != Kind.INDEX]
    columns = [table.columns[i] for i in kept]
    sample = table.rows[:WIDTH_SAMPLE]
    widths = []
    header_height = 1
    for col, (i, column) in enumerate(zip(kept, columns, strict=True)):
        width, lines = _width(column, [values[i] for values in sample])
        widths.append(width)
        sheet.set_column(col, col, width)
        header_height = max(header_height, sum(wrapped_lines(part, width, SIZE) for part in lines))
        sheet.write_string(0, col, "\n".join(lines), styles["header"])
    sheet.set_row(0, row_height(header_height, SIZE))
    sheet.freeze_panes(1, 0)
    print_setup(sheet, title=title, width=sum(widths), header_rows=1)
    wrapping = [
        (col, i, width)
        for col, (i, column, width) in enumerate(zip(kept, columns, widths, strict=True))
        if column.kind == Kind.TEXT
    ]
    row = 1
    writers = _writers(sheet, columns, styles)
    for values in table.rows:
        _fit_row(sheet, row, values, wrapping)
        for col, (write, i) in enumerate(zip(writers, kept, strict=True)):
            write(row, col, values[i])
        row += 1
    if table.rows:
        sheet.autofilter(0, 0, row - 1, len(columns) - 1)
    if table.total:
        total_styles = {**styles, **styles["total"]}
        total = [table.total[i] for i in kept]
        _fit_row(sheet, row, total, [(col, col, width) for col, _i, width in wrapping])
        for col, (write, value) in enumerate(
            zip(_writers(sheet, columns, total_styles), total, strict=True)
        ):
            write(row, col, value)
        row += 1
    row += 1
    # Notes run across the table's width, wrapped: a note wider than the table is not cut off.
    span = sum(widths)
    for note in filter(None, [table.more, *table.notes]):
        sheet.set_row(row, row_height(wrapped_lines(note, span, 9), 9))
        if len(columns) > 1:
            sheet.merge_range(row, 0, row, len(columns) - 1, note, styles["note"])
        else:
            write_text(sheet, row, 0, note, styles["note"])
        row += 1


def _fit_row(sheet, row: int, values: list, wrapping: list[tuple[int, int, float]]) -> None:
    """The row's height for its tallest wrapped text cell, set before the row is written (rows
    go to disk as they are finished); a row that fits on one line keeps the default."""
    lines = 1
    for _col, i, width in wrapping:
        value = cell_value(values[i])
        text = "" if value is None else str(value)
        # Most cells are short: a cell of n characters is at most 2n wide.
        if 2 * len(text) > width - 2:
            lines = max(lines, wrapped_lines(text, width, SIZE))
    if lines > 1:
        sheet.set_row(row, row_height(lines, SIZE))


def _writers(sheet, columns: list[Column], styles: dict) -> list:
    """Per column, the function writing one of its cells (blank for no value)."""
    write_blank = sheet.write_blank

    def of(column: Column, style):
        convert: Callable | None
        if column.kind == Kind.DATE:
            write = sheet.write_datetime
            convert = None
        elif column.numeric:
            write, convert = sheet.write_number, float
        else:
            write, convert = partial(write_text, sheet), str

        def cell(row, col, value):
            if value.__class__ is Linked:
                value = value.value
            if value is None or value == "":
                write_blank(row, col, None, style)
            else:
                write(row, col, convert(value) if convert else value, style)

        return cell

    return [of(column, styles[column.kind]) for column in columns]
