"""Writes to the team's daily work: activities, trips and events (docs/work.md).

Each function is one transaction: it asks the permission policy, checks dates and texts, refuses
a stale edit (the record's version), saves, writes its audit row and keeps the projects' last
activity date, which drives the "no update" warning. Members record work only for their own unit
and its projects; admins and directors for any unit; leaders and contributors record none."""

import datetime as dt
import json
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from zhaoshang.companies.models import Company
from zhaoshang.core.audit import record_change
from zhaoshang.core.dates import date_error
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.text import field_text_error
from zhaoshang.core.versions import check_version
from zhaoshang.org import permissions
from zhaoshang.org.models import Membership, Region, Role, Unit, User, Zone
from zhaoshang.org.services import mark_zone_changed
from zhaoshang.projects.models import Project
from zhaoshang.work.models import Activity, Event, Trip

ACTIVITY_TEXTS = ("place", "summary", "next_step")
TRIP_TEXTS = ("purpose", "note")
EVENT_TEXTS = ("name", "place", "organiser", "note")


# --- permission ---------------------------------------------------------------------------


def can_record(user, zone: Zone, unit: Unit | None = None) -> bool:
    """Whether `user` records work (for `unit`, or for some unit when None)."""
    if user is None:
        return True
    if user.is_authenticated and user.is_superuser:
        return True
    found = permissions.membership(user, zone)
    if found is None:
        return False
    if found.role in permissions.CHANGE_ALL:
        return True
    return found.role == Role.MEMBER and (unit is None or unit.pk == found.unit_id)


def own_unit(user, zone: Zone) -> Unit | None:
    found = permissions.membership(user, zone) if user is not None else None
    return found.unit if found is not None and found.role == Role.MEMBER else None


def _require_record(actor, zone: Zone, unit: Unit | None, projects: Iterable[Project]) -> None:
    if actor is None:
        return
    if not can_record(actor, zone):
        raise PermissionDenied(_("您无权在“%(zone)s”登记招商工作。") % {"zone": zone})
    mine = own_unit(actor, zone)
    if mine is None:
        return  # admin, director
    if unit is None or unit.pk != mine.pk:
        raise PermissionDenied(
            _("招商人员只能为本单位(%(unit)s)登记招商工作。") % {"unit": mine.name}
        )
    others = [p for p in projects if p.unit_id != mine.pk]
    if others:
        raise PermissionDenied(
            _("招商人员只能为本单位的项目登记:%(projects)s 不属于%(unit)s。")
            % {"projects": "、".join(str(p) for p in others), "unit": mine.name}
        )


def _require_change(actor, record) -> None:
    unit = record.organising_unit if isinstance(record, Event) else record.unit
    if actor is not None and not can_record(actor, record.zone, unit):
        raise PermissionDenied(_("您无权修改“%(object)s”。") % {"object": record})


# --- checks ---------------------------------------------------------------------------------


def _check_texts(model, values: dict, names: Iterable[str], errors: dict) -> None:
    for name in names:
        if message := field_text_error(model, name, values.get(name) or ""):
            errors[name] = message


def _check_zone(zone: Zone, field: str, records: Iterable, errors: dict) -> None:
    strangers = [str(r) for r in records if r is not None and r.zone_id != zone.pk]
    if strangers:
        errors[field] = _("不属于本开发区:%(records)s") % {"records": "、".join(strangers)}


def _check_people(zone: Zone, people: Iterable[User], errors: dict) -> None:
    people = list(people)
    known = set(
        Membership.objects.filter(zone=zone, user__in=people).values_list("user_id", flat=True)
    )
    strangers = [p.get_username() for p in people if p.pk not in known and not p.is_superuser]
    if strangers:
        errors["people"] = _("不是本开发区的人员:%(people)s") % {"people": "、".join(strangers)}


def _check_cities(cities: Iterable[Region], errors: dict, field: str = "cities") -> None:
    """Destinations are cities (a municipality such as 北京市 is one) or countries, never a
    province that has cities of its own."""
    cities = [c for c in cities if c is not None]
    allowed = set(destinations().filter(pk__in=[c.pk for c in cities]).values_list("pk", flat=True))
    provinces = [c for c in cities if c.pk not in allowed]
    if provinces:
        errors[field] = _("请选择城市(地级)或国家,而不是省份:%(names)s") % {
            "names": "、".join(c.name for c in provinces)
        }


def destinations() -> models.QuerySet[Region]:
    """Where a trip or an event can be: cities, municipalities (北京市 has no cities below it in
    the national list), 香港, 澳门, 台湾 and foreign countries."""
    has_cities = Region.objects.filter(province=OuterRef("pk")).exclude(pk=OuterRef("pk"))
    return Region.objects.exclude(Q(level=Region.Level.PROVINCE) & Exists(has_cities))


def _snapshot(instance: models.Model, m2m: dict[str, list]) -> dict:
    data = model_to_dict(instance, exclude=["version", *m2m])
    data.update({name: sorted(obj.pk for obj in objs) for name, objs in m2m.items()})
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _save(instance, m2m: dict[str, list], *, actor, before: dict | None, source: str) -> None:
    creating = instance.pk is None
    if not creating:
        instance.version += 1
    instance.save()
    for name, objs in m2m.items():
        getattr(instance, name).set(objs)
    record_change(
        actor=actor,
        instance=instance,
        action="create" if creating else "update",
        before=before,
        after=_snapshot(instance, m2m),
        source=source,
    )
    mark_zone_changed(instance.zone_id)


def _current_m2m(instance, names: Iterable[str]) -> dict[str, list]:
    return {name: list(getattr(instance, name).all()) for name in names}


def refresh_last_activity(project_ids: Iterable[int]) -> None:
    """Each project's latest activity date, from its activities (None when it has none)."""
    ids = set(project_ids)
    if not ids:
        return
    latest = (
        Activity.projects.through.objects.filter(project_id=OuterRef("pk"))
        .values("project_id")
        .annotate(last=Max("activity__date"))
        .values("last")
    )
    Project.objects.filter(pk__in=ids).update(last_activity_date=Subquery(latest))


# --- activities -------------------------------------------------------------------------------

ACTIVITY_M2M = ("people", "companies", "projects")


def record_activity(
    *,
    zone: Zone,
    actor,
    kind: str,
    date: dt.date,
    summary: str,
    unit: Unit | None = None,
    place: str = "",
    people: Iterable[User] = (),
    companies: Iterable[Company] = (),
    projects: Iterable[Project] = (),
    next_step: str = "",
    next_step_date: dt.date | None = None,
    trip: Trip | None = None,
    source: str = "ui",
    today: dt.date | None = None,
) -> Activity:
    """A visit, reception, resident-office report or call. A member's unit is the default."""
    if unit is None and actor is not None:
        unit = own_unit(actor, zone)
    activity = Activity(zone=zone, submitted_by=actor if getattr(actor, "pk", None) else None)
    return _write_activity(
        activity,
        actor=actor,
        values=locals_of(
            kind=kind,
            date=date,
            summary=summary,
            unit=unit,
            place=place,
            next_step=next_step,
            next_step_date=next_step_date,
            trip=trip,
        ),
        m2m={"people": list(people), "companies": list(companies), "projects": list(projects)},
        source=source,
        today=today,
    )


def update_activity(
    *,
    activity: Activity,
    actor,
    version: int | None,
    source: str = "ui",
    today: dt.date | None = None,
    **changes,
) -> Activity:
    """Change the fields given (the many-to-many ones as lists); refused if stale."""
    return _update(
        activity,
        actor=actor,
        version=version,
        changes=changes,
        source=source,
        today=today,
        m2m_names=ACTIVITY_M2M,
        write=_write_activity,
    )


def locals_of(**values) -> dict:
    return values


def _write_activity(activity, *, actor, values, m2m, source, today) -> Activity:
    today = today or shanghai_today()
    zone = activity.zone
    errors: dict[str, str] = {}
    if values["kind"] not in Activity.Kind.values:
        errors["kind"] = _("未知的活动类型:%(kind)s") % {"kind": values["kind"]}
    if values.get("unit") is None:
        errors["unit"] = _("请选择责任单位。")
    if not (values.get("summary") or "").strip():
        errors["summary"] = _("请填写洽谈内容。")
    _check_texts(Activity, values, ACTIVITY_TEXTS, errors)
    if values.get("date") is None:
        errors["date"] = _("请填写日期。")
    elif message := date_error(values["date"], today=today, subject=_("活动日期")):
        errors["date"] = message
    if values.get("next_step_date") and (
        message := date_error(
            values["next_step_date"], today=today, subject=_("下一步日期"), planned=True
        )
    ):
        errors["next_step_date"] = message
    elif (
        values.get("next_step_date")
        and values.get("date")
        and values["next_step_date"] < values["date"]
    ):
        errors["next_step_date"] = _("下一步日期 %(next)s 早于活动日期 %(date)s。") % {
            "next": values["next_step_date"],
            "date": values["date"],
        }
    _check_zone(zone, "unit", [values.get("unit")], errors)
    _check_zone(zone, "projects", m2m["projects"], errors)
    _check_zone(zone, "companies", m2m["companies"], errors)
    _check_people(zone, m2m["people"], errors)
    trip = values.get("trip")
    if trip is not None:
        if trip.zone_id != zone.pk or trip.unit_id != getattr(values.get("unit"), "pk", None):
            errors["trip"] = _("外出招商“%(trip)s”不属于该单位。") % {"trip": trip}
        elif values.get("date") and not trip.start_date <= values["date"] <= trip.end_date:
            errors["trip"] = _("活动日期 %(date)s 不在外出招商“%(trip)s”的日期内。") % {
                "date": values["date"],
                "trip": trip,
            }
    if errors:
        raise ValidationError(errors)
    _require_record(actor, zone, values["unit"], m2m["projects"])
    for name, value in values.items():
        setattr(activity, name, value.strip() if isinstance(value, str) else value)
    with transaction.atomic():
        before_projects = (
            set(activity.projects.values_list("pk", flat=True)) if activity.pk else set()
        )
        before = getattr(activity, "_before", None)
        _save(activity, m2m, actor=actor, before=before, source=source)
        refresh_last_activity(before_projects | {p.pk for p in m2m["projects"]})
    return activity


def _update(record, *, actor, version, changes, source, today, m2m_names, write):
    model = type(record)
    unknown = set(changes) - {f.name for f in model._meta.get_fields()}
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        record = model.objects.select_for_update().get(pk=record.pk)
        _require_change(actor, record)
        check_version(record, version)
        m2m = _current_m2m(record, m2m_names)
        record._before = _snapshot(record, m2m)
        values = {
            f.name: getattr(record, f.name)
            for f in model._meta.concrete_fields
            if f.editable
            and f.name not in {"id", "zone", "submitted_by", "version"}
            and not f.auto_created
        }
        for name, value in changes.items():
            if name in m2m_names:
                m2m[name] = list(value)
            else:
                values[name] = value
        values = {k: v for k, v in values.items() if k not in {"created_at", "updated_at"}}
        return write(record, actor=actor, values=values, m2m=m2m, source=source, today=today)


def delete_record(*, record, actor, version: int | None, source: str = "ui") -> None:
    """Remove an activity, trip or event (refused if stale)."""
    model = type(record)
    with transaction.atomic():
        record = model.objects.select_for_update().get(pk=record.pk)
        _require_change(actor, record)
        check_version(record, version)
        names = {
            Activity: ACTIVITY_M2M,
            Trip: TRIP_M2M,
            Event: EVENT_M2M,
        }[model]
        m2m = _current_m2m(record, names)
        projects = [p.pk for p in m2m.get("projects", [])]
        record_change(
            actor=actor,
            instance=record,
            action="delete",
            before=_snapshot(record, m2m),
            after=None,
            source=source,
        )
        zone_id = record.zone_id
        record.delete()
        refresh_last_activity(projects)
        mark_zone_changed(zone_id)


# --- trips ----------------------------------------------------------------------------------

TRIP_M2M = ("people", "cities", "leads")


def record_trip(
    *,
    zone: Zone,
    actor,
    start_date: dt.date,
    end_date: dt.date,
    cities: Iterable[Region],
    unit: Unit | None = None,
    people: Iterable[User] = (),
    purpose: str = "",
    leads: Iterable[Project] = (),
    note: str = "",
    source: str = "ui",
    today: dt.date | None = None,
) -> Trip:
    """外出招商 of a unit: where (cities or countries), when, who, the leads brought back."""
    if unit is None and actor is not None:
        unit = own_unit(actor, zone)
    trip = Trip(zone=zone, submitted_by=actor if getattr(actor, "pk", None) else None)
    return _write_trip(
        trip,
        actor=actor,
        values=locals_of(
            start_date=start_date, end_date=end_date, unit=unit, purpose=purpose, note=note
        ),
        m2m={"people": list(people), "cities": list(cities), "leads": list(leads)},
        source=source,
        today=today,
    )


def update_trip(
    *, trip: Trip, actor, version: int | None, source: str = "ui", today=None, **changes
) -> Trip:
    return _update(
        trip,
        actor=actor,
        version=version,
        changes=changes,
        source=source,
        today=today,
        m2m_names=TRIP_M2M,
        write=_write_trip,
    )


def _write_trip(trip, *, actor, values, m2m, source, today) -> Trip:
    today = today or shanghai_today()
    zone = trip.zone
    errors: dict[str, str] = {}
    if values.get("unit") is None:
        errors["unit"] = _("请选择责任单位。")
    _check_texts(Trip, values, TRIP_TEXTS, errors)
    start, end = values.get("start_date"), values.get("end_date")
    if start is None:
        errors["start_date"] = _("请填写出发日期。")
    elif message := date_error(start, today=today, subject=_("出发日期")):
        errors["start_date"] = message
    if end is None:
        errors["end_date"] = _("请填写返回日期。")
    elif message := date_error(end, today=today, subject=_("返回日期"), planned=True):
        errors["end_date"] = message
    elif start and end < start:
        errors["end_date"] = _("返回日期 %(end)s 早于出发日期 %(start)s。") % {
            "end": end,
            "start": start,
        }
    if not m2m["cities"]:
        errors["cities"] = _("请至少选择一个目的地城市。")
    else:
        _check_cities(m2m["cities"], errors)
    _check_zone(zone, "unit", [values.get("unit")], errors)
    _check_zone(zone, "leads", m2m["leads"], errors)
    _check_people(zone, m2m["people"], errors)
    if errors:
        raise ValidationError(errors)
    _require_record(actor, zone, values["unit"], m2m["leads"])
    for name, value in values.items():
        setattr(trip, name, value.strip() if isinstance(value, str) else value)
    with transaction.atomic():
        _save(trip, m2m, actor=actor, before=getattr(trip, "_before", None), source=source)
    return trip


# --- events ---------------------------------------------------------------------------------

EVENT_M2M = ("companies", "signed_projects", "leads")


def record_event(
    *,
    zone: Zone,
    actor,
    name: str,
    kind: str,
    date: dt.date,
    end_date: dt.date | None = None,
    place: str = "",
    city: Region | None = None,
    organiser: str = "",
    organising_unit: Unit | None = None,
    companies: Iterable[Company] = (),
    signed_projects: Iterable[Project] = (),
    leads: Iterable[Project] = (),
    note: str = "",
    source: str = "ui",
    today: dt.date | None = None,
) -> Event:
    """A promotion event or fair; projects signed there must carry a signing date within it."""
    if organising_unit is None and actor is not None:
        organising_unit = own_unit(actor, zone)
    event = Event(zone=zone)
    return _write_event(
        event,
        actor=actor,
        values=locals_of(
            name=name,
            kind=kind,
            date=date,
            end_date=end_date,
            place=place,
            city=city,
            organiser=organiser,
            organising_unit=organising_unit,
            note=note,
        ),
        m2m={
            "companies": list(companies),
            "signed_projects": list(signed_projects),
            "leads": list(leads),
        },
        source=source,
        today=today,
    )


def update_event(
    *, event: Event, actor, version: int | None, source: str = "ui", today=None, **changes
) -> Event:
    return _update(
        event,
        actor=actor,
        version=version,
        changes=changes,
        source=source,
        today=today,
        m2m_names=EVENT_M2M,
        write=_write_event,
    )


def _write_event(event, *, actor, values, m2m, source, today) -> Event:
    today = today or shanghai_today()
    zone = event.zone
    errors: dict[str, str] = {}
    if not (values.get("name") or "").strip():
        errors["name"] = _("请填写活动名称。")
    if values.get("kind") not in Event.Kind.values:
        errors["kind"] = _("未知的活动类型:%(kind)s") % {"kind": values.get("kind")}
    _check_texts(Event, values, EVENT_TEXTS, errors)
    start, end = values.get("date"), values.get("end_date")
    if start is None:
        errors["date"] = _("请填写日期。")
    elif message := date_error(start, today=today, subject=_("活动日期"), planned=True):
        errors["date"] = message
    if end is not None:
        if message := date_error(end, today=today, subject=_("结束日期"), planned=True):
            errors["end_date"] = message
        elif start and end < start:
            errors["end_date"] = _("结束日期 %(end)s 早于开始日期 %(start)s。") % {
                "end": end,
                "start": start,
            }
    if values.get("city") is not None:
        _check_cities([values["city"]], errors, field="city")
    if (
        start
        and (values.get("name") or "").strip()
        and Event.objects.filter(zone=zone, name=values["name"].strip(), date=start)
        .exclude(pk=event.pk)
        .exists()
    ):
        errors["name"] = _("%(date)s 已登记过“%(name)s”。") % {
            "date": start,
            "name": values["name"].strip(),
        }
    _check_zone(zone, "organising_unit", [values.get("organising_unit")], errors)
    _check_zone(zone, "companies", m2m["companies"], errors)
    _check_zone(zone, "signed_projects", m2m["signed_projects"], errors)
    _check_zone(zone, "leads", m2m["leads"], errors)
    if start and "signed_projects" not in errors and "end_date" not in errors:
        last = end or start
        wrong = [
            p
            for p in m2m["signed_projects"]
            if not (p.signed_date and start <= p.signed_date <= last)
        ]
        if wrong:
            errors["signed_projects"] = _(
                "现场签约的项目须在活动期间(%(start)s—%(end)s)签约:%(projects)s"
            ) % {
                "start": start,
                "end": last,
                "projects": "、".join(f"{p}({p.signed_date or _('未签约')})" for p in wrong),
            }
    if errors:
        raise ValidationError(errors)
    unit = values.get("organising_unit")
    _require_record(actor, zone, unit, [*m2m["signed_projects"], *m2m["leads"]])
    for name, value in values.items():
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    with transaction.atomic():
        _save(event, m2m, actor=actor, before=getattr(event, "_before", None), source=source)
    return event
