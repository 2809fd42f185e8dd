"""The work pages: the list of activities, trips and events; recording them; an event's and a
trip's page; a company's page; the activities panel and quick entry of the project page.
Views stay thin: the policy decides who sees what, the services write and refuse."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.companies.models import Company
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.versions import StaleEdit
from zhaoshang.org.models import Unit
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.projects.forms import add_service_errors
from zhaoshang.projects.panels import Panel
from zhaoshang.projects.selectors import visible_projects
from zhaoshang.projects.staleness import stale_days
from zhaoshang.work import selectors, services
from zhaoshang.work.forms import (
    ActivityForm,
    EditActivityForm,
    EventForm,
    QuickActivityForm,
    TripForm,
)

PAGE_SIZE = 50


def _units(user, zone):
    """The units the user records work for: their own for a member, every unit for directors."""
    mine = services.own_unit(user, zone)
    units = Unit.objects.filter(zone=zone)
    return units.filter(pk=mine.pk) if mine else units


def _recordable_projects(user, zone):
    projects = visible_projects(user, zone)
    mine = services.own_unit(user, zone)
    return projects.filter(unit=mine) if mine else projects


def _with_edit_links(user, zone, activities) -> list:
    """The activities, each marked `editable` when the user may change it."""
    activities = list(activities)
    for activity in activities:
        activity.editable = services.can_record(user, zone, activity.unit)
    return activities


def _require_record(request, zone, unit=None) -> None:
    if not services.can_record(request.user, zone, unit):
        raise PermissionDenied(_("您无权登记招商工作。"))


def work_index(request):
    zone = zone_or_404(request)
    activities = selectors.with_details(
        selectors.visible_activities(request.user, zone), request.user, zone
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _with_edit_links(request.user, zone, page.object_list)
    trips = (
        selectors.visible_trips(request.user, zone)
        .select_related("unit")
        .prefetch_related("cities")
        .order_by("-start_date", "-id")[:20]
    )
    events = (
        selectors.visible_events(request.user, zone)
        .select_related("city")
        .order_by("-date", "-id")[:20]
    )
    return render(
        request,
        "work/index.html",
        {
            "page": page,
            "trips": trips,
            "events": events,
            "can_record": services.can_record(request.user, zone),
        },
    )


def activity_new(request):
    zone = zone_or_404(request)
    _require_record(request, zone)
    kwargs = {
        "zone": zone,
        "units": _units(request.user, zone),
        "projects": _recordable_projects(request.user, zone),
    }
    if request.method == "POST":
        form = ActivityForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.record_activity(zone=zone, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("work")
    else:
        initial = {"date": shanghai_today(), "people": [request.user.pk]}
        if mine := services.own_unit(request.user, zone):
            initial["unit"] = mine.pk
        form = ActivityForm(initial=initial, **kwargs)
    return render(request, "work/form.html", {"form": form, "title": _("记录招商活动")})


def _quick_activity(request, *, zone, unit, projects, companies, back: str, subject: str):
    """The quick entry of a project's or a company's page: on success back to the page."""
    if request.method == "POST":
        form = QuickActivityForm(request.POST)
        if form.is_valid():
            try:
                services.record_activity(
                    zone=zone,
                    actor=request.user,
                    unit=unit,
                    people=[request.user],
                    projects=projects,
                    companies=companies,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(back + "#activities")
    else:
        form = QuickActivityForm(initial={"date": shanghai_today()})
    return render(
        request,
        "work/quick.html",
        {"form": form, "subject": subject, "back": back, "action": request.path},
    )


def project_activity(request, pk: int):
    zone = zone_or_404(request)
    project = get_object_or_404(visible_projects(request.user, zone), pk=pk)
    unit = project.unit or services.own_unit(request.user, zone)
    _require_record(request, zone, unit)
    return _quick_activity(
        request,
        zone=zone,
        unit=unit,
        projects=[project],
        companies=[project.company] if project.company_id else [],
        back=reverse("project-detail", args=[project.pk]),
        subject=str(project),
    )


def project_panel(request, project) -> Panel:
    """The project page's activities in time order, its "no update" warning and quick entry."""
    zone = project.zone
    today = shanghai_today()
    unit = project.unit or services.own_unit(request.user, zone)
    can_record = unit is not None and services.can_record(request.user, zone, unit)
    return Panel(
        "work/project_panel.html",
        {
            "activities": _with_edit_links(
                request.user, zone, selectors.project_activities(request.user, project)
            ),
            "stale_days": stale_days(project, today=today, days=zone.stale_after_days),
            "stale_limit": zone.stale_after_days,
            "can_record": can_record,
            "quick_form": QuickActivityForm(initial={"date": today}) if can_record else None,
            "quick_action": reverse("project-activity", args=[project.pk]),
        },
    )


def company_detail(request, pk: int):
    zone = zone_or_404(request)
    company = get_object_or_404(Company.objects.filter(zone=zone).select_related("region"), pk=pk)
    mine = services.own_unit(request.user, zone)
    can_record = services.can_record(request.user, zone, mine)
    return render(
        request,
        "work/company_detail.html",
        {
            "company": company,
            "projects": visible_projects(request.user, zone)
            .filter(company=company)
            .select_related("unit")
            .order_by("code"),
            "activities": selectors.company_activities(request.user, company),
            "events": selectors.visible_events(request.user, zone)
            .filter(companies=company)
            .order_by("-date"),
            "can_record": can_record and mine is not None,
            "quick_form": QuickActivityForm(initial={"date": shanghai_today()}),
        },
    )


def company_activity(request, pk: int):
    zone = zone_or_404(request)
    company = get_object_or_404(Company.objects.filter(zone=zone), pk=pk)
    unit = services.own_unit(request.user, zone)
    if unit is None:
        # Directors record a company's activity with its unit on the full form.
        raise PermissionDenied(_("请在“记录招商活动”页面选择责任单位后登记。"))
    _require_record(request, zone, unit)
    return _quick_activity(
        request,
        zone=zone,
        unit=unit,
        projects=[],
        companies=[company],
        back=reverse("company-detail", args=[company.pk]),
        subject=company.name,
    )


def trip_new(request):
    zone = zone_or_404(request)
    _require_record(request, zone)
    kwargs = {
        "zone": zone,
        "units": _units(request.user, zone),
        "projects": _recordable_projects(request.user, zone),
    }
    if request.method == "POST":
        form = TripForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                trip = services.record_trip(zone=zone, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("trip-detail", pk=trip.pk)
    else:
        initial = {"people": [request.user.pk]}
        if mine := services.own_unit(request.user, zone):
            initial["unit"] = mine.pk
        form = TripForm(initial=initial, **kwargs)
    return render(request, "work/form.html", {"form": form, "title": _("登记外出招商")})


def trip_detail(request, pk: int):
    zone = zone_or_404(request)
    trip = get_object_or_404(
        selectors.visible_trips(request.user, zone)
        .select_related("unit")
        .prefetch_related("cities", "people"),
        pk=pk,
    )
    return render(
        request,
        "work/trip_detail.html",
        {
            "trip": trip,
            "activities": selectors.with_details(
                selectors.visible_activities(request.user, zone).filter(trip=trip),
                request.user,
                zone,
            ),
            "leads": visible_projects(request.user, zone).filter(trips_bringing=trip),
        },
    )


def event_new(request):
    zone = zone_or_404(request)
    _require_record(request, zone)
    kwargs = {
        "zone": zone,
        "units": _units(request.user, zone),
        "projects": _recordable_projects(request.user, zone),
    }
    if request.method == "POST":
        form = EventForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                event = services.record_event(zone=zone, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("event-detail", pk=event.pk)
    else:
        initial = {}
        if mine := services.own_unit(request.user, zone):
            initial["organising_unit"] = mine.pk
        form = EventForm(initial=initial, **kwargs)
    return render(request, "work/form.html", {"form": form, "title": _("登记会展招商活动")})


def event_detail(request, pk: int):
    zone = zone_or_404(request)
    event = get_object_or_404(
        selectors.visible_events(request.user, zone).select_related("city", "organising_unit"),
        pk=pk,
    )
    results = selectors.event_results(type(event).objects.filter(pk=event.pk))
    signed = event.signed_projects.order_by("code")
    shown = visible_projects(request.user, zone).filter(pk__in=signed.values("pk"))
    return render(
        request,
        "work/event_detail.html",
        {
            "event": event,
            "results": results,
            "signed": shown.select_related("company"),
            "hidden_signed": results["signed"] - shown.count(),
            "leads": visible_projects(request.user, zone).filter(events_bringing=event),
            "companies": event.companies.order_by("name"),
        },
    )


@require_POST
def activity_delete(request, pk: int):
    zone = zone_or_404(request)
    activity = get_object_or_404(selectors.visible_activities(request.user, zone), pk=pk)
    if not services.can_record(request.user, zone, activity.unit):
        raise PermissionDenied(_("您无权删除此活动记录。"))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    try:
        services.delete_record(record=activity, actor=request.user, version=version)
    except ValidationError as error:
        return render(request, "work/refused.html", {"refusal": error.messages}, status=409)
    return redirect("work")


def activity_edit(request, pk: int):
    """Change an activity: the form carries its version, and a stale one is refused with what
    changed meanwhile, the activity shown as it is now."""
    zone = zone_or_404(request)
    activity = get_object_or_404(selectors.visible_activities(request.user, zone), pk=pk)
    _require_record(request, zone, activity.unit)
    kwargs = {
        "zone": zone,
        "units": _units(request.user, zone),
        "projects": _recordable_projects(request.user, zone),
    }
    title = _("修改招商活动")
    if request.method == "POST":
        form = EditActivityForm(request.POST, **kwargs)
        if form.is_valid():
            values = dict(form.cleaned_data)
            version = values.pop("version")
            try:
                services.update_activity(
                    activity=activity, actor=request.user, version=version, **values
                )
            except StaleEdit as exc:
                activity.refresh_from_db()
                form = EditActivityForm(initial=EditActivityForm.initial_from(activity), **kwargs)
                context = {"form": form, "title": title, "stale": exc, "activity": activity}
                return render(request, "work/form.html", context, status=409)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("work")
    else:
        form = EditActivityForm(initial=EditActivityForm.initial_from(activity), **kwargs)
    return render(request, "work/form.html", {"form": form, "title": title, "activity": activity})
