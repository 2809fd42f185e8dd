"""The figures in the API: `GET /api/stats` is the object `zhaoshang stats --json` prints, and
the projects behind one figure are those the engine counts that the user may see."""

import datetime as dt
from typing import Any

from django.http import Http404
from ninja import Query, Router

from zhaoshang.core.api import READ_ERRORS
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.org.api import api_zone
from zhaoshang.projects.api import shown as shown_project
from zhaoshang.projects.selectors import visible_projects
from zhaoshang.stats.selectors import KEYS, cached_figures, check_period, figure_projects

# `from` is a word of Python: the parameter is named apart from its key.
PERIOD_FROM = Query(None, alias="from")

router = Router(tags=["stats"])


@router.get(
    "/stats",
    response={200: dict[str, Any], **READ_ERRORS},
    summary="统计指标 / the figures",
    description="The same object as `zhaoshang stats --zone C --as-of D [--from D0] --json`.",
)
def stats(
    request,
    zone: str | None = None,
    period_from: dt.date | None = PERIOD_FROM,
    as_of: dt.date | None = None,
):
    found = api_zone(request, zone)
    as_of = as_of or shanghai_today()
    period_from = check_period(as_of, period_from, today=shanghai_today())
    # Cached per zone and period until the zone's data changes (docs/architecture.md).
    return cached_figures(zone=found, as_of=as_of, period_from=period_from).as_json()


@router.get(
    "/stats/{key}/projects",
    response={200: dict[str, Any], **READ_ERRORS},
    summary="指标背后的项目 / the projects behind a figure",
    description=(
        "Exactly the projects the figure counts that the user may see (`items`, `count`), "
        "how many it counts in all (`counted`) and how many of those are not the user's to "
        "see (`hidden`)."
    ),
)
def figure(
    request,
    key: str,
    zone: str | None = None,
    period_from: dt.date | None = PERIOD_FROM,
    as_of: dt.date | None = None,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
):
    if key not in KEYS:
        raise Http404
    found = api_zone(request, zone)
    as_of = as_of or shanghai_today()
    # The period's rules (a future as-of date is refused, as by the command).
    period_from = check_period(as_of, period_from, today=shanghai_today())
    counted = figure_projects(zone=found, key=key, as_of=as_of, period_from=period_from)
    mine = (
        visible_projects(request.user, found)
        .filter(pk__in=counted.values("pk"))
        .select_related("zone", "company")
        .order_by("code")
    )
    total, count = counted.count(), mine.count()
    return {
        "key": key,
        "zone": found.code,
        "from": period_from.isoformat(),
        "as_of": as_of.isoformat(),
        "counted": total,
        "hidden": total - count,
        "items": [shown_project(p) for p in mine[offset : offset + limit]],
        "count": count,
    }
