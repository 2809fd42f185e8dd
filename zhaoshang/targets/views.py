"""The targets page (/targets/): everyone with a role in the zone reads the year's targets and
how far the zone and each unit have come; admins and directors set them, one scope at a time."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhaoshang.core.dates import date_error, parse_date
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.forms import add_service_errors
from zhaoshang.core.versions import StaleEdit
from zhaoshang.org import permissions
from zhaoshang.org.models import Unit
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.targets.forms import TargetsForm
from zhaoshang.targets.models import Target
from zhaoshang.targets.ranking import unit_ranking
from zhaoshang.targets.selectors import targets_of, year_progress
from zhaoshang.targets.services import FIRST_YEAR, LAST_YEAR, set_targets


def targets(request):
    zone = zone_or_404(request)
    today = shanghai_today()
    as_of, as_of_error = _as_of(request.GET.get("as_of"), today=today)
    year = as_of.year if as_of else _year(request.GET.get("year"), default=today.year)
    units = list(Unit.objects.filter(zone=zone).order_by("sort_order", "name"))
    unit = _unit(request.GET.get("unit"), units)
    editable = permissions.can_manage(request.user, zone)
    scope_targets = [t for t in targets_of(zone, year) if t.unit_id == (unit.pk if unit else None)]
    stale = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = TargetsForm(request.POST, year=year, targets=scope_targets)
        if form.is_valid():
            try:
                set_targets(
                    zone=zone,
                    actor=request.user,
                    year=year,
                    unit=unit,
                    values=form.values(),
                    expected=form.cleaned_data["versions"],
                )
            except StaleEdit as exc:
                # The form again, on the targets as they are now, with what changed.
                scope_targets = [
                    t for t in targets_of(zone, year) if t.unit_id == (unit.pk if unit else None)
                ]
                form = TargetsForm(year=year, targets=scope_targets)
                stale = exc
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                saved = (
                    _("%(year)s年%(scope)s目标已保存。") % {"year": year, "scope": unit.name}
                    if unit
                    else _("%(year)s年全区目标已保存。") % {"year": year}
                )
                messages.success(request, saved)
                return redirect(request.get_full_path())
    else:
        form = TargetsForm(year=year, targets=scope_targets)
    if as_of is None:
        # Progress of a past year is as of its last day; a year to come has none yet.
        as_of = min(today, dt.date(year, 12, 31)) if year <= today.year else None
    progress = year_progress(zone=zone, as_of=as_of, cached=True) if as_of else None
    ranking = unit_ranking(zone=zone, as_of=as_of, progress=progress) if as_of else None
    years = set(Target.objects.filter(zone=zone).values_list("year", flat=True).distinct())
    years |= {today.year, today.year + 1, year}
    return render(
        request,
        "targets/targets.html",
        {
            "year": year,
            "years": sorted(years, reverse=True),
            "as_of": as_of,
            "year_from": dt.date(year, 1, 1),
            "progress": progress,
            "ranking": ranking if ranking and ranking.ranked else None,
            "units": units,
            "unit": unit,
            "form": form,
            "editable": editable,
            "stale": stale,
            "as_of_error": as_of_error,
        },
        status=409 if stale else 200,
    )


def _as_of(text: str | None, *, today: dt.date) -> tuple[dt.date | None, str]:
    """?as_of=YYYY-MM-DD: progress on that day (its year's targets), and why a day that cannot be
    taken (not a date, after today, before any year with targets) is set aside: the page then
    shows the year as if none were asked for."""
    if not text:
        return None, ""
    try:
        as_of = parse_date(text)
    except ValidationError as exc:
        return None, " ".join(exc.messages)
    if message := date_error(as_of, today=today, subject=_("截止日期")):
        return None, message
    if not FIRST_YEAR <= as_of.year <= LAST_YEAR:
        return None, _("截止日期 %(date)s 不在可设目标的年度(%(first)s—%(last)s)内。") % {
            "date": as_of,
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    return as_of, ""


def _year(text: str | None, *, default: int) -> int:
    try:
        year = int(text) if text else default
    except ValueError as exc:
        raise Http404 from exc
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


def _unit(text: str | None, units: list[Unit]) -> Unit | None:
    if not text:
        return None
    found = next((u for u in units if str(u.pk) == text), None)
    if found is None:
        raise Http404
    return found
