"""The briefing as .xlsx: a first sheet with the text, then one sheet per table with every row.

Numbers are numbers (counts as integers, amounts as 万元 with two decimals, dates as dates,
changes as percent figures), so the workbook can be summed and filtered; headers are styled, the
header row frozen and filterable.
"""

import re
import tempfile
from pathlib import Path

import xlsxwriter

from zhaoshang.reports.document import (
    Briefing,
    Column,
    Heading,
    Kind,
    Linked,
    Paragraph,
    cell_value,
)

INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
FONT = "宋体"


def write(briefing: Briefing) -> bytes:
    with tempfile.TemporaryDirectory(prefix="zhaoshang-xlsx-") as folder:
        path = Path(folder) / "briefing.xlsx"
        _write(briefing, path, folder)
        return path.read_bytes()


def _write(briefing: Briefing, path: Path, folder: str) -> None:
    book = xlsxwriter.Workbook(
        str(path),
        {
            # Rows go to disk as they are written, strings inline (the lists of a large zone
            # run to a couple of hundred thousand cells): faster, and memory stays flat.
            # XlsxWriter ignores this for a workbook written into memory, hence the file.
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
            "author": "zhaoshang",
            "created": briefing.generated_at.replace(tzinfo=None),
        }
    )
    styles = _styles(book)
    _text_sheet(book, briefing, styles)
    names: set[str] = set()
    for table in briefing.tables:
        sheet = book.add_worksheet(_sheet_name(table.sheet, names))
        _table_sheet(sheet, table, styles)
    book.close()


def _styles(book) -> dict:
    base = {"font_name": FONT, "font_size": 10.5, "valign": "vcenter"}

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
        "title": add(font_size=16, bold=True),
        "subtitle": add(font_size=11, italic=True),
        "heading": add(font_size=12, bold=True),
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
            kind: add(border=1, top=2, bold=True, num_format=fmt)
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
        "note": add(font_size=9, italic=True),
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
    sheet = book.add_worksheet(_sheet_name("简报", set()))
    sheet.set_column(0, 0, 110)
    sheet.write_string(0, 0, briefing.title, styles["title"])
    sheet.write_string(1, 0, briefing.subtitle, styles["subtitle"])
    row = 3
    for block in briefing.blocks:
        if isinstance(block, Heading):
            row += 1
            sheet.write_string(row, 0, block.full, styles["heading"])
        elif isinstance(block, Paragraph):
            sheet.write_string(row, 0, block.text, styles["body"])
            # Excel does not grow a row for wrapped text it did not lay out itself.
            sheet.set_row(row, 15 * max(1, -(-len(block.text) // 60)))
        else:
            sheet.write_string(
                row, 0, f"（见工作表“{block.sheet}”）" if block.sheet else "", styles["note"]
            )
        row += 1
    sheet.write_string(row + 1, 0, briefing.closing, styles["note"])


def _width(column: Column, values: list) -> float:
    longest = max(
        [_display_width(column.sheet_title) / 1.6]
        + [_display_width(str(cell_value(v) or "")) for v in values[:200]]
    )
    return min(max(8.0, longest + 2), 60.0)


def _display_width(text: str) -> float:
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _table_sheet(sheet, table, styles: dict) -> None:
    # 序号 stays in the document: a sheet has its row numbers, and sorting would scramble it.
    kept = [i for i, column in enumerate(table.columns) if column.kind != Kind.INDEX]
    columns = [table.columns[i] for i in kept]
    rows = (
        [[values[i] for i in kept] for values in table.rows]
        if len(kept) < len(table.columns)
        else table.rows
    )
    for col, column in enumerate(columns):
        sheet.set_column(col, col, _width(column, [row[col] for row in rows]))
        sheet.write_string(0, col, column.sheet_title, styles["header"])
    sheet.set_row(0, 32)
    sheet.freeze_panes(1, 0)
    writers = _writers(sheet, columns, styles)
    row = 1
    for values in rows:
        for col, (write, value) in enumerate(zip(writers, values, strict=True)):
            write(row, col, value)
        row += 1
    if rows:
        sheet.autofilter(0, 0, row - 1, len(columns) - 1)
    if table.total:
        total_styles = {**styles, **styles["total"]}
        total = [table.total[i] for i in kept]
        for col, (write, value) in enumerate(
            zip(_writers(sheet, columns, total_styles), total, strict=True)
        ):
            write(row, col, value)
        row += 1
    row += 1
    for note in filter(None, [table.more, *table.notes]):
        sheet.write_string(row, 0, note, styles["note"])
        row += 1


def _writers(sheet, columns: list[Column], styles: dict) -> list:
    """Per column, the function writing one of its cells (blank for no value). Built once per
    sheet and kept lean: a large zone's lists run to a couple of hundred thousand cells."""
    write_blank = sheet.write_blank

    def of(column: Column, style):
        if column.kind == Kind.DATE:
            write = sheet.write_datetime
            convert = None
        elif column.numeric:
            write, convert = sheet.write_number, float
        else:
            write, convert = sheet.write_string, str

        def cell(row, col, value):
            if value.__class__ is Linked:
                value = value.value
            if value is None or value == "":
                write_blank(row, col, None, style)
            else:
                write(row, col, convert(value) if convert else value, style)

        return cell

    return [of(column, styles[column.kind]) for column in columns]
