"""Writes of the ledger import: checking who may import, applying a validated plan in one
transaction with its audit rows, and the upload jobs behind /ledger/.

A ledger is validated first (validation.build_plan: reads only, outside any write transaction),
then applied in one short transaction: every project, company, reference item, stage-log and
change-log row lands, or none does. Between the two, the zone's data stamp (data_changed_at,
bumped by every service that changes a figure) must not have moved; if it has, the plan is
validated again.

On the page a preview and its confirmation are apart in time: the preview records what it was
made against (the versions of the projects it matches, the stored values of the companies it
changes: its basis), and a confirmation whose basis moved is refused with what changed and who
changed it, and shown as a new preview; nothing of anyone's is overwritten. An upload whose
worker stopped (killed, restarted) shows no sign of life (its heartbeat, updated_at) and is marked
failed after LEDGER_STALL_SECONDS; it can be started again from the page.
"""

import contextlib
import datetime as dt
import gc
import hashlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from zhaoshang.companies.models import Company
from zhaoshang.core.audit import CHANGE_ROW_FIELDS, change_rows, record_change, snapshot
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.fields import WanField
from zhaoshang.core.models import ChangeLog, Source
from zhaoshang.ledger.bulk import Writer
from zhaoshang.ledger.bulk import column as column_of
from zhaoshang.ledger.columns import BY_KEY, STAGE_LABELS
from zhaoshang.ledger.limits import FileRefused, check_file, file_too_big
from zhaoshang.ledger.models import RUNNING, LedgerImport
from zhaoshang.ledger.reader import LedgerFileError, read_ledger
from zhaoshang.ledger.validation import (
    FIELDS,
    INDEX,
    OTHER_FIELDS,
    REFERENCE_MODELS,
    LedgerError,
    Plan,
    Progress,
    RowPlan,
    build_plan,
    stage_of,
)
from zhaoshang.org import permissions
from zhaoshang.org.models import Role, Unit, Zone
from zhaoshang.org.services import ensure_reference, mark_zone_changed
from zhaoshang.projects.codes import allocate_codes
from zhaoshang.projects.models import DATE_FIELD, Project, Stage, StageLog
from zhaoshang.projects.search import search_key

logger = logging.getLogger(__name__)
SOURCE = Source.IMPORT.value
# Above this many rows the page hands the work to a background task (docs/ledger.md).
BACKGROUND_ROWS = 3000
PREVIEW_ROWS = 200
MAX_ATTEMPTS = 3


class StalePlan(Exception):
    """The zone's data changed after the plan was validated: validate again."""


# --- who may import ---------------------------------------------------------------------------


def _role(user, zone: Zone) -> Role | None:
    if user is None or user.is_superuser:
        return Role.ADMIN
    return permissions.role_in(user, zone)


def can_import(user, zone: Zone) -> bool:
    """Directors and admins import the whole zone, members their unit's projects; leaders read
    and contributors submit leads, neither imports."""
    return _role(user, zone) in {Role.ADMIN, Role.DIRECTOR, Role.MEMBER}


def can_create_missing(user, zone: Zone) -> bool:
    return _role(user, zone) in permissions.CHANGE_ALL


def check_may_import(actor, zone: Zone, *, create_missing: bool = False) -> None:
    role = _role(actor, zone)
    if not can_import(actor, zone):
        if role is None:
            raise PermissionDenied(_("您在“%(zone)s”没有角色,不能导入台账。") % {"zone": zone})
        raise PermissionDenied(
            _("您的角色(%(role)s)不能导入台账:只有局长、系统管理员和招商人员可以导入。")
            % {"role": role.label}
        )
    if create_missing and not can_create_missing(actor, zone):
        raise PermissionDenied(_("只有局长或系统管理员可以在导入时自动新建产业、园区和责任单位。"))


# --- validate, apply --------------------------------------------------------------------------


@contextlib.contextmanager
def _collector_paused():
    """The cyclic garbage collector paused while a ledger is validated and written: that makes
    millions of objects (cells, values, row plans) that form no cycles, and every collection
    would walk all of them again, some 10% of a big import's time. Reference counting frees them
    as before, and the collector resumes after (unless it was off).

    When it resumes, the first collection would walk all that the import made and still holds
    (its plan: 0.2 s for 100k rows). freeze() then unfreeze() instead move every tracked object
    to the oldest generation, where whatever outlives a few collections ends up anyway, at no
    cost. Not if something else keeps objects frozen (a server that freezes them before it
    forks): unfreeze() would undo that."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


@_collector_paused()
def validate_ledger(
    *,
    zone: Zone,
    actor,
    content: bytes,
    filename: str,
    today: dt.date,
    create_missing: bool = False,
    progress: Progress | None = None,
) -> Plan:
    """Read and validate a ledger file: a Plan with every error, or with every row's outcome."""
    check_may_import(actor, zone, create_missing=create_missing)
    if progress:
        progress("read", 0, 0)
    try:
        sheet = read_ledger(content, filename)
    except LedgerFileError as exc:
        plan = Plan(
            zone=zone, actor=actor, today=today, filename=filename, create_missing=create_missing
        )
        plan.errors.append(LedgerError(None, exc.column, "", exc.message))
        return plan
    if progress:
        progress("read", sheet.total_rows, sheet.total_rows)
    return build_plan(
        zone=zone,
        actor=actor,
        sheet=sheet,
        today=today,
        create_missing=create_missing,
        filename=filename,
        progress=progress,
    )


@_collector_paused()  # over both steps: the plan validated is still in use when it is written
def import_ledger(
    *,
    zone: Zone,
    actor,
    content: bytes,
    filename: str,
    today: dt.date | None = None,
    create_missing: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> tuple[Plan, bool]:
    """Validate, and unless dry_run or any row is bad, apply. Returns (plan, applied)."""
    today = today or shanghai_today()
    for _attempt in range(MAX_ATTEMPTS):
        plan = validate_ledger(
            zone=zone,
            actor=actor,
            content=content,
            filename=filename,
            today=today,
            create_missing=create_missing,
            progress=progress,
        )
        if dry_run or not plan.ok:
            return plan, False
        try:
            apply_plan(plan, progress=progress)
        except StalePlan:
            continue
        return plan, True
    raise StalePlan(_("导入期间其他人一直在修改本开发区的数据,请稍后再试。"))


@_collector_paused()
def apply_plan(
    plan: Plan,
    *,
    progress: Progress | None = None,
    before_commit: Callable[[], None] | None = None,
) -> None:
    """Write a valid plan in one transaction: reference items and companies it creates, the
    projects it creates and changes, their stage-log and change-log rows, the zone's data stamp.
    Raises StalePlan (writing nothing) if the zone's data changed since the plan was made."""
    if not plan.ok:
        raise ValueError("a plan with errors is never applied")
    zone = plan.zone
    now = timezone.now()
    with _page_cache(), transaction.atomic():
        locked = Zone.objects.select_for_update().get(pk=zone.pk)
        if locked.data_changed_at != plan.stamp:
            raise StalePlan
        _allocate_codes(plan)
        ids = _create_references(plan)
        ids.update(_write_companies(plan, now))
        created, updated = _write_projects(plan, ids, now, progress)
        if created:
            with _search_texts_meanwhile(plan, created):
                _log_new_projects(plan, now)
                _log_new_projects_changes(plan, now)
        _write_stage_log(plan, updated, now)
        _write_change_log(plan, updated, now)
        if created or updated or plan.company_changes or ids:
            mark_zone_changed(zone.pk)
        if before_commit:
            before_commit()


def _allocate_codes(plan: Plan) -> None:
    """Reserve the codes the preview gave new rows without one; if they are no longer the next
    ones of the zone's scheme, the plan is stale (what was confirmed is what is written)."""
    auto = [row for row in plan.rows if row.auto_code and row.action == RowPlan.CREATE]
    if not auto:
        return
    code_at = INDEX["code"]
    given = {row.values[code_at] for row in plan.rows if not row.auto_code}
    codes = allocate_codes(plan.zone, year=plan.today.year, count=len(auto), also_taken=given)
    if codes != [row.values[code_at] for row in auto]:
        raise StalePlan


@contextlib.contextmanager
def _page_cache(megabytes: int = 64):
    """SQLite: a bigger page cache while the import writes (its default, 2 MB, makes the dozen
    indexes of 100k new projects spill to disk); PostgreSQL manages its own."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{megabytes * 1024}")
    try:
        yield
    finally:
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _create_references(plan: Plan) -> dict[tuple[str, int], int]:
    ids = {}
    for kind, names in plan.new_references.items():
        model = REFERENCE_MODELS[kind]
        order = model.objects.filter(zone=plan.zone).aggregate(top=Max("sort_order"))["top"] or 0
        for name in names:
            order += 1
            extra = {"kind": _unit_kind(name)} if kind == "unit" else {}
            item = ensure_reference(
                zone=plan.zone,
                model=model,
                name=name,
                actor=plan.actor,
                source=SOURCE,
                sort_order=order,
                **extra,
            )
            ref = next(r for (k, r), n in plan.names.items() if k == kind and r < 0 and n == name)
            ids[(kind, ref)] = item.pk
    return ids


def _unit_kind(name: str) -> str:
    """A unit named by a ledger: 专业招商局 end in 局, resident offices say 驻 or 办事处."""
    if "驻" in name or "办事处" in name:
        return Unit.Kind.RESIDENT_OFFICE
    if name.endswith("局"):
        return Unit.Kind.SPECIALIST_BUREAU
    return Unit.Kind.PROMOTION_GROUP


# A company the import creates: not an anchor, not a target, no note, version 1, then its times.
COMPANY_INSERT = [
    *("zone_id", "name", "normalised_name", "uscc", "region_id"),
    *("is_anchor", "is_target", "note", "version", "created_at", "updated_at"),
]
NEW_COMPANY = (False, False, "", 1)


def _write_companies(plan: Plan, now: dt.datetime) -> dict[tuple[str, int], int]:
    ids = {}
    if plan.new_companies:
        Writer(Company, COMPANY_INSERT).write(
            (plan.zone.pk, c.name, c.normalised_name, c.uscc, c.region_id, *NEW_COMPANY, now, now)
            for c in plan.new_companies
        )
        # This write's timestamp marks its rows (an IN list of thousands of names would not do
        # on SQLite).
        by_name = dict(
            Company.objects.filter(zone=plan.zone, created_at=now).values_list(
                "normalised_name", "pk"
            )
        )
        for new in plan.new_companies:
            ids[("company", new.ref)] = by_name[new.normalised_name]
            plan.names[("company", by_name[new.normalised_name])] = new.name
    if plan.company_changes:
        companies = Company.objects.select_for_update().in_bulk(list(plan.company_changes))
        for company_id, change in plan.company_changes.items():
            company = companies[company_id]
            before = snapshot(company)
            if change.uscc:
                company.uscc = change.uscc
            company.version += 1
            company.save(update_fields=["uscc", "version", "updated_at"])
            record_change(
                actor=plan.actor,
                instance=company,
                action=ChangeLog.Action.UPDATE,
                before=before,
                after=snapshot(company),
                source=SOURCE,
            )
    if plan.new_companies:
        Writer(ChangeLog, CHANGE_ROW_FIELDS).write(
            change_rows(
                actor=plan.actor,
                model=Company,
                action=ChangeLog.Action.CREATE,
                at=now,
                source=SOURCE,
                changes=(
                    (
                        ids[("company", c.ref)],
                        c.name,
                        None,
                        {
                            "id": ids[("company", c.ref)],
                            "zone": plan.zone.pk,
                            "name": c.name,
                            "uscc": c.uscc,
                            "region": c.region_id,
                            "is_anchor": False,
                            "note": "",
                        },
                        1,
                    )
                    for c in plan.new_companies
                ),
            )
        )
    return ids


PROJECT_INSERT = [*FIELDS, "search_text"]  # and the fields every new project shares
PROJECT_UPDATE = [*FIELDS, "search_text", "version", "updated_at"]
REFERENCE_FIELDS = {
    "company_id": "company",
    "industry_id": "industry",
    "park_id": "park",
    "unit_id": "unit",
}
_REFERENCE_SLOTS = [(INDEX[field_name], kind) for field_name, kind in REFERENCE_FIELDS.items()]


def _resolved(values: list, ids: dict) -> list:
    """The row's values with the stand-in ids of new companies and references replaced."""
    for i, kind in _REFERENCE_SLOTS:
        value = values[i]
        if value is not None and value < 0:
            values[i] = ids[(kind, value)]
    return values


def _write_projects(
    plan: Plan, ids: dict, now: dt.datetime, progress: Progress | None
) -> tuple[list[RowPlan], set[int]]:
    """Insert and update; returns the rows created (on SQLite still without their search text:
    see _search_texts_meanwhile) and the row numbers of those updated (rows whose only change is
    to their company write no project)."""
    zone_id = plan.zone.pk
    actor_id = getattr(plan.actor, "pk", None)
    creates = [row for row in plan.rows if row.action == RowPlan.CREATE]
    updates = [
        row
        for row in plan.rows
        if row.action == RowPlan.UPDATE
        and plan.stored(row)[: len(FIELDS)] != tuple(_resolved(row.values, ids))
    ]
    total = len(creates) + len(updates)
    if progress:
        progress("write", 0, total)
    if creates:
        fixed = {
            "zone_id": zone_id,
            "expands_id": None,
            "is_paused": False,
            "submitted_by_id": actor_id,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        later = _search_texts_later()
        Writer(Project, PROJECT_INSERT, fixed=fixed).write(
            (
                (*_resolved(row.values, ids), "" if later else _search_text(plan, row.values))
                for row in creates
            ),
            on_batch=(lambda done: progress("write", done, total)) if progress else None,
        )
    if updates:
        version_at = len(FIELDS) + OTHER_FIELDS.index("version")
        Writer(Project, PROJECT_UPDATE, key="id").write(
            (
                (
                    *row.values,
                    _search_text(plan, row.values),
                    plan.stored(row)[version_at] + 1,
                    now,
                    row.project_id,
                )
                for row in updates
            ),
            on_batch=(lambda done: progress("write", len(creates) + done, total))
            if progress
            else None,
        )
    if progress:
        progress("write", total, total)
    return creates, {row.row for row in updates}


def _search_text(plan: Plan, values: list) -> str:
    """The library's search key (projects.search), as the services keep it."""
    company_id = values[INDEX["company_id"]]
    company = plan.names.get(("company", company_id), "") if company_id else ""
    return search_key(values[INDEX["name"]], company)


def _search_texts_later() -> bool:
    """Whether new projects get their search text after they are written, see below."""
    return connection.vendor == "sqlite"


@contextlib.contextmanager
def _search_texts_meanwhile(plan: Plan, created: list[RowPlan]):
    """SQLite: work out the search texts of the projects just created in a second thread while
    the block has the database write their stage log and change log, then set them.

    Their pinyin is a second of Python per 100k names, and writing their audit rows a second of
    SQLite, which lets go of the GIL while it runs a statement: done side by side, the import
    takes most of that second less, for the cost of an UPDATE (a quarter of it). PostgreSQL
    takes the texts with the rows (COPY): it works in its own process already, and updating
    every new row there would write it twice.

    Only single statements in the block: one run row by row (executemany) would wait for the
    worker at every row, as Python hands the GIL to a waiting thread only every few
    milliseconds (sys.getswitchinterval())."""
    if not _search_texts_later():
        yield
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger-search") as pool:
        pending = pool.submit(lambda: [_search_text(plan, row.values) for row in created])
        yield
        texts = pending.result()
    quote = connection.ops.quote_name
    zone_id, code_at = plan.zone.pk, INDEX["code"]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(Project._meta.db_table)} SET {quote('search_text')} = %s "
            f"WHERE {quote('zone_id')} = %s AND {quote('code')} = %s",
            [
                (text, zone_id, row.values[code_at])
                for text, row in zip(texts, created, strict=True)
            ],
        )


STAGE_LOG_FIELDS = [
    "project_id",
    "milestone",
    "old_date",
    "new_date",
    "reason",
    "actor_id",
    "source",
    "created_at",
]


def _stage_log_reason(plan: Plan) -> str:
    return _("台账导入:%(file)s") % {"file": plan.filename} if plan.filename else _("台账导入")


def _write_stage_log(plan: Plan, updated: set[int], now: dt.datetime) -> None:
    """Each milestone the import records, moves or clears in a project it updates, with the
    import as its source (a drop with its reason, as drop_project() logs it)."""
    actor_id = getattr(plan.actor, "pk", None)
    reason = _stage_log_reason(plan)
    drop_reason_at = INDEX["drop_reason"]

    def rows():
        for row in plan.rows:
            if row.row not in updated:
                continue
            for milestone, old, new in plan.milestones(row):
                text = row.values[drop_reason_at] if milestone == "dropped" and new else reason
                yield (row.project_id, milestone, old, new, text, actor_id, SOURCE, now)

    Writer(StageLog, STAGE_LOG_FIELDS).write(rows())


def _log_new_projects(plan: Plan, now: dt.datetime) -> None:
    """The stage log of the projects this import created, straight from the rows just inserted
    (they alone carry this write's timestamp): 100k projects have some 300k dated milestones,
    which need not pass through Python again. One pass over the projects, each paired with every
    stage: project by project and stage by stage, the order create_project() writes them in."""
    quote = connection.ops.quote_name
    project_table, log_table = quote(Project._meta.db_table), quote(StageLog._meta.db_table)
    columns = ", ".join(
        quote(column_of(StageLog._meta.get_field(name))) for name in STAGE_LOG_FIELDS
    )
    stages = list(Stage)
    # column1 of the VALUES list numbers the stages in order, column2 is the milestone.
    dates = " ".join(f"WHEN {i} THEN p.{quote(DATE_FIELD[s])}" for i, s in enumerate(stages))
    dropped = stages.index(Stage.DROPPED)
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {log_table} ({columns}) "
            "SELECT id, milestone, NULL, new_date, reason, %s, %s, %s FROM ("
            "SELECT p.id, s.column1 AS n, s.column2 AS milestone, "
            f"CASE s.column1 {dates} END AS new_date, "
            f"CASE WHEN s.column1 = {dropped} THEN p.{quote('drop_reason')} ELSE %s END AS reason "
            f"FROM {project_table} p "
            f"CROSS JOIN (VALUES {', '.join(f'({i}, %s)' for i in range(len(stages)))}) AS s "
            "WHERE p.zone_id = %s AND p.created_at = %s"
            ") AS t WHERE new_date IS NOT NULL ORDER BY id, n",
            [
                getattr(plan.actor, "pk", None),
                SOURCE,
                stamp,
                _stage_log_reason(plan),
                *(stage.value for stage in stages),
                plan.zone.pk,
                stamp,
            ],
        )


def _write_change_log(plan: Plan, updated: set[int], now: dt.datetime) -> None:
    """A change-log row per project updated, with the record before and after, as
    core.audit.record_change() writes it (through its bulk variant, change_rows())."""
    zone_id = plan.zone.pk
    code_at, name_at = INDEX["code"], INDEX["name"]
    other = {name: len(FIELDS) + i for i, name in enumerate(OTHER_FIELDS)}

    def changes():
        for row in plan.rows:
            if row.row not in updated:
                continue
            old = plan.existing[row.project_id]
            extra = (
                old[other["is_paused"]],
                old[other["submitted_by_id"]],
                old[other["expands_id"]],
            )
            yield (
                row.project_id,
                f"{row.values[code_at]} {row.values[name_at]}",
                project_snapshot(row.project_id, zone_id, old[: len(FIELDS)], extra),
                project_snapshot(row.project_id, zone_id, row.values, extra),
                old[other["version"]] + 1,  # as _write_projects writes it
            )

    Writer(ChangeLog, CHANGE_ROW_FIELDS).write(
        change_rows(
            actor=plan.actor,
            model=Project,
            action=ChangeLog.Action.UPDATE,
            at=now,
            source=SOURCE,
            changes=changes(),
        )
    )


def _log_new_projects_changes(plan: Plan, now: dt.datetime) -> None:
    """The "create" change-log rows of the projects this import created (the columns of
    core.audit.CHANGE_ROW_FIELDS), built by the database from the rows just inserted: the same
    JSON snapshot() gives (dates as ISO text, amounts as text with two decimals, booleans as
    booleans), without 100k round trips through Python."""
    quote = connection.ops.quote_name
    sqlite = connection.vendor == "sqlite"
    pairs = ["'id', id", "'zone', zone_id"]
    for name, field in SNAPSHOT_FIELDS:
        column = quote(column_of(field))
        if isinstance(field, WanField):
            value = (
                f"CASE WHEN {column} IS NULL THEN NULL ELSE printf('%%.2f', {column} / 100.0) END"
                if sqlite
                else f"(({column})::numeric / 100)::numeric(20, 2)::text"
            )
        elif isinstance(field, models.BooleanField):
            value = f"json(CASE WHEN {column} THEN 'true' ELSE 'false' END)" if sqlite else column
        elif isinstance(field, models.DateField):
            value = column if sqlite else f"to_char({column}, 'YYYY-MM-DD')"
        else:
            value = column
        pairs.append(f"'{name}', {value}")
    snapshot_sql = ("json_object(" if sqlite else "jsonb_build_object(") + ", ".join(pairs) + ")"
    label = "substr(code || ' ' || name, 1, 200)" if sqlite else "left(code || ' ' || name, 200)"
    columns = ", ".join(quote(column_of(ChangeLog._meta.get_field(f))) for f in CHANGE_ROW_FIELDS)
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(ChangeLog._meta.db_table)} ({columns}) "
            f"SELECT %s, %s, %s, %s, %s, id, {label}, NULL, {snapshot_sql}, version "
            f"FROM {quote(Project._meta.db_table)} WHERE zone_id = %s AND created_at = %s "
            "ORDER BY id",
            [
                stamp,
                getattr(plan.actor, "pk", None),
                SOURCE,
                ChangeLog.Action.CREATE.value,
                ContentType.objects.get_for_model(Project).pk,
                plan.zone.pk,
                stamp,
            ],
        )


def project_snapshot(project_id: int, zone_id: int, values, extra: tuple) -> dict:
    """What core.audit.snapshot() gives for the project, built from plain values (no instance):
    the same keys in the same order, dates as ISO text, amounts as text."""
    data = {"id": project_id, "zone": zone_id}
    for name, i in SNAPSHOT_SLOTS:
        value = values[i] if i >= 0 else extra[-i - 1]
        kind = type(value)
        if kind is dt.date:
            value = value.isoformat()
        elif kind is Decimal:
            value = str(value)
        data[name] = value
    return data


# snapshot() key → where its value is: an index in FIELDS, or -1 - an index in the `extra`
# values (is_paused, submitted_by, expands) that the ledger does not hold.
_EXTRA = {"is_paused": -1, "submitted_by": -2, "expands": -3}
SNAPSHOT_FIELDS = [
    (f.name, f)
    for f in Project._meta.concrete_fields
    if f.editable and f.name not in ("id", "zone", "version")
]
SNAPSHOT_SLOTS = [
    (f.name, _EXTRA[f.name] if f.name in _EXTRA else FIELDS.index(f.attname))
    for f in Project._meta.concrete_fields
    if f.editable and f.name not in ("id", "zone", "version")
]


# --- what a plan shows ------------------------------------------------------------------------


def plan_result(plan: Plan, *, limit: int = PREVIEW_ROWS) -> dict:
    """The preview as JSON (kept on the upload's row): counts, samples of new and changed rows
    with old → new, what the import creates, ignored columns, and every error."""
    created: list[dict] = []
    updated: list[dict] = []
    for row in plan.rows:
        if row.action == RowPlan.CREATE and len(created) < limit:
            created.append(_row_summary(plan, row))
        elif row.action == RowPlan.UPDATE and len(updated) < limit:
            updated.append({**_row_summary(plan, row), "changes": plan.changes(row)})
    return {
        "sheet": plan.sheet_name,
        "header_row": plan.header_row,
        "columns": [BY_KEY[key].header for key in plan.columns],
        "ignored": plan.ignored,
        "new_references": {
            str(BY_KEY[kind].header): names for kind, names in plan.new_references.items()
        },
        "new_companies": len(plan.new_companies),
        "new_company_names": [c.name for c in plan.new_companies[:50]],
        "company_changes": len(plan.company_changes),
        "unrecorded_referrers": [note.line() for note in plan.unrecorded_referrers[:limit]],
        "created": created,
        "updated": updated,
        "counts": {
            "created": plan.created,
            "updated": plan.updated,
            "unchanged": plan.unchanged,
            "errors": len(plan.errors),
            "milestones": sum(len(plan.milestones(row)) for row in plan.rows),
        },
        "errors": [error.as_json() for error in plan.errors],
        "fingerprint": fingerprint(plan),
        "basis": basis(plan),
    }


def _row_summary(plan: Plan, row: RowPlan) -> dict:
    values = row.values
    stage = stage_of(values)
    return {
        "row": row.row,
        "code": values[INDEX["code"]],
        "auto_code": row.auto_code,
        "name": values[INDEX["name"]],
        "company": plan.display("company_id", values[INDEX["company_id"]]),
        "unit": plan.display("unit_id", values[INDEX["unit_id"]]),
        "amount": plan.display("total_investment_wan", values[INDEX["total_investment_wan"]]),
        "stage": STAGE_LABELS[stage.value] if stage else "",
    }


def fingerprint(plan: Plan) -> str:
    """A digest of what applying the plan would write: the preview a person confirmed must be
    the plan that is applied."""
    digest = hashlib.sha256()
    for row in plan.rows:
        if row.action != RowPlan.UNCHANGED:
            digest.update(repr((row.row, row.action, row.project_id, row.values)).encode())
    for company in plan.new_companies:
        digest.update(repr((company.name, company.uscc, company.region_id)).encode())
    for change in plan.company_changes.values():
        digest.update(repr((change.company_id, change.uscc)).encode())
    digest.update(repr(sorted(plan.new_references.items())).encode())
    return digest.hexdigest()


_VERSION_AT = len(FIELDS) + OTHER_FIELDS.index("version")


def basis(plan: Plan) -> str:
    """A digest of the data the plan was made against: the version of every project its rows
    match (changed or not) and the stored USCC of every company it changes. Another
    write to any of them between a preview and its confirmation changes it."""
    digest = hashlib.sha256()
    for project_id in sorted({row.project_id for row in plan.rows if row.project_id}):
        digest.update(f"p{project_id}v{plan.existing[project_id][_VERSION_AT]};".encode())
    for company_id, change in sorted(plan.company_changes.items()):
        digest.update(repr(("c", company_id, change.old_uscc)).encode())
    return digest.hexdigest()


def _what_changed(plan: Plan, since: dt.datetime | None, *, limit: int = 5) -> str:
    """The change-log rows written since `since` about the projects and companies the plan
    touches, in words: what, who, when, through what, which fields."""
    if since is None:
        return ""
    project_type = ContentType.objects.get_for_model(Project)
    company_type = ContentType.objects.get_for_model(Company)
    touched = {
        project_type.pk: {row.project_id for row in plan.rows if row.project_id},
        company_type.pk: set(plan.company_changes),
    }
    entries = [
        entry
        for entry in ChangeLog.objects.filter(
            created_at__gte=since, content_type__in=[project_type, company_type]
        )
        .select_related("actor")
        .order_by("-created_at", "-id")[:5000]
        if entry.object_id in touched.get(entry.content_type_id or 0, ())
    ]
    if not entries:
        return ""
    models_of: dict[int | None, type[Project | Company]] = {
        project_type.pk: Project,
        company_type.pk: Company,
    }
    items = [_change_in_words(entry, models_of[entry.content_type_id]) for entry in entries[:limit]]
    text = ";".join(items)
    if len(entries) > limit:
        text += _(" 等共 %(count)s 处修改") % {"count": len(entries)}
    return text


def _change_in_words(entry: ChangeLog, model) -> str:
    who = (entry.actor.get_full_name() or entry.actor.username) if entry.actor else _("系统")
    fields = []
    before, after = entry.before or {}, entry.after or {}
    for key in after:
        if entry.before is not None and before.get(key) != after.get(key):
            try:
                fields.append(str(model._meta.get_field(key).verbose_name))
            except FieldDoesNotExist:
                fields.append(key)
    text = _("“%(what)s”由 %(who)s 于 %(when)s 经%(source)s%(action)s") % {
        "what": entry.object_repr,
        "who": who,
        "when": timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M"),
        "source": entry.get_source_display(),
        "action": entry.get_action_display(),
    }
    if fields:
        text += _(",改动了%(fields)s") % {"fields": "、".join(fields)}
    return text


# --- uploads on the page ----------------------------------------------------------------------


def start_import(
    *,
    zone: Zone,
    actor,
    filename: str,
    content: bytes,
    create_missing: bool = False,
    today: dt.date | None = None,
) -> LedgerImport:
    """Keep the upload and validate it: here for a small file, in a background task for a big
    one (the page polls its progress)."""
    check_may_import(actor, zone, create_missing=create_missing)
    if len(content) > settings.LEDGER_MAX_FILE_BYTES:
        raise ValidationError(file_too_big(len(content), settings.LEDGER_MAX_FILE_BYTES))
    forget_old_uploads(zone=zone)
    job = LedgerImport.objects.create(
        zone=zone,
        user=actor,
        filename=filename[:255],
        content=content,
        size=len(content),
        create_missing=create_missing,
        phase=LedgerImport.Phase.READ,
    )
    job.rows_total = estimated_rows(content, filename)
    job.background = job.rows_total > BACKGROUND_ROWS
    job.save(update_fields=["rows_total", "background"])
    if job.background:
        from zhaoshang.ledger.tasks import validate_import_task

        result = validate_import_task.enqueue(job.pk)
        LedgerImport.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
        job.refresh_from_db()
        return job
    return _inline(run_validation, job, today=today)


def estimated_rows(content: bytes, filename: str) -> int:
    """Rows below a header, from the file's check (no sheet is read): enough to choose between
    the request and the background. A file refused by the check has none: the validation in
    the request reports why."""
    try:
        extent = check_file(content, filename)
    except FileRefused:
        return 0
    if extent.rows:
        return extent.rows - 1
    return content.count(b"\n")  # CSV: lines


def forget_old_uploads(*, zone: Zone, now: dt.datetime | None = None) -> int:
    """Empty the stored files of the zone's uploads older than LEDGER_UPLOAD_KEEP_DAYS; returns
    how many. What was imported is in the ledger and its change log, and the record of each
    upload stays; a preview never confirmed expires (the zone has moved on since). Runs at each
    new upload, so the files of a zone never pile up."""
    now = now or timezone.now()
    old = LedgerImport.objects.filter(
        zone=zone,
        created_at__lt=now - dt.timedelta(days=settings.LEDGER_UPLOAD_KEEP_DAYS),
        content_cleared_at__isnull=True,
    ).exclude(status__in=RUNNING)
    with transaction.atomic():
        old.filter(status=LedgerImport.Status.PREVIEW).update(status=LedgerImport.Status.EXPIRED)
        return old.update(content=b"", content_cleared_at=now)


def _inline(step, job: LedgerImport, *, today: dt.date | None) -> LedgerImport:
    """Run a step in the request; an unexpected failure (the transaction rolled back) marks the
    upload failed and is logged, instead of leaving it "in progress" for ever."""
    try:
        return step(job, today=today)
    except Exception as exc:
        logger.exception("ledger import %s failed", job.pk)
        fail_import(job.pk, str(exc))
        job.refresh_from_db()
        return job


def _progress_of(job: LedgerImport) -> Progress:
    """A progress callback that writes the job's counters. Validation runs outside any
    transaction, so a page polling the job sees them move; writing happens in one transaction,
    so its counter shows only once it is over."""
    counters = {"read": "rows_read", "validate": "rows_validated", "write": "rows_written"}

    def progress(phase: str, done: int, total: int) -> None:
        # updated_at is the upload's heartbeat (see recover_stalled_imports).
        changes = {"phase": phase, counters[phase]: done, "updated_at": timezone.now()}
        if phase == "write":
            changes["rows_to_write"] = total
        elif total:
            changes["rows_total"] = total
        LedgerImport.objects.filter(pk=job.pk).update(**changes)

    return progress


def run_validation(job: LedgerImport, *, today: dt.date | None = None) -> LedgerImport:
    today = today or shanghai_today()
    started = timezone.now()
    LedgerImport.objects.filter(pk=job.pk).update(
        status=LedgerImport.Status.VALIDATING, updated_at=started
    )
    plan = validate_ledger(
        zone=job.zone,
        actor=job.user,
        content=bytes(job.content),
        filename=job.filename,
        today=today,
        create_missing=job.create_missing,
        progress=_progress_of(job),
    )
    _store_plan(job, plan, validated_at=started)
    return job


def _store_plan(
    job: LedgerImport, plan: Plan, *, validated_at: dt.datetime, message: str = ""
) -> None:
    """The preview on the upload's row (not the file again: only these columns are saved), with
    when its validation began: changes logged since then are news to the person confirming."""
    LedgerImport.objects.filter(pk=job.pk).update(
        result={**plan_result(plan), "validated_at": validated_at.isoformat()},
        created=plan.created,
        updated=plan.updated,
        unchanged=plan.unchanged,
        error_count=len(plan.errors),
        status=LedgerImport.Status.PREVIEW if plan.ok else LedgerImport.Status.INVALID,
        message=message,
        updated_at=timezone.now(),
    )
    job.refresh_from_db()


def apply_import(job: LedgerImport, *, actor, today: dt.date | None = None) -> LedgerImport:
    """Apply a previewed upload: here for a small file, in a background task for a big one."""
    if job.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("只能确认您自己上传的台账。"))
    if job.status != LedgerImport.Status.PREVIEW:
        raise PermissionDenied(
            _("这份台账当前不能导入(状态:%(status)s)。") % {"status": job.get_status_display()}
        )
    check_may_import(actor, job.zone, create_missing=job.create_missing)
    # Only one confirmation goes through, however often the button is pressed.
    taken = LedgerImport.objects.filter(pk=job.pk, status=LedgerImport.Status.PREVIEW).update(
        status=LedgerImport.Status.APPLYING,
        rows_validated=0,
        rows_written=0,
        updated_at=timezone.now(),
    )
    job.refresh_from_db()
    if not taken:
        return job
    if job.background:
        from zhaoshang.ledger.tasks import apply_import_task

        result = apply_import_task.enqueue(job.pk)
        LedgerImport.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
        job.refresh_from_db()
        return job
    return _inline(run_apply, job, today=today)


def run_apply(job: LedgerImport, *, today: dt.date | None = None) -> LedgerImport:
    """Validate again (the zone may have changed since the preview), then apply in one
    transaction. A plan that differs from the one previewed goes back for confirmation."""
    today = today or shanghai_today()
    confirmed = job.result.get("fingerprint")
    previewed_basis = job.result.get("basis")
    previewed_at = parse_datetime(job.result.get("validated_at") or "")
    progress = _progress_of(job)
    for _attempt in range(MAX_ATTEMPTS):
        started = timezone.now()
        plan = validate_ledger(
            zone=job.zone,
            actor=job.user,
            content=bytes(job.content),
            filename=job.filename,
            today=today,
            create_missing=job.create_missing,
            progress=progress,
        )
        if not plan.ok or fingerprint(plan) != confirmed or basis(plan) != previewed_basis:
            changed = _what_changed(plan, previewed_at)
            if changed:
                message = _(
                    "预览之后,本次导入涉及的数据已被修改:%(changes)s。为免覆盖这些修改,没有写入任何数据;以下是按最新数据重新校验的结果,核对后请再次确认。"
                ) % {"changes": changed}
            else:
                message = _("预览之后本开发区的数据有了变化,以下是重新校验的结果,请再次确认。")
            _store_plan(job, plan, validated_at=started, message=message)
            return job

        def finish(plan: Plan = plan) -> None:
            LedgerImport.objects.filter(pk=job.pk).update(
                status=LedgerImport.Status.APPLIED,
                applied_at=timezone.now(),
                created=plan.created,
                updated=plan.updated,
                unchanged=plan.unchanged,
                message="",
            )

        try:
            apply_plan(plan, progress=progress, before_commit=finish)
        except StalePlan:
            continue
        job.refresh_from_db()
        return job
    LedgerImport.objects.filter(pk=job.pk).update(
        status=LedgerImport.Status.FAILED,
        message=_("导入期间其他人一直在修改本开发区的数据,未写入任何数据,请稍后再试。"),
    )
    job.refresh_from_db()
    return job


def fail_import(job_id: int, message: str) -> None:
    LedgerImport.objects.filter(pk=job_id).update(
        status=LedgerImport.Status.FAILED,
        message=_("导入失败,数据库未做任何修改。原因:%(error)s") % {"error": message[:500]},
        updated_at=timezone.now(),
    )


# --- interrupted uploads ------------------------------------------------------------------------


def recover_stalled_imports(*, zone: Zone | None = None, now: dt.datetime | None = None) -> int:
    """Mark failed, with the step it stopped at, every running upload (of `zone`, or of all
    zones) that has shown no sign of life for LEDGER_STALL_SECONDS; returns how many.

    A running upload's heartbeat is its updated_at: every progress write bumps it, and a
    background task bumps it every few seconds from a thread of its own (tasks.heartbeat). When
    the process running it dies (killed, out of memory, restarted), the heartbeat stops while
    the status still says it runs; its transaction was rolled back with the process, so nothing
    was written. An upload still waiting in the task queue (no worker has taken it yet) is not
    stalled. Called by the ledger pages and by each background task as it starts, so whichever
    comes first (a restarted worker, a person looking) ends it; any number of app servers and
    workers may call it at once: each update is conditional on the status and heartbeat it saw."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.LEDGER_STALL_SECONDS)
    stalled = LedgerImport.objects.filter(status__in=RUNNING, updated_at__lt=cutoff)
    if zone is not None:
        stalled = stalled.filter(zone=zone)
    failed = 0
    for pk, status, phase, task_id in stalled.values_list("pk", "status", "phase", "task_id"):
        if status == LedgerImport.Status.QUEUED and _waiting_in_queue(task_id):
            continue
        try:
            failed += LedgerImport.objects.filter(
                pk=pk, status=status, updated_at__lt=cutoff
            ).update(
                status=LedgerImport.Status.FAILED,
                message=_interrupted(status, phase),
                updated_at=now,
            )
        except DatabaseError:
            # SQLite: an import holds the write lock in its transaction, so it is alive.
            logger.warning("ledger import %s: could not mark it interrupted", pk, exc_info=True)
    return failed


def _waiting_in_queue(task_id: str) -> bool:
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if not task_id:
        return False
    status = DBTaskResult.objects.filter(pk=task_id).values_list("status", flat=True).first()
    return status == TaskResultStatus.READY


def _interrupted(status: str, phase: str) -> str:
    if phase in LedgerImport.Phase.values:
        step = LedgerImport.Phase(phase).label
    else:
        step = LedgerImport.Phase.READ.label
    return _(
        "导入在“%(step)s”步骤中断:超过 %(minutes)s 分钟没有任何进展,处理它的后台进程可能已停止。数据库没有任何改动。请点击“重新开始”,或重新上传文件。"
    ) % {"step": step, "minutes": settings.LEDGER_STALL_SECONDS // 60}


def can_restart(job: LedgerImport, user) -> bool:
    return (
        job.status == LedgerImport.Status.FAILED
        and not job.content_cleared_at
        and job.user_id == getattr(user, "pk", None)
    )


def restart_import(job: LedgerImport, *, actor, today: dt.date | None = None) -> LedgerImport:
    """Start a failed upload again from its stored file: its confirmed apply, if it had a
    preview without errors (run_apply validates it again, and a zone changed since goes back to
    a new preview), else its validation. Only its uploader restarts it, only once however often
    the button is pressed."""
    if job.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("只能重新开始您自己上传的台账。"))
    if not can_restart(job, actor):
        raise PermissionDenied(
            _("这份台账当前不能重新开始(状态:%(status)s)。") % {"status": job.get_status_display()}
        )
    check_may_import(actor, job.zone, create_missing=job.create_missing)
    resume_apply = bool((job.result or {}).get("fingerprint")) and not job.error_count
    status = LedgerImport.Status.APPLYING if resume_apply else LedgerImport.Status.QUEUED
    taken = LedgerImport.objects.filter(pk=job.pk, status=LedgerImport.Status.FAILED).update(
        status=status,
        message="",
        phase=LedgerImport.Phase.VALIDATE if resume_apply else LedgerImport.Phase.READ,
        rows_read=0,
        rows_validated=0,
        rows_written=0,
        updated_at=timezone.now(),
    )
    job.refresh_from_db()
    if not taken:
        return job
    if job.background:
        from zhaoshang.ledger.tasks import apply_import_task, validate_import_task

        task = apply_import_task if resume_apply else validate_import_task
        result = task.enqueue(job.pk)
        LedgerImport.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
        job.refresh_from_db()
        return job
    return _inline(run_apply if resume_apply else run_validation, job, today=today)
