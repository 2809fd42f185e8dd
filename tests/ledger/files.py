"""Building ledger files in the shapes people send them: .xlsx (with title rows), .xls (xlwt),
.ods (a minimal OpenDocument spreadsheet written by hand: a zip with content.xml), CSV in UTF-8
or GBK."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

import openpyxl
import xlwt

from zhaoshang.ledger.columns import COLUMNS

HEADERS = [column.header for column in COLUMNS]


def xlsx(rows: list[list], *, title_rows: list[list] | None = None, sheet: str = "台账") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in [*(title_rows or []), *rows]:
        ws.append([float(c) if isinstance(c, Decimal) else c for c in row])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, as a cell typed with a leading apostrophe
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls(rows: list[list], *, title_rows: list[list] | None = None) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("台账")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate([*(title_rows or []), *rows]):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write(r, c, value, date_style)
            elif isinstance(value, Decimal):
                ws.write(r, c, float(value))
            elif value is not None:
                ws.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods(rows: list[list], *, title_rows: list[list] | None = None) -> bytes:
    """A minimal .ods: what LibreOffice and WPS write, trimmed to what a reader needs."""

    def cell(value) -> str:
        if value is None or value == "":
            return "<table:table-cell/>"
        if isinstance(value, dt.date):
            return (
                f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                f"<text:p>{value.isoformat()}</text:p></table:table-cell>"
            )
        if isinstance(value, (int, float, Decimal)):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return (
            f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
            "</table:table-cell>"
        )

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
        for row in [*(title_rows or []), *rows]
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        f'<table:table table:name="台账">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def csv_bytes(
    rows: list[list], *, encoding: str = "utf-8", title_rows=None, delimiter=","
) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter)
    for row in [*(title_rows or []), *rows]:
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row]
        )
    return text.getvalue().encode(encoding)


def table(*records: dict, headers: list[str] | None = None) -> list[list]:
    """Rows of a ledger from dicts keyed by header; the header row first."""
    headers = headers or [h for h in HEADERS if any(h in r for r in records)]
    return [headers] + [[record.get(h, "") for h in headers] for record in records]
