"""Following through in the API: a signed project's commitment, after-care tickets (要素保障),
督办 notices and leaders' instructions, and the clocks on a major lead. Like the pages
(/followup/): contributors (全员招商) have none of it (403); leaders read and write instructions;
members read and change their unit's. Reads through selectors and the permission policy, writes
through services. The ranking of units is the targets app's (targets/api.py)."""

import datetime as dt
import enum
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from zhaoshang.core.amounts import parse_wan
from zhaoshang.core.api import READ_ERRORS, WRITE_ERRORS, VersionConflict, require_version, wan_text
from zhaoshang.core.dates import date_error
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.models import Source
from zhaoshang.core.versions import StaleEdit
from zhaoshang.followup import selectors, services
from zhaoshang.followup.models import Commitment, Notice, Ticket
from zhaoshang.org import permissions
from zhaoshang.org.api import api_zone
from zhaoshang.org.models import Zone
from zhaoshang.projects.models import Project

router = Router(tags=["followup"])

MAX_PAGE = 500
Category = enum.Enum("Category", {c.name: c.value for c in Ticket.Category}, type=str)  # type: ignore[misc]  # members from the model's choices
TicketStatus = enum.Enum("TicketStatus", {s.name: s.value for s in Ticket.Status}, type=str)  # type: ignore[misc]  # members from the model's choices
BoardStatus = enum.Enum(  # type: ignore[misc]  # members from the model's choices
    "BoardStatus", {**{s.name: s.value for s in Ticket.Status}, "OVERDUE": "overdue"}, type=str
)
NoticeKind = enum.Enum("NoticeKind", {k.name: k.value for k in Notice.Kind}, type=str)  # type: ignore[misc]  # members from the model's choices
BOARD_STATUS = Query(None, description="a status, or overdue on `as_of`")


def _follow_up(request, zone: Zone) -> Zone:
    if not permissions.can_follow_up(request.user, zone):
        raise PermissionDenied(_("全员招商不查看项目跟踪服务。"))
    return zone


def _project(request, pk: int) -> Project:
    """A project the user may see, in a zone where they follow up; any other is 404."""
    projects = permissions.visible(request.user, Project.objects.select_related("zone"))
    project = get_object_or_404(projects, pk=pk)
    _follow_up(request, project.zone)
    return project


def _as_of(as_of: dt.date | None) -> dt.date:
    today = shanghai_today()
    if as_of is None:
        return today
    if message := date_error(as_of, today=today, subject=_("截止日期")):
        raise ValidationError({"as_of": message})
    return as_of


def _amounts(data: dict, names: tuple[str, ...]) -> dict:
    """Amounts as people type them (12亿, 8000万, or 万元), each refusal naming its field."""
    values, errors = {}, {}
    for name in names:
        try:
            values[name] = parse_wan(data.get(name), required=False)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return values


def _stale(record, shown: Callable, exc: StaleEdit) -> VersionConflict:
    record.refresh_from_db()
    return VersionConflict(current=shown(record), message=exc.messages[0])


# --- commitments --------------------------------------------------------------------------------


class CommitmentOut(Schema):
    id: int | None = Field(description="null: nothing promised recorded yet")
    version: int = Field(description="0 until a commitment is recorded")
    project_id: int
    start_date: dt.date | None
    production_date: dt.date | None
    investment_wan: str | None
    annual_output_wan: str | None
    annual_tax_wan: str | None
    note: str


class CommitmentIn(Schema):
    version: int | None = Field(None, description="the commitment's version (0: none yet)")
    start_date: dt.date | None = None
    production_date: dt.date | None = None
    investment_wan: str | None = Field(None, max_length=40)
    annual_output_wan: str | None = Field(None, max_length=40)
    annual_tax_wan: str | None = Field(None, max_length=40)
    note: str = Field("", max_length=1000)


AMOUNTS = ("investment_wan", "annual_output_wan", "annual_tax_wan")


def shown_commitment(project: Project) -> dict:
    found = Commitment.objects.filter(project=project).first()
    return {
        "id": found.pk if found else None,
        "version": found.version if found else 0,
        "project_id": project.pk,
        "start_date": found.start_date if found else None,
        "production_date": found.production_date if found else None,
        **{name: wan_text(getattr(found, name)) if found else None for name in AMOUNTS},
        "note": found.note if found else "",
    }


@router.get(
    "/projects/{pk}/commitment",
    response={200: CommitmentOut, **READ_ERRORS},
    summary="履约承诺 / a project's commitment",
)
def get_commitment(request, pk: int):
    return shown_commitment(_project(request, pk))


@router.put(
    "/projects/{pk}/commitment",
    response={200: CommitmentOut, **WRITE_ERRORS},
    summary="登记或修改履约承诺",
    description="The whole commitment: a field left out is cleared. `version`: the current one.",
)
def put_commitment(request, pk: int, payload: CommitmentIn):
    project = _project(request, pk)
    current = shown_commitment(project)
    require_version(payload.version, current["version"], shown=current)
    data = payload.dict()
    try:
        services.set_commitment(
            project=project,
            actor=request.user,
            start_date=payload.start_date,
            production_date=payload.production_date,
            note=payload.note,
            today=shanghai_today(),
            source=Source.API,
            expected_version=payload.version,
            **_amounts(data, AMOUNTS),
        )
    except StaleEdit as exc:
        raise VersionConflict(current=shown_commitment(project), message=exc.messages[0]) from exc
    return shown_commitment(project)


# --- tickets ------------------------------------------------------------------------------------


class TicketOut(Schema):
    id: int
    version: int
    zone: str
    project_id: int
    project_code: str
    category: str
    title: str
    department: str
    opened_on: dt.date
    deadline: dt.date
    status: str
    closed_on: dt.date | None
    days_taken: int | None
    notes: str
    resolution: str


class TicketPage(Schema):
    items: list[TicketOut]
    count: int


class TicketCreate(Schema):
    category: Category
    title: str = Field(..., max_length=200)
    department: str = Field(..., max_length=100)
    opened_on: dt.date
    deadline: dt.date
    notes: str = Field("", max_length=2000)


class TicketPatch(Schema):
    version: int | None = Field(None, description="the version the edit is based on (required)")
    status: TicketStatus | None = None
    closed_on: dt.date | None = Field(None, description="with resolved / cannot resolve")
    resolution: str | None = Field(None, max_length=2000)
    notes: str | None = Field(None, max_length=2000)
    deadline: dt.date | None = None
    department: str | None = Field(None, max_length=100)


def shown_ticket(ticket: Ticket) -> dict:
    return {
        "id": ticket.pk,
        "version": ticket.version,
        "zone": ticket.zone.code,
        "project_id": ticket.project_id,
        "project_code": ticket.project.code,
        "category": ticket.category,
        "title": ticket.title,
        "department": ticket.department,
        "opened_on": ticket.opened_on,
        "deadline": ticket.deadline,
        "status": ticket.status,
        "closed_on": ticket.closed_on,
        "days_taken": ticket.days_taken,
        "notes": ticket.notes,
        "resolution": ticket.resolution,
    }


def _ticket(request, pk: int) -> Ticket:
    tickets = permissions.visible(request.user, Ticket.objects.all(), via="project__")
    ticket = get_object_or_404(tickets.select_related("zone", "project"), pk=pk)
    _follow_up(request, ticket.zone)
    return ticket


@router.get("/tickets", response={200: TicketPage, **READ_ERRORS}, summary="要素保障事项")
def list_tickets(
    request,
    zone: str | None = None,
    department: str = Query("", max_length=100),
    status: BoardStatus | None = BOARD_STATUS,
    as_of: dt.date | None = None,
    limit: int = Query(50, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0),
):
    """The board: the tickets the user may see (by their project's unit), as the page filters."""
    found = _follow_up(request, api_zone(request, zone))
    tickets = selectors.tickets(
        found,
        request.user,
        department=department.strip(),
        status=status.value if status else "",
        as_of=_as_of(as_of),
    ).select_related("zone")
    page = tickets[offset : offset + limit]
    return {"items": [shown_ticket(t) for t in page], "count": tickets.count()}


@router.get("/tickets/{pk}", response={200: TicketOut, **READ_ERRORS}, summary="一个要素保障事项")
def get_ticket(request, pk: int):
    return shown_ticket(_ticket(request, pk))


@router.post(
    "/projects/{pk}/tickets",
    response={201: TicketOut, **WRITE_ERRORS},
    summary="新建要素保障事项 / raise a ticket",
)
def create_ticket(request, pk: int, payload: TicketCreate):
    project = _project(request, pk)
    ticket = services.open_ticket(
        project=project,
        actor=request.user,
        category=payload.category.value,
        title=payload.title,
        department=payload.department,
        opened_on=payload.opened_on,
        deadline=payload.deadline,
        notes=payload.notes,
        today=shanghai_today(),
        source=Source.API,
    )
    return Status(201, shown_ticket(_ticket(request, ticket.pk)))


@router.patch(
    "/tickets/{pk}", response={200: TicketOut, **WRITE_ERRORS}, summary="办理要素保障事项"
)
def update_ticket(request, pk: int, payload: TicketPatch):
    """Partial: a status change (resolved / cannot resolve need `closed_on` and `resolution`),
    notes, deadline, department. What is not sent stays as it is."""
    ticket = _ticket(request, pk)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    require_version(version, ticket.version, shown=shown_ticket(ticket))
    status = data.get("status") or TicketStatus(ticket.status)
    try:
        services.update_ticket(
            ticket=ticket,
            actor=request.user,
            status=status.value,
            closed_on=data.get("closed_on", ticket.closed_on),
            resolution=data.get("resolution") or ticket.resolution,
            notes=data.get("notes"),
            deadline=data.get("deadline"),
            department=data.get("department"),
            version=version,
            today=shanghai_today(),
            source=Source.API,
        )
    except StaleEdit as exc:
        raise _stale(ticket, shown_ticket, exc) from exc
    return shown_ticket(_ticket(request, pk))


# --- 督办 and leaders' instructions --------------------------------------------------------------


class NoticeOut(Schema):
    id: int
    version: int
    zone: str
    project_id: int
    project_code: str
    ticket_id: int | None
    unit_id: int | None
    kind: str
    content: str
    issued_on: dt.date
    deadline: dt.date | None
    issued_by: str | None
    response: str
    responded_on: dt.date | None
    responded_by: str | None


class NoticePage(Schema):
    items: list[NoticeOut]
    count: int


class NoticeCreate(Schema):
    kind: NoticeKind
    content: str = Field(..., max_length=2000)
    issued_on: dt.date
    deadline: dt.date | None = None
    ticket_id: int | None = Field(None, description="a ticket of the project, if it is about one")


class NoticeResponse(Schema):
    version: int | None = Field(None, description="the notice's version (required)")
    response: str = Field(..., max_length=2000)
    responded_on: dt.date


def _name(user) -> str | None:
    return user.get_username() if user is not None else None


def shown_notice(notice: Notice) -> dict:
    return {
        "id": notice.pk,
        "version": notice.version,
        "zone": notice.zone.code,
        "project_id": notice.project_id,
        "project_code": notice.project.code,
        "ticket_id": notice.ticket_id,
        "unit_id": notice.unit_id,
        "kind": notice.kind,
        "content": notice.content,
        "issued_on": notice.issued_on,
        "deadline": notice.deadline,
        "issued_by": _name(notice.issued_by),
        "response": notice.response,
        "responded_on": notice.responded_on,
        "responded_by": _name(notice.responded_by),
    }


def _notice(request, pk: int) -> Notice:
    notices = permissions.visible(request.user, Notice.objects.all()).select_related(
        "zone", "project", "issued_by", "responded_by"
    )
    notice = get_object_or_404(notices, pk=pk)
    _follow_up(request, notice.zone)
    return notice


@router.get("/notices", response={200: NoticePage, **READ_ERRORS}, summary="督办与领导批示")
def list_notices(
    request,
    zone: str | None = None,
    unit: int | None = None,
    open: bool = Query(True, description="only those not answered yet"),
    limit: int = Query(50, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0),
):
    """The notices the user may see (members: their unit's), by unit, newest first."""
    found = _follow_up(request, api_zone(request, zone))
    notices = selectors.notices(found, request.user, unit_id=unit, open_only=open)
    notices = notices.select_related("zone", "responded_by")
    page = notices[offset : offset + limit]
    return {"items": [shown_notice(n) for n in page], "count": notices.count()}


@router.get("/notices/{pk}", response={200: NoticeOut, **READ_ERRORS}, summary="一条督办")
def get_notice(request, pk: int):
    return shown_notice(_notice(request, pk))


@router.post(
    "/projects/{pk}/notices",
    response={201: NoticeOut, **WRITE_ERRORS},
    summary="下发督办或领导批示 / issue a notice",
)
def create_notice(request, pk: int, payload: NoticeCreate):
    """提醒 → 督办单 → 约谈 on a late project or ticket (admins, directors), or a leader's
    instruction (领导批示: leaders, directors, admins)."""
    project = _project(request, pk)
    ticket = None
    if payload.ticket_id is not None:
        ticket = Ticket.objects.filter(pk=payload.ticket_id, project=project).first()
        if ticket is None:
            raise ValidationError(
                {"ticket": _("本开发区没有编号为 %(id)s 的记录。") % {"id": payload.ticket_id}}
            )
    notice = services.issue_notice(
        project=project,
        actor=request.user,
        kind=payload.kind.value,
        content=payload.content,
        issued_on=payload.issued_on,
        deadline=payload.deadline,
        ticket=ticket,
        today=shanghai_today(),
        source=Source.API,
    )
    return Status(201, shown_notice(_notice(request, notice.pk)))


@router.post(
    "/notices/{pk}/respond",
    response={200: NoticeOut, **WRITE_ERRORS},
    summary="反馈落实情况 / answer a notice",
)
def respond_notice(request, pk: int, payload: NoticeResponse):
    notice = _notice(request, pk)
    require_version(payload.version, notice.version, shown=shown_notice(notice))
    try:
        services.respond_notice(
            notice=notice,
            actor=request.user,
            response=payload.response,
            responded_on=payload.responded_on,
            today=shanghai_today(),
            source=Source.API,
            expected_version=payload.version,
        )
    except StaleEdit as exc:
        raise _stale(notice, shown_notice, exc) from exc
    return shown_notice(_notice(request, pk))


# --- the clocks on a major lead -----------------------------------------------------------------


class ClockOut(Schema):
    step: str
    label: str
    due: dt.date
    done_on: dt.date | None
    late: bool = Field(description="done after its due date")
    overdue: bool = Field(description="not done and past its due date on `as_of`")


class ClocksOut(Schema):
    id: int = Field(description="the project's id")
    version: int = Field(description="the project's version")
    code: str
    as_of: dt.date
    applies: bool = Field(description="whether the time limits apply to this lead")
    clocks: list[ClockOut]


@router.get(
    "/projects/{pk}/clocks",
    response={200: ClocksOut, **READ_ERRORS},
    summary="时限管理 / a lead's response steps",
)
def get_clocks(request, pk: int, as_of: dt.date | None = None):
    """The steps of the response to a major lead (answered, assessed, referrer told, reported)
    with their due dates in working days and when they were done."""
    project = _project(request, pk)
    day = _as_of(as_of)
    found = selectors.project_clocks(project, day)
    overdue = {clock.step for clock in found.overdue} if found else set()
    return {
        "id": project.pk,
        "version": project.version,
        "code": project.code,
        "as_of": day,
        "applies": found is not None,
        "clocks": [
            {
                "step": clock.step,
                "label": clock.label,
                "due": clock.due,
                "done_on": clock.done_on,
                "late": clock.late,
                "overdue": clock.step in overdue,
            }
            for clock in (found.clocks if found else [])
        ],
    }
