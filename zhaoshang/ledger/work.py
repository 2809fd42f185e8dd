"""The team's work in Excel (docs/work.md): activities, trips and events, each a sheet of its own
(招商活动, 外出招商, 会展活动) in one workbook, with the ledger's discipline: the file passes the
ledger's checks (limits.check_file) before it is read, every error names its sheet, row, column
and value, a preview (dry run) shows what would be written, and a file is applied all or nothing.

Rows with a 编号 (the record's id, as the export writes it) update that record when they differ
and are left alone when they do not, so exporting and importing again changes nothing; rows
without one are new records. Writes go through the work services, as the importing user, so the
permission policy and every rule hold: a member's rows must all be their unit's.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.companies.models import Company, normalise_company_name
from zhaoshang.core.dates import parse_date
from zhaoshang.ledger.limits import FileRefused, check_file
from zhaoshang.ledger.reader import LedgerFileError, _open_book
from zhaoshang.ledger.validation import FIRST_SERIAL, _serial_date
from zhaoshang.org.models import Membership, Unit, Zone
from zhaoshang.org.regions import find_region
from zhaoshang.projects.models import Project
from zhaoshang.work import selectors, services
from zhaoshang.work.models import Activity, Event, Trip

LIST_SEPARATORS = ("、", ",", ",", ";", ";", "\n")


@dataclass(frozen=True)
class Column:
    key: str  # the service's argument
    header: gettext_lazy
    required: bool = False
    kind: str = "text"  # text, date, choice, unit, users, companies, projects, cities, city, id
    import_only: bool = False
    export_only: bool = False


@dataclass(frozen=True, eq=False)  # hashed by identity: a key of the dicts below
class SheetSpec:
    name: str  # the sheet's Chinese name, as written
    key: str  # its English name, accepted too
    model: type
    columns: list[Column]
    choices: dict[str, str] = field(default_factory=dict)  # label → value for the choice column


ACTIVITIES = SheetSpec(
    "招商活动",
    "activities",
    Activity,
    [
        Column("id", gettext_lazy("编号"), kind="id"),
        Column("date", gettext_lazy("日期"), True, "date"),
        Column("kind", gettext_lazy("类型"), True, "choice"),
        Column("unit", gettext_lazy("责任单位"), True, "unit"),
        Column("place", gettext_lazy("地点")),
        Column("people", gettext_lazy("参加人员"), kind="users"),
        Column("companies", gettext_lazy("客商"), kind="companies"),
        Column("projects", gettext_lazy("项目编号"), kind="projects"),
        Column("summary", gettext_lazy("洽谈内容"), True),
        Column("next_step", gettext_lazy("下一步")),
        Column("next_step_date", gettext_lazy("下一步日期"), kind="date"),
    ],
    {str(label): value for value, label in Activity.Kind.choices},
)
TRIPS = SheetSpec(
    "外出招商",
    "trips",
    Trip,
    [
        Column("id", gettext_lazy("编号"), kind="id"),
        Column("unit", gettext_lazy("责任单位"), True, "unit"),
        Column("start_date", gettext_lazy("出发日期"), True, "date"),
        Column("end_date", gettext_lazy("返回日期"), True, "date"),
        Column("days", gettext_lazy("天数"), kind="days", export_only=True),
        Column("cities", gettext_lazy("目的地"), True, "cities"),
        Column("purpose", gettext_lazy("事由")),
        Column("people", gettext_lazy("出行人员"), kind="users"),
        Column("leads", gettext_lazy("带回线索"), kind="projects"),
        Column("note", gettext_lazy("备注")),
    ],
)
EVENTS = SheetSpec(
    "会展活动",
    "events",
    Event,
    [
        Column("id", gettext_lazy("编号"), kind="id"),
        Column("name", gettext_lazy("名称"), True),
        Column("kind", gettext_lazy("类型"), True, "choice"),
        Column("date", gettext_lazy("日期"), True, "date"),
        Column("end_date", gettext_lazy("结束日期"), kind="date"),
        Column("place", gettext_lazy("地点")),
        Column("city", gettext_lazy("城市"), kind="city"),
        Column("organiser", gettext_lazy("主办单位")),
        Column("organising_unit", gettext_lazy("承办单位"), kind="unit"),
        Column("companies", gettext_lazy("参会客商"), kind="companies"),
        Column("signed_projects", gettext_lazy("现场签约项目"), kind="projects"),
        Column("leads", gettext_lazy("活动产生的线索"), kind="projects"),
        Column("note", gettext_lazy("备注")),
    ],
    {str(label): value for value, label in Event.Kind.choices},
)
SHEETS = [ACTIVITIES, TRIPS, EVENTS]


@dataclass(frozen=True)
class WorkError:
    sheet: str
    row: int  # as Excel numbers it
    column: str  # the header, "" for the row as a whole
    value: str
    message: str

    def line(self) -> str:
        where = _("“%(sheet)s”第 %(row)s 行") % {"sheet": self.sheet, "row": self.row}
        if self.column:
            where += _(",“%(column)s”列") % {"column": self.column}
        if self.value:
            where += _(",值“%(value)s”") % {"value": self.value[:60]}
        return f"{where}:{self.message}"


@dataclass
class WorkResult:
    errors: list[WorkError] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)  # the preview: sheet, row, action, summary
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _RowError(Exception):
    def __init__(self, column: str, value: str, message: str):
        self.column, self.value, self.message = column, value, message


# --- reading ----------------------------------------------------------------------------------


def _sheets(content: bytes, filename: str) -> dict[SheetSpec, list[tuple[int, list]]]:
    try:
        check_file(content, filename or "work.xlsx")
    except FileRefused as exc:
        raise LedgerFileError(str(exc)) from exc
    book = _open_book(content)
    found = {}
    for spec in SHEETS:
        name = next(
            (n for n in book.sheet_names if n.strip() in (spec.name, spec.key)),
            None,
        )
        if name is None:
            continue
        try:
            rows = list(book.get_sheet_by_name(name).iter_rows())
        except BaseException as exc:  # calamine's panics derive from BaseException
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            raise LedgerFileError(str(exc)[:200]) from exc
        found[spec] = [(number, row) for number, row in enumerate(rows, start=1)]
    if not found:
        raise LedgerFileError(
            _("文件中没有“招商活动”“外出招商”或“会展活动”工作表,请使用导出的模板。")
        )
    return found


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def _split(text: str) -> list[str]:
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return [part.strip() for part in text.split(LIST_SEPARATORS[0]) if part.strip()]


class _Lookups:
    """The zone's units, people, companies, projects: read once per file."""

    def __init__(self, zone: Zone):
        self.zone = zone
        self.units = {u.name: u for u in Unit.objects.filter(zone=zone)}
        self.users = {}
        for m in Membership.objects.filter(zone=zone).select_related("user"):
            self.users[m.user.username] = m.user
            if full := m.user.get_full_name():
                self.users.setdefault(full, m.user)
        self.companies = {c.normalised_name: c for c in Company.objects.filter(zone=zone)}
        self.projects = {p.code: p for p in Project.objects.filter(zone=zone)}


def _parse(spec: SheetSpec, column: Column, header: str, cell, lookups: _Lookups):
    text = _text(cell)
    if not text:
        if column.required:
            raise _RowError(header, "", _("必填,不能为空。"))
        if column.kind in {"users", "companies", "projects", "cities"}:
            return []
        return "" if column.kind == "text" else None
    parser = PARSERS.get(column.kind)
    return parser(spec, header, cell, text, lookups) if parser else text


def _id(spec, header, cell, text, lookups) -> int:
    try:
        return int(text)
    except ValueError:
        raise _RowError(header, text, _("编号应为数字(导出文件中的编号)。")) from None


def _date(spec, header, cell, text, lookups) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    try:
        if isinstance(cell, int | float) and not isinstance(cell, bool) and cell >= FIRST_SERIAL:
            return _serial_date(cell, cell)
        return parse_date(text)
    except ValidationError as exc:
        raise _RowError(header, text, " ".join(exc.messages)) from None


def _choice(spec, header, cell, text, lookups) -> str:
    if text in spec.choices:
        return spec.choices[text]
    if text in spec.choices.values():
        return text
    raise _RowError(
        header, text, _("应为以下之一:%(choices)s") % {"choices": "、".join(spec.choices)}
    )


def _unit(spec, header, cell, text, lookups) -> Unit:
    if text not in lookups.units:
        raise _RowError(header, text, _("本开发区没有这个责任单位。"))
    return lookups.units[text]


def _each(header: str, text: str, find, message: str, key: str = "names") -> list:
    """The records named in a list cell, or an error naming those not found."""
    found, unknown = [], []
    for name in _split(text):
        record = find(name)
        (found.append(record) if record is not None else unknown.append(name))
    if unknown:
        raise _RowError(header, text, message % {key: "、".join(unknown)})
    return found


def _users(spec, header, cell, text, lookups) -> list:
    return _each(header, text, lookups.users.get, _("不是本开发区的人员:%(names)s"))


def _companies(spec, header, cell, text, lookups) -> list:
    return _each(
        header,
        text,
        lambda name: lookups.companies.get(normalise_company_name(name)),
        _("本开发区没有这些客商(请先在项目中登记):%(names)s"),
    )


def _projects(spec, header, cell, text, lookups) -> list:
    return _each(
        header, text, lookups.projects.get, _("本开发区没有这些项目编号:%(codes)s"), key="codes"
    )


def _cities(spec, header, cell, text, lookups) -> list:
    return _each(header, text, find_region, _("不认识的地名:%(names)s"))


def _city(spec, header, cell, text, lookups):
    found = _cities(spec, header, cell, text, lookups)
    if len(found) != 1:
        raise _RowError(header, text, _("只填一个城市。"))
    return found[0]


PARSERS: dict[str, Callable] = {
    "id": _id,
    "date": _date,
    "choice": _choice,
    "unit": _unit,
    "users": _users,
    "companies": _companies,
    "projects": _projects,
    "cities": _cities,
    "city": _city,
}


# --- importing --------------------------------------------------------------------------------

M2M = {Activity: services.ACTIVITY_M2M, Trip: services.TRIP_M2M, Event: services.EVENT_M2M}
RECORD: dict[type, Callable] = {
    Activity: services.record_activity,
    Trip: services.record_trip,
    Event: services.record_event,
}
UPDATE: dict[type, tuple[Callable, str]] = {
    Activity: (services.update_activity, "activity"),
    Trip: (services.update_trip, "trip"),
    Event: (services.update_event, "event"),
}


def import_work(
    *,
    zone: Zone,
    actor,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    today: dt.date | None = None,
    source: str = "import",
) -> WorkResult:
    """Validate every row of every sheet, then apply them all in one transaction — or nothing,
    if any row is refused (by the reading or by a service). `dry_run`: the preview, rolled back."""
    if actor is not None and not services.can_record(actor, zone):
        raise PermissionDenied(_("您无权在“%(zone)s”导入招商工作记录。") % {"zone": zone})
    result = WorkResult()
    parsed = _read_rows(_sheets(content, filename), _Lookups(zone), result)
    # The rows that were read go to the services even when others were not, so that every error
    # of the file is listed at once; any error and the transaction is rolled back.
    with transaction.atomic():
        for spec, number, values, columns in parsed:
            try:
                action = _apply_row(
                    spec, values, zone=zone, actor=actor, today=today, source=source
                )
            except ValidationError as exc:
                for key, messages in _by_field(exc).items():
                    header = columns.get(key, "")
                    shown = _text(values.get(key)) if key in values and header else ""
                    for message in messages:
                        result.errors.append(WorkError(spec.name, number, header, shown, message))
                continue
            except PermissionDenied as exc:
                result.errors.append(WorkError(spec.name, number, "", "", str(exc)))
                continue
            counts = getattr(result, action)
            counts[spec.name] = counts.get(spec.name, 0) + 1
            result.rows.append({"sheet": spec.name, "row": number, "action": action})
        if result.errors or dry_run:
            transaction.set_rollback(True)
        else:
            result.applied = True
    order = {spec.name: i for i, spec in enumerate(SHEETS)}
    result.errors.sort(key=lambda e: (order[e.sheet], e.row))
    return result


def _read_rows(sheets: dict, lookups: _Lookups, result: WorkResult) -> list[tuple]:
    """Each row of each sheet read into the services' arguments: (sheet, row, values, headers).
    A cell that cannot be read is an error of `result`, and its row is left out."""
    parsed = []
    for spec, rows in sheets.items():
        if not rows:
            continue
        header_row, headers = rows[0][0], [_text(cell) for cell in rows[0][1]]
        known = {str(c.header): c for c in spec.columns if not c.export_only}
        known.update({c.key: c for c in spec.columns if not c.export_only})
        positions = {known[text].key: (i, text) for i, text in enumerate(headers) if text in known}
        missing = [c for c in spec.columns if c.required and c.key not in positions]
        for column in missing:
            result.errors.append(
                WorkError(spec.name, header_row, str(column.header), "", _("缺少必需的列。"))
            )
        if missing:
            continue
        for number, cells in rows[1:]:
            if not any(_text(cell) for cell in cells):
                continue
            values, columns, failed = {}, {}, False
            for key, (i, header) in positions.items():
                column = next(c for c in spec.columns if c.key == key)
                columns[key] = header
                try:
                    values[key] = _parse(
                        spec, column, header, cells[i] if i < len(cells) else None, lookups
                    )
                except _RowError as exc:
                    result.errors.append(
                        WorkError(spec.name, number, exc.column, exc.value, exc.message)
                    )
                    failed = True
            if not failed:
                parsed.append((spec, number, values, columns))
    return parsed


def _by_field(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"": error.messages}


def _apply_row(spec: SheetSpec, values: dict, *, zone, actor, today, source) -> str:
    model = spec.model
    pk = values.pop("id", None)
    if pk is None:
        RECORD[model](zone=zone, actor=actor, today=today, source=source, **values)
        return "created"
    record = model.objects.filter(zone=zone, pk=pk).first()
    if record is None:
        raise ValidationError({"id": _("本开发区没有编号为 %(id)s 的记录。") % {"id": pk}})
    if not _differs(record, values):
        return "unchanged"
    update, name = UPDATE[model]
    update(**{name: record}, actor=actor, version=None, today=today, source=source, **values)
    return "updated"


def _differs(record, values: dict) -> bool:
    for key, value in values.items():
        current = getattr(record, key)
        if key in M2M[type(record)]:
            if {o.pk for o in current.all()} != {o.pk for o in value}:
                return True
        elif (current or None) != (value or None):  # a blank cell is an empty text or no date
            return True
    return False


# --- exporting --------------------------------------------------------------------------------


def _cell(record, column: Column):
    value = getattr(record, column.key, None) if column.key != "id" else record.pk
    if column.kind == "days":
        return record.days
    if column.kind == "choice":
        return str(dict(record._meta.get_field(column.key).flatchoices).get(value, value))
    if column.kind == "unit":
        return value.name if value else ""
    if column.kind == "city":
        return value.name if value else ""
    if column.kind == "users":
        return "、".join(sorted(u.username for u in value.all()))
    if column.kind == "companies":
        return "、".join(sorted(c.name for c in value.all()))
    if column.kind == "projects":
        return "、".join(sorted(p.code for p in value.all()))
    if column.kind == "cities":
        return "、".join(r.name for r in value.order_by("code"))
    return value if value is not None else ""


def export_work(out: BinaryIO, *, zone: Zone, user=None) -> dict[str, int]:
    """The three sheets, with what `user` may see (None: everything, for the commands)."""
    if user is None:
        querysets = {
            ACTIVITIES: Activity.objects.filter(zone=zone),
            TRIPS: Trip.objects.filter(zone=zone),
            EVENTS: Event.objects.filter(zone=zone),
        }
    else:
        querysets = {
            ACTIVITIES: selectors.visible_activities(user, zone),
            TRIPS: selectors.visible_trips(user, zone),
            EVENTS: selectors.visible_events(user, zone),
        }
    prefetch = {
        ACTIVITIES: ("people", "companies", "projects"),
        TRIPS: ("people", "cities", "leads"),
        EVENTS: ("companies", "signed_projects", "leads"),
    }
    related = {ACTIVITIES: ("unit",), TRIPS: ("unit",), EVENTS: ("city", "organising_unit")}
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    counts = {}
    for spec in SHEETS:
        sheet = book.add_worksheet(spec.name)
        columns = [c for c in spec.columns if not c.import_only]
        for col, column in enumerate(columns):
            sheet.write_string(0, col, str(column.header), bold)
            sheet.set_column(col, col, 12 if column.kind in {"date", "id", "days"} else 20)
        records = (
            querysets[spec]
            .select_related(*related[spec])
            .prefetch_related(*prefetch[spec])
            .order_by("pk")
        )
        row = 0
        for row, record in enumerate(records, start=1):
            for col, column in enumerate(columns):
                value = _cell(record, column)
                if isinstance(value, dt.date):
                    sheet.write_datetime(
                        row, col, dt.datetime.combine(value, dt.time()), date_format
                    )
                elif isinstance(value, int):
                    sheet.write_number(row, col, value)
                else:
                    # Text is text: "=…" never becomes a formula.
                    sheet.write_string(row, col, str(value))
        sheet.freeze_panes(1, 0)
        counts[spec.name] = row
    book.close()
    return counts


def preview_lines(result: WorkResult) -> list[str]:
    lines = []
    for spec in SHEETS:
        parts = [
            (_("新增"), result.created.get(spec.name, 0)),
            (_("修改"), result.updated.get(spec.name, 0)),
            (_("不变"), result.unchanged.get(spec.name, 0)),
        ]
        if any(n for _label, n in parts):
            lines.append(f"{spec.name}:" + ",".join(f"{label} {n}" for label, n in parts))
    return lines
