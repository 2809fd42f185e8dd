"""Writes to the team's work records: activities, trips and events, and the zone's no-update
setting. Each function is one transaction: it asks the permission policy first, checks every
field (a refusal names the field and the value and saves nothing), saves, writes the change log
and bumps the zone's data stamp (events and trips are figures; activities end a project's
no-update warning and the briefing's idle list)."""

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from zhaoshang.companies.models import Company
from zhaoshang.core.audit import record_change
from zhaoshang.core.dates import date_error
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.models import ChangeLog
from zhaoshang.core.text import field_text_error
from zhaoshang.core.versions import lock_current
from zhaoshang.fieldwork.models import Activity, Event, Trip
from zhaoshang.org import permissions
from zhaoshang.org.models import Region, Role, Unit, Zone
from zhaoshang.org.services import mark_zone_changed
from zhaoshang.projects.models import Project

MAX_STALE_DAYS = 3650


def snapshot(record: models.Model) -> dict:
    """The record's fields as JSON-safe values, its many-to-many fields as lists of keys."""
    many = [f.name for f in record._meta.many_to_many]
    data = model_to_dict(record, exclude=["version", *many])
    if record.pk:
        for name in many:
            data[name] = sorted(getattr(record, name).values_list("pk", flat=True))
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


# --- activities ---------------------------------------------------------------------------------


def record_activity(
    *,
    zone: Zone,
    actor,
    kind: str,
    date: dt.date,
    participants: str,
    summary: str,
    company: Company | None = None,
    project: Project | None = None,
    unit: Unit | None = None,
    trip: Trip | None = None,
    place: str = "",
    next_step: str = "",
    next_step_date: dt.date | None = None,
    source: str = "ui",
    today: dt.date | None = None,
) -> Activity:
    """A visit, reception, resident-office report or contact. Its unit is the one given, else
    its project's, else the recording member's; its company, where none is given, the
    project's investor."""
    activity = Activity(zone=zone, submitted_by=actor if getattr(actor, "pk", None) else None)
    values = dict(
        kind=kind,
        date=date,
        participants=participants,
        summary=summary,
        company=company,
        project=project,
        unit=unit,
        trip=trip,
        place=place,
        next_step=next_step,
        next_step_date=next_step_date,
    )
    return _save_activity(activity, actor, values, source=source, today=today, creating=True)


def change_activity(
    *,
    activity: Activity,
    actor,
    source: str = "ui",
    today: dt.date | None = None,
    expected_version: int | None = None,
    **values: Any,
) -> Activity:
    """Change the fields named (those of record_activity) of an activity the actor may change.
    `expected_version`: the version the edit was based on (StaleEdit if it moved on)."""
    unknown = set(values) - ACTIVITY_FIELDS
    if unknown:
        raise ValueError(unknown)
    permissions.require_change(actor, activity)
    current = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    return _save_activity(
        activity,
        actor,
        {**current, **values},
        source=source,
        today=today,
        creating=False,
        expected_version=expected_version,
    )


def delete_activity(
    *, activity: Activity, actor, source: str = "ui", expected_version: int | None = None
) -> None:
    permissions.require_change(actor, activity)
    with transaction.atomic():
        lock_current(activity, expected_version)
        before = snapshot(activity)
        record_change(
            actor=actor,
            instance=activity,
            action=ChangeLog.Action.DELETE,
            before=before,
            after=None,
            source=source,
        )
        zone_id = activity.zone_id
        activity.delete()
        mark_zone_changed(zone_id)


ACTIVITY_FIELDS = {
    "kind",
    "date",
    "participants",
    "summary",
    "company",
    "project",
    "unit",
    "trip",
    "place",
    "next_step",
    "next_step_date",
}


def _save_activity(
    activity: Activity,
    actor,
    values: dict,
    *,
    source: str,
    today,
    creating: bool,
    expected_version: int | None = None,
) -> Activity:
    today = today or shanghai_today()
    zone = activity.zone
    values = {**values, **_clean_texts(values, ("participants", "summary", "place", "next_step"))}
    project = values["project"]
    if values["company"] is None and project is not None:
        values["company"] = project.company
    if values["unit"] is None:
        values["unit"] = _default_unit(actor, zone, project)
    before = None if creating else snapshot(activity)
    for name, value in values.items():
        setattr(activity, name, value)
    _require_record(actor, activity, creating=creating)
    _require_visible(actor, zone, project=project, trip=values["trip"])
    errors = _activity_errors(zone, values, today=today)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if not creating:
            lock_current(activity, expected_version)
            activity.version += 1
        activity.save()
        _audit(actor, activity, before, source)
    return activity


def _default_unit(actor, zone: Zone, project: Project | None) -> Unit | None:
    if project is not None and project.unit_id:
        return project.unit
    found = permissions.membership(actor, zone)
    return found.unit if found and found.role == Role.MEMBER else None


def _activity_errors(zone: Zone, values: dict, *, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if values["kind"] not in Activity.Kind.values:
        errors["kind"] = _("未知的活动类型:%(value)s") % {"value": values["kind"]}
    _check_dates(errors, values, today=today)
    for name in ("participants", "summary"):
        if not values[name]:
            errors.setdefault(name, _("%(field)s不能为空。") % {"field": _label(Activity, name)})
    errors.update(_text_errors(Activity, values, ("participants", "summary", "place", "next_step")))
    errors.update(_zone_errors(zone, values, ("company", "project", "unit", "trip")))
    return errors


def _check_dates(errors: dict[str, str], values: dict, *, today: dt.date) -> None:
    day = values["date"]
    if day is None:
        errors["date"] = _("请填写日期。")
        return
    if message := date_error(day, today=today, subject=_label(Activity, "date")):
        errors["date"] = message
    following = values["next_step_date"]
    if following is None:
        return
    if message := date_error(following, today=today, subject=_("下一步日期"), planned=True):
        errors["next_step_date"] = message
    elif following < day:
        errors["next_step_date"] = _("下一步日期 %(next)s 早于活动日期 %(date)s。") % {
            "next": following,
            "date": day,
        }


# --- trips ------------------------------------------------------------------------------------


TRIP_FIELDS = {"unit", "participants", "start_date", "end_date", "purpose", "cities", "leads"}


def record_trip(
    *,
    zone: Zone,
    actor,
    participants: str,
    start_date: dt.date,
    end_date: dt.date,
    cities: Iterable[Region] = (),
    unit: Unit | None = None,
    purpose: str = "",
    leads: Iterable[Project] = (),
    source: str = "ui",
    today: dt.date | None = None,
) -> Trip:
    """外出招商: who went, to which cities, from when to when, and the leads brought back."""
    trip = Trip(zone=zone, submitted_by=actor if getattr(actor, "pk", None) else None)
    values = dict(
        unit=unit,
        participants=participants,
        start_date=start_date,
        end_date=end_date,
        purpose=purpose,
        cities=list(cities),
        leads=list(leads),
    )
    return _save_trip(trip, actor, values, source=source, today=today, creating=True)


def change_trip(
    *,
    trip: Trip,
    actor,
    source: str = "ui",
    today: dt.date | None = None,
    expected_version: int | None = None,
    **values: Any,
) -> Trip:
    unknown = set(values) - TRIP_FIELDS
    if unknown:
        raise ValueError(unknown)
    permissions.require_change(actor, trip)
    current = {
        "unit": trip.unit,
        "participants": trip.participants,
        "start_date": trip.start_date,
        "end_date": trip.end_date,
        "purpose": trip.purpose,
        "cities": list(trip.cities.all()),
        "leads": list(trip.leads.all()),
    }
    return _save_trip(
        trip,
        actor,
        {**current, **values},
        source=source,
        today=today,
        creating=False,
        expected_version=expected_version,
    )


def _save_trip(
    trip: Trip,
    actor,
    values: dict,
    *,
    source: str,
    today,
    creating: bool,
    expected_version: int | None = None,
) -> Trip:
    today = today or shanghai_today()
    zone = trip.zone
    values = {**values, **_clean_texts(values, ("participants", "purpose"))}
    if values["unit"] is None:
        values["unit"] = _default_unit(actor, zone, None)
    before = None if creating else snapshot(trip)
    for name, value in values.items():
        if name not in ("cities", "leads"):
            setattr(trip, name, value)
    _require_record(actor, trip, creating=creating)
    for lead in values["leads"]:
        _require_visible(actor, zone, project=lead)
    errors = _trip_errors(zone, values, today=today)
    if errors:
        raise ValidationError(errors)
    cities, leads = values.pop("cities"), values.pop("leads")
    with transaction.atomic():
        if not creating:
            lock_current(trip, expected_version)
            trip.version += 1
        trip.save()
        trip.cities.set(cities)
        trip.leads.set(leads)
        _audit(actor, trip, before, source)
    return trip


def _trip_errors(zone: Zone, values: dict, *, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    start, end = values["start_date"], values["end_date"]
    for name, day in (("start_date", start), ("end_date", end)):
        if day is None:
            errors[name] = _("请填写%(field)s。") % {"field": _label(Trip, name)}
        elif message := date_error(day, today=today, subject=_label(Trip, name)):
            errors[name] = message
    if not errors and end < start:
        errors["end_date"] = _("返回日期 %(end)s 早于出发日期 %(start)s。") % {
            "end": end,
            "start": start,
        }
    if not values["participants"]:
        errors["participants"] = _("%(field)s不能为空。") % {"field": _label(Trip, "participants")}
    errors.update(_text_errors(Trip, values, ("participants", "purpose")))
    errors.update(_zone_errors(zone, values, ("unit",)))
    for lead in values["leads"]:
        if lead.zone_id != zone.pk:
            errors["leads"] = _("项目“%(project)s”不属于本开发区。") % {"project": lead}
    return errors


# --- events -----------------------------------------------------------------------------------


EVENT_FIELDS = {
    "name",
    "kind",
    "date",
    "place",
    "city",
    "organiser",
    "organiser_unit",
    "note",
    "companies",
    "signed_projects",
    "leads",
}


def record_event(
    *,
    zone: Zone,
    actor,
    name: str,
    kind: str,
    date: dt.date,
    place: str = "",
    city: Region | None = None,
    organiser: str = "",
    organiser_unit: Unit | None = None,
    note: str = "",
    companies: Iterable[Company] = (),
    signed_projects: Iterable[Project] = (),
    leads: Iterable[Project] = (),
    source: str = "ui",
    today: dt.date | None = None,
) -> Event:
    """A promotion event or fair, with the companies that came, the projects signed there (each
    signed on the event's day) and the leads it produced. Directors and admins record them."""
    values = dict(
        name=name,
        kind=kind,
        date=date,
        place=place,
        city=city,
        organiser=organiser,
        organiser_unit=organiser_unit,
        note=note,
        companies=list(companies),
        signed_projects=list(signed_projects),
        leads=list(leads),
    )
    return _save_event(Event(zone=zone), actor, values, source=source, today=today, creating=True)


def change_event(
    *,
    event: Event,
    actor,
    source: str = "ui",
    today: dt.date | None = None,
    expected_version: int | None = None,
    **values: Any,
) -> Event:
    unknown = set(values) - EVENT_FIELDS
    if unknown:
        raise ValueError(unknown)
    current: dict[str, Any] = {
        name: getattr(event, name)
        for name in ("name", "kind", "date", "place", "city", "organiser", "organiser_unit", "note")
    }
    for name in ("companies", "signed_projects", "leads"):
        current[name] = list(getattr(event, name).all())
    return _save_event(
        event,
        actor,
        {**current, **values},
        source=source,
        today=today,
        creating=False,
        expected_version=expected_version,
    )


def _save_event(
    event: Event,
    actor,
    values: dict,
    *,
    source: str,
    today,
    creating: bool,
    expected_version: int | None = None,
) -> Event:
    _require_manage(actor, event.zone)
    today = today or shanghai_today()
    values = {**values, **_clean_texts(values, ("name", "place", "organiser", "note"))}
    errors = _event_errors(event.zone, values, today=today)
    if errors:
        raise ValidationError(errors)
    before = None if creating else snapshot(event)
    many = {name: values.pop(name) for name in ("companies", "signed_projects", "leads")}
    for name, value in values.items():
        setattr(event, name, value)
    with transaction.atomic():
        if not creating:
            lock_current(event, expected_version)
            event.version += 1
        event.save()
        for name, items in many.items():
            getattr(event, name).set(items)
        _audit(actor, event, before, source)
    return event


def _event_errors(zone: Zone, values: dict, *, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("活动名称不能为空。")
    if values["kind"] not in Event.Kind.values:
        errors["kind"] = _("未知的活动类型:%(value)s") % {"value": values["kind"]}
    day = values["date"]
    if day is None:
        errors["date"] = _("请填写日期。")
    elif message := date_error(day, today=today, subject=_("活动日期")):
        errors["date"] = message
    errors.update(_text_errors(Event, values, ("name", "place", "organiser", "note")))
    errors.update(_zone_errors(zone, values, ("organiser_unit",)))
    for name in ("companies", "signed_projects", "leads"):
        for item in values[name]:
            if item.zone_id != zone.pk:
                errors[name] = _("“%(item)s”不属于本开发区。") % {"item": item}
    if day is not None and "date" not in errors:
        for project in values["signed_projects"]:
            if project.signed_date != day:
                errors["signed_projects"] = _(
                    "项目 %(code)s“%(name)s”的签约日期是 %(signed)s,不是活动当天(%(date)s):"
                    "只有在活动当天签约的项目才算现场签约。"
                ) % {
                    "code": project.code,
                    "name": project.name,
                    "signed": project.signed_date or _("未签约"),
                    "date": day,
                }
                break
    return errors


# --- the zone's setting -----------------------------------------------------------------------


def set_stale_after_days(*, zone: Zone, actor, days: int, source: str = "ui") -> Zone:
    """How many days without any work recorded make a project 长期无更新 (directors, admins)."""
    _require_manage(actor, zone)
    if not 1 <= days <= MAX_STALE_DAYS:
        raise ValidationError(
            {
                "stale_after_days": _("无更新提醒天数 %(days)s 无效,须在 1—%(max)s 之间。")
                % {"days": days, "max": MAX_STALE_DAYS}
            }
        )
    with transaction.atomic():
        zone = Zone.objects.select_for_update().get(pk=zone.pk)
        before = {"stale_after_days": zone.stale_after_days}
        zone.stale_after_days = days
        zone.save(update_fields=["stale_after_days"])
        record_change(
            actor=actor,
            instance=zone,
            action=ChangeLog.Action.UPDATE,
            before=before,
            after={"stale_after_days": days},
            source=source,
        )
    return zone


# --- shared -----------------------------------------------------------------------------------


def _require_manage(actor, zone: Zone) -> None:
    if actor is not None and not permissions.can_manage(actor, zone):
        raise PermissionDenied(_("只有局长和系统管理员可以登记和修改招商活动(会展)。"))


def _require_record(actor, record: Activity | Trip, *, creating: bool) -> None:
    """The policy decides; the refusal names what was refused in the words of this app."""
    try:
        if creating:
            permissions.require_create(actor, record)
        else:
            permissions.require_change(actor, record)
    except PermissionDenied:
        found = permissions.membership(actor, record.zone)
        if found is not None and found.role == Role.MEMBER and found.unit:
            raise PermissionDenied(
                _("招商人员只能为本单位(%(unit)s)及其项目登记工作记录。") % {"unit": found.unit}
            ) from None
        raise PermissionDenied(
            _("您无权在“%(zone)s”登记或修改这条工作记录。") % {"zone": record.zone}
        ) from None


def _require_visible(
    actor, zone: Zone, *, project: Project | None, trip: Trip | None = None
) -> None:
    """A record may name only projects and trips its author may see (a member: their unit's)."""
    if actor is None:
        return
    for model, item in ((Project, project), (Trip, trip)):
        if item is None:
            continue
        queryset = model.objects.filter(pk=item.pk)
        if not permissions.visible(actor, queryset, zone).exists():
            raise PermissionDenied(
                _("您无权为“%(item)s”登记工作记录:它不属于您的单位。") % {"item": item}
            )


def _audit(actor, record: models.Model, before: dict | None, source: str) -> None:
    record_change(
        actor=actor,
        instance=record,
        action=ChangeLog.Action.CREATE if before is None else ChangeLog.Action.UPDATE,
        before=before,
        after=snapshot(record),
        source=source,
    )
    mark_zone_changed(record.zone_id)  # type: ignore[attr-defined]


def _clean_texts(values: dict, names: Iterable[str]) -> dict[str, str]:
    return {name: (values.get(name) or "").strip() for name in names}


def _label(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


def _text_errors(model: type[models.Model], values: dict, names: Iterable[str]) -> dict[str, str]:
    errors = {}
    for name in names:
        if values.get(name) and (message := field_text_error(model, name, values[name])):
            errors[name] = message
    return errors


def _zone_errors(zone: Zone, values: dict, names: Iterable[str]) -> dict[str, str]:
    errors = {}
    for name in names:
        item = values.get(name)
        if item is not None and item.zone_id != zone.pk:
            errors[name] = _("“%(item)s”不属于本开发区。") % {"item": item}
    return errors
