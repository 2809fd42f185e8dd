"""The team's work in the API: activities (visits, receptions, resident-office reports, calls),
trips (外出招商) and events (推介会, 资本交易大会) — lists with the filters a user expects, a
record, creating one, partial edits with the version they were based on, and deleting an
activity. Reads through selectors (scoped by the permission policy: a member sees their unit's
activities and trips, a contributor their own; events are the zone's), writes through services
(which ask the policy: directors and admins record events)."""

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from zhaoshang.core.api import READ_ERRORS, WRITE_ERRORS, require_version, versioned_edit, wan_text
from zhaoshang.core.models import Source
from zhaoshang.fieldwork import selectors, services
from zhaoshang.fieldwork.models import Activity, Event, Trip
from zhaoshang.org.api import api_zone
from zhaoshang.org.models import Region, Unit, Zone

router = Router(tags=["fieldwork"])

MAX_PAGE = 500
PERIOD_FROM = Query(None, alias="from", description="first day (inclusive)")
PERIOD_TO = Query(None, alias="to", description="last day (inclusive)")
ActivityKind = enum.Enum("ActivityKind", {k.name: k.value for k in Activity.Kind}, type=str)  # type: ignore[misc]  # members from the model's choices
EventKind = enum.Enum("EventKind", {k.name: k.value for k in Event.Kind}, type=str)  # type: ignore[misc]  # members from the model's choices


# --- what the API writes ------------------------------------------------------------------------


class ActivityOut(Schema):
    id: int
    version: int
    zone: str
    kind: str
    date: dt.date
    unit_id: int | None
    company_id: int | None
    company_name: str | None
    project_id: int | None
    project_code: str | None
    trip_id: int | None
    participants: str
    place: str
    summary: str
    next_step: str
    next_step_date: dt.date | None
    submitted_by: str | None


class TripOut(Schema):
    id: int
    version: int
    zone: str
    unit_id: int | None
    participants: str
    start_date: dt.date
    end_date: dt.date
    days: int
    cities: list[str] = Field(description="region codes (GB/T 2260, ISO 3166)")
    lead_ids: list[int]
    purpose: str
    submitted_by: str | None


class EventOut(Schema):
    id: int
    version: int
    zone: str
    name: str
    kind: str
    date: dt.date
    place: str
    city: str | None = Field(description="a region code")
    organiser: str
    organiser_unit_id: int | None
    note: str
    company_ids: list[int]
    signed_project_ids: list[int]
    lead_ids: list[int]
    signed_count: int
    signed_amount_wan: str = Field(description="万元, two decimals")


class ActivityPage(Schema):
    items: list[ActivityOut]
    count: int


class TripPage(Schema):
    items: list[TripOut]
    count: int


class EventPage(Schema):
    items: list[EventOut]
    count: int


def _person(user) -> str | None:
    return user.get_username() if user is not None else None


def shown_activity(activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "version": activity.version,
        "zone": activity.zone.code,
        "kind": activity.kind,
        "date": activity.date,
        "unit_id": activity.unit_id,
        "company_id": activity.company_id,
        "company_name": activity.company.name if activity.company else None,
        "project_id": activity.project_id,
        "project_code": activity.project.code if activity.project else None,
        "trip_id": activity.trip_id,
        "participants": activity.participants,
        "place": activity.place,
        "summary": activity.summary,
        "next_step": activity.next_step,
        "next_step_date": activity.next_step_date,
        "submitted_by": _person(activity.submitted_by),
    }


def shown_trip(trip: Trip) -> dict:
    return {
        "id": trip.pk,
        "version": trip.version,
        "zone": trip.zone.code,
        "unit_id": trip.unit_id,
        "participants": trip.participants,
        "start_date": trip.start_date,
        "end_date": trip.end_date,
        "days": trip.days,
        "cities": sorted(city.pk for city in trip.cities.all()),
        "lead_ids": sorted(lead.pk for lead in trip.leads.all()),
        "purpose": trip.purpose,
        "submitted_by": _person(trip.submitted_by),
    }


def shown_event(event: Event) -> dict:
    return {
        "id": event.pk,
        "version": event.version,
        "zone": event.zone.code,
        "name": event.name,
        "kind": event.kind,
        "date": event.date,
        "place": event.place,
        "city": event.city_id,
        "organiser": event.organiser,
        "organiser_unit_id": event.organiser_unit_id,
        "note": event.note,
        "company_ids": sorted(c.pk for c in event.companies.all()),
        "signed_project_ids": sorted(p.pk for p in event.signed_projects.all()),
        "lead_ids": sorted(p.pk for p in event.leads.all()),
        "signed_count": getattr(event, "signed_count", 0),
        "signed_amount_wan": wan_text(getattr(event, "signed_amount", 0)) or "0.00",
    }


# --- what a client sends ------------------------------------------------------------------------


class ActivityFields(Schema):
    kind: ActivityKind | None = None
    date: dt.date | None = None
    participants: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=2000)
    company_id: int | None = None
    project_id: int | None = None
    unit_id: int | None = Field(None, description="blank: the project's unit, else the member's")
    trip_id: int | None = None
    place: str | None = Field(None, max_length=200)
    next_step: str | None = Field(None, max_length=500)
    next_step_date: dt.date | None = None


class ActivityCreate(ActivityFields):
    kind: ActivityKind
    date: dt.date
    participants: str = Field(..., max_length=200)
    summary: str = Field(..., max_length=2000)


class ActivityPatch(ActivityFields):
    version: int | None = Field(None, description="the version the edit is based on (required)")


class VersionIn(Schema):
    version: int | None = Field(None, description="the version the deletion is based on")


class TripFields(Schema):
    unit_id: int | None = None
    participants: str | None = Field(None, max_length=200)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    purpose: str | None = Field(None, max_length=2000)
    cities: list[str] | None = Field(None, max_length=50, description="region codes")
    lead_ids: list[int] | None = Field(None, max_length=200)


class TripCreate(TripFields):
    participants: str = Field(..., max_length=200)
    start_date: dt.date
    end_date: dt.date


class TripPatch(TripFields):
    version: int | None = Field(None, description="the version the edit is based on (required)")


class EventFields(Schema):
    name: str | None = Field(None, max_length=200)
    kind: EventKind | None = None
    date: dt.date | None = None
    place: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=6, description="a region code")
    organiser: str | None = Field(None, max_length=200)
    organiser_unit_id: int | None = None
    note: str | None = Field(None, max_length=2000)
    company_ids: list[int] | None = Field(None, max_length=500)
    signed_project_ids: list[int] | None = Field(None, max_length=500)
    lead_ids: list[int] | None = Field(None, max_length=500)


class EventCreate(EventFields):
    name: str = Field(..., max_length=200)
    kind: EventKind
    date: dt.date


class EventPatch(EventFields):
    version: int | None = Field(None, description="the version the edit is based on (required)")


# --- ids to records -----------------------------------------------------------------------------


def _lookups(request, zone: Zone) -> dict[str, tuple[str, Callable[[], QuerySet], bool]]:
    """Each id a client may send: the service argument it becomes, where it is looked up (what
    the user may name in the zone) and whether it is a list."""
    projects = lambda: selectors.visible_projects(request.user, zone)  # noqa: E731
    return {
        "company_id": ("company", lambda: selectors.visible_companies(request.user, zone), False),
        "project_id": ("project", projects, False),
        "unit_id": ("unit", lambda: Unit.objects.filter(zone=zone), False),
        "organiser_unit_id": ("organiser_unit", lambda: Unit.objects.filter(zone=zone), False),
        "trip_id": ("trip", lambda: selectors.trips(request.user, zone), False),
        "city": ("city", lambda: Region.objects.all(), False),
        "cities": ("cities", lambda: Region.objects.all(), True),
        "lead_ids": ("leads", projects, True),
        "signed_project_ids": ("signed_projects", projects, True),
        "company_ids": ("companies", lambda: selectors.visible_companies(request.user, zone), True),
    }


def _missing(name: str, value) -> ValidationError:
    if name in ("city", "cities"):
        return ValidationError({name: _("没有代码为 %(id)s 的地区。") % {"id": value}})
    return ValidationError({name: _("本开发区没有编号为 %(id)s 的记录。") % {"id": value}})


def service_values(request, zone: Zone, data: dict) -> dict[str, Any]:
    """The sent fields as service arguments: ids become the zone's records the user may name,
    blank texts "", enums their values. Only what was sent is there (PATCH is partial)."""
    lookups, values, errors = _lookups(request, zone), {}, {}
    for key, value in data.items():
        if key not in lookups:
            values[key] = value.value if isinstance(value, enum.Enum) else value
            continue
        name, records, many = lookups[key]
        if value is None:
            values[name] = [] if many else None
            continue
        wanted = list(dict.fromkeys(value)) if many else [value]
        found = records().in_bulk(wanted)
        absent = [item for item in wanted if item not in found]
        if absent:
            errors.update(_missing(name, absent[0]).message_dict)
        else:
            values[name] = [found[item] for item in wanted] if many else found[value]
    if errors:
        raise ValidationError(errors)
    for text in ("participants", "summary", "place", "next_step", "purpose", "organiser", "note"):
        if text in values and values[text] is None:
            values[text] = ""
    return values


def _page(found: QuerySet, shown: Callable, limit: int, offset: int) -> dict:
    return {"items": [shown(r) for r in found[offset : offset + limit]], "count": found.count()}


# --- activities ---------------------------------------------------------------------------------


def _activities(request, zone: Zone | None = None) -> QuerySet[Activity]:
    return selectors.activities(request.user, zone).select_related("zone")


@router.get("/activities", response={200: ActivityPage, **READ_ERRORS}, summary="招商活动")
def list_activities(
    request,
    zone: str | None = None,
    unit: int | None = None,
    project: int | None = None,
    company: int | None = None,
    kind: ActivityKind | None = None,
    period_from: dt.date | None = PERIOD_FROM,
    period_to: dt.date | None = PERIOD_TO,
    limit: int = Query(50, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0),
):
    """The zone's activities the user may see, latest first."""
    found = _activities(request, api_zone(request, zone))
    for field, value in (("unit", unit), ("project", project), ("company", company)):
        if value is not None:
            found = found.filter(**{f"{field}_id": value})
    if kind is not None:
        found = found.filter(kind=kind.value)
    found = selectors.in_period(found, period_from, period_to)
    return _page(found, shown_activity, limit, offset)


@router.get("/activities/{pk}", response={200: ActivityOut, **READ_ERRORS}, summary="一条活动")
def get_activity(request, pk: int):
    return shown_activity(get_object_or_404(_activities(request), pk=pk))


@router.post("/activities", response={201: ActivityOut, **WRITE_ERRORS}, summary="登记活动")
def create_activity(request, payload: ActivityCreate, zone: str | None = None):
    found = api_zone(request, zone)
    values = service_values(request, found, payload.dict(exclude_unset=True))
    activity = services.record_activity(zone=found, actor=request.user, source=Source.API, **values)
    return Status(201, shown_activity(get_object_or_404(_activities(request), pk=activity.pk)))


@router.patch("/activities/{pk}", response={200: ActivityOut, **WRITE_ERRORS}, summary="修改活动")
def update_activity(request, pk: int, payload: ActivityPatch):
    activity = get_object_or_404(_activities(request), pk=pk)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    require_version(version, activity.version, shown=shown_activity(activity))
    values = service_values(request, activity.zone, data)
    versioned_edit(
        activity,
        version,
        shown_activity,
        lambda **kw: services.change_activity(
            activity=activity, actor=request.user, source=Source.API, **values, **kw
        ),
    )
    return shown_activity(get_object_or_404(_activities(request), pk=pk))


@router.delete("/activities/{pk}", response={204: None, **WRITE_ERRORS}, summary="删除活动")
def delete_activity(request, pk: int, version: int | None = None):
    """`?version=` the version the deletion is based on (required)."""
    activity = get_object_or_404(_activities(request), pk=pk)
    versioned_edit(
        activity,
        version,
        shown_activity,
        lambda **kw: services.delete_activity(
            activity=activity, actor=request.user, source=Source.API, **kw
        ),
    )
    return Status(204, None)


# --- trips --------------------------------------------------------------------------------------


def _trips(request, zone: Zone | None = None) -> QuerySet[Trip]:
    return selectors.trips(request.user, zone).select_related("zone")


@router.get("/trips", response={200: TripPage, **READ_ERRORS}, summary="外出招商")
def list_trips(
    request,
    zone: str | None = None,
    unit: int | None = None,
    project: int | None = Query(None, description="trips that brought this lead"),
    period_from: dt.date | None = PERIOD_FROM,
    period_to: dt.date | None = PERIOD_TO,
    limit: int = Query(50, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0),
):
    """The zone's trips the user may see, by the day they began, latest first."""
    found = _trips(request, api_zone(request, zone))
    if unit is not None:
        found = found.filter(unit_id=unit)
    if project is not None:
        found = found.filter(leads=project)
    found = selectors.in_period(found, period_from, period_to, "start_date")
    return _page(found, shown_trip, limit, offset)


@router.get("/trips/{pk}", response={200: TripOut, **READ_ERRORS}, summary="一次外出招商")
def get_trip(request, pk: int):
    return shown_trip(get_object_or_404(_trips(request), pk=pk))


@router.post("/trips", response={201: TripOut, **WRITE_ERRORS}, summary="登记外出招商")
def create_trip(request, payload: TripCreate, zone: str | None = None):
    found = api_zone(request, zone)
    values = service_values(request, found, payload.dict(exclude_unset=True))
    trip = services.record_trip(zone=found, actor=request.user, source=Source.API, **values)
    return Status(201, shown_trip(get_object_or_404(_trips(request), pk=trip.pk)))


@router.patch("/trips/{pk}", response={200: TripOut, **WRITE_ERRORS}, summary="修改外出招商")
def update_trip(request, pk: int, payload: TripPatch):
    trip = get_object_or_404(_trips(request), pk=pk)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    require_version(version, trip.version, shown=shown_trip(trip))
    values = service_values(request, trip.zone, data)
    versioned_edit(
        trip,
        version,
        shown_trip,
        lambda **kw: services.change_trip(
            trip=trip, actor=request.user, source=Source.API, **values, **kw
        ),
    )
    return shown_trip(get_object_or_404(_trips(request), pk=pk))


# --- events -------------------------------------------------------------------------------------


def _events(request, zone: Zone | None = None) -> QuerySet[Event]:
    return (
        selectors.events(request.user, zone)
        .select_related("zone")
        .prefetch_related("companies", "signed_projects", "leads")
    )


@router.get("/events", response={200: EventPage, **READ_ERRORS}, summary="招商活动(会展)")
def list_events(
    request,
    zone: str | None = None,
    kind: EventKind | None = None,
    unit: int | None = Query(None, description="the organising unit"),
    company: int | None = Query(None, description="a company that came"),
    project: int | None = Query(None, description="signed there, or a lead it produced"),
    period_from: dt.date | None = PERIOD_FROM,
    period_to: dt.date | None = PERIOD_TO,
    limit: int = Query(50, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0),
):
    """The zone's events (everyone with a role there reads them), latest first."""
    found = _events(request, api_zone(request, zone))
    if kind is not None:
        found = found.filter(kind=kind.value)
    if unit is not None:
        found = found.filter(organiser_unit_id=unit)
    if company is not None:
        found = found.filter(companies=company)
    if project is not None:
        found = found.filter(Q(signed_projects=project) | Q(leads=project)).distinct()
    found = selectors.in_period(found, period_from, period_to)
    return _page(found, shown_event, limit, offset)


@router.get("/events/{pk}", response={200: EventOut, **READ_ERRORS}, summary="一次招商活动(会展)")
def get_event(request, pk: int):
    return shown_event(get_object_or_404(_events(request), pk=pk))


@router.post("/events", response={201: EventOut, **WRITE_ERRORS}, summary="登记招商活动(会展)")
def create_event(request, payload: EventCreate, zone: str | None = None):
    found = api_zone(request, zone)
    values = service_values(request, found, payload.dict(exclude_unset=True))
    event = services.record_event(zone=found, actor=request.user, source=Source.API, **values)
    return Status(201, shown_event(get_object_or_404(_events(request), pk=event.pk)))


@router.patch(
    "/events/{pk}", response={200: EventOut, **WRITE_ERRORS}, summary="修改招商活动(会展)"
)
def update_event(request, pk: int, payload: EventPatch):
    event = get_object_or_404(_events(request), pk=pk)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    require_version(version, event.version, shown=shown_event(event))
    values = service_values(request, event.zone, data)
    versioned_edit(
        event,
        version,
        shown_event,
        lambda **kw: services.change_event(
            event=event, actor=request.user, source=Source.API, **values, **kw
        ),
    )
    return shown_event(get_object_or_404(_events(request), pk=pk))
