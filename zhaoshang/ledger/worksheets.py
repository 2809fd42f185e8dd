"""The team's work as sheets of their own (issue 12 item 6): activities, outbound trips and events
export to one workbook, a sheet each, and import from it with the ledger's discipline — the file
checked before it is read (limits.py through the reader), every error with its sheet, row,
column and value, a preview, and all of it or nothing (one transaction, rolled back on any
error or for the preview). Every row is written through the fieldwork services as the person
importing, so the permission policy and the services' checks hold as they do on the pages.

A sheet is known by its headers, whatever its name: 洽谈内容 makes it activities, 出发日期 trips,
活动名称 events. A row already there (the same activity, trip or event) is left unchanged, so an
exported workbook imports again without writing anything."""

import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, BinaryIO, ClassVar

import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.companies.models import Company
from zhaoshang.core.dates import date_error, parse_date
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.spreadsheets import row_height, wrapped_lines
from zhaoshang.core.text import shown
from zhaoshang.fieldwork import selectors, services
from zhaoshang.fieldwork.forms import find_cities, find_companies, find_projects, split_names
from zhaoshang.fieldwork.models import Activity, Event, Trip
from zhaoshang.ledger.limits import check_file
from zhaoshang.ledger.reader import LedgerFileError, _calamine_errors, _open_book, _refusals
from zhaoshang.org.models import Unit, Zone

HEADER_SEARCH_ROWS = 10
# Columns written for the reader and skipped on import (what the record's own data gives).
SHOWN_ONLY = {"days", "shown"}
LIST_MARK = "、"


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    # text · date · kind · unit · company · project · projects · cities · companies; days and
    # shown are written for the reader and skipped on import (SHOWN_ONLY)
    kind: str = "text"
    width: float = 14


ACTIVITY_COLUMNS = [
    Column("日期", "date", "date", 11),
    Column("类型", "kind", "kind", 12),
    Column("责任单位", "unit", "unit", 14),
    Column("客商", "company", "company", 28),
    Column("项目编号", "project", "project", 14),
    Column("参加人员", "participants", "text", 16),
    Column("地点", "place", "text", 16),
    Column("洽谈内容", "summary", "text", 40),
    Column("下一步", "next_step", "text", 24),
    Column("下一步日期", "next_step_date", "date", 11),
]
TRIP_COLUMNS = [
    Column("出发日期", "start_date", "date", 11),
    Column("返回日期", "end_date", "date", 11),
    Column("天数", "days", "days", 6),
    Column("责任单位", "unit", "unit", 14),
    Column("外出人员", "participants", "text", 16),
    Column("前往城市", "cities", "cities", 20),
    Column("带回线索", "leads", "projects", 20),
    Column("事由与成果", "purpose", "text", 40),
]
EVENT_COLUMNS = [
    Column("日期", "date", "date", 11),
    Column("活动名称", "name", "text", 30),
    Column("类型", "kind", "kind", 12),
    Column("城市", "city", "city", 10),
    Column("地点", "place", "text", 16),
    Column("主办单位", "organiser", "text", 18),
    Column("承办单位", "organiser_unit", "unit", 14),
    Column("参会客商", "companies", "companies", 30),
    Column("现场签约项目", "signed_projects", "projects", 20),
    Column("活动产生线索", "leads", "projects", 20),
    Column("备注", "note", "text", 24),
]


@dataclass(frozen=True)
class SheetKind:
    key: str  # activities · trips · events
    title: Any  # the sheet's name (lazy)
    columns: list[Column]
    marker: str  # the header that tells this sheet from the others
    model: type | None = None  # whose Kind choices a "kind" column reads

    def marker_key(self) -> str:
        return next(c.key for c in self.columns if c.header == self.marker)


SHEETS = [
    SheetKind("activities", gettext_lazy("招商活动记录"), ACTIVITY_COLUMNS, "洽谈内容", Activity),
    SheetKind("trips", gettext_lazy("外出招商"), TRIP_COLUMNS, "出发日期", Trip),
    SheetKind("events", gettext_lazy("推介会和招商活动"), EVENT_COLUMNS, "活动名称", Event),
]


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return _("工作表“%(sheet)s”第 %(row)s 行,列 %(column)s,值 %(value)s:%(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column or "—",
            "value": self.value or "—",
            "message": self.message,
        }


SHEET_KEYS: list[str] = [sheet.key for sheet in SHEETS]


@dataclass
class WorkImport:
    """What an import did (or, previewed, would do): per sheet kind the rows created, updated and
    those already there; every error. Nothing is written when there is any error."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHEET_KEYS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHEET_KEYS, 0))
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHEET_KEYS, 0))

    @classmethod
    def of(cls, kinds: list[SheetKind]) -> "WorkImport":
        keys = [kind.key for kind in kinds]
        return cls(
            created=dict.fromkeys(keys, 0),
            unchanged=dict.fromkeys(keys, 0),
            updated=dict.fromkeys(keys, 0),
        )


# --- export -----------------------------------------------------------------------------------


def export_work(out: BinaryIO, *, zone: Zone, viewer) -> None:
    """The activities and trips the viewer may see and the zone's events, a sheet each, in the
    import's columns. Text is always written as text (a name beginning with = is no formula)."""
    write_sheets(
        out,
        SHEETS,
        {
            "activities": lambda: _activity_rows(zone, viewer),
            "trips": lambda: _trip_rows(zone, viewer),
            "events": lambda: _event_rows(zone, viewer),
        },
    )


def write_sheets(
    out: BinaryIO, kinds: list[SheetKind], rows: dict[str, Callable[[], Iterator[list]]]
) -> None:
    """A workbook of a sheet per kind, its headers in the first row (repeated on every printed
    page), landscape A4 one page wide, each row as tall as its wrapped text. Dates are dates,
    whole numbers and amounts numbers, the rest text (never a formula)."""
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    header = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    date = book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
    text = book.add_format({"text_wrap": True, "valign": "top"})
    number_format = book.add_format({"num_format": "#,##0.00", "valign": "top"})
    whole = book.add_format({"valign": "top"})
    for kind in kinds:
        sheet = book.add_worksheet(str(kind.title))
        for col, column in enumerate(kind.columns):
            sheet.set_column(col, col, column.width)
            sheet.write_string(0, col, column.header, header)
        # A header wider than its column wraps: its row as tall as the longest.
        lines = max(wrapped_lines(c.header, c.width) for c in kind.columns)
        if lines > 1:
            sheet.set_row(0, row_height(lines))
        sheet.freeze_panes(1, 0)
        sheet.repeat_rows(0)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        for number, values in enumerate(rows[kind.key](), start=1):
            # LibreOffice and WPS keep a row's height as the file gives it: as tall as its text.
            lines = max(
                (
                    wrapped_lines(value, column.width)
                    for value, column in zip(values, kind.columns, strict=True)
                    if isinstance(value, str)
                ),
                default=1,
            )
            if lines > 1:
                sheet.set_row(number, row_height(lines))
            for col, value in enumerate(values):
                if isinstance(value, dt.date):
                    sheet.write_datetime(number, col, value, date)
                elif isinstance(value, int):
                    sheet.write_number(number, col, value, whole)
                elif isinstance(value, Decimal):
                    sheet.write_number(number, col, float(value), number_format)
                elif value:
                    sheet.write_string(number, col, str(value), text)
    book.close()


def _all(model, zone: Zone):
    """Every record of the zone, for the system (the command line): no viewer to scope by."""
    return model.objects.filter(zone=zone).select_related(
        *[f.name for f in model._meta.concrete_fields if f.is_relation and f.name != "zone"]
    )


def _names(items) -> str:
    return LIST_MARK.join(str(item) for item in items)


def _activity_rows(zone: Zone, viewer) -> Iterator[list]:
    activities = selectors.activities(viewer, zone) if viewer else _all(Activity, zone)
    for a in activities.order_by("date", "pk"):
        yield [
            a.date,
            a.get_kind_display(),
            a.unit.name if a.unit else "",
            a.company.name if a.company else "",
            a.project.code if a.project else "",
            a.participants,
            a.place,
            a.summary,
            a.next_step,
            a.next_step_date,
        ]


def _trip_rows(zone: Zone, viewer) -> Iterator[list]:
    trips = selectors.trips(viewer, zone) if viewer else _all(Trip, zone)
    for t in trips.order_by("start_date", "pk"):
        yield [
            t.start_date,
            t.end_date,
            t.days,
            t.unit.name if t.unit else "",
            t.participants,
            _names(c.name for c in t.cities.all()),
            _names(p.code for p in t.leads.all()),
            t.purpose,
        ]


def _event_rows(zone: Zone, viewer) -> Iterator[list]:
    events = (selectors.events(viewer, zone) if viewer else _all(Event, zone)).prefetch_related(
        "companies", "signed_projects", "leads"
    )
    for e in events.order_by("date", "pk"):
        yield [
            e.date,
            e.name,
            e.get_kind_display(),
            e.city.name if e.city else "",
            e.place,
            e.organiser,
            e.organiser_unit.name if e.organiser_unit else "",
            _names(c.name for c in e.companies.all()),
            _names(p.code for p in e.signed_projects.all()),
            _names(p.code for p in e.leads.all()),
            e.note,
        ]


def export_bytes(*, zone: Zone, viewer) -> bytes:
    out = io.BytesIO()
    export_work(out, zone=zone, viewer=viewer)
    return out.getvalue()


# --- import -----------------------------------------------------------------------------------

REQUIRED = {
    "activities": ["date", "kind", "participants", "summary"],
    "trips": ["start_date", "end_date", "participants"],
    "events": ["date", "name", "kind"],
}


class CellError(Exception):
    """One cell cannot be read: the message says why."""


@dataclass
class FoundSheet:
    kind: SheetKind
    name: str
    header_row: int
    positions: dict[str, int]  # column key → position in the row
    rows: list[tuple[int, list]]


def read_sheets(
    content: bytes, filename: str, kinds: list[SheetKind] | None = None
) -> list[FoundSheet]:
    """The workbook's sheets of `kinds` (default: the work's), each known by its headers; refuses
    a file the ledger's checks refuse (size, what it inflates to, the cells it reaches, not a
    spreadsheet) and one with no sheet of those kinds."""
    kinds = SHEETS if kinds is None else kinds
    with _refusals():
        check_file(content, filename or "")
    book = _open_book(content)
    found = []
    for name in book.sheet_names:
        with _calamine_errors():
            rows = list(book.get_sheet_by_name(name).iter_rows())
        sheet = _known_sheet(name, rows, kinds)
        if sheet is not None:
            found.append(sheet)
    if not found:
        raise LedgerFileError(
            _("文件中没有可导入的工作表:%(kinds)s(表头在前 %(rows)s 行)。")
            % {
                "kinds": _(";").join(
                    _("%(sheet)s须有“%(marker)s”列") % {"sheet": k.title, "marker": k.marker}
                    for k in kinds
                ),
                "rows": HEADER_SEARCH_ROWS,
            }
        )
    return found


def _known_sheet(name: str, rows: list[list], kinds: list[SheetKind]) -> FoundSheet | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [cell_text(cell) for cell in row]
        for kind in kinds:
            if kind.marker not in texts and kind.marker_key() not in texts:
                continue
            by_text = {c.header: c.key for c in kind.columns} | {c.key: c.key for c in kind.columns}
            positions = {by_text[t]: i for i, t in enumerate(texts) if t in by_text}
            body = [
                (number, cells)
                for number, cells in enumerate(rows[index + 1 :], start=index + 2)
                if any(cell_text(cell) for cell in cells)
            ]
            return FoundSheet(kind, name, index + 1, positions, body)
    return None


def import_work(
    content: bytes, filename: str, *, zone: Zone, actor, dry_run: bool, today=None
) -> WorkImport:
    """Every row of every sheet through the services, in one transaction: kept only when no row
    has an error and this is not a preview."""
    today = today or shanghai_today()
    return apply_sheets(
        read_sheets(content, filename),
        WorkImport(),
        reader=RowReader(zone=zone, actor=actor, today=today),
        required=REQUIRED,
        writers=WRITERS,
        dry_run=dry_run,
    )


Writer = Callable[[Any, dict], str]  # (reader, a row's values) → CREATED, UPDATED or UNCHANGED
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def apply_sheets(
    sheets: list[FoundSheet],
    result: WorkImport,
    *,
    reader: "RowReader",
    required: dict[str, list[str]],
    writers: dict[str, Writer],
    dry_run: bool,
) -> WorkImport:
    """Every row of the sheets read by `reader` and written by its kind's writer, in one
    transaction: kept only when no row has an error and this is not a preview. A missing
    required column is an error of the sheet's header row; its rows are not read."""
    with transaction.atomic():
        for sheet in sheets:
            missing = [c for c in sheet.kind.columns if c.key in required[sheet.kind.key]]
            missing = [c for c in missing if c.key not in sheet.positions]
            for column in missing:
                result.errors.append(
                    RowError(sheet.name, sheet.header_row, column.header, "", _("缺少必填列。"))
                )
            if missing:
                continue
            for number, cells in sheet.rows:
                _import_row(sheet, number, cells, reader, writers[sheet.kind.key], result)
        if result.errors or dry_run:
            transaction.set_rollback(True)
        else:
            result.applied = True
    return result


def _import_row(
    sheet: FoundSheet, number: int, cells: list, reader, writer: Writer, result: WorkImport
) -> None:
    values, errors = reader.values(sheet, number, cells)
    if errors:
        result.errors += errors
        return
    key = sheet.kind.key
    try:
        outcome = writer(reader, values)
    except ValidationError as exc:
        result.errors += _refusals_of(sheet, number, cells, exc)
    except PermissionDenied as exc:
        result.errors.append(RowError(sheet.name, number, *_project_cell(sheet, cells), str(exc)))
    else:
        getattr(result, outcome)[key] += 1


def _project_cell(sheet: FoundSheet, cells: list) -> tuple[str, str]:
    """The header and value of the row's project, which a refusal of the policy is about; none
    where the row names no project."""
    column = next((c for c in sheet.kind.columns if c.kind == "project"), None)
    position = sheet.positions.get(column.key) if column else None
    value = cell_text(cells[position]) if position is not None and position < len(cells) else ""
    return (column.header, shown(value, limit=40)) if column and value else ("", "")


def _refusals_of(sheet: FoundSheet, number: int, cells: list, exc: ValidationError):
    by_key = {c.key: c for c in sheet.kind.columns}
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    for field_name, texts in messages.items():
        column = by_key.get(field_name)
        position = sheet.positions.get(field_name) if column else None
        value = cell_text(cells[position]) if position is not None and position < len(cells) else ""
        for text in texts:
            yield RowError(
                sheet.name, number, column.header if column else "", shown(value, limit=40), text
            )


@dataclass
class RowReader:
    """Reads a row's cells into the services' arguments, each cell's error on its own."""

    zone: Zone
    actor: Any
    today: dt.date

    RAW_KINDS: ClassVar[set[str]] = {"date"}  # read from the cell as it is, not its text

    def values(self, sheet: FoundSheet, number: int, cells: list) -> tuple[dict, list[RowError]]:
        values: dict[str, Any] = {}
        errors = []
        for column in sheet.kind.columns:
            position = sheet.positions.get(column.key)
            if position is None or column.kind in SHOWN_ONLY:
                continue
            raw = cells[position] if position < len(cells) else ""
            try:
                values[column.key] = self.cell(column, raw, sheet.kind)
            except CellError as exc:
                text = shown(cell_text(raw), limit=40)
                errors.append(RowError(sheet.name, number, column.header, text, str(exc)))
        return values, errors

    def cell(self, column: Column, raw, kind: SheetKind):
        text = cell_text(raw)
        reader = getattr(self, f"read_{column.kind}")
        if column.kind == "kind":
            return reader(raw, kind)
        return reader(raw) if column.kind in self.RAW_KINDS else reader(text)

    def read_text(self, text: str) -> str:
        return text

    def read_date(self, raw) -> dt.date | None:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = cell_text(raw)
        if not text:
            return None
        try:
            day = parse_date(text)
        except ValidationError as exc:
            raise CellError(" ".join(exc.messages)) from exc
        if message := date_error(day, today=self.today, planned=True):
            raise CellError(message)
        return day

    def read_kind(self, raw, kind: SheetKind) -> str:
        text = cell_text(raw)
        choices = kind.model.Kind  # type: ignore[union-attr]
        known = {value: value for value in choices.values}
        known |= {label: value for value, label in CHINESE_LABELS[kind.key].items()}
        known |= {str(label): value for value, label in choices.choices}
        if text not in known:
            raise CellError(
                _("类型须为:%(choices)s")
                % {"choices": "、".join(CHINESE_LABELS[kind.key].values())}
            )
        return known[text]

    def read_unit(self, text: str) -> Unit | None:
        if not text:
            return None
        found = Unit.objects.filter(zone=self.zone, name=text).first()
        if found is None:
            raise CellError(_("本开发区没有责任单位“%(name)s”。") % {"name": text})
        return found

    def read_company(self, text: str) -> Company | None:
        if not text:
            return None
        found, unknown = find_companies(self.zone, [text])
        if unknown:
            raise CellError(_("本开发区没有客商“%(name)s”(请先在项目中登记)。") % {"name": text})
        return found[0]

    def read_companies(self, text: str) -> list[Company]:
        found, unknown = find_companies(self.zone, split_names(text))
        if unknown:
            raise CellError(_("本开发区没有这些客商:%(names)s") % {"names": "、".join(unknown)})
        return found

    def read_projects(self, text: str) -> list:
        visible = selectors.visible_projects(self.actor, self.zone) if self.actor else None
        projects = (
            visible if visible is not None else selectors.Project.objects.filter(zone=self.zone)
        )
        found, unknown = find_projects(projects, split_names(text))
        if unknown:
            raise CellError(
                _("找不到这些项目编号(或不属于您的单位):%(codes)s") % {"codes": "、".join(unknown)}
            )
        return found

    def read_project(self, text: str):
        if not text:
            return None
        found = self.read_projects(text)
        return found[0] if found else None

    def read_cities(self, text: str) -> list:
        found, unknown = find_cities(split_names(text))
        if unknown:
            raise CellError(_("找不到这些地区:%(names)s") % {"names": "、".join(unknown)})
        return found

    def read_city(self, text: str):
        if not text:
            return None
        return self.read_cities(text)[0]


def _write_activity(reader: RowReader, values: dict) -> str:
    values = {**values, "summary": values.get("summary") or ""}
    day = values.get("date")
    if day is not None and (
        Activity.objects.filter(
            zone=reader.zone,
            date=day,
            kind=values.get("kind") or "",
            project=values.get("project"),
            summary=values["summary"],
        ).exists()
    ):
        return UNCHANGED
    services.record_activity(
        zone=reader.zone,
        actor=reader.actor,
        source="import",
        today=reader.today,
        **{k: v for k, v in values.items() if k in services.ACTIVITY_FIELDS},
    )
    return CREATED


def _write_trip(reader: RowReader, values: dict) -> str:
    day = values.get("start_date")
    if day is not None and (
        Trip.objects.filter(
            zone=reader.zone,
            start_date=day,
            participants=values.get("participants") or "",
            unit=values.get("unit"),
        ).exists()
    ):
        return UNCHANGED
    services.record_trip(
        zone=reader.zone, actor=reader.actor, source="import", today=reader.today, **values
    )
    return CREATED


def _write_event(reader: RowReader, values: dict) -> str:
    day, name = values.get("date"), values.get("name") or ""
    if day is not None and Event.objects.filter(zone=reader.zone, date=day, name=name).exists():
        return UNCHANGED
    services.record_event(
        zone=reader.zone, actor=reader.actor, source="import", today=reader.today, **values
    )
    return CREATED


WRITERS: dict[str, Writer] = {
    "activities": _write_activity,
    "trips": _write_trip,
    "events": _write_event,
}
# The kinds' Chinese names, accepted whatever the language of the export.
CHINESE_LABELS = {
    "activities": {
        "visit": "登门拜访",
        "reception": "客商来访",
        "office_report": "驻点报告",
        "contact": "电话/线上联系",
    },
    "events": {
        "promotion": "推介会",
        "themed": "专题招商活动",
        "fair": "资本交易大会",
        "other": "其他",
    },
}


def cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
