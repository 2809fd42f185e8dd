"""Industry chains in the API (read): the zone's chains with their coverage as of a day, one
chain with its nodes (state, enterprises, tags of the projects the caller may see) and links,
and the target companies the caller may see. Coverage, like the figures, is the zone's."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from zhaoshang.chains import selectors
from zhaoshang.chains.models import Chain, ProjectTag
from zhaoshang.core.api import READ_ERRORS
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.org import permissions
from zhaoshang.org.api import api_zone
from zhaoshang.projects.models import Project

router = Router(tags=["chains"])


class ChainOut(Schema):
    id: int
    version: int
    zone: str
    name: str
    industry_id: int | None
    states: dict[str, int]  # nodes per state (strong, covered, filling, gap) on `as_of`


class ChainPage(Schema):
    items: list[ChainOut]
    count: int
    as_of: dt.date


class EnterpriseOut(Schema):
    company_id: int
    company_name: str
    is_anchor: bool
    linked_on: dt.date


class TagOut(Schema):
    project_id: int
    project_code: str
    role: str
    tagged_on: dt.date


class NodeOut(Schema):
    id: int
    version: int
    name: str
    tier: str
    parent_id: int | None
    order: int
    state: str
    enterprises: list[EnterpriseOut]
    tags: list[TagOut]


class ChainDetail(ChainOut):
    as_of: dt.date
    nodes: list[NodeOut]
    links: list[tuple[int, int]]  # (from node id, to node id)


class TargetOut(Schema):
    id: int
    version: int
    node_id: int
    company_id: int
    company_name: str
    reason: str
    unit_id: int
    next_step: str
    next_step_date: dt.date | None
    status: str
    project_id: int | None
    last_contact: dt.date | None


class TargetPage(Schema):
    items: list[TargetOut]
    count: int


def _day(as_of: dt.date | None) -> dt.date:
    today = shanghai_today()
    return min(as_of or today, today)


def _shown(chain: Chain, states: dict[str, int]) -> dict:
    return {
        "id": chain.pk,
        "version": chain.version,
        "zone": chain.zone.code,
        "name": chain.name,
        "industry_id": chain.industry_id,
        "states": states,
    }


@router.get("/chains", response={200: ChainPage, **READ_ERRORS}, summary="产业链 / chains")
def list_chains(request, zone: str | None = None, as_of: dt.date | None = None):
    found = api_zone(request, zone)
    on = _day(as_of)
    items = [_shown(row.chain, row.counts) for row in selectors.chain_rows(found, on)]
    return {"items": items, "count": len(items), "as_of": on}


@router.get("/chains/{pk}", response={200: ChainDetail, **READ_ERRORS}, summary="一条产业链")
def get_chain(request, pk: int, as_of: dt.date | None = None):
    chains = Chain.objects.filter(zone__in=permissions.zones_of(request.user))
    chain = get_object_or_404(chains.select_related("zone"), pk=pk)
    on = _day(as_of)
    states = selectors.node_states(chain.zone, on, chain)
    visible = permissions.visible(request.user, Project.objects.all(), chain.zone).values("pk")
    tags: dict[int, list[dict]] = {}
    for tag in ProjectTag.objects.filter(
        node__chain=chain, tagged_on__lte=on, project__in=visible
    ).select_related("project"):
        tags.setdefault(tag.node_id, []).append(
            {
                "project_id": tag.project_id,
                "project_code": tag.project.code,
                "role": tag.role,
                "tagged_on": tag.tagged_on,
            }
        )
    picture = selectors.chain_picture(request.user, chain, on)
    nodes = [
        {
            "id": node.pk,
            "version": node.version,
            "name": node.name,
            "tier": node.tier,
            "parent_id": node.parent_id,
            "order": node.order,
            "state": states[node.pk].value,
            "enterprises": [
                {
                    "company_id": e.company_id,
                    "company_name": e.company.name,
                    "is_anchor": e.is_anchor,
                    "linked_on": e.linked_on,
                }
                for e in node.details["enterprises"]
            ],
            "tags": tags.get(node.pk, []),
        }
        for node in picture["nodes"]
    ]
    counts = {state: 0 for state in ("strong", "covered", "filling", "gap")}
    for state in states.values():
        counts[state.value] += 1
    return {
        **_shown(chain, counts),
        "as_of": on,
        "nodes": nodes,
        "links": list(chain.links.values_list("from_node_id", "to_node_id")),
    }


@router.get("/chain-targets", response={200: TargetPage, **READ_ERRORS}, summary="产业链目标企业")
def list_targets(request, zone: str | None = None):
    found = api_zone(request, zone)
    items = [
        {
            "id": t.pk,
            "version": t.version,
            "node_id": t.node_id,
            "company_id": t.company_id,
            "company_name": t.company.name,
            "reason": t.reason,
            "unit_id": t.unit_id,
            "next_step": t.next_step,
            "next_step_date": t.next_step_date,
            "status": t.status,
            "project_id": t.project_id,
            "last_contact": t.last_contact,  # type: ignore[attr-defined]
        }
        for t in selectors.targets(request.user, found)
    ]
    return {"items": items, "count": len(items)}
