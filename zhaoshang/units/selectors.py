"""What a unit did in a period: its projects, activities, trips, events and target progress. Reads
through the selectors below (scoped by the permission policy); counts in the database."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from zhaoshang.org.models import Membership, Role, Unit, Zone
from zhaoshang.projects.models import Project
from zhaoshang.projects.selectors import visible_projects
from zhaoshang.work import selectors as work
from zhaoshang.work.models import Activity


def units_of(zone: Zone) -> QuerySet[Unit]:
    """The zone's units with their members and projects counted: two aggregates, one query."""
    return (
        Unit.objects.filter(zone=zone)
        .select_related("city", "head")
        .annotate(
            members=Count("membership", filter=Q(membership__role=Role.MEMBER), distinct=True),
            projects=Count("project", distinct=True),
        )
        .order_by("sort_order", "name")
    )


def members_of(unit: Unit) -> list:
    return [
        m.user
        for m in Membership.objects.filter(unit=unit, role=Role.MEMBER)
        .select_related("user")
        .order_by("user__username")
    ]


def unit_projects(user, unit: Unit) -> QuerySet[Project]:
    return visible_projects(user, unit.zone).filter(unit=unit).select_related("company")


def unit_activities(user, unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Activity]:
    return work.with_details(
        work.visible_activities(user, unit.zone).filter(unit=unit, date__gte=start, date__lte=end),
        user,
        unit.zone,
    )


def activity_counts(user, unit: Unit, start: dt.date, end: dt.date) -> dict[str, int]:
    """Activities of the period by kind (those the user may see)."""
    rows = (
        work.visible_activities(user, unit.zone)
        .filter(unit=unit, date__gte=start, date__lte=end)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {row["kind"]: row["n"] for row in rows}
    return [
        {"kind": kind, "label": label, "count": found.get(kind, 0)}
        for kind, label in Activity.Kind.choices
    ]


def unit_trips(user, unit: Unit, start: dt.date, end: dt.date):
    return (
        work.visible_trips(user, unit.zone)
        .filter(unit=unit, start_date__gte=start, start_date__lte=end)
        .prefetch_related("cities")
        .order_by("-start_date")
    )


def unit_events(user, unit: Unit, start: dt.date, end: dt.date):
    return (
        work.visible_events(user, unit.zone)
        .filter(organising_unit=unit, date__gte=start, date__lte=end)
        .select_related("city")
        .order_by("-date")
    )
