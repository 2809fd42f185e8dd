"""The API's reference lists of a zone (units, parks, industries) and the zone an API request
works in. Reference records are read-only here (they change in the admin); their `version` is
always 1."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from zhaoshang.core.api import READ_ERRORS
from zhaoshang.org import permissions
from zhaoshang.org.models import Industry, Park, Unit, Zone

router = Router(tags=["org"])


def api_zone(request, code: str | None) -> Zone:
    """The zone named by `zone=` (its code), else the user's first zone; a zone where the user
    has no role is 404, as on the pages."""
    zones = permissions.zones_of(request.user)
    zone = zones.filter(code=code).first() if code else zones.first()
    if zone is None:
        raise Http404
    return zone


class ReferenceOut(Schema):
    id: int
    version: int = 1
    zone: str
    name: str
    sort_order: int


class UnitOut(ReferenceOut):
    kind: str


class ReferencePage(Schema):
    items: list[ReferenceOut]
    count: int


class UnitPage(Schema):
    items: list[UnitOut]
    count: int


def _shown(record, zone: Zone) -> dict:
    shown = {
        "id": record.pk,
        "version": 1,
        "zone": zone.code,
        "name": record.name,
        "sort_order": record.sort_order,
    }
    if isinstance(record, Unit):
        shown["kind"] = record.kind
    return shown


def _page(request, model, zone: str | None) -> dict:
    found = api_zone(request, zone)
    records = permissions.visible(request.user, model.objects.all(), found)
    items = [_shown(record, found) for record in records.order_by("sort_order", "name", "pk")]
    return {"items": items, "count": len(items)}


def _one(request, model, pk: int) -> dict:
    records: QuerySet = permissions.visible(request.user, model.objects.select_related("zone"))
    record = get_object_or_404(records, pk=pk)
    return _shown(record, record.zone)


@router.get("/units", response={200: UnitPage, **READ_ERRORS}, summary="责任单位 / units")
def list_units(request, zone: str | None = None):
    return _page(request, Unit, zone)


@router.get("/units/{pk}", response={200: UnitOut, **READ_ERRORS}, summary="一个责任单位")
def get_unit(request, pk: int):
    return _one(request, Unit, pk)


@router.get("/parks", response={200: ReferencePage, **READ_ERRORS}, summary="园区 / parks")
def list_parks(request, zone: str | None = None):
    return _page(request, Park, zone)


@router.get("/parks/{pk}", response={200: ReferenceOut, **READ_ERRORS}, summary="一个园区")
def get_park(request, pk: int):
    return _one(request, Park, pk)


@router.get(
    "/industries", response={200: ReferencePage, **READ_ERRORS}, summary="产业 / industries"
)
def list_industries(request, zone: str | None = None):
    return _page(request, Industry, zone)


@router.get("/industries/{pk}", response={200: ReferenceOut, **READ_ERRORS}, summary="一个产业")
def get_industry(request, pk: int):
    return _one(request, Industry, pk)


class MyZone(Schema):
    code: str
    name: str
    role: str


class Me(Schema):
    id: int
    version: int = 1
    username: str
    read_only: bool
    zones: list[MyZone]


@router.get("/me", response={200: Me, **READ_ERRORS}, summary="当前用户 / who the token is")
def me(request):
    """Who the request acts for and the zones where they have a role (a script's first call)."""
    user = request.user
    token = getattr(request, "api_token", None)
    zones = [
        {
            "code": zone.code,
            "name": zone.name,
            "role": "admin" if user.is_superuser else str(permissions.role_in(user, zone)),
        }
        for zone in permissions.zones_of(user).order_by("code")
    ]
    return {
        "id": user.pk,
        "version": 1,
        "username": user.get_username(),
        "read_only": bool(token and token.read_only),
        "zones": zones,
    }
