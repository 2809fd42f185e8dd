from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header

from zhaoshang.core.addresses import client_address
from zhaoshang.core.audit import record_event
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.models import ChangeLog
from zhaoshang.org import permissions
from zhaoshang.org.selectors import current_zone, zone_or_404
from zhaoshang.reports import selectors
from zhaoshang.reports.document import FigureLink
from zhaoshang.reports.forms import ALL_ZONES, BriefingForm, periods
from zhaoshang.reports.writers import FORMATS
from zhaoshang.reports.writers.html import body

WORK_LISTS = {"events_held": "fieldwork-events", "trips": "fieldwork-trips"}


def _zones(request, choice: str) -> list:
    """The zones a briefing covers: the chosen one (404 without a role there), every zone of
    the user for the roll-up, or the zone the user is working in."""
    mine = permissions.zones_of(request.user)
    if choice == ALL_ZONES:
        zones = list(mine)
    elif choice:
        zones = list(mine.filter(code=choice))
    else:
        zones = [zone_or_404(request)]
    if not zones or not all(permissions.can_see_figures(request.user, z) for z in zones):
        raise Http404
    return zones


def _href(request):
    """Where a figure's number links: the dashboard's list of the projects behind it when the
    figure is the current zone's, else the briefing's own list (any zone the user has a role
    in, optionally one row of a breakdown)."""
    current = current_zone(request)

    def href(link: FigureLink) -> str:
        if link.key in WORK_LISTS:  # events and trips open their own lists, not projects
            period = {"from": link.period_from.isoformat(), "to": link.as_of.isoformat()}
            return f"{reverse(WORK_LISTS[link.key])}?{urlencode(period)}"
        query = {"from": link.period_from.isoformat(), "as_of": link.as_of.isoformat()}
        if current is None or link.zone != current.code:
            query["zone"] = link.zone
        if link.by:
            query.update(by=link.by, group=link.group)
        query["back"] = request.get_full_path()
        return f"{reverse('figure-list', args=[link.key])}?{urlencode(query)}"

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
            "can_edit_rules": len(zones) == 1 and permissions.can_manage(request.user, zones[0]),
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
    content = kind.write(document)
    filename = f"{document.title}.{kind.extension}"
    record_event(
        actor=request.user,
        action=ChangeLog.Action.DOWNLOAD,
        address=client_address(request),
        label=filename,
        details={
            "what": "briefing",
            "zones": [zone.code for zone in zones],
            "format": output_format,
            "from": period_from,
            "as_of": as_of,
        },
    )
    response = HttpResponse(content, content_type=kind.content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
