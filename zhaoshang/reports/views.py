from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header

from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.org import permissions
from zhaoshang.org.selectors import current_zone
from zhaoshang.projects.selectors import visible_projects
from zhaoshang.reports import selectors
from zhaoshang.reports.document import FigureLink
from zhaoshang.reports.forms import ALL_ZONES, BriefingForm, periods
from zhaoshang.reports.writers import FORMATS
from zhaoshang.reports.writers.html import body
from zhaoshang.stats.forms import PeriodForm
from zhaoshang.stats.selectors import KEYS, LABELS, figure_projects
from zhaoshang.stats.services import can_edit_rules


def _zones(request, choice: str) -> list:
    """The zones a briefing covers: the chosen one (404 without a role there), every zone of
    the user for the roll-up, or the zone the user is working in."""
    mine = permissions.zones_of(request.user)
    if choice == ALL_ZONES:
        zones = list(mine)
    elif choice:
        zones = list(mine.filter(code=choice))
    else:
        zone = current_zone(request)
        zones = [zone] if zone is not None else []
    if not zones or not all(permissions.can_see_figures(request.user, z) for z in zones):
        raise Http404
    return zones


def _href(request):
    """Where a figure's number links: the dashboard's list of the projects behind it when the
    figure is the current zone's, else the briefing's own list (any zone the user has a role
    in, optionally one row of a breakdown)."""
    current = current_zone(request)

    def href(link: FigureLink) -> str:
        query = {"from": link.period_from.isoformat(), "as_of": link.as_of.isoformat()}
        if current is not None and link.zone == current.code and not link.by:
            try:
                return f"{reverse('figure-list', args=[link.key])}?{urlencode(query)}"
            except NoReverseMatch:
                pass
        if link.by:
            query.update(by=link.by, group=link.group)
        url = reverse("briefing-figure", args=[link.zone, link.key])
        return f"{url}?{urlencode(query)}"

    return href


def briefing(request):
    today = shanghai_today()
    form = BriefingForm(request.GET, today=today)
    zones = _zones(request, form.zone_choice)
    period_from, as_of = form.period()
    document = selectors.build_briefing(
        zones=zones, as_of=as_of, period_from=period_from, viewer=request.user, cached=True
    )
    query = {"from": period_from.isoformat(), "as_of": as_of.isoformat()}
    if form.zone_choice:
        query["zone"] = form.zone_choice
    return render(
        request,
        "reports/briefing.html",
        {
            "form": form,
            "briefing": document,
            "body": body(document, href=_href(request)),
            "period_from": period_from,
            "as_of": as_of,
            "zone_choice": form.zone_choice or (zones[0].code if len(zones) == 1 else ALL_ZONES),
            "my_zones": list(permissions.zones_of(request.user)),
            "all_zones": ALL_ZONES,
            "periods": periods(today),
            "downloads": [
                {
                    "format": name,
                    "url": f"{reverse('briefing-download', args=[name])}?{urlencode(query)}",
                }
                for name in ("docx", "pdf", "xlsx", "md")
            ],
            "can_edit_rules": len(zones) == 1 and can_edit_rules(request.user, zones[0]),
        },
    )


def download(request, output_format: str):
    kind = FORMATS.get(output_format)
    if kind is None:
        raise Http404
    form = BriefingForm(request.GET, today=shanghai_today())
    zones = _zones(request, form.zone_choice)
    period_from, as_of = form.period()
    document = selectors.build_briefing(
        zones=zones,
        as_of=as_of,
        period_from=period_from,
        viewer=request.user,
        complete=kind.complete,
        cached=True,
    )
    response = HttpResponse(kind.write(document), content_type=kind.content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{document.title}.{kind.extension}"
    )
    return response


def figure(request, zone: str, key: str):
    """The projects behind one figure of a briefing, in any zone where the user has a role:
    those the engine counts that the viewer may see, and how many more it counts. With
    ?by=<dimension>&group=<key> only one row of a breakdown (group "none": 未填写)."""
    if key not in KEYS:
        raise Http404
    found = permissions.zones_of(request.user).filter(code=zone).first()
    if found is None:
        raise Http404
    period_from, as_of = PeriodForm(request.GET).period()
    by, group = request.GET.get("by", ""), request.GET.get("group", "")
    counted = figure_projects(zone=found, key=key, as_of=as_of, period_from=period_from)
    if by:
        try:
            counted = selectors.in_breakdown_row(counted, by, group)
        except ValueError as exc:
            raise Http404 from exc
    counted_ids = counted.values("pk")
    shown = list(
        visible_projects(request.user, found)
        .filter(pk__in=counted_ids)
        .select_related("company", "unit", "industry", "park")
        .order_by("-total_investment_wan", "code")
    )
    total = counted.count()
    try:
        reverse("project-detail", args=[0])
        project_links = True
    except NoReverseMatch:
        project_links = False
    back = {"from": period_from.isoformat(), "as_of": as_of.isoformat(), "zone": found.code}
    return render(
        request,
        "reports/figure_list.html",
        {
            "figure_zone": found,
            "key": key,
            "label": LABELS[key],
            "row_name": selectors.breakdown_row_name(by, group) if by else "",
            "period_from": period_from,
            "as_of": as_of,
            "projects": shown,
            "total": total,
            "hidden": total - len(shown),
            "project_links": project_links,
            "back": f"{reverse('briefings')}?{urlencode(back)}",
        },
    )
