"""Pages of the team's work: activities (with the quick entry a phone can use), trips, events,
a company's record, the project page's activity panel (loaded into the project page by htmx, so
the projects app needs to know nothing of this one) and the zone's no-update setting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.forms import add_service_errors
from zhaoshang.core.links import local_path
from zhaoshang.fieldwork import selectors, services
from zhaoshang.fieldwork.forms import (
    ActivityForm,
    EventForm,
    PeriodForm,
    StaleDaysForm,
    TripForm,
    initial_codes,
    initial_names,
)
from zhaoshang.fieldwork.models import Activity, Event
from zhaoshang.org import permissions
from zhaoshang.org.models import Unit
from zhaoshang.org.selectors import zone_or_404

LIST_LIMIT = 200


def _period(request):
    form = PeriodForm(request.GET, today=shanghai_today())
    start, end = form.period()
    return form, start, end


def _changeable_projects(request, zone):
    """The projects a record of this user may name: those they may see (the service checks)."""
    return selectors.visible_projects(request.user, zone).order_by("code")


# --- activities -------------------------------------------------------------------------------


def activity_list(request):
    zone = zone_or_404(request)
    form, start, end = _period(request)
    today = shanghai_today()
    found = selectors.in_period(selectors.activities(request.user, zone), start, end)
    stale = selectors.stale_projects(request.user, zone, today=today)
    return render(
        request,
        "fieldwork/activity_list.html",
        {
            "period_form": form,
            "start": start,
            "end": end,
            "activities": found[:LIST_LIMIT],
            "count": found.count(),
            "stale": stale[:LIST_LIMIT],
            "stale_count": stale.count(),
            "can_record": _can_record(request.user, zone),
            "can_manage": permissions.can_manage(request.user, zone),
            "stale_form": StaleDaysForm(initial={"stale_after_days": zone.stale_after_days}),
        },
    )


def _can_record(user, zone) -> bool:
    """Who is offered the entry forms (the services decide for each record)."""
    return permissions.can_create(user, zone)


def activity_new(request):
    zone = zone_or_404(request)
    if not _can_record(request.user, zone):
        raise PermissionDenied(_("您无权登记工作记录。"))
    projects = _changeable_projects(request, zone)
    initial = {"date": shanghai_today(), "kind": Activity.Kind.VISIT}
    project = None
    if request.GET.get("project", "").isdigit():
        project = get_object_or_404(projects, pk=request.GET["project"])
        initial["project"] = project
    trip = None
    if request.GET.get("trip", "").isdigit():
        trip = get_object_or_404(selectors.trips(request.user, zone), pk=request.GET["trip"])
    form = ActivityForm(
        request.POST or None,
        initial=initial,
        projects=projects,
        companies=selectors.visible_companies(request.user, zone).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.record_activity(
                zone=zone, actor=request.user, trip=trip, **form.values()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记:%(activity)s") % {"activity": activity})
            return redirect(_back(request, activity))
    return render(
        request,
        "fieldwork/activity_form.html",
        {
            "form": form,
            "project": project,
            "trip": trip,
            "back": local_path(request, request.GET.get("back")),
        },
    )


def _back(request, activity: Activity) -> str:
    if back := local_path(request, request.GET.get("back")):
        return back
    if activity.project_id:
        return reverse("project-detail", args=[activity.project_id])
    if activity.trip_id:
        return reverse("fieldwork-trip", args=[activity.trip_id])
    return reverse("fieldwork-activities")


def activity_edit(request, pk: int):
    zone = zone_or_404(request)
    activity = get_object_or_404(selectors.activities(request.user, zone), pk=pk)
    if not permissions.can_change(request.user, activity):
        raise PermissionDenied(_("您无权修改这条工作记录。"))
    fields = ["kind", "date", "project", "company", "participants", "place", "summary"]
    fields += ["next_step", "next_step_date"]
    form = ActivityForm(
        request.POST or None,
        initial={name: getattr(activity, name) for name in fields},
        projects=_changeable_projects(request, zone),
        companies=selectors.visible_companies(request.user, zone).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_activity(activity=activity, actor=request.user, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(_back(request, activity))
    return render(request, "fieldwork/activity_form.html", {"form": form, "activity": activity})


def project_activities(request, pk: int):
    """The project page's panel: the project's activities in time order, its last update and
    the no-update warning, and the button to record one."""
    zone = zone_or_404(request)
    project = get_object_or_404(selectors.visible_projects(request.user, zone), pk=pk)
    return render(
        request,
        "fieldwork/project_activities.html",
        {
            "project": project,
            "activities": selectors.project_activities(request.user, project),
            "staleness": selectors.staleness(project, today=shanghai_today()),
            "can_record": permissions.can_change(request.user, project)
            or permissions.submits_only(request.user, zone),
        },
    )


def company_detail(request, pk: int):
    zone = zone_or_404(request)
    company = get_object_or_404(selectors.visible_companies(request.user, zone), pk=pk)
    return render(
        request,
        "fieldwork/company_detail.html",
        {
            "company": company,
            "activities": selectors.company_activities(request.user, company),
            "events": selectors.company_events(request.user, company),
            "projects": selectors.visible_projects(request.user, zone).filter(company=company),
        },
    )


@require_POST
def stale_days(request):
    zone = zone_or_404(request)
    form = StaleDaysForm(request.POST)
    if form.is_valid():
        try:
            services.set_stale_after_days(
                zone=zone, actor=request.user, days=form.cleaned_data["stale_after_days"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("无更新提醒天数已保存。"))
    else:
        messages.error(request, " ".join(form.errors["stale_after_days"]))
    return redirect("fieldwork-activities")


# --- trips ------------------------------------------------------------------------------------


def trip_list(request):
    zone = zone_or_404(request)
    form, start, end = _period(request)
    found = selectors.in_period(selectors.trips(request.user, zone), start, end, "start_date")
    return render(
        request,
        "fieldwork/trip_list.html",
        {
            "period_form": form,
            "start": start,
            "end": end,
            "trips": found[:LIST_LIMIT],
            "count": found.count(),
            "idle_units": selectors.units_without_trips(zone, start, end),
            "can_record": _can_record(request.user, zone)
            and not permissions.submits_only(request.user, zone),
        },
    )


def trip_detail(request, pk: int):
    zone = zone_or_404(request)
    trip = get_object_or_404(selectors.trips(request.user, zone), pk=pk)
    return render(
        request,
        "fieldwork/trip_detail.html",
        {
            "trip": trip,
            "activities": selectors.activities(request.user, zone).filter(trip=trip),
            "can_change": permissions.can_change(request.user, trip),
        },
    )


def trip_form(request, pk: int | None = None):
    zone = zone_or_404(request)
    trip = get_object_or_404(selectors.trips(request.user, zone), pk=pk) if pk else None
    if trip is None and not _can_record(request.user, zone):
        raise PermissionDenied(_("您无权登记外出招商。"))
    if trip is not None and not permissions.can_change(request.user, trip):
        raise PermissionDenied(_("您无权修改这次外出招商。"))
    initial: dict = {"start_date": shanghai_today(), "end_date": shanghai_today()}
    if trip is not None:
        initial = {
            "participants": trip.participants,
            "cities": initial_names(trip.cities.all()),
            "start_date": trip.start_date,
            "end_date": trip.end_date,
            "unit": trip.unit,
            "purpose": trip.purpose,
            "leads": initial_codes(trip.leads.all()),
        }
    form = TripForm(
        request.POST or None,
        initial=initial,
        zone=zone,
        units=Unit.objects.filter(zone=zone),
        projects=_changeable_projects(request, zone),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if trip is None:
                trip = services.record_trip(zone=zone, actor=request.user, **form.values())
            else:
                trip = services.change_trip(trip=trip, actor=request.user, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("fieldwork-trip", trip.pk)
    return render(request, "fieldwork/trip_form.html", {"form": form, "trip": trip})


# --- events -----------------------------------------------------------------------------------


def event_list(request):
    zone = zone_or_404(request)
    form, start, end = _period(request)
    found = selectors.in_period(selectors.events(request.user, zone), start, end)
    return render(
        request,
        "fieldwork/event_list.html",
        {
            "period_form": form,
            "start": start,
            "end": end,
            "events": found[:LIST_LIMIT],
            "count": found.count(),
            "can_manage": permissions.can_manage(request.user, zone),
        },
    )


def event_detail(request, pk: int):
    zone = zone_or_404(request)
    event = get_object_or_404(selectors.events(request.user, zone), pk=pk)
    listed = selectors.event_projects(event)
    visible = set(
        selectors.visible_projects(request.user, zone)
        .filter(pk__in=[p.pk for p in listed["signed"] + listed["leads"]])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "fieldwork/event_detail.html",
        {
            "event": event,
            "signed": listed["signed"],
            "leads": listed["leads"],
            "visible": visible,
            "companies": event.companies.order_by("name"),
            "can_manage": permissions.can_manage(request.user, zone),
        },
    )


def event_form(request, pk: int | None = None):
    zone = zone_or_404(request)
    if not permissions.can_manage(request.user, zone):
        raise PermissionDenied(_("只有局长和系统管理员可以登记和修改招商活动(会展)。"))
    event = get_object_or_404(Event.objects.filter(zone=zone), pk=pk) if pk else None
    initial: dict = {"date": shanghai_today(), "kind": Event.Kind.PROMOTION}
    if event is not None:
        initial = {
            name: getattr(event, name)
            for name in ("name", "kind", "date", "place", "organiser", "organiser_unit", "note")
        }
        initial["city"] = event.city.name if event.city else ""
        initial["companies"] = initial_names(event.companies.order_by("name"))
        initial["signed_projects"] = initial_codes(event.signed_projects.order_by("code"))
        initial["leads"] = initial_codes(event.leads.order_by("code"))
    form = EventForm(
        request.POST or None,
        initial=initial,
        zone=zone,
        units=Unit.objects.filter(zone=zone),
        projects=selectors.visible_projects(request.user, zone),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if event is None:
                event = services.record_event(zone=zone, actor=request.user, **form.values())
            else:
                event = services.change_event(event=event, actor=request.user, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("fieldwork-event", event.pk)
    return render(request, "fieldwork/event_form.html", {"form": form, "event": event})
