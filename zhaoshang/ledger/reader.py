"""Reading a ledger file: .xlsx, .xls and .ods through python-calamine, .csv in UTF-8 (with or
without BOM), UTF-16 or GBK/GB18030.

The header row is the first row, among the first few, that names 项目名称 and at least one other
template column: real ledgers carry a title row or two above it (「2026年招商引资项目台账」).
Rows keep the number Excel shows for them, title rows counted.

Every file passes limits.check_file() before calamine sees it, and CSV text limits.check_csv():
calamine allocates by the extent a sheet reaches, and a hostile file would abort the process.
"""

import contextlib
import csv
import datetime as dt
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

import python_calamine
from django.utils.translation import gettext as _

from zhaoshang.core.encoding import UnknownEncoding, decode_text
from zhaoshang.ledger.columns import BY_KEY, HEADER_KEYS, IGNORED_SILENTLY, REQUIRED, header_key
from zhaoshang.ledger.limits import FileRefused, check_csv, check_file

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
SUFFIXES = [*sorted(EXCEL_SUFFIXES), ".csv"]
HEADER_SEARCH_ROWS = 20
Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta


class LedgerFileError(Exception):
    """The file cannot be read as a ledger at all (no rows are looked at)."""

    def __init__(self, message: str, *, column: str = ""):
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass
class Header:
    position: int  # index in the row
    text: str  # as written in the file, spaces trimmed
    key: str | None  # template key, or None for a column we do not know


@dataclass
class Sheet:
    """A ledger's header and an iterator of its data rows (row number, cells)."""

    name: str
    header_row: int  # as Excel numbers it
    headers: list[Header]
    columns: dict[str, int]  # template key → position
    ignored: list[str]  # headers of unknown columns, as written
    total_rows: int  # rows below the header, blank ones included
    is_csv: bool
    _rows: Iterator[tuple[int, list]] = field(repr=False, default=iter(()))

    def rows(self) -> Iterator[tuple[int, list]]:
        """(Excel row number, cells) for each row below the header that is not blank."""
        return self._rows

    def header_text(self, key: str) -> str:
        """How the file names a template column (the template's own header if it is absent)."""
        position = self.columns.get(key)
        if position is None:
            return BY_KEY[key].header
        return self.headers[position].text


def read_ledger(content: bytes, filename: str) -> Sheet:
    suffix = PurePath(filename or "").suffix.lower()
    is_csv = suffix == ".csv" or (suffix not in EXCEL_SUFFIXES and not _looks_like_excel(content))
    if is_csv and suffix not in ("", ".csv", ".txt"):
        raise LedgerFileError(
            _("不支持的文件类型“%(suffix)s”,请上传 .xlsx、.xls、.ods 或 .csv 文件。")
            % {"suffix": suffix}
        )
    with _refusals():
        check_file(content, filename or "")
    if is_csv:
        return _csv_sheet(content)
    return _excel_sheet(content)


@contextlib.contextmanager
def _refusals():
    try:
        yield
    except FileRefused as exc:
        raise LedgerFileError(exc.message) from exc


def _looks_like_excel(content: bytes) -> bool:
    # xlsx and ods are zip files; xls is an OLE2 compound document.
    return content[:4] == b"PK\x03\x04" or content[:8] == bytes.fromhex("d0cf11e0a1b11ae1")


# --- Excel and OpenDocument -------------------------------------------------------------------


@contextlib.contextmanager
def _calamine_errors():
    """calamine's failures as a LedgerFileError: its own errors, plain ones for broken zips,
    and a panic of its Rust code (pyo3's PanicException, which derives from BaseException)."""
    try:
        yield
    except python_calamine.PasswordError as exc:
        raise LedgerFileError(
            _("文件设有打开密码(已加密),无法读取。请在 Excel 或 WPS 中取消密码后另存,再上传。")
        ) from exc
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:
        raise LedgerFileError(
            _(
                "无法读取该文件(%(error)s)。请确认它是 Excel(.xlsx/.xls)或 WPS/LibreOffice(.ods)表格。"
            )
            % {"error": str(exc)[:200]}
        ) from exc


def _open_book(content: bytes) -> python_calamine.CalamineWorkbook:
    with _calamine_errors():
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))


def _excel_sheet(content: bytes) -> Sheet:
    book = _open_book(content)
    visible = [
        meta.name
        for meta in book.sheets_metadata
        if meta.visible == python_calamine.SheetVisibleEnum.Visible
    ] or book.sheet_names
    first_error = None
    for name in visible:
        with _calamine_errors():
            sheet = book.get_sheet_by_name(name)
            rows = sheet.iter_rows()
            top = []
            for row in rows:
                top.append(row)
                if len(top) >= HEADER_SEARCH_ROWS:
                    break
        try:
            header_index, headers = _find_header(top)
        except LedgerFileError as exc:
            first_error = first_error or exc
            continue
        # iter_rows() starts at the sheet's first row (index 0 is Excel's row 1).
        last = sheet.end[0] if sheet.end else 0
        total = last - header_index
        body = _numbered(top[header_index + 1 :], rows, header_index + 2)
        return _sheet(name, header_index + 1, headers, total, body, is_csv=False)
    raise first_error or LedgerFileError(_("文件中没有工作表。"))


def _numbered(buffered: list, rest: Iterator, first_number: int) -> Iterator[tuple[int, list]]:
    return zip(itertools.count(first_number), itertools.chain(buffered, rest))


# --- CSV --------------------------------------------------------------------------------------


def decode_csv(content: bytes) -> str:
    """The text of a CSV file in UTF-8, UTF-16, GBK/GB18030 or Big5 (see decode_text)."""
    try:
        return decode_text(content)
    except UnknownEncoding as exc:
        raise LedgerFileError(
            _("无法识别 CSV 文件的编码,请另存为 UTF-8 或 GBK 编码的 CSV,或直接上传 Excel 文件。")
        ) from exc


def _delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:20_000], delimiters=",\t;").delimiter
    except csv.Error:
        return ","


def _csv_sheet(content: bytes) -> Sheet:
    text = decode_csv(content)
    delimiter = _delimiter(text)
    with _refusals():
        check_csv(text, delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    top = []
    for row in reader:
        top.append(row)
        if len(top) >= HEADER_SEARCH_ROWS:
            break
    header_index, headers = _find_header(top)
    # Lines, not records: a quoted cell may hold a line break. Good enough for a progress total.
    total = max(text.count("\n") - header_index - 1, 0)
    body = _numbered(top[header_index + 1 :], reader, header_index + 2)
    return _sheet("CSV", header_index + 1, headers, total, body, is_csv=True)


def all_rows(content: bytes, sheet: Sheet) -> Iterator[list]:
    """Every row of the sheet from Excel's row 1, title rows and blank rows included (for the
    error sheet, which gives the file back as it came)."""
    if sheet.is_csv:
        text = decode_csv(content)
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        return
    book = _open_book(content)
    with _calamine_errors():
        rows = book.get_sheet_by_name(sheet.name).iter_rows()
    yield from rows


# --- the header -------------------------------------------------------------------------------


def _find_header(top: list[list]) -> tuple[int, list[Header]]:
    best = None
    for index, row in enumerate(top):
        keys = [HEADER_KEYS.get(header_key(cell)) if _text(cell) else None for cell in row]
        known = [key for key in keys if key]
        if "name" in known and len(known) >= 2:
            best = index
            break
        if best is None and len(known) >= 2:
            best = index
    if best is None:
        raise LedgerFileError(
            _(
                "找不到表头行:前 %(rows)s 行中没有一行含有台账模板的列名(如“项目编号”“项目名称”)。请使用台账模板的表头。"
            )
            % {"rows": HEADER_SEARCH_ROWS}
        )
    headers = []
    seen: dict[str, str] = {}
    for position, cell in enumerate(top[best]):
        text = _text(cell)
        if not text:
            headers.append(Header(position, "", None))
            continue
        key = HEADER_KEYS.get(header_key(text))
        if key in seen:
            raise LedgerFileError(
                _("第 %(row)s 行表头中“%(first)s”和“%(again)s”是同一列,请删去其中一列。")
                % {"row": best + 1, "first": seen[key], "again": text},
                column=text,
            )
        if key:
            seen[key] = text
        headers.append(Header(position, text, key))
    for key in REQUIRED:
        if key not in seen:
            header = BY_KEY[key].header
            raise LedgerFileError(
                _("缺少必填列“%(column)s”(表头在第 %(row)s 行)。")
                % {"column": header, "row": best + 1},
                column=header,
            )
    return best, headers


def _sheet(name, header_row, headers, total, body, *, is_csv) -> Sheet:
    columns = {h.key: h.position for h in headers if h.key}
    ignored = [
        h.text
        for h in headers
        if h.text and not h.key and header_key(h.text) not in IGNORED_SILENTLY
    ]
    return Sheet(
        name=name,
        header_row=header_row,
        headers=headers,
        columns=columns,
        ignored=ignored,
        total_rows=max(total, 0),
        is_csv=is_csv,
        _rows=_non_blank(body),
    )


def _non_blank(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    for number, row in rows:
        for cell in row:
            if cell != "" and cell is not None and not (isinstance(cell, str) and not cell.strip()):
                yield number, row
                break


def _text(cell) -> str:
    if cell is None:
        return ""
    return str(cell).strip()
