"""The briefing as .xlsx: a first sheet with the text, then one sheet per table with every row.

Numbers are numbers (counts as integers, amounts as 万元 with two decimals, dates as dates,
changes as percent figures), so the workbook can be summed and filtered; headers are styled, the
header row frozen and filterable.
"""

import re
import tempfile
from pathlib import Path

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from xlsxwriter.utility import xl_col_to_name

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
WIDTH_SAMPLE = 200  # rows looked at for a column's width


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
    # Translators: the name of the workbook's first sheet, the briefing's text.
    sheet = book.add_worksheet(_sheet_name(pgettext("工作表", "简报"), set()))
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
            note = _("（见工作表“%(sheet)s”）") % {"sheet": block.sheet} if block.sheet else ""
            sheet.write_string(row, 0, note, styles["note"])
        row += 1
    sheet.write_string(row + 1, 0, briefing.closing, styles["note"])


def _width(column: Column, values: list) -> float:
    longest = max(
        [_display_width(column.sheet_title) / 1.6]
        + [_display_width(str(cell_value(v) or "")) for v in values]
    )
    return min(max(8.0, longest + 2), 60.0)


def _display_width(text: str) -> float:
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _table_sheet(sheet, table, styles: dict) -> None:
    # 序号 stays in the document: a sheet has its row numbers, and sorting would scramble it.
    kept = [i for i, column in enumerate(table.columns) if column.kind != Kind.INDEX]
    columns = [table.columns[i] for i in kept]
    sample = table.rows[:WIDTH_SAMPLE]
    for col, (i, column) in enumerate(zip(kept, columns, strict=True)):
        sheet.set_column(col, col, _width(column, [values[i] for values in sample]))
        sheet.write_string(0, col, column.sheet_title, styles["header"])
    sheet.set_row(0, 32)
    sheet.freeze_panes(1, 0)
    row = 1
    if table.rows:
        if not _stream_rows(sheet, row, table.rows, kept, columns, styles):
            writers = _writers(sheet, columns, styles)
            for r, values in enumerate(table.rows, start=row):
                for col, (write, i) in enumerate(zip(writers, kept, strict=True)):
                    write(r, col, values[i])
        row += len(table.rows)
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
    """Per column, the function writing one of its cells (blank for no value), through
    XlsxWriter's public calls: the total row, and every row where _stream_rows cannot."""
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


# --- a table's rows, written as XML --------------------------------------------------------
#
# A large zone's lists run to a quarter of a million cells, and XlsxWriter spends some 5 µs on
# each (argument checks, a cell tuple, then the XML put together attribute by attribute): over a
# second, most of the .xlsx briefing's time. In constant-memory mode it writes each finished row
# as <row> XML to the sheet's temporary file; _stream_rows writes a table's rows there itself, a
# few times faster, as the XML XlsxWriter would write byte for byte: the same cells, styles,
# numbers, dates, inline strings and escapes. (One difference: text that looks like XlsxWriter's
# rich-string markup, <r>…</r>, is escaped like any other text instead of passed through as
# XML.) It relies on that mode's bookkeeping (the row being collected, the temporary file, the
# used range), and leaves the rows to the public calls where that mode is off.

# What XlsxWriter escapes or marks in an inline string: markup characters, control characters
# and non-characters (as _xHHHH_, its own such sequences escaped in turn), a leading or trailing
# space (xml:space="preserve"). Most text has none of them.
NEEDS_ESCAPING = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
ESCAPE_LIKE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
EDGE_SPACE = re.compile(r"^\s|\s$")
STRING_LIMIT = 32767  # Excel's, in UTF-16 units: XlsxWriter cuts longer strings there
ROWS_PER_WRITE = 1000  # to the temporary file at a time: memory stays flat


def _stream_rows(
    sheet, first: int, rows: list, kept: list[int], columns: list[Column], styles: dict
) -> bool:
    """Each of `rows` (its values at `kept`, in `columns`) as a sheet row, from row `first` on,
    XlsxWriter having collected the rows above; False, writing nothing, where it is not in
    constant-memory mode or the rows would run past Excel's last row (XlsxWriter drops those)."""
    if not (
        getattr(sheet, "constant_memory", False)
        and getattr(sheet, "row_data_fh", None) is not None
        and sheet.fh is sheet.row_data_fh
        and first + len(rows) <= sheet.xls_rowmax
    ):
        return False
    sheet._write_single_row(first)  # the rows above (the header) to the file, as XlsxWriter would
    cells = [
        (
            f'<c r="{xl_col_to_name(col)}',
            f' s="{styles[column.kind]._get_xf_index()}"',
            _encoder(sheet, column),
            i,
        )
        for col, (i, column) in enumerate(zip(kept, columns, strict=True))
    ]
    write = sheet.fh.write
    chunk = []
    for number, values in enumerate(rows, start=first + 1):  # Excel counts rows from 1
        chunk.append(f'<row r="{number}">')
        chunk.extend(f'{ref}{number}"{style}{encode(values[i])}' for ref, style, encode, i in cells)
        chunk.append("</row>")
        if number % ROWS_PER_WRITE == 0:
            write("".join(chunk))
            chunk.clear()
    write("".join(chunk))
    last = first + len(rows) - 1
    sheet._check_dimensions(last, len(columns) - 1)  # the used range (<dimension>)
    sheet.previous_row = last + 1  # the next row XlsxWriter collects
    return True


def _encoder(sheet, column: Column):
    """The function giving a cell's XML after <c r="…" s="…": its value, or /> for none."""
    if column.kind == Kind.DATE:
        serials: dict = {}  # a list repeats its dates

        def date_cell(value):
            if value.__class__ is Linked:
                value = value.value
            if value is None or value == "":
                return "/>"
            xml = serials.get(value)
            if xml is None:
                xml = serials[value] = f"><v>{sheet._convert_date_time(value):.16G}</v></c>"
            return xml

        return date_cell

    if column.numeric:

        def number_cell(value):
            if value.__class__ is Linked:
                value = value.value
            if value is None or value == "":
                return "/>"
            return f"><v>{float(value):.16G}</v></c>"

        return number_cell

    def text_cell(value):
        if value.__class__ is Linked:
            value = value.value
        if value is None or value == "":
            return "/>"
        text = str(value)
        if len(text) > STRING_LIMIT // 2 or NEEDS_ESCAPING.search(text):
            return _escaped_inline_string(text)
        return f' t="inlineStr"><is><t>{text}</t></is></c>'

    return text_cell


def _escaped_inline_string(text: str) -> str:
    """An inline string as XlsxWriter writes one that needs cutting (the limit) or escaping
    (control characters, then the leading or trailing space, then the markup characters)."""
    if len(text.encode("utf-16-le")) > 2 * STRING_LIMIT:
        text = text.encode("utf-16-le")[: 2 * STRING_LIMIT].decode("utf-16-le", "ignore")
    text = ESCAPE_LIKE.sub(r"_x005F\1", text)
    text = CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = ' xml:space="preserve"' if EDGE_SPACE.search(text) else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'
