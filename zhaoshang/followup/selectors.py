"""Reads of the follow-up (docs/followup.md): overdue starts as of any date (conditions computed
in the database), the tickets board and the departments' record, and the clocks on major leads.
Figures are the zone's; lists hold what the viewer may see (org.permissions)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan

from zhaoshang.core.amounts import percent
from zhaoshang.followup.models import FollowupSettings, Notice, ResponseStep, Ticket
from zhaoshang.followup.workdays import Calendar
from zhaoshang.org import permissions
from zhaoshang.org.models import Unit, Zone
from zhaoshang.projects.models import Project
from zhaoshang.stats.selectors import ZERO, cached, counted_projects, project_count, rules_of

LEVELS = ["yellow", "red", "escalated"]


def settings_of(zone: Zone) -> FollowupSettings:
    """The zone's settings; the defaults (unsaved) until an admin saves them."""
    found = FollowupSettings.objects.filter(zone=zone).first()
    return found or FollowupSettings(zone=zone)


# --- overdue starts -----------------------------------------------------------------------------


def _late_by(settings: FollowupSettings, as_of: dt.date, days: int) -> Q:
    """Due to start at least `days` days before the as-of date: the promised start date, or
    with none, the signing date plus the zone's days (SIGNED_WITHOUT_START_DAYS by default)."""
    promised = Q(commitment__start_date__lte=as_of - dt.timedelta(days=days))
    signed = Q(commitment__start_date__isnull=True) & Q(
        signed_date__lte=as_of - dt.timedelta(days=settings.start_due_days + days)
    )
    return promised | signed


def not_started(as_of: dt.date) -> Q:
    """Signed by the as-of date and by then neither started nor ended (a completion without a
    start date is a data gap, listed as such)."""
    return (
        Q(signed_date__lte=as_of)
        & ~Q(started_date__lte=as_of)
        & ~Q(completed_date__lte=as_of)
        & ~Q(operating_date__lte=as_of)
        & ~Q(dropped_date__lte=as_of)
    )


def overdue_conditions(settings: FollowupSettings, as_of: dt.date) -> dict[str, Q]:
    """overdue_start and its three levels: yellow from the day after the due date, red from
    `red_after_days` late, escalated (督办) from `escalate_after_days` late."""
    base = not_started(as_of)
    late = base & _late_by(settings, as_of, 1)
    red = base & _late_by(settings, as_of, settings.red_after_days)
    escalated = base & _late_by(settings, as_of, settings.escalate_after_days)
    return {
        "overdue_start": late,
        "yellow": late & ~red,
        "red": red & ~escalated,
        "escalated": escalated,
    }


def overdue_starts(
    projects: QuerySet[Project], as_of: dt.date, settings: FollowupSettings | None = None
) -> QuerySet[Project]:
    """The projects among `projects` whose start is overdue on the as-of date."""
    if settings is None:
        first = projects.first()
        settings = settings_of(first.zone) if first else FollowupSettings()
    return projects.filter(overdue_conditions(settings, as_of)["overdue_start"])


@dataclass(frozen=True)
class OverdueSummary:
    count: int
    amount_wan: Decimal
    levels: dict[str, int]
    by_unit: dict[int | None, int] = field(default_factory=dict)


def overdue_summary(
    zone: Zone,
    as_of: dt.date,
    *,
    settings: FollowupSettings | None = None,
    projects: QuerySet[Project] | None = None,
) -> OverdueSummary:
    """The zone's overdue starts on the as-of date, counted among the projects the counting
    rules in force that day count (`projects`, if the caller has them), by level and by unit:
    one grouped query. Grouped by industry, park and unit, the columns the figures' covering
    index leads with (projects' migration 0013), so SQLite reads that index alone in order, not
    each project's row; folded into units here."""
    settings = settings or settings_of(zone)
    conds = overdue_conditions(settings, as_of)
    if projects is None:
        projects = counted_projects(zone, rules_of(zone, as_of))
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in projects.filter(conds["overdue_start"])
        .values("industry", "park", "unit")
        .annotate(
            amount=Sum("total_investment_wan"),
            **{key: project_count(cond) for key, cond in conds.items()},
        )
        .order_by()
    ]
    by_unit: dict[int | None, int] = {}
    for row in rows:
        by_unit[row["unit"]] = by_unit.get(row["unit"], 0) + row["overdue_start"]
    return OverdueSummary(
        count=sum(row["overdue_start"] for row in rows),
        amount_wan=sum((row["amount"] or ZERO for row in rows), ZERO),
        levels={level: sum(row[level] for row in rows) for level in LEVELS},
        by_unit=by_unit,
    )


@dataclass(frozen=True)
class OverdueStatus:
    """One project's start against its due date on a day."""

    due: dt.date | None  # None: not signed, or already started or ended
    promised: bool
    days_late: int
    level: str  # "" (not late), yellow, red or escalated


def start_status(project: Project, as_of: dt.date, settings: FollowupSettings) -> OverdueStatus:
    """The same rule as overdue_conditions, for one project already read (its page)."""
    ended = [project.started_date, project.completed_date, project.operating_date]
    ended.append(project.dropped_date)
    signed = project.signed_date
    if signed is None or signed > as_of or any(d is not None and d <= as_of for d in ended):
        return OverdueStatus(due=None, promised=False, days_late=0, level="")
    commitment = getattr(project, "commitment", None)
    promised = commitment is not None and commitment.start_date is not None
    due = (
        commitment.start_date
        if commitment is not None and commitment.start_date is not None
        else signed + dt.timedelta(days=settings.start_due_days)
    )
    late = (as_of - due).days
    return OverdueStatus(
        due=due, promised=promised, days_late=max(late, 0), level=level_of(late, settings)
    )


def level_of(days_late: int, settings: FollowupSettings) -> str:
    if days_late < 1:
        return ""
    if days_late >= settings.escalate_after_days:
        return "escalated"
    if days_late >= settings.red_after_days:
        return "red"
    return "yellow"


def overdue_list(zone: Zone, as_of: dt.date, viewer, unit_id: int | None = None) -> list[dict]:
    """The overdue starts the viewer may see, latest due first, each with its status."""
    settings = settings_of(zone)
    projects = counted_projects(zone, rules_of(zone, as_of))
    shown = permissions.visible(viewer, overdue_starts(projects, as_of, settings), zone)
    if unit_id is not None:
        shown = shown.filter(unit_id=unit_id)
    rows = []
    for project in shown.select_related("unit", "company", "commitment"):
        rows.append({"project": project, "status": start_status(project, as_of, settings)})
    rows.sort(key=lambda row: (-row["status"].days_late, row["project"].code))
    return rows


# --- after-care tickets ---------------------------------------------------------------------


def open_on(as_of: dt.date) -> Q:
    return Q(opened_on__lte=as_of) & (Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))


def overdue_on(as_of: dt.date) -> Q:
    return open_on(as_of) & Q(deadline__lt=as_of)


def tickets(
    zone: Zone, viewer, *, department: str = "", status: str = "", as_of: dt.date
) -> QuerySet[Ticket]:
    """The board: the tickets the viewer may see (by their project's unit), filtered."""
    found = permissions.visible(viewer, Ticket.objects.all(), zone, via="project__")
    if department:
        found = found.filter(department=department)
    if status == "overdue":
        found = found.filter(overdue_on(as_of))
    elif status:
        found = found.filter(status=status)
    return found.select_related("project", "project__unit").order_by("status", "deadline", "pk")


def departments(zone: Zone) -> list[str]:
    return list(
        Ticket.objects.filter(zone=zone).values_list("department", flat=True).distinct().order_by()
    )


@dataclass(frozen=True)
class DepartmentRecord:
    department: str
    opened: int
    resolved: int
    unresolvable: int
    open: int
    overdue: int
    average_days: Decimal | None

    @property
    def resolution_rate(self) -> Decimal | None:
        """Resolved as a share of the tickets raised by the as-of date."""
        return percent(self.resolved, self.opened) if self.opened else None


def department_records(zone: Zone, as_of: dt.date) -> list[DepartmentRecord]:
    """Per department, as of the date: tickets raised, resolved, closed unresolved, open,
    overdue, and the average days a resolved one took. One grouped query; the zone's total
    last (department "")."""
    resolved = Q(status=Ticket.Status.RESOLVED, closed_on__lte=as_of)
    unresolvable = Q(status=Ticket.Status.UNRESOLVABLE, closed_on__lte=as_of)
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in Ticket.objects.filter(zone=zone, opened_on__lte=as_of)
        .values("department")
        .annotate(
            opened=Count("pk"),
            resolved=Count("pk", filter=resolved),
            unresolvable=Count("pk", filter=unresolvable),
            open=Count("pk", filter=open_on(as_of)),
            overdue=Count("pk", filter=overdue_on(as_of)),
            days=Sum("days_taken", filter=resolved),
        )
        .order_by("department")
    ]
    if not rows:
        return []
    total = {
        key: sum(row[key] or 0 for row in rows)
        for key in ("opened", "resolved", "unresolvable", "open", "overdue", "days")
    }
    return [_record(row["department"], row) for row in rows] + [_record("", total)]


def _record(department: str, row: dict) -> DepartmentRecord:
    days, resolved = row["days"], row["resolved"]
    return DepartmentRecord(
        department=department,
        opened=row["opened"],
        resolved=resolved,
        unresolvable=row["unresolvable"],
        open=row["open"],
        overdue=row["overdue"],
        average_days=(Decimal(days) / resolved).quantize(Decimal("0.1")) if resolved else None,
    )


# --- response time limits -----------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    step: str
    label: str
    due: dt.date
    done_on: dt.date | None

    @property
    def late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due


@dataclass
class LeadClocks:
    project: Project
    clocks: list[Clock]
    as_of: dt.date

    @property
    def overdue(self) -> list[Clock]:
        return [c for c in self.clocks if c.done_on is None and c.due < self.as_of]


def major_leads(zone: Zone, as_of: dt.date, settings: FollowupSettings) -> QuerySet[Project]:
    """The leads the time limits apply to: of the zone's threshold or more, registered by the
    as-of date (on or after the rules' first day, if set) and not dropped by then."""
    leads = Project.objects.filter(
        zone=zone,
        total_investment_wan__gte=settings.major_lead_wan,
        lead_date__lte=as_of,
    ).exclude(dropped_date__lte=as_of)
    if settings.rules_from:
        leads = leads.filter(lead_date__gte=settings.rules_from)
    return leads


def lead_clocks(
    zone: Zone, as_of: dt.date, viewer, *, overdue_only: bool = False, unit_id: int | None = None
) -> list[LeadClocks]:
    """Each major lead the viewer may see (of one unit, if given) with its steps' due dates and
    when they were done: answered, assessed and its referrer told within working days of
    registration, and a report every N days while it is not yet signed. A few queries, whatever
    the number of leads."""
    settings = settings_of(zone)
    leads = permissions.visible(viewer, major_leads(zone, as_of, settings), zone)
    if unit_id is not None:
        leads = leads.filter(unit_id=unit_id)
    found = _with_clocks(leads.select_related("unit"), zone, as_of, settings)
    return [lead for lead in found if lead.overdue or not overdue_only]


LAST_REPORTED = "last_reported"


def _with_clocks(leads: QuerySet[Project], zone: Zone, as_of, settings) -> list[LeadClocks]:
    """The leads with their clocks: each step's first date (the last report's) read with the
    leads in one query, annotated in the database."""
    done_by = {"response_steps__done_on__lte": as_of}
    firsts = {
        f"first_{step}": Min(
            "response_steps__done_on", filter=Q(response_steps__step=step, **done_by)
        )
        for step in ResponseStep.Step.values
        if step != ResponseStep.Step.REPORTED
    }
    last_report = Max(
        "response_steps__done_on",
        filter=Q(response_steps__step=ResponseStep.Step.REPORTED, **done_by),
    )
    leads = leads.annotate(**firsts, **{LAST_REPORTED: last_report}).order_by("-lead_date", "code")
    calendar = Calendar(zone)
    result = []
    for project in leads:
        found = {name.removeprefix("first_"): getattr(project, name) for name in firsts}
        found[ResponseStep.Step.REPORTED.value] = getattr(project, LAST_REPORTED)
        done = {step: [day] for step, day in found.items() if day is not None}
        clocks = _clocks(project, done, as_of, settings, calendar)
        result.append(LeadClocks(project=project, clocks=clocks, as_of=as_of))
    return result


@dataclass(frozen=True)
class UnitOverdueSteps:
    unit_id: int | None
    unit_name: str
    leads: int  # leads with at least one step overdue
    steps: int  # overdue steps


def overdue_steps_by_unit(
    zone: Zone, as_of: dt.date, settings: FollowupSettings | None = None
) -> list[UnitOverdueSteps]:
    """The zone's major leads with steps overdue on the as-of date, per unit (the zone's figures,
    as the 督办 page, the unit pages and the dashboard flag them to the units and the director):
    counted in the database, whatever the number of leads — the same steps `_clocks` finds late
    one lead at a time. Most leads have no step recorded, and theirs are late by their dates
    alone: those are counted apart from the few with steps, whose conditions look the steps up.
    Units in their order, the leads no unit owns last. Grouped by industry, park and unit, the
    columns the figures' covering index leads with (projects' migration 0013), so SQLite counts
    the leads with no step from that index alone; folded into units, named apart."""
    settings = settings or settings_of(zone)
    leads = major_leads(zone, as_of, settings)
    stepped = ResponseStep.objects.filter(zone=zone, done_on__lte=as_of).values("project_id")
    calendar = Calendar(zone)
    counts: dict[int | None, dict[str, int]] = {}
    for part, with_steps in (
        (leads.exclude(pk__in=stepped), False),
        (leads.filter(pk__in=stepped), True),
    ):
        late = late_step_conditions(calendar, as_of, settings, with_steps=with_steps)
        rows = (
            part.values("industry", "park", "unit")
            .annotate(
                late_leads=project_count(_any(late.values())),
                **{f"late_{step}": project_count(cond) for step, cond in late.items()},
            )
            .filter(late_leads__gt=0)
            .order_by()
        )
        found_rows: list[dict[str, Any]] = [dict(row) for row in rows]
        for row in found_rows:
            found = counts.setdefault(row["unit"], {"leads": 0, "steps": 0})
            found["leads"] += row["late_leads"]
            found["steps"] += sum(row[f"late_{step}"] for step in late)
    units = {unit.pk: unit for unit in Unit.objects.filter(zone=zone)}
    ordered = sorted(
        counts,
        key=lambda pk: (pk is None, units[pk].sort_order if pk else 0, pk or 0),
    )
    return [
        UnitOverdueSteps(
            unit_id=pk,
            unit_name=units[pk].name if pk else "",
            leads=counts[pk]["leads"],
            steps=counts[pk]["steps"],
        )
        for pk in ordered
    ]


def late_step_conditions(
    calendar: Calendar, as_of: dt.date, settings: FollowupSettings, *, with_steps: bool = True
) -> dict[str, Q]:
    """Per step, the major leads whose step is late on the as-of date, as conditions on the lead:
    answered, assessed and told are late when not done by then and the working-day limit ended
    before it (a lead registered on or before the step's last start date, see
    Calendar.latest_start_due_before); the report is late on a lead not signed by then when the
    last report (or the registration) is more than the zone's days old. Without `with_steps`,
    for leads with no step done by the as-of date: their dates alone, no step looked up."""
    done = ResponseStep.objects.filter(project=OuterRef("pk"), done_on__lte=as_of)
    limits = {
        ResponseStep.Step.ANSWERED: settings.answer_workdays,
        ResponseStep.Step.ASSESSED: settings.assess_workdays,
        ResponseStep.Step.TOLD: settings.tell_workdays,
    }
    late: dict[str, Q] = {
        step.value: Q(lead_date__lte=calendar.latest_start_due_before(as_of, days))
        & (Q(~Exists(done.filter(step=step))) if with_steps else Q())
        for step, days in limits.items()
    }
    reported_since: Any = F("lead_date")
    if with_steps:
        last_report = done.filter(step=ResponseStep.Step.REPORTED).order_by("-done_on")
        reported_since = Coalesce(Subquery(last_report.values("done_on")[:1]), "lead_date")
    unsigned = Q(signed_date__isnull=True) | Q(signed_date__gt=as_of)
    report_due_before = as_of - dt.timedelta(days=settings.report_every_days)
    late[ResponseStep.Step.REPORTED.value] = unsigned & Q(
        GreaterThan(Value(report_due_before), reported_since)
    )
    return late


def _any(conditions) -> Q:
    found = Q()
    for cond in conditions:
        found |= cond
    return found


def _clocks(project, done: dict, as_of, settings, calendar: Calendar) -> list[Clock]:
    assert project.lead_date is not None
    limits = [
        (ResponseStep.Step.ANSWERED, settings.answer_workdays),
        (ResponseStep.Step.ASSESSED, settings.assess_workdays),
        (ResponseStep.Step.TOLD, settings.tell_workdays),
    ]
    clocks = [
        Clock(
            step=step.value,
            label=str(step.label),
            due=calendar.add_workdays(project.lead_date, days),
            done_on=min(done[step.value]) if step.value in done else None,
        )
        for step, days in limits
    ]
    signed = project.signed_date is not None and project.signed_date <= as_of
    if not signed:
        reports = sorted(done.get(ResponseStep.Step.REPORTED.value, []))
        last = reports[-1] if reports else project.lead_date
        clocks.append(
            Clock(
                step=ResponseStep.Step.REPORTED.value,
                label=str(ResponseStep.Step.REPORTED.label),
                due=last + dt.timedelta(days=settings.report_every_days),
                done_on=None,
            )
        )
    return clocks


def project_clocks(
    project: Project, as_of: dt.date, settings: FollowupSettings | None = None
) -> LeadClocks | None:
    """The clocks on one lead, or None where the time limits do not apply to it."""
    settings = settings or settings_of(project.zone)
    leads = major_leads(project.zone, as_of, settings).filter(pk=project.pk)
    if project.lead_date is None or not leads.exists():
        return None
    done: dict[str, list[dt.date]] = {}
    for step, done_on in project.response_steps.filter(done_on__lte=as_of).values_list(
        "step", "done_on"
    ):
        done.setdefault(step, []).append(done_on)
    found = _clocks(project, done, as_of, settings, Calendar(project.zone))
    return LeadClocks(project=project, clocks=found, as_of=as_of)


def project_followup(project: Project, viewer, as_of: dt.date) -> dict:
    """What the project page shows of the follow-up: the promise, the start against its due date,
    the tickets, and the clocks if the time limits apply to it."""
    settings = settings_of(project.zone)
    clocks = project_clocks(project, as_of, settings)
    return {
        "settings": settings,
        "status": start_status(project, as_of, settings),
        "commitment": getattr(project, "commitment", None),
        "tickets": list(project.tickets.order_by("status", "deadline", "pk")),
        "notices": list(project.notices.select_related("issued_by", "ticket")),
        "can_issue": permissions.can_manage(viewer, project.zone),
        "can_instruct": permissions.can_instruct(viewer, project.zone),
        "clocks": clocks,
        "as_of": as_of,
        "can_change": permissions.can_change(viewer, project),
    }


# --- 督办 ---------------------------------------------------------------------------------------


def notices(zone: Zone, viewer, *, unit_id: int | None = None, open_only: bool = True):
    """The notices the viewer may see (members: their unit's), unanswered ones by default."""

    found = permissions.visible(viewer, Notice.objects.all(), zone)
    if unit_id is not None:
        found = found.filter(unit_id=unit_id)
    if open_only:
        found = found.filter(responded_on__isnull=True)
    return found.select_related("project", "ticket", "unit", "issued_by").order_by(
        "unit__sort_order", "unit_id", "-issued_on", "-pk"
    )


def open_notices_by_unit(zone: Zone) -> list[dict]:
    """Unanswered notices per unit and kind, for the 督办 page's summary: one grouped query."""

    rows = (
        Notice.objects.filter(zone=zone, responded_on__isnull=True)
        .values("unit", "unit__name", "unit__sort_order")
        .annotate(
            **{kind: Count("pk", filter=Q(kind=kind)) for kind in Notice.Kind.values},
            total=Count("pk"),
        )
        .order_by("unit__sort_order", "unit")
    )
    return [dict(row) for row in rows]


# --- the follow-up workbook (ledger.followsheets) -------------------------------------------------


def signed_with_commitments(zone: Zone, viewer) -> QuerySet[Project]:
    """The signed projects the viewer may see (every one of the zone's for the system: viewer
    None), each with its promise if it has one, by code."""
    projects = Project.objects.filter(zone=zone, signed_date__isnull=False)
    if viewer is not None:
        projects = permissions.visible(viewer, projects, zone)
    return projects.select_related("unit", "commitment").order_by("code")


def zone_tickets(zone: Zone, viewer) -> QuerySet[Ticket]:
    """The tickets the viewer may see (every one of the zone's for the system: viewer None), by
    project and date raised."""
    found = Ticket.objects.filter(zone=zone)
    if viewer is not None:
        found = permissions.visible(viewer, found, zone, via="project__")
    return found.select_related("project").order_by("project__code", "opened_on", "pk")


def cached_zone_summary(
    zone: Zone, as_of: dt.date
) -> tuple[list[UnitOverdueSteps], OverdueSummary, list[DepartmentRecord]]:
    """The zone's follow-up figures the dashboard shows on the as-of date: late steps per unit,
    overdue starts, the departments' tickets. Cached with the zone's data (stats.selectors.cached):
    at a province's scale the late steps alone take a second."""

    def compute():
        settings = settings_of(zone)
        return (
            overdue_steps_by_unit(zone, as_of, settings),
            overdue_summary(zone, as_of, settings=settings),
            department_records(zone, as_of),
        )

    return cached(zone, f"followup:{as_of}", compute)
