"""Reads of the team's work, scoped to the viewer by the permission policy, and the figures of
a period (events held, trips made) computed by the database, a fixed number of queries.

A project's last update is the latest of its activities' dates and its milestone dates, one
database expression (`last_update`), so lists of any length annotate it in the same query."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from zhaoshang.companies.models import Company
from zhaoshang.core.aggregates import CommaList, split_list
from zhaoshang.core.fields import WanField
from zhaoshang.fieldwork.models import Activity, Event, Trip
from zhaoshang.org import permissions
from zhaoshang.org.models import Unit, Zone
from zhaoshang.projects.models import Project

ZERO = Decimal("0.00")
# SQLite's MAX() of several values is NULL when one is; a day before any the system takes
# stands in for "none" so that Greatest works alike on both databases.
NEVER = dt.date(1900, 1, 1)
MILESTONE_FIELDS = (
    "lead_date",
    "negotiating_date",
    "substantive_date",
    "signed_date",
    "started_date",
    "completed_date",
    "operating_date",
)


# --- records the viewer may see ---------------------------------------------------------------


def activities(viewer, zone: Zone | None) -> QuerySet[Activity]:
    return permissions.visible(viewer, Activity.objects.all(), zone).select_related(
        "company", "project", "unit", "submitted_by", "trip"
    )


def trips(viewer, zone: Zone | None) -> QuerySet[Trip]:
    return (
        permissions.visible(viewer, Trip.objects.all(), zone)
        .select_related("unit", "submitted_by")
        .prefetch_related("cities", "leads")
        .annotate(met=Count("activities", distinct=True))
    )


def events(viewer, zone: Zone | None) -> QuerySet[Event]:
    return with_results(
        permissions.visible(viewer, Event.objects.all(), zone).select_related(
            "city", "organiser_unit"
        )
    )


def with_results(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Each event's results: projects signed there, their investment (万元), how many of them
    of 1亿 and more, leads and companies — subqueries, so the sums count each project once."""
    signed = Project.objects.filter(signed_at_events=OuterRef("pk")).values("signed_at_events")
    return queryset.annotate(
        signed_count=Coalesce(Subquery(signed.annotate(n=Count("pk")).values("n")), 0),
        signed_amount=Coalesce(
            Subquery(signed.annotate(s=Sum("total_investment_wan")).values("s")),
            Value(ZERO),
            output_field=WanField(),
        ),
        signed_major=Coalesce(
            Subquery(
                signed.filter(total_investment_wan__gte=10000).annotate(n=Count("pk")).values("n")
            ),
            0,
        ),
        lead_count=Coalesce(
            Subquery(
                Project.objects.filter(lead_from_events=OuterRef("pk"))
                .values("lead_from_events")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        ),
        company_count=Coalesce(
            Subquery(
                Company.objects.filter(events=OuterRef("pk"))
                .values("events")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        ),
    )


def in_period(queryset: QuerySet, start: dt.date | None, end: dt.date | None, field: str = "date"):
    if start:
        queryset = queryset.filter(**{f"{field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{field}__lte": end})
    return queryset


def project_activities(viewer, project: Project) -> QuerySet[Activity]:
    """The project's activities the viewer may see, latest first."""
    return activities(viewer, project.zone).filter(project=project)


def company_activities(viewer, company: Company) -> QuerySet[Activity]:
    return activities(viewer, company.zone).filter(company=company)


def company_events(viewer, company: Company) -> QuerySet[Event]:
    return events(viewer, company.zone).filter(companies=company)


def visible_projects(viewer, zone: Zone) -> QuerySet[Project]:
    return permissions.visible(viewer, Project.objects.all(), zone)


def visible_companies(viewer, zone: Zone) -> QuerySet[Company]:
    return permissions.visible(viewer, Company.objects.all(), zone)


# --- a project's last update and the no-update warning -----------------------------------------


def last_activity() -> Subquery:
    """The date of a project's latest activity (None: none recorded), for .annotate()."""
    return Subquery(
        Activity.objects.filter(project=OuterRef("pk"))
        .values("project")
        .annotate(last=Max("date"))
        .values("last"),
        output_field=DateField(),
    )


def last_update() -> Greatest:
    """The latest of the project's activities and milestones, for .annotate()."""
    never = Value(NEVER, output_field=DateField())
    dates = [Coalesce(last_activity(), never)]
    dates += [Coalesce(F(name), never) for name in MILESTONE_FIELDS]
    return Greatest(*dates, output_field=DateField())


def in_progress() -> Q:
    """Negotiating (洽谈, 实质性谈判) or under construction, not paused, not dropped: projects
    someone should be working on (dates are never in the future, so this is today's stage)."""
    open_ = Q(dropped_date__isnull=True, is_paused=False)
    negotiating = (Q(negotiating_date__isnull=False) | Q(substantive_date__isnull=False)) & Q(
        signed_date__isnull=True, started_date__isnull=True
    )
    building = Q(
        started_date__isnull=False, completed_date__isnull=True, operating_date__isnull=True
    )
    return open_ & (negotiating | building)


def stale_cutoff(zone: Zone, today: dt.date) -> dt.date:
    """A project whose last update is before this day has had none in `stale_after_days`."""
    return today - dt.timedelta(days=zone.stale_after_days)


def stale_projects(viewer, zone: Zone, *, today: dt.date) -> QuerySet[Project]:
    """In progress with no activity and no milestone in the zone's N days, longest idle first."""
    return (
        visible_projects(viewer, zone)
        .filter(in_progress())
        .annotate(last_update=last_update())
        .filter(last_update__lt=stale_cutoff(zone, today))
        .select_related("unit", "company")
        .order_by("last_update", "code")
    )


@dataclass(frozen=True)
class Staleness:
    last_update: dt.date | None
    idle_days: int | None
    stale: bool
    limit: int


def staleness(project: Project, *, today: dt.date) -> Staleness:
    """The project's last update and whether it has gone without one for the zone's N days."""
    row = (
        Project.objects.filter(pk=project.pk)
        .annotate(
            last_update=last_update(),
            active=Exists(Project.objects.filter(Q(pk=OuterRef("pk")) & in_progress())),
        )
        .values("last_update", "active")
        .get()
    )
    last = row["last_update"] if row["last_update"] != NEVER else None
    idle = (today - last).days if last else None
    limit = project.zone.stale_after_days
    stale = bool(row["active"]) and (last is None or last < stale_cutoff(project.zone, today))
    return Staleness(last_update=last, idle_days=idle, stale=stale, limit=limit)


# --- figures of a period ---------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodWork:
    """events_held: events in the period, the investment signed at them and its projects;
    trips: trips that began in the period, their days away and the leads they brought."""

    events: int
    signed_count: int
    signed_amount_wan: Decimal
    signed_codes: list[str]
    trips: int
    trip_days: int
    lead_codes: list[str]


def period_work(zone: Zone, start: dt.date, end: dt.date) -> PeriodWork:
    """The zone's events and trips of the period, by the database in one query: each total a
    subquery grouped on the zone (every row of it is the zone's)."""
    held = Event.objects.filter(zone=zone, date__gte=start, date__lte=end)
    made = Trip.objects.filter(zone=zone, start_date__gte=start, start_date__lte=end)
    signed = Project.objects.filter(pk__in=held.values("signed_projects"))
    leads = Project.objects.filter(pk__in=made.values("leads"))

    def total(queryset: QuerySet, aggregate) -> Subquery:
        return Subquery(queryset.order_by().values("zone").annotate(v=aggregate).values("v"))

    row = (
        Zone.objects.filter(pk=zone.pk)
        .annotate(
            events=total(held, Count("pk")),
            signed_count=total(signed, Count("pk")),
            signed_amount=total(signed, Sum("total_investment_wan")),
            signed_codes=total(signed, CommaList("code")),
            trips=total(made, Count("pk")),
            trip_days=total(made, Sum(F("end_date") - F("start_date"))),
            lead_codes=total(leads, CommaList("code")),
        )
        .values(
            "events",
            "signed_count",
            "signed_amount",
            "signed_codes",
            "trips",
            "trip_days",
            "lead_codes",
        )
        .get()
    )
    trips = row["trips"] or 0
    return PeriodWork(
        events=row["events"] or 0,
        signed_count=row["signed_count"] or 0,
        signed_amount_wan=Decimal(row["signed_amount"] or ZERO).quantize(ZERO),
        signed_codes=split_list(row["signed_codes"]),
        trips=trips,
        trip_days=_days(row["trip_days"]) + trips,
        lead_codes=split_list(row["lead_codes"]),
    )


def _days(value) -> int:
    """A sum of date differences: a timedelta (PostgreSQL, and Django's SQLite emulation)."""
    if value is None:
        return 0
    return value.days if isinstance(value, dt.timedelta) else int(value)


def units_without_trips(zone: Zone, start: dt.date, end: dt.date) -> list[Unit]:
    """The units that made no trip beginning in the period (resident offices too: their
    reports are activities, not trips — they are listed so the bureau can see it)."""
    made = Trip.objects.filter(
        zone=zone, start_date__gte=start, start_date__lte=end, unit=OuterRef("pk")
    )
    return list(Unit.objects.filter(zone=zone).exclude(Exists(made)))


# --- a unit's work (the unit page) -------------------------------------------------------------


@dataclass(frozen=True)
class UnitWork:
    unit: Unit
    start: dt.date
    end: dt.date
    activities: list[Activity]
    trips: list[Trip]
    events: list[Event]


def unit_work(viewer, unit: Unit, *, start: dt.date, end: dt.date, limit: int = 20) -> UnitWork:
    """A unit's activities, trips and events (those it organised) in the period, as the viewer
    may see them, latest first; the template `fieldwork/unit_work.html` shows them."""
    zone = unit.zone
    return UnitWork(
        unit=unit,
        start=start,
        end=end,
        activities=list(in_period(activities(viewer, zone).filter(unit=unit), start, end)[:limit]),
        trips=list(
            in_period(trips(viewer, zone).filter(unit=unit), start, end, "start_date")[:limit]
        ),
        events=list(
            in_period(events(viewer, zone).filter(organiser_unit=unit), start, end)[:limit]
        ),
    )


def event_projects(event: Event) -> dict[str, list[Project]]:
    return {
        "signed": list(event.signed_projects.select_related("unit", "company").order_by("code")),
        "leads": list(event.leads.select_related("unit", "company").order_by("code")),
    }


def trip_detail_prefetch() -> Prefetch:
    return Prefetch("activities", queryset=Activity.objects.select_related("company", "project"))
