"""What a ledger file may hold, checked before any parser reads it.

python-calamine reads a sheet whole and lays it out densely: its memory follows the rectangle
from the sheet's first cell to its last (rows × columns × 32 bytes), and for .xls also the size
each sheet declares. One cell at XFD1048576 asks for 512 GB, and the process aborts: no `except`
catches that. So every file is looked at first, at a cost in memory that follows what is really
in it, never what it declares:

- zip packages (.xlsx, .xlsm, .xlsb, .ods): the central directory (how many parts, their
  declared sizes, compression, encryption), then every part inflated as a stream and counted
  against the limit whatever its header says; the sheets are scanned as they stream by for the
  cells that exist (a `<dimension>` is not believed; ODS's repeated rows and columns are
  expanded arithmetically);
- .xls (an OLE2 compound file): the container's declared sizes, then the BIFF records of each
  sheet: the range it declares (which calamine reserves) and its cells;
- CSV: bytes, rows and columns.

Past a limit the file is refused with a LedgerFileError that names the limit, and the cell where
there is one. A file that is not a spreadsheet at all (a picture renamed .xlsx, a zip of
something else, a truncated or encrypted workbook) gets its own message.
"""

import csv
import io
import math
import re
import struct
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
MAX_PARTS = 10_000  # a workbook has a few dozen; each costs memory to list
MAX_SHEETS = 1_000
CHUNK = 1 << 20  # inflated bytes handed to a scanner at a time
MAX_CSV_FIELDS_PER_LINE_FACTOR = 50  # a line with this many delimiters per allowed column


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    expanded_bytes: int
    rows: int
    columns: int
    cells: int

    @classmethod
    def current(cls) -> "Limits":
        return cls(
            file_bytes=settings.LEDGER_MAX_FILE_BYTES,
            expanded_bytes=settings.LEDGER_MAX_EXPANDED_BYTES,
            rows=settings.LEDGER_MAX_ROWS,
            columns=settings.LEDGER_MAX_COLUMNS,
            cells=settings.LEDGER_MAX_CELLS,
        )


@dataclass
class Extent:
    """The rows and columns a file's cells reach (1-based, counted from A1), over its sheets,
    and the cells of those rectangles added up."""

    rows: int = 0
    columns: int = 0
    cells: int = 0


class FileRefused(Exception):
    """Raised inside this module; reader.read_ledger turns it into a LedgerFileError."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def megabytes(size: int) -> str:
    """50 MB, 50.1 MB, 64 KB: whole numbers as such, others up to the next tenth (so a size
    never reads as the limit it passes)."""
    unit, name = (1024 * 1024, "MB") if size >= 1024 * 1024 else (1024, "KB")
    if size % unit == 0:
        return f"{size // unit} {name}"
    return f"{math.ceil(size * 10 / unit) / 10:.1f} {name}"


def column_letters(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA, 16384 → XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def check_file(content: bytes, filename: str, limits: Limits | None = None) -> Extent:
    """Refuse (FileRefused) a file past the limits, or one that is not a spreadsheet; else what
    its sheets reach. `filename` only says whether CSV is expected."""
    limits = limits or Limits.current()
    if len(content) > limits.file_bytes:
        raise FileRefused(file_too_big(len(content), limits.file_bytes))
    if content.startswith(ZIP_MAGIC):
        return _check_zip(content, limits)
    if content.startswith(OLE_MAGIC):
        return _check_ole(content, limits)
    if filename.lower().endswith((".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")):
        raise FileRefused(
            _(
                "“%(name)s”的内容不是表格(它看起来是%(kind)s)。请上传 .xlsx、.xls、.ods 或 .csv 文件。"
            )
            % {"name": filename, "kind": _what_it_is(content)}
        )
    return Extent()  # CSV: read_ledger decodes it first, then check_csv()


def file_too_big(size: int, limit: int) -> str:
    return _("文件大小 %(size)s,超过上限 %(limit)s,请拆分后分批导入。") % {
        "size": megabytes(size),
        "limit": megabytes(limit),
    }


def _what_it_is(content: bytes) -> str:
    signatures = [
        (b"\x89PNG", _("PNG 图片")),
        (b"\xff\xd8\xff", _("JPEG 图片")),
        (b"GIF8", _("GIF 图片")),
        (b"%PDF", _("PDF 文档")),
        (b"Rar!", _("RAR 压缩包")),
        (b"7z\xbc\xaf", _("7z 压缩包")),
        (b"\x1f\x8b", _("gzip 压缩包")),
        (b"{\\rtf", _("RTF 文档")),
    ]
    for magic, kind in signatures:
        if content.startswith(magic):
            return kind
    return _("文本或未知格式的文件")


def _damaged(detail: str) -> FileRefused:
    return FileRefused(
        _("文件已损坏或不完整(%(detail)s),无法读取。请在 Excel 或 WPS 中打开后另存,再上传。")
        % {"detail": detail}
    )


def _encrypted() -> FileRefused:
    return FileRefused(
        _("文件设有打开密码(已加密),无法读取。请在 Excel 或 WPS 中取消密码后另存,再上传。")
    )


def _expanded_too_big(limits: Limits) -> FileRefused:
    return FileRefused(
        _(
            "文件解压后超过 %(limit)s(表格数据的上限),无法读取。请删去无关的工作表、图片和格式后另存,或拆分后分批导入。"
        )
        % {"limit": megabytes(limits.expanded_bytes)}
    )


class _Sheets:
    """The extents of a file's sheets, refused as soon as one passes a limit."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.extent = Extent()
        self.count = 0

    def add(self, name: str, rows: int, columns: int, cell: str = "") -> None:
        """A sheet whose cells reach `rows` and `columns`; `cell`, if given, is the cell that
        reaches furthest (named in the refusal)."""
        limits = self.limits
        self.count += 1
        if self.count > MAX_SHEETS:
            raise FileRefused(
                _("文件中的工作表超过 %(limit)s 个,无法读取。") % {"limit": MAX_SHEETS}
            )
        self.check_cell(name, rows, columns, cell)
        self.extent.rows = max(self.extent.rows, rows)
        self.extent.columns = max(self.extent.columns, columns)
        self.extent.cells += rows * columns
        if self.extent.cells > limits.cells:
            raise FileRefused(
                _(
                    "工作表“%(sheet)s”的数据区(%(rows)s 行 × %(columns)s 列)使全部工作表共 %(cells)s 个单元格,超过上限 %(limit)s 个。请删去数据以外远处的单元格(包括只有格式的空单元格)后另存。"
                )
                % {
                    "sheet": name,
                    "rows": rows,
                    "columns": columns,
                    "cells": self.extent.cells,
                    "limit": limits.cells,
                }
            )

    def check_cell(self, name: str, row: int, column: int, cell: str = "") -> None:
        limits = self.limits
        where = cell or f"{column_letters(column)}{row}"
        if column > limits.columns:
            raise FileRefused(
                _(
                    "工作表“%(sheet)s”的单元格 %(cell)s 超出第 %(limit)s 列:台账最多 %(limit)s 列。请删去多余的列(包括只有格式的空单元格)后另存。"
                )
                % {"sheet": name, "cell": where, "limit": limits.columns}
            )
        if row > limits.rows:
            raise FileRefused(
                _(
                    "工作表“%(sheet)s”的单元格 %(cell)s 超出第 %(limit)s 行:台账最多 %(limit)s 行。请拆分后分批导入。"
                )
                % {"sheet": name, "cell": where, "limit": limits.rows}
            )

    def declared(self, name: str, rows: int, columns: int) -> None:
        """A range a sheet declares and the reader reserves, whatever its cells."""
        if rows * columns > self.limits.cells:
            raise FileRefused(
                _(
                    "工作表“%(sheet)s”声明的范围(%(rows)s 行 × %(columns)s 列)超过上限 %(limit)s 个单元格,文件可能已损坏。请在 Excel 或 WPS 中打开后另存,再上传。"
                )
                % {"sheet": name, "rows": rows, "columns": columns, "limit": self.limits.cells}
            )


# --- zip packages ------------------------------------------------------------------------------


SHEET_FOLDERS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/", "xl/macrosheets/")


def _check_zip(content: bytes, limits: Limits) -> Extent:
    _check_central_directory(content)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _damaged(_("zip 目录无法解析")) from exc
    names = {info.filename.lower() for info in infos}
    is_xlsb = "xl/workbook.bin" in names
    is_ods = "content.xml" in names
    if not ("xl/workbook.xml" in names or is_xlsb or is_ods):
        if "word/document.xml" in names:
            kind = _("Word 文档")
        elif any(name.startswith("ppt/") for name in names):
            kind = _("PowerPoint 演示文稿")
        else:
            kind = _("zip 压缩包")
        raise FileRefused(
            _(
                "文件是%(kind)s,其中没有 Excel 或 ODS 工作表。请上传 .xlsx、.xls、.ods 或 .csv 文件。"
            )
            % {"kind": kind}
        )
    declared = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _encrypted()
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _damaged(_("不支持的压缩方式 %(method)s") % {"method": info.compress_type})
        declared += info.file_size
    if declared > limits.expanded_bytes:
        raise _expanded_too_big(limits)
    sheets = _Sheets(limits)
    budget = [limits.expanded_bytes]
    titles = _sheet_titles(content, {info.filename.lower(): info for info in infos}, limits)
    for info in infos:
        name = info.filename.lower()
        if name.startswith(SHEET_FOLDERS) and "/_rels/" not in name:
            title = titles.get(name) or name.rpartition("/")[2].partition(".")[0]
            if is_xlsb and name.endswith(".bin"):
                _scan(content, info, budget, limits, _XlsbSheet(title, sheets))
                continue
            before = budget[0]
            try:
                _scan(content, info, budget, limits, _XlsxSheet(title, sheets))
            except _Rescan:
                budget[0] = before
                _scan(content, info, budget, limits, _XlsxSheetSlowly(title, sheets))
        elif is_ods and name == "content.xml":
            _scan(content, info, budget, limits, _OdsContent(sheets))
        else:
            for _chunk in _inflate(content, info, budget, limits):
                pass
    return sheets.extent


def _sheet_titles(content: bytes, infos: dict[str, zipfile.ZipInfo], limits: Limits) -> dict:
    """Sheet part (lower case) → the sheet's name, from xl/workbook.xml and its relationships,
    resolved as calamine resolves them; {} when they cannot be read (the part names then)."""
    workbook, relationships = infos.get("xl/workbook.xml"), infos.get("xl/_rels/workbook.xml.rels")
    if not workbook or not relationships:
        return {}
    named, targets = {}, {}

    def sheet(tag: str, attributes: dict) -> None:
        if tag.rpartition(":")[2] == "sheet":
            key = next((v for k, v in attributes.items() if k.rpartition(":")[2] == "id"), None)
            if key and "name" in attributes:
                named[key] = attributes["name"]

    def relationship(tag: str, attributes: dict) -> None:
        if tag.rpartition(":")[2] == "Relationship" and "Id" in attributes:
            target = attributes.get("Target", "")
            if target.startswith("/xl/"):
                target = target[1:]
            elif not target.startswith("xl/"):
                target = f"xl/{target}"
            targets[attributes["Id"]] = target.lower()

    try:
        for info, handler in ((workbook, sheet), (relationships, relationship)):
            parser = _XmlParts(handler)
            for chunk in _inflate(content, info, [min(limits.expanded_bytes, 16 * CHUNK)], limits):
                parser.feed(chunk)
            parser.close()
    except FileRefused:
        return {}
    return {targets[key]: title for key, title in named.items() if key in targets}


def _scan(content: bytes, info: zipfile.ZipInfo, budget: list[int], limits: Limits, scanner):
    for chunk in _inflate(content, info, budget, limits):
        scanner.feed(chunk)
    scanner.close()


def _check_central_directory(content: bytes) -> None:
    """How many parts the zip lists, read from its end record before zipfile builds an object
    for each (a 50 MB central directory would be a million of them)."""
    tail_start = max(0, len(content) - (1 << 16) - 22)
    at = content.rfind(b"PK\x05\x06", tail_start)
    if at < 0 or at + 22 > len(content):
        raise _damaged(_("找不到 zip 目录,文件可能不完整"))
    entries, directory_size = struct.unpack_from("<HI", content, at + 10)
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
        locator = at - 20
        if locator < 0 or content[locator : locator + 4] != b"PK\x06\x07":
            raise _damaged(_("zip 目录无法解析"))
        (record,) = struct.unpack_from("<Q", content, locator + 8)
        if record + 56 > len(content) or content[record : record + 4] != b"PK\x06\x06":
            raise _damaged(_("zip 目录无法解析"))
        entries, directory_size = struct.unpack_from("<QQ", content, record + 32)
    if entries > MAX_PARTS or directory_size > MAX_PARTS * 1024:
        raise FileRefused(
            _("文件中的部件超过 %(limit)s 个,不像是一个台账,无法读取。") % {"limit": MAX_PARTS}
        )


def _inflate(
    content: bytes, info: zipfile.ZipInfo, budget: list[int], limits: Limits
) -> Iterator[bytes]:
    """A part's bytes as stored, inflated piece by piece; every byte counts against `budget`
    (what the whole file may still expand to), whatever size the part declares."""
    offset = info.header_offset
    if content[offset : offset + 4] != b"PK\x03\x04":
        raise _damaged(_("部件“%(name)s”的位置不对") % {"name": info.filename})
    name_length, extra_length = struct.unpack_from("<HH", content, offset + 26)
    start = offset + 30 + name_length + extra_length
    end = start + info.compress_size
    if end > len(content):
        raise _damaged(_("部件“%(name)s”不完整") % {"name": info.filename})
    data = memoryview(content)[start:end]

    def spend(piece: bytes) -> bytes:
        budget[0] -= len(piece)
        if budget[0] < 0:
            raise _expanded_too_big(limits)
        return piece

    if info.compress_type == zipfile.ZIP_STORED:
        for at in range(0, len(data), CHUNK):
            yield spend(bytes(data[at : at + CHUNK]))
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    at = 0
    try:
        while at < len(data) or inflater.unconsumed_tail:
            if inflater.unconsumed_tail:
                piece = inflater.decompress(inflater.unconsumed_tail, CHUNK)
            else:
                piece = inflater.decompress(data[at : at + (CHUNK >> 2)], CHUNK)
                at += CHUNK >> 2
            if piece:
                yield spend(piece)
            if inflater.eof:
                break
        rest = inflater.flush()
    except zlib.error as exc:
        raise _damaged(_("部件“%(name)s”无法解压") % {"name": info.filename}) from exc
    if rest:
        yield spend(rest)
    if not inflater.eof:
        raise _damaged(_("部件“%(name)s”不完整") % {"name": info.filename})


class _Chunked:
    """Feeds a scanner whole tags: a chunk is cut before the last "<" it holds and the rest
    carried to the next one, unless that tag is already longer than a tag head needs."""

    HEAD = 4096

    def __init__(self):
        self.pending = b""

    def regions(self, chunk: bytes) -> bytes:
        buffer = self.pending + chunk if self.pending else chunk
        cut = buffer.rfind(b"<")
        if cut < 0 or len(buffer) - cut > self.HEAD:
            self.pending = b""
            return buffer
        self.pending = buffer[cut:]
        return buffer[:cut]

    def rest(self) -> bytes:
        rest, self.pending = self.pending, b""
        return rest


def _greater_than(number: int) -> str:
    """A regex for the decimal numbers greater than `number` (leading zeros allowed)."""
    digits = str(number)
    length = len(digits)
    choices = [f"[1-9][0-9]{{{length},}}"]
    for i, digit in enumerate(digits):
        if digit != "9":
            rest = length - i - 1
            choices.append(
                re.escape(digits[:i])
                + f"[{int(digit) + 1}-9]"
                + (f"[0-9]{{{rest}}}" if rest else "")
            )
    return "0*(?:" + "|".join(choices) + ")"


def _letters_greater_than(number: int) -> str:
    """A regex for the column letters (either case) beyond column `number`."""
    letters = column_letters(number) if number else ""
    length = len(letters)
    choices = [f"[A-Za-z]{{{length + 1}}}"]
    for i, letter in enumerate(letters):
        if letter != "Z":
            rest = length - i - 1
            prefix = "".join(f"[{c}{c.lower()}]" for c in letters[:i])
            higher = f"[{chr(ord(letter) + 1)}-Z{chr(ord(letter) + 1).lower()}-z]"
            choices.append(prefix + higher + (f"[A-Za-z]{{{rest}}}" if rest else ""))
    return "(?:" + "|".join(choices) + ")"


_CELL_TAG = re.compile(rb"<c[\s/>]")
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_REF_AT = re.compile(rb"([A-Za-z]+)0*([0-9]+)")


class _XlsxSheet:
    """The cells an .xlsx sheet really holds, as calamine places them: at their `r`, else after
    the previous cell of the row (rows at their `r`, else after the previous row).

    Files written by Excel, WPS, LibreOffice and the usual libraries give every cell an `r`
    first (`<c r="B7" …>`): those are scanned with bytes.count and one regex that only looks for
    a cell beyond the furthest column and row seen so far (or a reference calamine would
    misplace). A sheet that does anything else (cells without `r`, prefixed names) raises
    _Rescan, and is parsed again, element by element, by _XlsxSheetSlowly."""

    def __init__(self, name: str, sheets: _Sheets):
        self.name = name
        self.sheets = sheets
        self.chunked = _Chunked()
        self.rows = 0
        self.columns = 0
        self.beyond: re.Pattern[bytes] | None = None  # the regex for the furthest column and row

    def feed(self, chunk: bytes) -> None:
        self._scan(self.chunked.regions(chunk))

    def close(self) -> None:
        self._scan(self.chunked.rest())
        self.sheets.add(self.name, self.rows, self.columns)

    def _pattern(self) -> re.Pattern[bytes]:
        if self.beyond is None:
            self.beyond = re.compile(
                rb'<c r="(?:(?P<odd>"|[0-9]|[A-Za-z]+")'
                rb"|(?P<column>"
                + _letters_greater_than(self.columns).encode()
                + rb"[A-Za-z]*)[0-9]"
                rb"|[A-Za-z]+(?P<row>" + _greater_than(self.rows).encode() + rb')")'
            )
        return self.beyond

    def _scan(self, region: bytes) -> None:
        if b"<!DOCTYPE" in region or b"<!ENTITY" in region:
            raise _damaged(_("表格中含有 DTD 声明"))
        cells = region.count(b'<c r="')
        if region.count(b"<c") != cells and len(_CELL_TAG.findall(region)) != cells:
            raise _Rescan
        if _PREFIXED_CELL.search(region):
            raise _Rescan
        if not cells:
            return
        # Rows grow down a sheet: start from the row of the region's last cell.
        last = self._cell_at(region, region.rfind(b'<c r="'))
        if last and last[1] > self.rows:
            self.rows = last[1]
            self.beyond = None
            self._check(*last)
        at = 0
        while found := self._pattern().search(region, at):
            if found.group("odd"):
                raise _Rescan
            cell = self._cell_at(region, found.start())
            if cell is None:  # a reference the fast scan cannot read: parse the whole part
                raise _Rescan
            letters, row = cell
            if found.group("column"):
                self.columns = column_number(letters)
            else:
                self.rows = row
            self.beyond = None
            self._check(letters, row)
            at = found.start()

    @staticmethod
    def _cell_at(region: bytes, at: int) -> tuple[str, int] | None:
        """The column letters and row of the `<c r="…"` tag at `at`."""
        ref = _REF_AT.match(region, at + 6)
        return (ref.group(1).decode(), int(ref.group(2))) if ref else None

    def _check(self, letters: str, row: int) -> None:
        self.sheets.check_cell(self.name, row, column_number(letters), f"{letters.upper()}{row}")


class _Rescan(Exception):
    """The fast scan of a sheet gave up: parse the whole part element by element."""


class _XmlParts:
    """An expat parser over a part's chunks, with no DTD allowed (no entity expansion)."""

    def __init__(self, start: Callable, end: Callable | None = None):
        self.parser = xml.parsers.expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = start
        if end:
            self.parser.EndElementHandler = end
        self.parser.StartDoctypeDeclHandler = self._no_dtd

    @staticmethod
    def _no_dtd(*_args) -> None:
        raise _damaged(_("表格中含有 DTD 声明"))

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.Parse(chunk, False)
        except xml.parsers.expat.ExpatError as exc:
            raise _damaged(_("XML 格式错误:%(error)s") % {"error": exc}) from exc

    def close(self) -> None:
        self.feed(b"")
        try:
            self.parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError as exc:
            raise _damaged(_("XML 格式错误:%(error)s") % {"error": exc}) from exc


_REF = re.compile(r"([A-Za-z]+)([0-9]+)")


class _XlsxSheetSlowly:
    """An .xlsx sheet element by element, placing cells as calamine's cell reader does."""

    def __init__(self, name: str, sheets: _Sheets):
        self.name = name
        self.sheets = sheets
        self.row = 0  # 0-based, as calamine counts
        self.column = 0
        self.rows = 0
        self.columns = 0
        self.xml = _XmlParts(self._start, self._end)

    def _start(self, tag: str, attributes: dict) -> None:
        local = tag.rpartition(":")[2]
        if local == "row":
            at = attributes.get("r")
            if at is not None and at.isdigit():
                self.row = max(int(at) - 1, 0)
        elif local == "c":
            at = attributes.get("r")
            if at is not None:
                ref = _REF.fullmatch(at)
                if not ref:
                    raise _damaged(_("单元格位置“%(ref)s”无效") % {"ref": at[:20]})
                row, column = int(ref.group(2)) - 1, column_number(ref.group(1)) - 1
            else:
                row, column = self.row, self.column
            self.column = column + 1
            self.rows = max(self.rows, row + 1)
            self.columns = max(self.columns, column + 1)
            self.sheets.check_cell(self.name, row + 1, column + 1)

    def _end(self, tag: str) -> None:
        if tag.rpartition(":")[2] == "row":
            self.row += 1
            self.column = 0

    def feed(self, chunk: bytes) -> None:
        self.xml.feed(chunk)

    def close(self) -> None:
        self.xml.close()
        self.sheets.add(self.name, self.rows, self.columns)


class _OdsContent:
    """The tables of an .ods content.xml, with repeated rows and cells counted, not expanded.

    calamine matches `table:` names as written, and lays out a table from its first row with a
    value to its last, repeats included; empty cells count only when a cell with a value follows
    them in the row. Here every row and cell element counts wherever it sits (nested in a cell
    too), and a row's cells are counted from the start of the row of the table itself, so what
    is counted is never less than what calamine lays out."""

    VALUE_ATTRIBUTES = (
        "office:value",
        "office:string-value",
        "office:date-value",
        "office:time-value",
        "office:boolean-value",
        "table:formula",
    )
    CELLS = ("table:table-cell", "table:covered-table-cell")

    def __init__(self, sheets: _Sheets):
        self.sheets = sheets
        self.limits = sheets.limits
        self.table = ""
        self.tables = 0  # depth of table:table elements
        self.open_rows: list[int] = []  # the repeats of each row element open
        self.next_row = 0  # rows ended so far in the table, repeats included
        self.position = 0  # cells so far in the table's current row, repeats included
        self.rows = 0
        self.columns = 0
        self.xml = _XmlParts(self._start, self._end)

    @staticmethod
    def _repeats(attributes: dict, name: str) -> int:
        raw = attributes.get(name, "1")
        try:
            return max(int(raw), 1)
        except ValueError as exc:
            raise _damaged(_("重复次数“%(value)s”无效") % {"value": raw[:20]}) from exc

    def _start(self, tag: str, attributes: dict) -> None:
        if tag == "table:table":
            self.tables += 1
            if self.tables == 1:
                self.table = attributes.get("table:name", "")
                self.next_row = self.rows = self.columns = 0
                self.open_rows = []
        elif not self.tables:
            return
        elif tag == "table:table-row":
            if not self.open_rows:
                self.position = 0
            self.open_rows.append(self._repeats(attributes, "table:number-rows-repeated"))
        elif tag in self.CELLS:
            self.position += self._repeats(attributes, "table:number-columns-repeated")
            if attributes.get("office:value-type") == "string" or any(
                name in attributes for name in self.VALUE_ATTRIBUTES
            ):
                row = self.next_row + sum(self.open_rows)
                self.columns = max(self.columns, self.position)
                self.rows = max(self.rows, row)
                if self.position > self.limits.columns or row > self.limits.rows:
                    self.sheets.check_cell(self.table, row, self.position)

    def _end(self, tag: str) -> None:
        if not self.tables:
            return
        if tag == "table:table-row" and self.open_rows:
            self.next_row += self.open_rows.pop()
        elif tag == "table:table":
            self.tables -= 1
            if not self.tables:
                self.sheets.add(self.table, self.rows, self.columns)

    def feed(self, chunk: bytes) -> None:
        self.xml.feed(chunk)

    def close(self) -> None:
        self.xml.close()
        if self.tables:
            self.sheets.add(self.table, self.rows, self.columns)


class _XlsbSheet:
    """An .xlsb sheet's records (MS-XLSB): a row header sets the row, a cell record carries its
    column; the cells calamine reads are the types 0x02 to 0x0A."""

    CELLS = range(0x0002, 0x000B)

    def __init__(self, name: str, sheets: _Sheets):
        self.name = name
        self.sheets = sheets
        self.buffer = bytearray()
        self.row = 0
        self.rows = 0
        self.columns = 0
        self.done = False

    def feed(self, chunk: bytes) -> None:
        if self.done:
            return
        self.buffer += chunk
        at = self._records(memoryview(self.buffer))
        del self.buffer[:at]

    def _records(self, data: memoryview) -> int:
        """Reads whole records from `data`; returns where the first incomplete one starts."""
        at = 0
        size = len(data)
        while at < size:
            start = at
            kind, at = _varint(data, at, 2)
            if at < 0:
                return start
            length, at = _varint(data, at, 4)
            if at < 0 or at + length > size:
                return start
            if kind == 0x0000 and length >= 4:
                (self.row,) = struct.unpack_from("<I", data, at)
                if self.row > 0x100000:
                    self.done = True
                    return size
            elif kind in self.CELLS and length >= 4:
                (column,) = struct.unpack_from("<I", data, at)
                self.rows = max(self.rows, self.row + 1)
                self.columns = max(self.columns, column + 1)
                if (
                    column + 1 > self.sheets.limits.columns
                    or self.row + 1 > self.sheets.limits.rows
                ):
                    self.sheets.check_cell(self.name, self.row + 1, column + 1)
            elif kind == 0x0092:  # end of the sheet's data
                self.done = True
                return size
            at += length
        return at

    def close(self) -> None:
        self.sheets.add(self.name, self.rows, self.columns)


def _varint(data: memoryview, at: int, most: int) -> tuple[int, int]:
    """An MS-XLSB record type (up to 2 bytes) or size (up to 4): 7 bits a byte, low first."""
    value = 0
    for i in range(most):
        if at >= len(data):
            return 0, -1
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            break
    return value, at


# --- .xls: an OLE2 compound file holding BIFF records ---------------------------------------------


BIFF_CELLS = {0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E}
BIFF_SPANS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: a row, a first and a last column
BIFF_EOF, BIFF_DIMENSIONS, BIFF_FILEPASS, BIFF_BOUNDSHEET, BIFF_SST = (
    0x000A,
    0x0200,
    0x002F,
    0x0085,
    0x00FC,
)


def _check_ole(content: bytes, limits: Limits) -> Extent:
    import olefile

    _check_ole_header(content)
    try:
        ole = olefile.OleFileIO(io.BytesIO(content))
    except Exception as exc:  # olefile raises OSError and its own errors for broken files
        raise _damaged(_("OLE 复合文档无法解析")) from exc
    with ole:
        for entry in ole.direntries:
            # calamine reserves a stream's declared size before reading it.
            if entry is not None and entry.size > len(content):
                raise _damaged(_("声明的数据长度超过文件本身"))
        if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
            raise _encrypted()
        books = [e for e in ole.direntries if e is not None and e.name in ("Workbook", "Book")]
        if len({e.name for e in books}) != len(books):
            raise _damaged(_("工作簿数据出现了两次"))  # which one calamine reads is its choice
        _check_ole_chains(content, ole, books)
        name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
        if name is None:
            kind = _("Word 文档") if ole.exists("WordDocument") else _("OLE 复合文档")
            raise FileRefused(
                _("文件是%(kind)s,其中没有 Excel 工作表。请上传 .xlsx、.xls、.ods 或 .csv 文件。")
                % {"kind": kind}
            )
        try:
            stream = ole.openstream(name).read()
        except Exception as exc:
            raise _damaged(_("工作簿数据无法读取")) from exc
    sheets = _Sheets(limits)
    for offset, sheet_name in _biff_globals(stream):
        _biff_sheet(stream, offset, sheet_name, sheets)
    return sheets.extent


def _check_ole_header(content: bytes) -> None:
    """The sizes an OLE2 header declares (calamine allocates by them) against the file's."""
    if len(content) < 512:
        raise _damaged(_("文件不完整"))
    sector_shift, mini_shift = struct.unpack_from("<HH", content, 30)
    if sector_shift not in (9, 12) or mini_shift != 6:
        raise _damaged(_("OLE 复合文档的扇区大小无效"))
    sector = 1 << sector_shift
    directory_sectors, fat_sectors = struct.unpack_from("<II", content, 40)
    (mini_fat_sectors,) = struct.unpack_from("<I", content, 64)
    (difat_sectors,) = struct.unpack_from("<I", content, 72)
    for count in (directory_sectors, fat_sectors, mini_fat_sectors, difat_sectors):
        if count * sector > len(content):
            raise _damaged(_("声明的数据长度超过文件本身"))


ENDOFCHAIN, FREESECT = 0xFFFFFFFE, 0xFFFFFFFF


def _check_ole_chains(content: bytes, ole, books: list) -> None:
    """The sector chains calamine follows to their end (the DIFAT, the directory, the mini
    stream and its FAT, the workbook stream): it stops only at an end-of-chain mark, so a chain
    that loops would have it read, and allocate, for ever."""
    sector = 1 << struct.unpack_from("<H", content, 30)[0]
    sectors = len(content) // sector
    difat, seen = struct.unpack_from("<I", content, 68)[0], set()
    while difat not in (ENDOFCHAIN, FREESECT) and (difat + 2) * sector <= len(content):
        if difat in seen:
            raise _damaged(_("扇区链循环"))
        seen.add(difat)
        (difat,) = struct.unpack_from("<I", content, (difat + 2) * sector - 4)
    fat = ole.fat
    starts = [struct.unpack_from("<I", content, 48)[0], struct.unpack_from("<I", content, 60)[0]]
    if ole.root is not None:
        starts.append(ole.root.isectStart)
    starts += [e.isectStart for e in books if e.size >= ole.minisectorcutoff]
    for start in starts:
        _walk(fat, start, sectors)
    small = [e.isectStart for e in books if e.size < ole.minisectorcutoff]
    if small:
        ole.loadminifat()
        for start in small:
            _walk(ole.minifat, start, len(ole.minifat))


def _walk(fat, start: int, most: int) -> None:
    at, steps = start, 0
    while at != ENDOFCHAIN and at < len(fat):
        steps += 1
        if steps > most + 1:
            raise _damaged(_("扇区链循环"))
        at = fat[at]


def _biff_globals(stream: bytes) -> list[tuple[int, str]]:
    """The workbook globals up to their EOF, as calamine reads them: refused if encrypted or if
    the shared strings claim more strings than the stream could hold; the sheets' offsets."""
    sheets = []
    at, size = 0, len(stream)
    while at + 4 <= size:
        kind, length = struct.unpack_from("<HH", stream, at)
        data = at + 4
        at = data + length
        if kind == BIFF_EOF:
            break
        if kind == BIFF_FILEPASS and length >= 2 and struct.unpack_from("<H", stream, data)[0]:
            raise _encrypted()
        if kind == BIFF_SST and length >= 8:
            (unique,) = struct.unpack_from("<i", stream, data + 4)
            if unique < 0 or unique > (size - data) // 3:
                raise _damaged(_("共享字符串表声明的数量无效"))
        if kind == BIFF_BOUNDSHEET and length >= 8:
            (offset,) = struct.unpack_from("<I", stream, data)
            sheets.append((offset, _biff_sheet_name(stream[data + 6 : data + length])))
    return sheets


def _biff_sheet_name(data: bytes) -> str:
    count, flags = data[0], data[1]
    if flags & 0x1:
        return data[2 : 2 + 2 * count].decode("utf-16-le", "replace")
    return data[2 : 2 + count].decode("latin-1")


def _biff_sheet(stream: bytes, at: int, name: str, sheets: _Sheets) -> None:
    """One sheet's records from its offset to its EOF: the range its DIMENSIONS declare (which
    calamine reserves, counted as calamine counts it, in 32 bits) and the cells it holds."""
    rows = columns = 0
    size = len(stream)
    limits = sheets.limits
    while at + 4 <= size:
        kind, length = struct.unpack_from("<HH", stream, at)
        data = at + 4
        at = data + length
        if kind == BIFF_EOF:
            break
        if kind == BIFF_DIMENSIONS and length in (10, 14):
            if length == 10:
                first_row, last_row, first_column, last_column = struct.unpack_from(
                    "<HHHH", stream, data
                )
            else:
                first_row, last_row, first_column, last_column = struct.unpack_from(
                    "<IIHH", stream, data
                )
            if last_row >= 1 and last_column >= 1:
                end_row, end_column = last_row - 1, last_column - 1
            else:
                end_row, end_column = first_row, first_column
            sheets.declared(
                name,
                (end_row - first_row + 1) & 0xFFFFFFFF,
                (end_column - first_column + 1) & 0xFFFFFFFF,
            )
            continue
        if kind in BIFF_CELLS and length >= 4:
            row, column = struct.unpack_from("<HH", stream, data)
        elif kind in BIFF_SPANS and length >= 6:
            row, first = struct.unpack_from("<HH", stream, data)
            (last,) = struct.unpack_from("<H", stream, data + length - 2)
            column = max(first, last)
        else:
            continue
        rows, columns = max(rows, row + 1), max(columns, column + 1)
        if column + 1 > limits.columns or row + 1 > limits.rows:
            sheets.check_cell(name, row + 1, column + 1)
    sheets.add(name, rows, columns)


# --- CSV ----------------------------------------------------------------------------------------


def check_csv(text: str, delimiter: str, limits: Limits | None = None) -> Extent:
    """Rows and columns of a decoded CSV (its bytes were checked before it was decoded). A
    physical line with far more delimiters than columns allowed is refused before the csv
    module makes a list of its fields."""
    limits = limits or Limits.current()
    sheets = _Sheets(limits)
    most_delimiters = limits.columns * MAX_CSV_FIELDS_PER_LINE_FACTOR

    def lines() -> Iterator[str]:
        for number, line in enumerate(io.StringIO(text, newline=""), start=1):
            if line.count(delimiter) > most_delimiters:
                raise FileRefused(
                    _("CSV 第 %(line)s 行有 %(count)s 个分隔符,远超台账最多的 %(limit)s 列。")
                    % {"line": number, "count": line.count(delimiter), "limit": limits.columns}
                )
            yield line

    rows = columns = 0
    reader = csv.reader(lines(), delimiter=delimiter)
    try:
        for row in reader:
            rows += 1
            last = len(row)
            while last and not row[last - 1].strip():
                last -= 1
            if last > limits.columns or rows > limits.rows:
                sheets.check_cell("CSV", rows, max(last, 1))
            columns = max(columns, last)
    except csv.Error as exc:
        raise FileRefused(
            _("CSV 第 %(line)s 行无法解析(%(error)s)。") % {"line": reader.line_num, "error": exc}
        ) from exc
    sheets.add("CSV", rows, columns)
    return sheets.extent
