"""The units' pages: the list of a zone's units, and a unit's page with what it did in a period
(this month by default) and its progress against the year's targets."""

from django.shortcuts import get_object_or_404, render

from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.stats.forms import PeriodForm, shortcuts
from zhaoshang.targets.selectors import year_progress
from zhaoshang.units import selectors


def unit_list(request):
    zone = zone_or_404(request)
    return render(request, "units/unit_list.html", {"units": selectors.units_of(zone)})


def unit_detail(request, pk: int):
    zone = zone_or_404(request)
    unit = get_object_or_404(selectors.units_of(zone), pk=pk)
    today = shanghai_today()
    data = request.GET
    if not data.get("from") and not data.get("as_of"):
        data = {"from": today.replace(day=1).isoformat(), "as_of": today.isoformat()}
    form = PeriodForm(data, today=today)
    start, end = form.period()
    progress = year_progress(zone=zone, as_of=end, cached=True)
    unit_rows = [row for row in progress.unit_rows if row.unit.pk == unit.pk] if progress else []
    projects = selectors.unit_projects(request.user, unit)
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "form": form,
            "period_from": start,
            "as_of": end,
            "shortcuts": shortcuts(today),
            "members": selectors.members_of(unit),
            "projects": projects.order_by("-total_investment_wan", "code")[:50],
            "project_count": projects.count(),
            "activities": selectors.unit_activities(request.user, unit, start, end)[:100],
            "activity_counts": selectors.activity_counts(request.user, unit, start, end),
            "trips": selectors.unit_trips(request.user, unit, start, end),
            "events": selectors.unit_events(request.user, unit, start, end),
            "progress_rows": unit_rows,
            "year_from": end.replace(month=1, day=1),
        },
    )
