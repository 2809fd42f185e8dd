"""The follow-up workbook (issue 13 item 6, docs/followup.md): what the investors of signed projects
promised (履约承诺) and the after-care tickets (要素保障), a sheet each, exported and imported with
the work sheets' engine (worksheets.py): the file checked before it is read, every error with its
sheet, row, column and value, a preview, all of it or nothing. Every row is written through the
followup services as the person importing, so the permission policy and the services' checks
hold as they do on the pages (a member imports only for the projects of their unit).

A workbook of its own, not two more sheets of the work's: the project service desk keeps it, sends
the 要素保障 sheet to the departments and takes it back filled in, and that file carries no visit
logs. A sheet is known by its headers: 承诺开工日期 makes it promises, 办结时限 tickets.

Promises are one per project: a row sets the project's promise (a blank cell clears that item,
an absent column keeps it). A ticket is the same ticket when its project, problem (问题) and date
raised match: its status, dates, department, notes and result are brought to the row's. So an
exported workbook imports again without writing anything, and into an empty copy of the zone
gives the same records."""

import io
from decimal import Decimal
from typing import Any, BinaryIO, ClassVar

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.core.amounts import parse_wan
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.followup import selectors, services
from zhaoshang.followup.models import Commitment, Ticket
from zhaoshang.ledger.worksheets import (
    CREATED,
    UNCHANGED,
    UPDATED,
    CellError,
    Column,
    RowReader,
    SheetKind,
    WorkImport,
    Writer,
    apply_sheets,
    read_sheets,
    write_sheets,
)
from zhaoshang.org.models import Zone

COMMITMENT_COLUMNS = [
    Column("项目编号", "project", "project", 13),
    Column("项目名称", "name", "shown", 26),
    Column("责任单位", "unit", "shown", 12),
    Column("签约日期", "signed_date", "shown", 11),
    Column("承诺开工日期", "start_date", "date", 11),
    Column("承诺投产日期", "production_date", "date", 11),
    Column("承诺投资额(万元)", "investment_wan", "amount", 12),
    Column("承诺年产值(万元)", "annual_output_wan", "amount", 12),
    Column("承诺年税收(万元)", "annual_tax_wan", "amount", 12),
    Column("备注", "note", "text", 24),
]
TICKET_COLUMNS = [
    Column("项目编号", "project", "project", 13),
    Column("项目名称", "name", "shown", 20),
    Column("类别", "category", "category", 9),
    Column("问题", "title", "text", 24),
    Column("责任部门", "department", "text", 12),
    Column("提出日期", "opened_on", "date", 11),
    Column("办结时限", "deadline", "date", 11),
    Column("状态", "status", "status", 9),
    Column("办结日期", "closed_on", "date", 11),
    Column("办理天数", "days_taken", "shown", 7),
    Column("情况说明", "notes", "text", 20),
    Column("办理结果", "resolution", "text", 20),
]
FOLLOWUP_SHEETS = [
    SheetKind("commitments", gettext_lazy("履约承诺"), COMMITMENT_COLUMNS, "承诺开工日期"),
    SheetKind("tickets", gettext_lazy("要素保障"), TICKET_COLUMNS, "办结时限"),
]
REQUIRED = {
    "commitments": ["project"],
    "tickets": ["project", "category", "title", "department", "opened_on", "deadline"],
}
PROMISES = ["start_date", "production_date", "investment_wan", "annual_output_wan"]
PROMISES += ["annual_tax_wan", "note"]


# --- export -----------------------------------------------------------------------------------


def export_followup(out: BinaryIO, *, zone: Zone, viewer) -> None:
    """The signed projects the viewer may see with what their investors promised (blank where
    nothing is recorded yet, to be filled in) and the tickets of those projects."""
    write_sheets(
        out,
        FOLLOWUP_SHEETS,
        {
            "commitments": lambda: _commitment_rows(zone, viewer),
            "tickets": lambda: _ticket_rows(zone, viewer),
        },
    )


def _commitment_rows(zone: Zone, viewer):
    for project in selectors.signed_with_commitments(zone, viewer):
        promise = getattr(project, "commitment", None)
        yield [
            project.code,
            project.name,
            project.unit.name if project.unit else "",
            project.signed_date,
            *([getattr(promise, name) for name in PROMISES] if promise else [None] * len(PROMISES)),
        ]


def _ticket_rows(zone: Zone, viewer):
    for t in selectors.zone_tickets(zone, viewer):
        yield [
            t.project.code,
            t.project.name,
            t.get_category_display(),
            t.title,
            t.department,
            t.opened_on,
            t.deadline,
            t.get_status_display(),
            t.closed_on,
            t.days_taken,
            t.notes,
            t.resolution,
        ]


def export_bytes(*, zone: Zone, viewer) -> bytes:
    out = io.BytesIO()
    export_followup(out, zone=zone, viewer=viewer)
    return out.getvalue()


# --- import -----------------------------------------------------------------------------------


def import_followup(
    content: bytes, filename: str, *, zone: Zone, actor, dry_run: bool, today=None
) -> WorkImport:
    """Every row of both sheets through the followup services, in one transaction: kept only
    when no row has an error and this is not a preview."""
    return apply_sheets(
        read_sheets(content, filename, FOLLOWUP_SHEETS),
        WorkImport.of(FOLLOWUP_SHEETS),
        reader=FollowupReader(zone=zone, actor=actor, today=today or shanghai_today()),
        required=REQUIRED,
        writers=WRITERS,
        dry_run=dry_run,
    )


def _choices(choices) -> dict[str, str]:
    """A choice's value and its label in Chinese or English (an export in either language
    imports again), each → value."""
    known = {value: value for value in choices.values}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            known |= {str(label): value for value, label in choices.choices}
    return known


def _chinese_labels(choices) -> str:
    with translation.override("zh-hans"):
        return "、".join(str(label) for label in choices.labels)


class FollowupReader(RowReader):
    """The work's cell reader, with amounts, a project (by code, among those the person importing
    may see) and the tickets' category and status."""

    RAW_KINDS: ClassVar[set[str]] = {"date", "amount"}

    def read_amount(self, raw) -> Decimal | None:
        try:
            return parse_wan(raw, required=False)
        except ValidationError as exc:
            raise CellError(" ".join(exc.messages)) from exc

    def read_project(self, text: str):
        if not text:
            raise CellError(_("请填写项目编号。"))
        return super().read_project(text)

    def read_category(self, text: str) -> str:
        known = _choices(Ticket.Category)
        if text not in known:
            raise CellError(
                _("类别须为:%(choices)s") % {"choices": _chinese_labels(Ticket.Category)}
            )
        return known[text]

    def read_status(self, text: str) -> str:
        """A blank status keeps the ticket's (a new ticket opens as 待办): a department sending the
        sheet back with the column left empty does not reopen what was closed."""
        if not text:
            return ""
        known = _choices(Ticket.Status)
        if text not in known:
            raise CellError(_("状态须为:%(choices)s") % {"choices": _chinese_labels(Ticket.Status)})
        return known[text]


def _write_commitment(reader: FollowupReader, values: dict) -> str:
    project = values["project"]
    promise = Commitment.objects.filter(project=project).first()
    current: dict[str, Any] = {
        name: getattr(promise, name) if promise else (None if name != "note" else "")
        for name in PROMISES
    }
    wanted = current | {name: values[name] for name in PROMISES if name in values}
    wanted["note"] = wanted["note"] or ""
    if wanted == current:
        return UNCHANGED  # the same promise, or a row left blank for a project with none
    services.set_commitment(
        project=project, actor=reader.actor, today=reader.today, source="import", **wanted
    )
    return UPDATED if promise else CREATED


TICKET_CHANGES = ["status", "closed_on", "deadline", "department", "notes", "resolution"]


def _write_ticket(reader: FollowupReader, values: dict) -> str:
    project = values["project"]
    found = Ticket.objects.filter(
        project=project, title=values["title"].strip(), opened_on=values["opened_on"]
    ).first()
    if found is not None and found.category != values["category"]:
        raise ValidationError(
            {
                "category": _("项目 %(code)s 的事项“%(title)s”类别为%(category)s,导入不能改类别。")
                % {
                    "code": project.code,
                    "title": found.title,
                    "category": found.get_category_display(),
                }
            }
        )
    if found is None:
        found = services.open_ticket(
            project=project,
            actor=reader.actor,
            today=reader.today,
            source="import",
            **{k: values.get(k) or "" for k in ("category", "title", "department", "notes")},
            opened_on=values["opened_on"],
            deadline=values["deadline"],
        )
        outcome = CREATED
    else:
        outcome = UPDATED
    changes = {name: values[name] for name in TICKET_CHANGES if name in values}
    changes = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    if not changes.get("status"):
        changes.pop("status", None)
    if changes.get("status", found.status) not in services.CLOSED:
        if changes.get("closed_on"):
            raise ValidationError(
                {"closed_on": _("只有已解决或无法解决的事项才有办结日期,请清空或改状态。")}
            )
        changes.pop("resolution", None)  # kept as it is until the ticket is closed
    if all(getattr(found, name) == value for name, value in changes.items()):
        return outcome if outcome == CREATED else UNCHANGED
    services.update_ticket(
        ticket=found,
        actor=reader.actor,
        today=reader.today,
        source="import",
        **{"status": found.status, **changes},
    )
    return outcome


WRITERS: dict[str, Writer] = {"commitments": _write_commitment, "tickets": _write_ticket}


def summary(result: WorkImport) -> str:
    """One line of what an import did (or would do), for the command and the page."""
    return _(
        "履约承诺:新增 %(c)s、修改 %(cu)s、未变 %(cs)s;要素保障:新增 %(t)s、修改 %(tu)s、未变 %(ts)s"
    ) % {
        "c": result.created["commitments"],
        "cu": result.updated["commitments"],
        "cs": result.unchanged["commitments"],
        "t": result.created["tickets"],
        "tu": result.updated["tickets"],
        "ts": result.unchanged["tickets"],
    }
