"""Annual targets in the API: a year's targets of the zone and its units (read by everyone with
a role in the zone, like the figures)."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from zhaoshang.core.api import READ_ERRORS, wan_text
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.org import permissions
from zhaoshang.org.api import api_zone
from zhaoshang.targets.models import Target
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
