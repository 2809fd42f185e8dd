"""Investors (客商) in the API: the zone's list and one investor. Read by everyone with a role in
the zone (the permission policy); they change through the projects that name them."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from zhaoshang.companies.models import Company
from zhaoshang.core.api import READ_ERRORS
from zhaoshang.org import permissions
from zhaoshang.org.api import api_zone

router = Router(tags=["companies"])


class CompanyOut(Schema):
    id: int
    version: int
    zone: str
    name: str
    uscc: str
    region_id: str | None = Field(
        description="the region code (GB/T 2260, or ISO 3166 for countries)"
    )
    region_name: str | None
    is_anchor: bool
    is_target: bool = Field(description="目标企业: an open target of a chain node")
    note: str


class CompanyPage(Schema):
    items: list[CompanyOut]
    count: int


def shown(company: Company) -> dict:
    return {
        "id": company.pk,
        "version": company.version,
        "zone": company.zone.code,
        "name": company.name,
        "uscc": company.uscc,
        "region_id": company.region_id,
        "region_name": company.region.name if company.region else None,
        "is_anchor": company.is_anchor,
        "is_target": company.is_target,
        "note": company.note,
    }


@router.get("/companies", response={200: CompanyPage, **READ_ERRORS}, summary="客商 / investors")
def list_companies(
    request,
    zone: str | None = None,
    q: str = Query("", max_length=200, description="part of the name"),
    anchor: bool | None = None,
    target: bool | None = Query(None, description="目标企业 (true) or not (false)"),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
):
    found = api_zone(request, zone)
    companies = permissions.visible(request.user, Company.objects.all(), found)
    if q.strip():
        companies = companies.filter(name__icontains=q.strip())
    if anchor is not None:
        companies = companies.filter(is_anchor=anchor)
    if target is not None:
        companies = companies.filter(is_target=target)
    count = companies.count()
    page = companies.select_related("zone", "region").order_by("name", "pk")[
        offset : offset + limit
    ]
    return {"items": [shown(company) for company in page], "count": count}


@router.get("/companies/{pk}", response={200: CompanyOut, **READ_ERRORS}, summary="一个客商")
def get_company(request, pk: int):
    companies = permissions.visible(request.user, Company.objects.select_related("zone", "region"))
    return shown(get_object_or_404(companies, pk=pk))
