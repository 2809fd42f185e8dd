"""The units' pages: the list of a zone's units, and a unit's page with what it did in a period
(this month by default) and its progress against the year's targets."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.org import permissions
from zhaoshang.org.models import Unit
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.org.services import update_unit
from zhaoshang.projects.forms import add_service_errors
from zhaoshang.stats.forms import PeriodForm, shortcuts
from zhaoshang.targets.selectors import year_progress
from zhaoshang.units import selectors
from zhaoshang.units.forms import UnitForm


def unit_list(request):
    zone = zone_or_404(request)
    return render(request, "units/unit_list.html", {"units": selectors.units_of(zone)})


def unit_detail(request, pk: int, form: UnitForm | None = None):
    zone = zone_or_404(request)
    unit = get_object_or_404(selectors.units_of(zone), pk=pk)
    can_manage = permissions.can_manage(request.user, zone)
    if can_manage and form is None:
        form = UnitForm(
            zone=zone,
            initial={
                "kind": unit.kind,
                "head": unit.head_id,
                "city": unit.city_id,
                "period_from": unit.period_from,
                "period_to": unit.period_to,
            },
        )
    today = shanghai_today()
    data = request.GET
    if not data.get("from") and not data.get("as_of"):
        data = {"from": today.replace(day=1).isoformat(), "as_of": today.isoformat()}
    period = PeriodForm(data, today=today)
    start, end = period.period()
    progress = year_progress(zone=zone, as_of=end, cached=True)
    unit_rows = [row for row in progress.unit_rows if row.unit.pk == unit.pk] if progress else []
    projects = selectors.unit_projects(request.user, unit)
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "form": period,
            "unit_form": form if can_manage else None,
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


@require_POST
def unit_edit(request, pk: int):
    """Directors and admins set a unit's kind, head and resident office; a refusal is shown on
    the unit's page with nothing saved."""
    zone = zone_or_404(request)
    unit = get_object_or_404(Unit.objects.filter(zone=zone), pk=pk)
    if not permissions.can_manage(request.user, zone):
        raise PermissionDenied(_("只有系统管理员和局长可以修改责任单位。"))
    form = UnitForm(request.POST, zone=zone)
    if form.is_valid():
        try:
            update_unit(unit=unit, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("unit-detail", pk=unit.pk)
    return unit_detail(request, pk, form=form)
