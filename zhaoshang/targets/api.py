"""Annual targets in the API: a year's targets of the zone and its units, and the ranking of units
against them with every sub-score (read by everyone with a role in the zone, like the figures)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from zhaoshang.core.api import READ_ERRORS, wan_text
from zhaoshang.core.dates import date_error
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.org import permissions
from zhaoshang.org.api import api_zone
from zhaoshang.targets.models import Target
from zhaoshang.targets.ranking import UnitRank, unit_ranking
from zhaoshang.targets.selectors import targets_of

router = Router(tags=["targets"])


class TargetOut(Schema):
    id: int
    version: int
    zone: str
    year: int
    metric: str
    unit_id: int | None
    count: int | None
    amount_wan: str | None


class TargetPage(Schema):
    items: list[TargetOut]
    count: int


def shown(target: Target, zone_code: str) -> dict:
    return {
        "id": target.pk,
        "version": target.version,
        "zone": zone_code,
        "year": target.year,
        "metric": target.metric,
        "unit_id": target.unit_id,
        "count": target.count,
        "amount_wan": wan_text(target.amount_wan),
    }


@router.get("/targets", response={200: TargetPage, **READ_ERRORS}, summary="年度目标 / targets")
def list_targets(
    request, zone: str | None = None, year: int | None = Query(None, ge=1990, le=2100)
):
    found = api_zone(request, zone)
    items = [shown(t, found.code) for t in targets_of(found, year or shanghai_today().year)]
    return {"items": items, "count": len(items)}


@router.get("/targets/{pk}", response={200: TargetOut, **READ_ERRORS}, summary="一项年度目标")
def get_target(request, pk: int):
    # Targets, like figures, are the zone's: everyone with a role there reads them all.
    zones = permissions.zones_of(request.user)
    targets = Target.objects.filter(zone__in=zones).select_related("zone")
    target = get_object_or_404(targets, pk=pk)
    return shown(target, target.zone.code)


# --- the ranking of units -----------------------------------------------------------------------


class RankPart(Schema):
    metric: str
    label: str
    share: str = Field(description="the share of the target reached, percent, capped")
    capped: bool
    points: str = Field(description="share ÷ number of the unit's targets, one decimal")


class RankRow(Schema):
    unit_id: int
    unit_name: str
    rank: int | None = Field(description="null: the unit has no target, listed not ranked")
    parts: list[RankPart]
    overdue: int = Field(description="overdue starts of the unit's projects on `as_of`")
    penalty: str = Field(description="points taken for them (≤ 0)")
    score: str | None = Field(description="the parts' points plus the penalty")


class RankingOut(Schema):
    zone: str
    year: int
    as_of: dt.date
    cap: int = Field(description="share cap, percent")
    penalty_each: str
    items: list[RankRow]
    count: int


def shown_rank(row: UnitRank) -> dict:
    return {
        "unit_id": row.unit.pk,
        "unit_name": row.unit.name,
        "rank": row.rank,
        "parts": [
            {
                "metric": part.progress.metric,
                "label": str(part.progress.label),
                "share": str(part.share),
                "capped": part.capped,
                "points": str(part.points),
            }
            for part in row.parts
        ],
        "overdue": row.overdue,
        "penalty": str(row.penalty),
        "score": None if row.score is None else str(row.score),
    }


@router.get(
    "/ranking",
    response={200: RankingOut, **READ_ERRORS},
    summary="责任单位排名 / the units' ranking",
    description="The ranking of /targets/ with every unit's sub-scores: as of `as_of`, else the "
    "year's last day (today for the current year).",
)
def ranking(
    request,
    zone: str | None = None,
    year: int | None = Query(None, ge=1990, le=2100),
    as_of: dt.date | None = None,
):
    found = api_zone(request, zone)
    today = shanghai_today()
    if as_of is not None:
        if message := date_error(as_of, today=today, subject=_("截止日期")):
            raise ValidationError({"as_of": message})
    else:
        year = year or today.year
        if year > today.year:
            raise ValidationError({"year": _("%(year)s年尚未开始，没有排名。") % {"year": year}})
        as_of = min(today, dt.date(year, 12, 31))
    result = unit_ranking(zone=found, as_of=as_of, cached=True)
    items = [shown_rank(row) for row in result.rows]
    return {
        "zone": found.code,
        "year": as_of.year,
        "as_of": as_of,
        "cap": result.cap,
        "penalty_each": result.penalty_text,
        "items": items,
        "count": len(items),
    }
