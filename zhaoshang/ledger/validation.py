"""Validating a ledger against the zone: every row, every rule, every error (docs/ledger.md).

build_plan() reads nothing but the sheet and what it prefetches (the zone's projects, companies,
industries, parks, units; regions as they are asked for), so it runs outside any write
transaction and costs no query per row. It never stops at the first error: each one is kept with
the row number Excel shows, the column's header as the file writes it, the cell's value and a
message in Chinese. The result is a Plan: for each row, create / update / unchanged and the
project as it will be, which services.apply_plan() writes in one transaction.

Import semantics:
- A column that is absent leaves that field as it is; a blank cell in a present column clears an
  optional field (项目类型, never optional, keeps its value; a blank USCC never clears a stored one).
- Rows match an existing project by 项目编号, or by 投资方 + 项目名称 where there is no code. An
  unknown code whose company and name match an existing project is an error (use that code).
- 投资方 is found by USCC or by normalised name; rows of one file that disagree about a company
  (its USCC) are errors, and so is a USCC that differs from the stored one; 投资方所在地 is the
  project's origin (an investor's rows may differ), by default the investor's home region.
- 所属产业 / 落户园区 / 责任单位 must exist, unless create_missing (directors and admins only)
  lists them for creation. 投资方所在地 must be a known region, always.
- Every row passes rules.check_project(), the same check as every service; 当前阶段, when given,
  must name the stage the dates give (在谈 covers negotiating and substantive).
- Members import only their own unit's projects; rows for other units are errors.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models.base import ModelState
from django.utils.translation import gettext as _

from zhaoshang.companies.models import Company, Organisation, normalise_company_name
from zhaoshang.companies.services import Registered, clean_uscc, uscc_conflict
from zhaoshang.core.amounts import parse_wan
from zhaoshang.core.dates import parse_date
from zhaoshang.core.text import CONTROL_CHARACTERS, check_text, shown
from zhaoshang.ledger.columns import (
    BLANK_MARKS,
    BY_KEY,
    CHOICES,
    COLUMNS,
    LABELS,
    REFERRER_KIND_LABELS,
    STAGE_LABELS,
    STAGE_WORDS,
    word_key,
)
from zhaoshang.ledger.reader import Sheet
from zhaoshang.org import permissions
from zhaoshang.org.models import Industry, Park, Region, Role, Unit, User, Zone
from zhaoshang.org.regions import find_region
from zhaoshang.projects.codes import preview_codes
from zhaoshang.projects.models import DATE_FIELD, MILESTONES, Project, ProjectType, Stage
from zhaoshang.projects.rules import check_project
from zhaoshang.projects.services import CODE_PATTERN

# The project fields a ledger row holds, in the order RowPlan.values keeps them.
FIELDS = [
    "code",
    "name",
    "company_id",
    "origin_region_id",
    "industry_id",
    "park_id",
    "unit_id",
    "project_type",
    "channel",
    "total_investment_wan",
    "foreign_capital_usd_wan",
    "agreement_type",
    *(DATE_FIELD[stage] for stage in Stage),
    "drop_reason",
    "dropped_to",
    "note",
    # 引荐方: at most one of the three (columns 引荐方类型 + 引荐方)
    "referred_by_id",
    "introduced_by_id",
    "referrer_org_id",
]
INDEX = {name: i for i, name in enumerate(FIELDS)}
DATE_FIELDS = [DATE_FIELD[stage] for stage in Stage]
# Everything else a project holds, loaded so the change log's "before" is complete.
# (expands: a capital increase is linked to its original on the project page, not in the ledger)
OTHER_FIELDS = [
    "zone_id",
    "is_paused",
    "submitted_by_id",
    "expands_id",
    "version",
]
# Column key → the FIELDS entry it sets (company and USCC go through the company; 投资方所在地 is
# the project's origin, and a new investor's home).
FIELD_OF_COLUMN = {
    "code": "code",
    "name": "name",
    "company_region": "origin_region_id",
    "industry": "industry_id",
    "park": "park_id",
    "unit": "unit_id",
    "project_type": "project_type",
    "channel": "channel",
    "total_investment_wan": "total_investment_wan",
    "foreign_capital_usd_wan": "foreign_capital_usd_wan",
    "agreement_type": "agreement_type",
    **{field_name: field_name for field_name in DATE_FIELDS},
    "drop_reason": "drop_reason",
    "note": "note",
}
# check_project()'s error keys → the column to blame.
COLUMN_OF_RULE = {
    "name": "name",
    "company": "company",
    "total_investment_wan": "total_investment_wan",
    "foreign_capital_usd_wan": "foreign_capital_usd_wan",
    "note": "note",
    "agreement_type": "agreement_type",
    "drop_reason": "drop_reason",
    **{field_name: field_name for field_name in DATE_FIELDS},
}
REFERENCE_MODELS: dict[str, type[Industry | Park | Unit]] = {
    "industry": Industry,
    "park": Park,
    "unit": Unit,
}
# The longest text each column takes: what the field it fills holds, as the forms allow.
TEXT_LIMITS = {
    "code": Project._meta.get_field("code").max_length,
    "name": Project._meta.get_field("name").max_length,
    "company": Company._meta.get_field("name").max_length,
    **{kind: model._meta.get_field("name").max_length for kind, model in REFERENCE_MODELS.items()},
    "drop_reason": Project._meta.get_field("drop_reason").max_length,
    "note": Project._meta.get_field("note").max_length,
}
# (引荐方 names someone already on record: a longer name is simply not found.)
# 引荐方类型 → the FIELDS slot its referrer goes in (the other two are cleared).
REFERRER_SLOTS = {"person": "referred_by_id", "enterprise": "introduced_by_id"}
REFERRER_SLOTS["organisation"] = "referrer_org_id"
# "姓名(用户名)" as the export writes a person, brackets full-width or not.
_PERSON = re.compile(r"^(?P<name>.*?)\s*[(（]\s*(?P<username>[^()（）]+?)\s*[)）]$")
REGION_NAME_LENGTH: int = Region._meta.get_field("name").max_length  # type: ignore[assignment]  # Region.name is a CharField: its max_length is set
# An error shows at most this much of the cell it is about.
SHOWN_VALUE_LENGTH = 100
EXCEL_EPOCH = dt.date(1899, 12, 30)
FIRST_SERIAL = (dt.date(1950, 1, 1) - EXCEL_EPOCH).days
LAST_SERIAL = (dt.date(9999, 12, 31) - EXCEL_EPOCH).days
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
PROGRESS_EVERY = 1000

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class LedgerError:
    row: int | None  # as Excel numbers it; None for the file as a whole
    column: str  # the header as the file writes it
    value: str
    message: str

    def line(self) -> str:
        if self.row is None:
            if self.column:
                return _("列 %(column)s: %(message)s") % {
                    "column": self.column,
                    "message": self.message,
                }
            return self.message
        return _("行 %(row)s, 列 %(column)s, 值 %(value)s: %(message)s") % {
            "row": self.row,
            "column": self.column or "-",
            "value": self.value if self.value != "" else _("(空)"),
            "message": self.message,
        }

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }

    @classmethod
    def from_json(cls, data: dict) -> "LedgerError":
        return cls(data["row"], data["column"], data["value"], data["message"])


class RowPlan:
    """One row's outcome: the project as it will be, in FIELDS order."""

    __slots__ = ("action", "auto_code", "project_id", "row", "values")

    CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

    def __init__(self, row: int, action: str, project_id: int | None, values: list):
        self.row = row
        self.action = action
        self.project_id = project_id
        self.values = values
        self.auto_code = False


@dataclass
class NewCompany:
    ref: int  # negative: stands for the company's id until it is written
    row: int
    name: str
    normalised_name: str
    uscc: str
    region_id: str | None


@dataclass
class CompanyChange:
    company_id: int
    name: str
    row: int
    uscc: str | None = None  # set when the file adds a USCC the company lacked
    old_uscc: str = ""


@dataclass
class Plan:
    zone: Zone
    actor: object
    today: dt.date
    filename: str
    create_missing: bool
    sheet_name: str = ""
    header_row: int = 0
    columns: list[str] = field(default_factory=list)  # template keys present, in template order
    ignored: list[str] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[LedgerError] = field(default_factory=list)
    # With create_missing: referrers the zone does not know, left empty (people and directory
    # entries are the zone's own, never created by a file), each said with its row and column.
    unrecorded_referrers: list[LedgerError] = field(default_factory=list)
    new_references: dict[str, list[str]] = field(default_factory=dict)  # kind → names
    new_companies: list[NewCompany] = field(default_factory=list)
    company_changes: dict[int, CompanyChange] = field(default_factory=dict)
    existing: dict[int, tuple] = field(default_factory=dict)  # id → FIELDS + OTHER_FIELDS values
    stamp: dt.datetime | None = None  # the zone's data_changed_at when validation began
    # Names for display: (kind, id) → name; negative ids are items still to create.
    names: dict[tuple[str, int], str] = field(default_factory=dict)
    region_names: dict[str, str] = field(default_factory=dict)

    def stored(self, row: RowPlan) -> tuple:
        """What the zone stores of the project a row updates (FIELDS + OTHER_FIELDS)."""
        assert row.project_id is not None, "a row that creates a project has nothing stored"
        return self.existing[row.project_id]

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self.count(RowPlan.CREATE)

    @property
    def updated(self) -> int:
        return self.count(RowPlan.UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(RowPlan.UNCHANGED)

    def summary(self) -> str:
        return _("新增 %(created)s / 更新 %(updated)s / 未变 %(unchanged)s") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }

    def milestones(self, row: RowPlan) -> list[tuple[str, dt.date | None, dt.date | None]]:
        """(stage, old date, new date) for each milestone the row records, moves or clears:
        worked out when asked (for the stage log and the preview), not kept for every row."""
        existing = None if row.action == RowPlan.CREATE else self.stored(row)
        return _milestone_changes(existing, row.values)

    def changes(self, row: RowPlan) -> list[tuple[str, str, str]]:
        """(header, old, new) for each column the row changes, for the preview."""
        if row.action != RowPlan.UPDATE:
            return []
        old = self.stored(row)
        result = []
        for column in COLUMNS:
            if column.key == "referrer":
                before, after = self.referrer_text(old), self.referrer_text(row.values)
                if before != after:
                    result.append((column.header, before, after))
            field_name = FIELD_OF_COLUMN.get(column.key)
            if field_name is None:
                continue
            i = INDEX[field_name]
            if _differs(old[i], row.values[i]):
                result.append(
                    (
                        column.header,
                        self.display(field_name, old[i]),
                        self.display(field_name, row.values[i]),
                    )
                )
            if column.key == "name":
                # The investor comes right after the name, as in the template.
                result += self._company_changes(
                    old[INDEX["company_id"]], row.values[INDEX["company_id"]]
                )
        return result

    def _company_changes(self, old_id, new_id) -> list[tuple[str, str, str]]:
        result = []
        if old_id != new_id:
            result.append(
                (
                    BY_KEY["company"].header,
                    self.display("company_id", old_id),
                    self.display("company_id", new_id),
                )
            )
        change = self.company_changes.get(new_id) if new_id else None
        if change and old_id == new_id and change.uscc:
            result.append((BY_KEY["uscc"].header, change.old_uscc, change.uscc))
        return result

    def display(self, field_name: str, value) -> str:
        if value is None or value == "":
            return ""
        if field_name in ("company_id", "industry_id", "park_id", "unit_id"):
            return self.names.get((field_name[:-3], value), str(value))
        if field_name == "origin_region_id":
            return self.region_names.get(value, str(value))
        if field_name in ("project_type", "channel", "agreement_type"):
            return LABELS[field_name].get(value, value)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return f"{value:f}"
        return str(value)

    def referrer_text(self, values) -> str:
        """The referrer a project's values name, as 类型:名称 ("" for none)."""
        for kind, slot in REFERRER_SLOTS.items():
            pk = values[INDEX[slot]]
            if pk:
                name = self.names.get((kind, pk), str(pk))
                return f"{REFERRER_KIND_LABELS[kind]}:{name}"
        return ""

    def row_values(self, row: RowPlan) -> dict[str, str]:
        """The row as it will be, by template header, for the preview of new projects."""
        values = {}
        for column in COLUMNS:
            field_name = FIELD_OF_COLUMN.get(column.key)
            if field_name:
                values[column.header] = self.display(field_name, row.values[INDEX[field_name]])
        values[BY_KEY["company"].header] = self.display(
            "company_id", row.values[INDEX["company_id"]]
        )
        values[BY_KEY["referrer"].header] = self.referrer_text(row.values)
        return values


def _differs(old, new) -> bool:
    if isinstance(old, str) or isinstance(new, str):
        return (old or "").strip() != (new or "").strip()
    return old != new


# --- the validator ----------------------------------------------------------------------------


class _Error:
    """Stands for "this cell was wrong" where a value is expected (an error is already listed)."""

    def __repr__(self) -> str:
        return "<error>"


_ERROR = _Error()
_UNSEEN = object()  # a text not read before in its column


class _FileCompany:
    """A company as the file has described it so far: its first row and USCC."""

    __slots__ = ("company_id", "name", "row", "uscc")

    def __init__(self, row: int, name: str, company_id: int):
        self.row = row
        self.name = name
        self.company_id = company_id
        self.uscc = ""


class Validator:
    def __init__(
        self,
        *,
        zone: Zone,
        actor,
        sheet: Sheet,
        today: dt.date,
        create_missing: bool,
        filename: str,
        progress: Progress | None = None,
    ):
        self.zone = zone
        self.actor = actor
        self.sheet = sheet
        self.today = today
        self.progress = progress
        self.plan = Plan(
            zone=zone,
            actor=actor,
            today=today,
            filename=filename,
            create_missing=create_missing,
            # A file's own words are quoted back as they can be stored (no NUL: PostgreSQL).
            sheet_name=shown(sheet.name, limit=SHOWN_VALUE_LENGTH),
            header_row=sheet.header_row,
            columns=[c.key for c in COLUMNS if c.key in sheet.columns],
            ignored=[shown(header, limit=SHOWN_VALUE_LENGTH) for header in sheet.ignored],
        )
        role: Role | None
        if actor is None or actor.is_superuser:
            role = Role.ADMIN
        else:
            role = permissions.role_in(actor, zone)
        self.member_unit_id = None
        if role == Role.MEMBER and (member := permissions.membership(actor, zone)):
            self.member_unit_id = member.unit_id
        self.may_change_companies = role in permissions.CHANGE_ALL
        self.has_company_column = "company" in sheet.columns
        self.is_csv = sheet.is_csv
        # What the rows hold, worked out once rather than on each of them.
        self.listed = [kind for kind in REFERENCE_MODELS if kind in sheet.columns]
        self.simple = [(key, INDEX[key]) for key in SIMPLE_COLUMNS if key in sheet.columns]
        self.new_values = self._new_values()
        # The project check_project() looks at: one instance, its fields set for each row.
        self.project = Project.__new__(Project)  # no __init__: cheap, and all check_project reads
        self.project.__dict__.update(_state=ModelState(), id=None, zone_id=zone.pk)
        self._load()

    # prefetching: a handful of queries, none per row

    def _load(self) -> None:
        zone, plan = self.zone, self.plan
        plan.stamp = Zone.objects.values_list("data_changed_at", flat=True).get(pk=zone.pk)
        self.references: dict[str, dict[str, int]] = {}
        for kind, model in REFERENCE_MODELS.items():
            found = {}
            for pk, name in model.objects.filter(zone=zone).values_list("pk", "name"):
                found[word_key(name)] = pk
                plan.names[(kind, pk)] = name
            self.references[kind] = found
        self.new_reference_refs: dict[tuple[str, str], int] = {}
        # kind → name as written → id (negative: one to create), for names already found
        self.reference_of: dict[str, dict[str, int]] = {kind: {} for kind in REFERENCE_MODELS}
        self.companies_by_name: dict[str, tuple] = {}
        self.companies_by_uscc: dict[str, tuple] = {}
        # A company's home region: a project's 投资方所在地 when its row gives none.
        self.company_regions: dict[int, str | None] = {}
        for company in Company.objects.filter(zone=zone).values_list(
            "pk", "name", "normalised_name", "uscc", "region_id"
        ):
            self.companies_by_name[company[2]] = company
            if company[3]:
                self.companies_by_uscc[company[3]] = company
            plan.names[("company", company[0])] = company[1]
            self.company_regions[company[0]] = company[4]
        self._load_referrers()
        self.regions: dict[str, Region | None] = {}
        self.usccs: dict[str, str | ValidationError] = {}
        self.amounts: dict[float, Decimal | None] = {}
        self.by_code: dict[str, int] = {}
        self.by_company_name: dict[tuple, list[int]] = {}
        self.by_name: dict[str, list[int]] = {}
        company_at, name_at = INDEX["company_id"], INDEX["name"]
        origin_at = INDEX["origin_region_id"]
        region_ids = {r for r in self.company_regions.values() if r}
        # In chunks: on PostgreSQL a plain cursor holds the whole result in the client beside
        # the tuples made of it (30 MB more for 100,000 projects).
        stored = Project.objects.filter(zone=zone).values_list("pk", *FIELDS, *OTHER_FIELDS)
        for values in stored.iterator(chunk_size=5000):
            pk, state = values[0], values[1:]
            plan.existing[pk] = state
            if state[origin_at]:
                region_ids.add(state[origin_at])
            self.by_code[state[0]] = pk
            name_key = _name_key(state[name_at])
            self.by_company_name.setdefault((state[company_at], name_key), []).append(pk)
            self.by_name.setdefault(name_key, []).append(pk)
        plan.region_names.update(Region.objects.filter(pk__in=region_ids).values_list("pk", "name"))
        self.file_codes: dict[str, int] = {}
        self.file_projects: dict[object, int] = {}  # project id, or (company, name) → row
        self.file_companies: dict[str, _FileCompany] = {}
        self.accepted_companies: dict[tuple, int] = {}  # see _company()
        self.file_usccs: dict[str, tuple[int, str, str]] = {}  # USCC → row, company key, name
        # (key, position, parser, the values of texts read so far or None, the type of cell that
        # is its own value or None), and each column's value for a blank cell: blank cells, half
        # of a ledger, skip the parser, and so do Excel dates in a date column, and a text seen
        # before in a column whose words repeat down the ledger (investors, lists, choices, dates
        # as text). Only texts are remembered (1, 1.0 and True are equal keys but different
        # cells), and only values: a cell that fails is parsed again, so each row gets its error.
        self.parsers = []
        self.blanks = {}
        # Date and amount columns share what they have read: a text means the same date (the
        # same amount) in any of them, and a bureau's dates as text are mostly different words.
        shared: dict[str, dict] = {"date": {}, "amount": {}}
        for key, position in self.sheet.columns.items():
            parse = self._parser(key)
            kind = BY_KEY[key].kind
            seen: dict | None = None if kind in UNIQUE_KINDS else shared.get(kind, {})
            as_is = dt.date if kind == "date" else None
            self.parsers.append((key, position, parse, seen, as_is))
            self.blanks[key] = parse("")

    def _load_referrers(self) -> None:
        """Who may be named as 引荐方: the zone's people (by username, and by name where the
        name is theirs alone), its anchor enterprises, its directory of organisations."""
        zone, names = self.zone, self.plan.names
        self.people: dict[str, int] = {}
        self.people_by_name: dict[str, list[int]] = {}
        for pk, username, first, last in (
            User.objects.filter(memberships__zone=zone)
            .values_list("pk", "username", "first_name", "last_name")
            .order_by("pk")
        ):
            full = " ".join(part for part in (first, last) if part)
            names[("person", pk)] = f"{full}({username})" if full else username
            self.people[username.casefold()] = pk
            if full:
                self.people_by_name.setdefault(word_key(full), []).append(pk)
        self.anchors = set(
            Company.objects.filter(zone=zone, is_anchor=True).values_list("pk", flat=True)
        )
        for company in self.companies_by_name.values():
            names[("enterprise", company[0])] = company[1]
        self.organisations: dict[str, int] = {}
        for pk, org_name in Organisation.objects.filter(zone=zone).values_list("pk", "name"):
            self.organisations[word_key(org_name)] = pk
            names[("organisation", pk)] = org_name

    def _referrer(self, given: dict, add, note=None) -> dict | _Error | None:
        """The row's referrer as {slot: id}, {} for none, None when the file has neither
        column (the project keeps its own), _ERROR when a cell is wrong (listed). With `note`
        (an import that creates what is missing), a referrer the zone does not know is noted
        and left empty instead: a ledger from another zone imports whole."""
        columns = self.sheet.columns
        if "referrer_kind" not in columns and "referrer" not in columns:
            return None
        if ("referrer_kind" in columns and "referrer_kind" not in given) or (
            "referrer" in columns and "referrer" not in given
        ):
            return _ERROR  # a cell that could not be read: already an error
        kind, name = given.get("referrer_kind", ""), given.get("referrer", "")
        if name and not kind:
            add(
                "referrer_kind" if "referrer_kind" in columns else "referrer",
                _("填写了引荐方“%(name)s”,但没有引荐方类型(个人、企业或机构)。") % {"name": name},
            )
            return _ERROR
        if kind and not name:
            add(
                "referrer" if "referrer" in columns else "referrer_kind",
                _("填写了引荐方类型“%(kind)s”,但没有引荐方。")
                % {"kind": REFERRER_KIND_LABELS[kind]},
            )
            return _ERROR
        if not kind:
            return {}
        found = self._find_referrer(kind, name, note or add)
        if found is None:
            return {} if note else _ERROR
        return {REFERRER_SLOTS[kind]: found}

    def _find_referrer(self, kind: str, name: str, add) -> int | None:
        if kind == "person":
            found = self.people.get(name.casefold())
            if found is None and (match := _PERSON.match(name)):
                found = self.people.get(match["username"].strip().casefold())
            if found is None:
                same = self.people_by_name.get(word_key(name), [])
                if len(same) > 1:
                    add(
                        "referrer",
                        _("本开发区有 %(count)s 人名为“%(name)s”,请写作 姓名(用户名)。")
                        % {"count": len(same), "name": name},
                    )
                    return None
                found = same[0] if same else None
            if found is None:
                add(
                    "referrer",
                    _("引荐人“%(name)s”不是本开发区的用户(个人引荐方须在本开发区有角色)。")
                    % {"name": name},
                )
            return found
        if kind == "enterprise":
            company = self.companies_by_name.get(normalise_company_name(name))
            if company is None or company[0] not in self.anchors:
                add(
                    "referrer",
                    _(
                        "引荐企业“%(name)s”不是本开发区的龙头企业(以商招商的引荐企业须为本区龙头企业)。"
                    )
                    % {"name": name},
                )
                return None
            return company[0]
        found = self.organisations.get(word_key(name))
        if found is None:
            add(
                "referrer",
                _("引荐机构“%(name)s”不在本开发区的引荐机构名录中,请先在名录中新增。")
                % {"name": name},
            )
        return found

    # the pass over the rows

    def run(self) -> Plan:
        sheet, plan = self.sheet, self.plan
        total = sheet.total_rows
        done = 0
        if self.progress:
            self.progress("validate", 0, total)
        positions = list(sheet.columns.values())
        for number, cells in sheet.rows():
            done += 1
            width = len(cells)
            for p in positions:
                if p < width and _filled(cells[p]):
                    self._row(number, cells)
                    break
            # else: something only in columns we ignore (a 序号 column running on)
            if self.progress and done % PROGRESS_EVERY == 0:
                self.progress("validate", done, max(total, done))
        self._assign_codes()
        # A company change shows on every row of that company, not only those after it.
        for row in plan.rows:
            if (
                row.action == RowPlan.UNCHANGED
                and row.values[INDEX["company_id"]] in plan.company_changes
            ):
                row.action = RowPlan.UPDATE
        if self.progress:
            self.progress("validate", done, done)
        return plan

    def _read(self, number: int, cells: list) -> tuple[dict, dict, list]:
        """The row's cells read: each column's value (blank until its cell says otherwise; a
        column whose cell cannot be read is taken out: it keeps the project's value), the cells
        that could not be read as text, and why."""
        errors: list[LedgerError] = []
        given: dict[str, object] = self.blanks.copy()
        raw: dict[str, str] = {}  # cells that could not be read, as text
        width = len(cells)
        for key, position, parse, seen, as_is in self.parsers:
            cell = cells[position] if position < width else ""
            if type(cell) is str:
                if not cell:
                    continue
                if seen is not None:
                    value = seen.get(cell, _UNSEEN)
                    if value is not _UNSEEN:
                        given[key] = value
                        continue
            elif cell is None:
                continue
            elif type(cell) is as_is:
                given[key] = cell
                continue
            try:
                value = parse(cell)
            except ValidationError as exc:
                del given[key]
                raw[key] = _display(cell)
                errors.append(self._error(number, key, raw[key], " ".join(exc.messages)))
                continue
            if seen is not None and type(cell) is str:
                seen[cell] = value
            given[key] = value
        return given, raw, errors

    def _row(self, number: int, cells: list) -> None:
        given, raw, errors = self._read(number, cells)

        def add(key: str, message: str) -> None:
            errors.append(self._error(number, key, self._value(key, cells, raw), message))

        def note(key: str, message: str) -> None:
            error = self._error(number, key, self._value(key, cells, raw), message)
            self.plan.unrecorded_referrers.append(error)

        name = given.get("name", "")
        if "name" in given and not name:
            add("name", _("项目名称不能为空。"))
        company_id = self._company(number, given, add)
        references = [
            (kind, self._reference(kind, given[kind], add)) for kind in self.listed if kind in given
        ]
        code = given.get("code", "")
        project_id = self._match(number, code, name, company_id, add)

        existing = self.plan.existing.get(project_id) if project_id is not None else None
        values = self._values(existing, given, code, name, company_id, references, add)
        referrer = self._referrer(given, add, note if self.plan.create_missing else None)
        if isinstance(referrer, dict):
            for slot in REFERRER_SLOTS.values():
                values[INDEX[slot]] = referrer.get(slot)

        if self.member_unit_id is not None:
            self._check_member(existing, values, given, add)
        self._check_rules(values, raw, add)
        if given.get("stage") and not (raw and any(key in raw for key in DATE_FIELDS)):
            self._check_stage(given["stage"], values, add)

        if errors:
            self.plan.errors.extend(errors)
            return
        if existing is None:
            action = RowPlan.CREATE
        elif any(_differs(a, b) for a, b in zip(existing[: len(FIELDS)], values, strict=True)):
            action = RowPlan.UPDATE
        else:
            action = RowPlan.UNCHANGED
            # The stored values, equal to those read: a re-imported ledger's rows then hold no
            # objects of their own (a tenth of a 100,000-row import's memory).
            values = list(existing[: len(FIELDS)])
        plan_row = RowPlan(number, action, project_id, values)
        plan_row.auto_code = not values[INDEX["code"]]
        self.plan.rows.append(plan_row)

    def _values(self, existing, given: dict, code, name, company_id, references, add) -> list:
        """The project's fields after the row: the stored ones (a new project's defaults) with
        what the row gives put over them."""
        values = list(existing[: len(FIELDS)]) if existing else self.new_values.copy()
        if existing is None:
            values[INDEX["code"]] = code
        if "name" in given:
            values[INDEX["name"]] = name
        if company_id is not _ERROR and (self.has_company_column or company_id is not None):
            values[INDEX["company_id"]] = company_id
        origin = INDEX["origin_region_id"]
        if "company_region" in given:
            values[origin] = given["company_region"]
        if values[origin] is None and ("company_region" in given or existing is None):
            # None given: the investor's home, if the project has an investor.
            values[origin] = self.company_regions.get(values[INDEX["company_id"]])
        for kind, ref in references:
            if ref is _ERROR:
                continue
            if kind == "unit" and ref is None and existing is None and self.member_unit_id:
                ref = self.member_unit_id  # a member's new project is their unit's
            values[INDEX[f"{kind}_id"]] = ref
        for key, i in self.simple:
            value = given.get(key, _ERROR)  # absent: the cell could not be read
            if value is not _ERROR:
                values[i] = value
        if given.get("project_type"):  # never optional: a blank cell keeps it (工业 if new)
            values[INDEX["project_type"]] = given["project_type"]
        if values[INDEX["dropped_date"]] is None:
            if given.get("drop_reason"):
                add(
                    "drop_reason",
                    _("填写了终止原因,但没有终止日期:项目终止须同时填写终止日期和终止原因。"),
                )
            # Un-dropping clears why and where it went, as correcting the milestone does.
            values[INDEX["drop_reason"]] = ""
            values[INDEX["dropped_to"]] = ""
        return values

    def _match(self, number: int, code: str, name: str, company_id, add) -> int | None:
        """The existing project the row is about (by code, else by company + name), checking
        that no two rows of the file are about the same project."""
        project_id = None
        name_key = _name_key(name)
        known_company = company_id is not _ERROR
        if self.has_company_column:
            same = self.by_company_name.get((company_id, name_key), []) if known_company else []
        else:
            same = self.by_name.get(name_key, [])
        duplicate_code = False
        if code:
            if not CODE_PATTERN.match(code):
                add(
                    "code",
                    _("项目编号“%(code)s”无效:不超过40个字符,不能含逗号,不能以空格开头。")
                    % {"code": code},
                )
            if code in self.file_codes:
                duplicate_code = True
                add(
                    "code",
                    _("项目编号“%(code)s”与第 %(row)s 行重复:同一文件中每个编号只能出现一次。")
                    % {"code": code, "row": self.file_codes[code]},
                )
            else:
                self.file_codes[code] = number
            project_id = self.by_code.get(code)
            if project_id is None and name and same:
                add(
                    "code",
                    _(
                        "项目编号“%(code)s”在本开发区不存在,但投资方和项目名称与已有项目 %(existing)s 相同。如是同一项目,请填写编号 %(existing)s,不要重复登记。"
                    )
                    % {"code": code, "existing": self._codes(same)},
                )
        elif name and known_company:
            if len(same) > 1:
                message = (
                    _(
                        "本开发区有 %(count)s 个项目的投资方和项目名称与本行相同(编号 %(codes)s),无法确定是哪一个,请填写项目编号。"
                    )
                    if self.has_company_column
                    else _(
                        "本开发区有 %(count)s 个项目名称与本行相同(编号 %(codes)s),无法确定是哪一个,请填写项目编号或投资方。"
                    )
                )
                add("name", message % {"count": len(same), "codes": self._codes(same)})
            elif same:
                project_id = same[0]
        if not name or not known_company or duplicate_code:
            return project_id
        key = project_id if project_id is not None else ("new", company_id, name_key)
        earlier = self.file_projects.get(key)
        if earlier is not None and (not code or project_id is not None):
            add(
                "code" if code else "name",
                _(
                    "与第 %(row)s 行是同一个项目(编号相同,或投资方和项目名称相同),同一项目在文件中只能占一行。"
                )
                % {"row": earlier},
            )
        elif earlier is None:
            self.file_projects[key] = number
        return project_id

    def _company(self, number: int, given: dict, add) -> object:
        """The row's company id (negative: one the import creates), None for no company, or
        _ERROR. Rows of the file must agree about a company, and with what the zone stores."""
        # An investor's rows mostly say the same about it. A row that says what an accepted
        # earlier row said is accepted too, as the same company: what the file tells about a
        # company (its first USCC) never changes once told.
        said = (given.get("company"), given.get("uscc", ""))
        company_id: object = self.accepted_companies.get(said)
        if company_id is None:
            company_id = self._find_company(number, given, add)
            if isinstance(company_id, int):  # not None (no company), not _ERROR
                self.accepted_companies[said] = company_id
        return company_id

    def _find_company(self, number: int, given: dict, add) -> object:
        uscc = given.get("uscc", "")
        name = given.get("company", "")
        if not name:
            # A USCC alone names an investor only if the zone has it: a lead may come with its
            # code before its name is typed in, never with a code the zone does not know.
            return self._company_by_uscc(uscc, add) if uscc else None
        key = normalise_company_name(name)
        seen = self.file_companies.get(key)
        if not self._agrees_with_file(number, key, name, uscc, seen, add):
            return _ERROR
        stored = self.companies_by_name.get(key)
        if not self._agrees_with_zone(number, name, uscc, stored, add):
            return _ERROR
        return self._remember(number, key, name, uscc, given.get("company_region"), seen, stored)

    def _company_by_uscc(self, uscc: str, add) -> object:
        stored = self.companies_by_uscc.get(uscc)
        if stored is None:
            add(
                "uscc",
                _(
                    "统一社会信用代码 %(uscc)s 不属于本开发区已登记的投资方:新投资方请填写投资方名称。"
                )
                % {"uscc": uscc},
            )
            return _ERROR
        return stored[0]

    def _agrees_with_file(self, number, key, name, uscc, seen, add) -> bool:
        """The file against itself: one company, one USCC. (投资方所在地 is the project's: two
        rows of one investor may bring investment from two places.)"""
        ok = True
        if uscc:
            other = self.file_usccs.get(uscc)
            if other is None:
                self.file_usccs[uscc] = (number, key, name)
            elif other[1] != key:
                add(
                    "uscc",
                    _(
                        "统一社会信用代码 %(uscc)s 在第 %(row)s 行属于投资方“%(other)s”,与本行投资方“%(name)s”不符。"
                    )
                    % {"uscc": uscc, "row": other[0], "other": other[2], "name": name},
                )
                ok = False
        if seen is not None and uscc and seen.uscc and seen.uscc != uscc:
            add(
                "uscc",
                _(
                    "第 %(row)s 行同一投资方“%(name)s”的统一社会信用代码是 %(other)s,与本行的 %(uscc)s 不一致。"
                )
                % {"row": seen.row, "name": seen.name, "other": seen.uscc, "uscc": uscc},
            )
            ok = False
        return ok

    def _agrees_with_zone(self, number, name, uscc, stored, add) -> bool:
        """The file against the zone: the company rules (companies.services.uscc_conflict), and
        who may add a USCC to a stored company; what may change is planned."""
        by_uscc = self.companies_by_uscc.get(uscc) if uscc else None
        conflict = uscc_conflict(
            name=name,
            uscc=uscc,
            by_name=Registered(stored[0], stored[1], stored[3]) if stored else None,
            by_uscc=Registered(by_uscc[0], by_uscc[1], by_uscc[3]) if by_uscc else None,
        )
        if conflict is not None:
            add("uscc", conflict.messages[0])
            return False
        if stored is not None and uscc and not stored[3]:
            if not self.may_change_companies:
                add(
                    "uscc",
                    _(
                        "本行会修改投资方“%(name)s”的统一社会信用代码,投资方信息只能由局长或系统管理员修改。"
                    )
                    % {"name": stored[1]},
                )
                return False
            change = self.plan.company_changes.get(stored[0])
            if change is None:
                change = CompanyChange(stored[0], stored[1], number, old_uscc=stored[3])
                self.plan.company_changes[stored[0]] = change
            change.uscc = uscc
        return True

    def _remember(self, number, key, name, uscc, region_id, seen, stored) -> int:
        """The company of a row that agrees: the stored one, else one the import creates (its
        home the 投资方所在地 of its first row); what the file first tells about it is kept."""
        if seen is None:
            if stored is not None:
                company_id = stored[0]
            else:
                company_id = -(len(self.plan.new_companies) + 1)
                clean = " ".join(name.split())
                self.plan.new_companies.append(
                    NewCompany(company_id, number, clean, key, uscc, region_id)
                )
                self.plan.names[("company", company_id)] = clean
                self.company_regions[company_id] = region_id
            seen = _FileCompany(number, name, company_id)
            self.file_companies[key] = seen
        if uscc and not seen.uscc:
            seen.uscc = uscc
            if seen.company_id < 0:
                self.plan.new_companies[-seen.company_id - 1].uscc = uscc
        return seen.company_id

    def _reference(self, kind: str, name: str, add) -> object:
        if not name:
            return None
        found = self.reference_of[kind].get(name)  # names repeat down a ledger
        if found is not None:
            return found
        key = word_key(name)
        found = self.references[kind].get(key)
        if found is None and self.plan.create_missing:
            found = self.new_reference_refs.get((kind, key))
            if found is None:
                found = -(len(self.new_reference_refs) + 1)
                self.new_reference_refs[(kind, key)] = found
                self.plan.new_references.setdefault(kind, []).append(name)
                self.plan.names[(kind, found)] = name
        if found is not None:
            self.reference_of[kind][name] = found
            return found
        known = [n for (k, pk), n in self.plan.names.items() if k == kind and pk > 0]
        shown = "、".join(known[:12]) + ("……" if len(known) > 12 else "")
        add(
            kind,
            _(
                "%(column)s“%(value)s”在本开发区不存在(现有:%(known)s)。请改为已有名称,或请局长勾选“自动新建产业、园区和责任单位”后导入。"
            )
            % {"column": BY_KEY[kind].header, "value": name, "known": shown or _("无")},
        )
        return _ERROR

    def _codes(self, ids: list[int]) -> str:
        return "、".join(sorted(self.plan.existing[pk][0] for pk in ids))

    def _new_values(self) -> list:
        values: list[object] = [None] * len(FIELDS)
        for name in ("code", "name", "channel", "agreement_type", "drop_reason", "dropped_to"):
            values[INDEX[name]] = ""
        values[INDEX["note"]] = ""
        values[INDEX["project_type"]] = ProjectType.INDUSTRIAL.value
        if self.member_unit_id is not None:
            values[INDEX["unit_id"]] = self.member_unit_id
        return values

    def _check_member(self, existing, values, given, add) -> None:
        mine = self.member_unit_id
        assert mine is not None  # called for a member's rows only
        unit = self.plan.names.get(("unit", mine), "")
        if existing is not None and existing[INDEX["unit_id"]] != mine:
            add(
                "unit" if "unit" in given else "code",
                _("项目 %(code)s 不属于您所在的单位(%(unit)s),招商人员只能导入本单位的项目。")
                % {"code": existing[0], "unit": unit},
            )
        elif values[INDEX["unit_id"]] != mine:
            add(
                "unit",
                _("责任单位须为您所在的单位(%(unit)s),招商人员只能导入本单位的项目。")
                % {"unit": unit},
            )

    def _check_rules(self, values: list, unreadable: dict[str, str], add) -> None:
        """rules.check_project(), the check every service runs, on the project as it will be.
        A rule about a cell that could not be read is left out: that cell is already listed."""
        project = self.project
        project.__dict__.update(zip(FIELDS, values, strict=True))
        for rule_field, messages in check_project(project, today=self.today).items():
            column = COLUMN_OF_RULE.get(rule_field, "name")
            if column in unreadable:
                continue
            for message in messages:
                add(column, message)

    def _check_stage(self, word: tuple, values: list, add) -> None:
        text, stages = word
        actual = stage_of(values)
        if actual in stages:
            return
        needed = _("或").join(BY_KEY[DATE_FIELD[stage]].header for stage in stages)
        if actual is None:
            add(
                "stage",
                _("当前阶段“%(word)s”与日期不符:本行没有任何节点日期,“%(word)s”须有%(needed)s。")
                % {"word": text, "needed": needed},
            )
            return
        message = _(
            "当前阶段“%(word)s”与日期不符:按所填日期,项目处于“%(actual)s”阶段(%(header)s %(date)s)。"
        ) % {
            "word": text,
            "actual": STAGE_LABELS[actual.value],
            "header": BY_KEY[DATE_FIELD[actual]].header,
            "date": values[INDEX[DATE_FIELD[actual]]].isoformat(),
        }
        if not any(values[INDEX[DATE_FIELD[stage]]] for stage in stages):
            message += _("“%(word)s”须有%(needed)s。") % {"word": text, "needed": needed}
        add("stage", message)

    def _assign_codes(self) -> None:
        """项目编号 for new rows without one: the next codes of the zone's scheme, after every
        code the zone and the file already use, as services.apply_plan() will allocate them."""
        pending = [row for row in self.plan.rows if row.auto_code]
        if not pending:
            return
        taken = set(self.by_code) | set(self.file_codes)
        codes = preview_codes(self.zone, year=self.today.year, count=len(pending), taken=taken)
        for row, code in zip(pending, codes, strict=True):
            row.values[INDEX["code"]] = code

    # errors

    def _error(self, number: int, key: str, value: str, message: str) -> LedgerError:
        return LedgerError(
            number, self.sheet.header_text(key), shown(value, limit=SHOWN_VALUE_LENGTH), message
        )

    def _value(self, key: str, cells: list, raw: dict) -> str:
        if key in raw:
            return raw[key]
        position = self.sheet.columns.get(key)
        if position is None or position >= len(cells):
            return ""
        return _display(cells[position])

    # cell parsers, one per column kind: the value, or ValidationError

    def _parser(self, key: str):
        kind = BY_KEY[key].kind
        parse = _choice_parser(self, key) if kind == "choice" else getattr(self, f"_parse_{kind}")
        if key not in TEXT_LIMITS:
            return parse
        limit, subject = TEXT_LIMITS[key], self.sheet.header_text(key)

        def within_limit(cell):
            value = parse(cell)
            if value and len(value) > limit:
                check_text(value, limit=limit, subject=subject)
            return value

        return within_limit

    def _text_of(self, cell) -> str:
        # The common case, plain text, without a call.
        text = cell.strip() if type(cell) is str and "\r" not in cell else _display(cell)
        if self.is_csv and text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
            text = text[1:]  # the apostrophe our CSV export puts before formula-like text
        if CONTROL_CHARACTERS.search(text):
            check_text(text, limit=None, subject=_("单元格内容"))
        return text

    def _parse_text(self, cell) -> str:
        return self._text_of(cell)

    _parse_code = _parse_text
    _parse_longtext = _parse_text

    def _parse_listed(self, cell) -> str:
        """A name from a list (investor, industry, park, unit): inner spaces collapsed."""
        text = self._text_of(cell)
        return "" if text in BLANK_MARKS else " ".join(text.split())

    _parse_company = _parse_listed
    _parse_industry = _parse_listed
    _parse_park = _parse_listed
    _parse_unit = _parse_listed
    _parse_referrer = _parse_listed

    def _parse_uscc(self, cell) -> str:
        text = self._text_of(cell)
        if text in BLANK_MARKS:
            return ""
        if text not in self.usccs:  # an investor's code repeats on each of its projects
            try:
                self.usccs[text] = clean_uscc(text)
            except ValidationError as exc:
                self.usccs[text] = ValidationError(exc.messages)
        found = self.usccs[text]
        if isinstance(found, ValidationError):
            raise found
        return found

    def _parse_region(self, cell) -> str | None:
        text = self._text_of(cell)
        if not text or text in BLANK_MARKS:
            return None
        if len(text) > REGION_NAME_LENGTH:  # no region is named so, and the lookup is not asked
            check_text(
                text, limit=REGION_NAME_LENGTH, subject=self.sheet.header_text("company_region")
            )
        if text not in self.regions:
            self.regions[text] = find_region(text)
        region = self.regions[text]
        if region is None:
            raise ValidationError(
                _(
                    "投资方所在地“%(value)s”不是可识别的省、市或国家名称(可写 山东省、德州市、北京、日本;名称有重复的请写全称)。"
                )
                % {"value": text}
            )
        self.plan.region_names[region.pk] = region.name
        return region.pk

    def _parse_amount(self, cell) -> Decimal | None:
        if type(cell) is float and cell:
            # Amounts repeat down a ledger: each number is read once (not 0.0, equal to -0.0).
            found = self.amounts.get(cell)
            if found is None:
                found = self.amounts[cell] = self._read_amount(cell)
            return found
        return self._read_amount(cell)

    def _read_amount(self, cell) -> Decimal | None:
        if isinstance(cell, bool):
            raise ValidationError(_("“%(value)s”不是金额。") % {"value": _display(cell)})
        if isinstance(cell, str):
            cell = self._text_of(cell)
            if cell in BLANK_MARKS:
                return None
        try:
            return parse_wan(cell, required=False)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def _parse_date(self, cell) -> dt.date | None:
        if isinstance(cell, dt.datetime):
            return cell.date()
        if isinstance(cell, dt.date):
            return cell
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            return _serial_date(cell, cell)
        text = self._text_of(cell)
        if not text or text in BLANK_MARKS:
            return None
        if text.isdigit():
            if len(text) == 8:  # 20260518
                return parse_date(f"{text[:4]}-{text[4:6]}-{text[6:]}")
            return _serial_date(int(text), text)
        text = _TIME_SUFFIX.sub("", unicodedata.normalize("NFKC", text))
        try:
            return parse_date(text)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def _parse_stage(self, cell) -> tuple | None:
        text = self._text_of(cell)
        if not text or text in BLANK_MARKS:
            return None
        stages = STAGE_WORDS.get(word_key(text))
        if stages is None:
            raise ValidationError(
                _(
                    "当前阶段“%(value)s”无法识别,可填:线索、洽谈、实质性谈判、在谈、签约、开工(在建)、竣工、投产、终止。"
                )
                % {"value": text}
            )
        return (text, stages)


# Column kinds whose cells are mostly different on every row: not worth remembering.
UNIQUE_KINDS = {"code", "text", "longtext"}
SIMPLE_COLUMNS = [
    "channel",
    "total_investment_wan",
    "foreign_capital_usd_wan",
    "agreement_type",
    *DATE_FIELDS,
    "drop_reason",
    "note",
]


def _choice_parser(validator: Validator, key: str):
    words = CHOICES[key]
    header = BY_KEY[key].header
    allowed = "、".join(LABELS[key].values())

    def parse(cell) -> str:
        text = validator._text_of(cell)
        if not text or text in BLANK_MARKS:
            return ""
        value = words.get(word_key(text))
        if value is None:
            raise ValidationError(
                _("%(column)s“%(value)s”无法识别,可填:%(allowed)s。")
                % {"column": header, "value": text, "allowed": allowed}
            )
        return value

    return parse


def _name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name or "").split()).casefold()


def _filled(cell) -> bool:
    if cell is None or cell == "":
        return False
    return not (isinstance(cell, str) and not cell.strip())


def _display(cell) -> str:
    """A cell as text: what an error shows as the value, and what text columns read."""
    if type(cell) is str and "\r" not in cell:
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, str):
        if "\r" in cell:
            cell = cell.replace("\r\n", "\n").replace("\r", "\n")
        return cell.strip()
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def _serial_date(number, raw) -> dt.date:
    """An Excel date serial (days since 1899-12-30) from 1950 on; smaller numbers are a year or
    an amount typed into a date column, not a date."""
    if FIRST_SERIAL <= number <= LAST_SERIAL:
        return EXCEL_EPOCH + dt.timedelta(days=int(number))
    raise ValidationError(
        _("“%(value)s”不是有效日期(应如 2026-05-18、2026/5/18、2026年5月18日)。")
        % {"value": _display(raw)}
    )


_DROPPED_SLOT = INDEX["dropped_date"]
_LATEST_FIRST = [(stage, INDEX[DATE_FIELD[stage]]) for stage in reversed(MILESTONES)]


def stage_of(values: list) -> Stage | None:
    if values[_DROPPED_SLOT]:
        return Stage.DROPPED
    for stage, i in _LATEST_FIRST:
        if values[i]:
            return stage
    return None


_DATE_SLOTS = [(stage.value, INDEX[DATE_FIELD[stage]]) for stage in Stage]


def _milestone_changes(existing, values) -> list[tuple[str, dt.date | None, dt.date | None]]:
    """(stage, old date, new date) for each milestone the row records, moves or clears."""
    if existing is None:  # a new project: every date it has
        return [(stage, None, values[i]) for stage, i in _DATE_SLOTS if values[i] is not None]
    return [(stage, existing[i], values[i]) for stage, i in _DATE_SLOTS if existing[i] != values[i]]


def build_plan(
    *,
    zone: Zone,
    actor,
    sheet: Sheet,
    today: dt.date,
    create_missing: bool = False,
    filename: str = "",
    progress: Progress | None = None,
) -> Plan:
    """Validate every row of `sheet` against `zone` as `actor` would change it (None: the system).
    Reads only; the caller decides about permissions to import at all."""
    return Validator(
        zone=zone,
        actor=actor,
        sheet=sheet,
        today=today,
        create_missing=create_missing,
        filename=filename,
        progress=progress,
    ).run()
