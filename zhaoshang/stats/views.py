"""The projects behind a figure: exactly those the figures engine counts."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from zhaoshang.core.links import local_path
from zhaoshang.org import permissions
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.stats import selectors
from zhaoshang.stats.forms import PeriodForm
from zhaoshang.stats.selectors import KEYS, LABELS

PAGE_SIZE = 100


def figure_list(request, key: str):
    """The projects behind one figure: exactly those the engine counts that the viewer may see,
    and how many more it counts. ?zone=<code> for another of the user's zones (the briefing's
    roll-up), ?by=<dimension>&group=<key> for one row of a breakdown (group "none": 未填写),
    ?back=<path> for the page it was opened from."""
    if key not in KEYS:
        raise Http404
    current = zone_or_404(request)
    zone = current
    if code := request.GET.get("zone"):
        other = permissions.zones_of(request.user).filter(code=code).first()
        if other is None:
            raise Http404
        zone = other
    form = PeriodForm(request.GET)
    period_from, as_of = form.period()
    counted = selectors.figure_projects(zone=zone, key=key, as_of=as_of, period_from=period_from)
    by, group = request.GET.get("by", ""), request.GET.get("group", "")
    if by:
        try:
            counted = selectors.in_breakdown_row(counted, by, group)
        except ValueError as exc:
            raise Http404 from exc
    shown = (
        permissions.visible(request.user, counted, zone)
        .select_related("company", "unit", "industry", "park")
        .order_by("-total_investment_wan", "code")
    )
    # A province's figure can count tens of thousands of projects: a page at a time.
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    total = counted.count()
    query = request.GET.copy()
    query.pop("page", None)
    back = local_path(request, request.GET.get("back"))
    return render(
        request,
        "stats/figure_list.html",
        {
            "form": form,
            "key": key,
            "label": LABELS[key],
            "figure_zone": zone,
            "row_name": selectors.breakdown_row_name(by, group) if by else "",
            "period_from": period_from,
            "as_of": as_of,
            "page": page,
            "query": query.urlencode(),
            "total": total,
            "hidden": total - page.paginator.count,
            # Project pages open in the zone one is working in.
            "project_links": zone == current,
            "back": back,
        },
    )
