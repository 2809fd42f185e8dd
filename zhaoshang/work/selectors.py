"""Reads of the team's work, scoped by the permission policy: a member sees their unit's
activities and trips, admins, directors and leaders the zone's, a contributor what they
recorded. Events are the zone's, read by everyone with a role in it."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from zhaoshang.core.aggregates import CommaList, split_list
from zhaoshang.org import permissions
from zhaoshang.org.models import Unit, Zone
from zhaoshang.projects.models import Project
from zhaoshang.projects.selectors import visible_projects
from zhaoshang.work.models import Activity, Event, Trip


def visible_activities(user, zone: Zone) -> QuerySet[Activity]:
    return permissions.visible(user, Activity.objects.all(), zone)


def visible_trips(user, zone: Zone) -> QuerySet[Trip]:
    return permissions.visible(user, Trip.objects.all(), zone)


def visible_events(user, zone: Zone) -> QuerySet[Event]:
    if not permissions.can_see_figures(user, zone):
        return Event.objects.none()
    return Event.objects.filter(zone=zone)


def with_details(activities: QuerySet[Activity], user, zone: Zone) -> QuerySet[Activity]:
    """Activities in time order (latest first) with their people, companies and the projects
    the viewer may see: a fixed number of queries."""
    return (
        activities.select_related("unit", "submitted_by", "trip")
        .prefetch_related(
            "people",
            "companies",
            Prefetch("projects", queryset=visible_projects(user, zone).order_by("code")),
        )
        .order_by("-date", "-id")
    )


def project_activities(user, project: Project) -> QuerySet[Activity]:
    return with_details(
        visible_activities(user, project.zone).filter(projects=project), user, project.zone
    )


def company_activities(user, company) -> QuerySet[Activity]:
    return with_details(
        visible_activities(user, company.zone)
        .filter(Q(companies=company) | Q(projects__company=company))
        .distinct(),
        user,
        company.zone,
    )


def trips_in(zone: Zone, start: dt.date, end: dt.date) -> QuerySet[Trip]:
    """The zone's trips that set out in the period (the figure `trips` counts these)."""
    return Trip.objects.filter(zone=zone, start_date__gte=start, start_date__lte=end)


def events_in(zone: Zone, start: dt.date, end: dt.date) -> QuerySet[Event]:
    """The zone's events held in the period (the figure `events_held` counts these)."""
    return Event.objects.filter(zone=zone, date__gte=start, date__lte=end)


def event_results(events: QuerySet[Event]) -> dict:
    """What events signed: distinct projects signed at them, their investment and codes, and
    the leads they generated. Three queries whatever the number of events."""
    signed = Project.objects.filter(signed_at_events__in=events).distinct()
    row = Project.objects.filter(pk__in=signed.values("pk")).aggregate(
        count=Count("pk"), amount=Sum("total_investment_wan"), codes=CommaList("code")
    )
    leads = Project.objects.filter(events_bringing__in=events).distinct().count()
    return {
        "signed": row["count"],
        "amount_wan": row["amount"],
        "codes": split_list(row["codes"]),
        "leads": leads,
    }


def units_without_trips(zone: Zone, start: dt.date, end: dt.date) -> list[Unit]:
    """Promotion groups and bureaus (resident offices live away already) that set out on no trip
    in the period."""
    travelled = trips_in(zone, start, end).values("unit_id")
    return list(
        Unit.objects.filter(zone=zone)
        .exclude(kind=Unit.Kind.RESIDENT_OFFICE)
        .exclude(pk__in=travelled)
        .order_by("sort_order", "name")
    )


def trip_summary(zone: Zone, start: dt.date, end: dt.date) -> dict:
    trips = trips_in(zone, start, end)
    row = trips.aggregate(count=Count("pk", distinct=True), units=Count("unit", distinct=True))
    days = sum((t.end_date - t.start_date).days + 1 for t in trips.only("start_date", "end_date"))
    leads = Project.objects.filter(trips_bringing__in=trips).distinct()
    return {
        "count": row["count"],
        "units": row["units"],
        "days": days,
        "leads": leads.count(),
        "lead_codes": sorted(leads.values_list("code", flat=True)),
        "idle_units": units_without_trips(zone, start, end),
    }
