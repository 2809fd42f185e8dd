"""Industry chains in the API (read): the zone's chains with their coverage as of a day, one
chain with its nodes (state, enterprises, tags of the projects the caller may see) and links,
and the target companies the caller may see. Coverage, like the figures, is the zone's."""

import datetime as dt
import enum

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from zhaoshang.chains import selectors, services
from zhaoshang.chains.models import Chain, Node, ProjectTag, TagRole, Target, Tier
from zhaoshang.chains.services import MAX_ORDER
from zhaoshang.companies.models import Company
from zhaoshang.core.amounts import parse_wan
from zhaoshang.core.api import READ_ERRORS, WRITE_ERRORS, require_version, versioned_edit
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.models import Source
from zhaoshang.org import permissions
from zhaoshang.org.api import api_zone
from zhaoshang.org.models import Industry, Unit
from zhaoshang.projects.models import Project

router = Router(tags=["chains"])
TierIn = enum.Enum("TierIn", {t.name: t.value for t in Tier}, type=str)  # type: ignore[misc]  # members from the model's choices
RoleIn = enum.Enum("RoleIn", {r.name: r.value for r in TagRole}, type=str)  # type: ignore[misc]  # members from the model's choices
TargetStatus = enum.Enum("TargetStatus", {s.name: s.value for s in Target.Status}, type=str)  # type: ignore[misc]  # members from the model's choices


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


# --- writes: chains and nodes (directors and admins), tags (who may change the project), targets
# (directors and admins, members for their unit) — each through the chain services --------------


class ChainRecord(Schema):
    """A chain as written: what a client sends back changed, with its version."""

    id: int
    version: int
    zone: str
    name: str
    industry_id: int | None
    note: str
    sort_order: int


class ChainCreate(Schema):
    name: str = Field(..., max_length=100)
    industry_id: int | None = None
    note: str = Field("", max_length=1000)
    sort_order: int = Field(0, ge=0, le=MAX_ORDER)


class ChainPatch(Schema):
    version: int | None = Field(None, description="the version the edit is based on (required)")
    name: str | None = Field(None, max_length=100)
    industry_id: int | None = None
    note: str | None = Field(None, max_length=1000)
    sort_order: int | None = Field(None, ge=0, le=MAX_ORDER)


class NodeRecord(Schema):
    id: int
    version: int
    chain_id: int
    name: str
    tier: TierIn
    parent_id: int | None
    order: int


class NodeCreate(Schema):
    name: str = Field(..., max_length=100)
    tier: TierIn
    parent_id: int | None = Field(None, description="a top node of the same chain and tier")
    order: int = Field(0, ge=0, le=MAX_ORDER)


class NodePatch(Schema):
    version: int | None = Field(None, description="the version the edit is based on (required)")
    name: str | None = Field(None, max_length=100)
    tier: TierIn | None = None
    parent_id: int | None = None
    order: int | None = Field(None, ge=0, le=MAX_ORDER)


class TagIn(Schema):
    role: RoleIn = Field(..., description="fill 补链 · strengthen 强链 · extend 延链")
    tagged_on: dt.date | None = Field(None, description="default: today")


class TargetCreate(Schema):
    company_id: int | None = Field(None, description="a company of the library, or …")
    company_name: str = Field("", max_length=200, description="… a name (found or created)")
    reason: str = Field(..., max_length=500)
    unit_id: int | None = Field(None, description="the owner unit (a member: their own)")
    next_step: str = Field("", max_length=500)
    next_step_date: dt.date | None = None
    status: TargetStatus = TargetStatus.OPEN  # type: ignore[attr-defined]


class TargetPatch(Schema):
    version: int | None = Field(None, description="the version the edit is based on (required)")
    reason: str | None = Field(None, max_length=500)
    unit_id: int | None = None
    next_step: str | None = Field(None, max_length=500)
    next_step_date: dt.date | None = None
    status: TargetStatus | None = None


class ConvertIn(Schema):
    version: int | None = Field(None, description="the target's version (required)")
    name: str = Field(..., max_length=200, description="the new lead's name")
    role: RoleIn = RoleIn.FILL  # type: ignore[attr-defined]
    total_investment_wan: str | None = Field(None, max_length=40, description="12000 or 1.2亿")


def shown_chain(chain: Chain) -> dict:
    return {
        "id": chain.pk,
        "version": chain.version,
        "zone": chain.zone.code,
        "name": chain.name,
        "industry_id": chain.industry_id,
        "note": chain.note,
        "sort_order": chain.sort_order,
    }


def shown_node(node: Node) -> dict:
    return {
        "id": node.pk,
        "version": node.version,
        "chain_id": node.chain_id,
        "name": node.name,
        "tier": node.tier,
        "parent_id": node.parent_id,
        "order": node.order,
    }


def shown_target(target: Target) -> dict:
    return {
        "id": target.pk,
        "version": target.version,
        "node_id": target.node_id,
        "company_id": target.company_id,
        "company_name": target.company.name,
        "reason": target.reason,
        "unit_id": target.unit_id,
        "next_step": target.next_step,
        "next_step_date": target.next_step_date,
        "status": target.status,
        "project_id": target.project_id,
        "last_contact": getattr(target, "last_contact", None),
    }


def _chain(request, pk: int) -> Chain:
    chains = Chain.objects.filter(zone__in=permissions.zones_of(request.user))
    return get_object_or_404(chains.select_related("zone"), pk=pk)


def _node(request, pk: int) -> Node:
    nodes = Node.objects.filter(chain__zone__in=permissions.zones_of(request.user))
    return get_object_or_404(nodes.select_related("chain__zone", "parent"), pk=pk)


def _target(request, pk: int) -> Target:
    found = get_object_or_404(Target.objects.select_related("zone"), pk=pk)
    if found.zone not in permissions.zones_of(request.user):
        raise Http404
    return get_object_or_404(selectors.targets(request.user, found.zone), pk=pk)


def _own_unit(request, zone) -> Unit | None:
    """Where a target names no unit: the member's own (others must name one)."""
    found = permissions.membership(request.user, zone)
    return found.unit if found is not None else None


def _one(records: QuerySet, name: str, pk: int | None):
    """An id the client sent, as the zone's record; another zone's or none is named."""
    if pk is None:
        return None
    found = records.filter(pk=pk).first()
    if found is None:
        raise ValidationError({name: _("本开发区没有编号为 %(id)s 的记录。") % {"id": pk}})
    return found


@router.post("/chains", response={201: ChainRecord, **WRITE_ERRORS}, summary="新建产业链")
def create_chain(request, payload: ChainCreate, zone: str | None = None):
    found = api_zone(request, zone)
    chain = services.save_chain(
        zone=found,
        actor=request.user,
        name=payload.name,
        industry=_one(Industry.objects.filter(zone=found), "industry_id", payload.industry_id),
        note=payload.note,
        sort_order=payload.sort_order,
        source=Source.API,
    )
    return Status(201, shown_chain(chain))


@router.patch("/chains/{pk}", response={200: ChainRecord, **WRITE_ERRORS}, summary="修改产业链")
def update_chain(request, pk: int, payload: ChainPatch):
    chain = _chain(request, pk)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    require_version(version, chain.version, shown=shown_chain(chain))
    industries = Industry.objects.filter(zone=chain.zone)
    industry = (
        _one(industries, "industry_id", data["industry_id"])
        if "industry_id" in data
        else chain.industry
    )
    versioned_edit(
        chain,
        version,
        shown_chain,
        lambda **kw: services.save_chain(
            zone=chain.zone,
            actor=request.user,
            chain=chain,
            name=data.get("name", chain.name),
            industry=industry,
            note=data.get("note", chain.note) or "",
            sort_order=data.get("sort_order", chain.sort_order) or 0,
            source=Source.API,
            **kw,
        ),
    )
    return shown_chain(_chain(request, pk))


@router.post(
    "/chains/{pk}/nodes", response={201: NodeRecord, **WRITE_ERRORS}, summary="新建产业链节点"
)
def create_node(request, pk: int, payload: NodeCreate):
    chain = _chain(request, pk)
    node = services.save_node(
        chain=chain,
        actor=request.user,
        name=payload.name,
        tier=payload.tier.value,
        parent=_one(chain.nodes.all(), "parent_id", payload.parent_id),
        order=payload.order,
        source=Source.API,
    )
    return Status(201, shown_node(node))


@router.patch("/chain-nodes/{pk}", response={200: NodeRecord, **WRITE_ERRORS}, summary="修改节点")
def update_node(request, pk: int, payload: NodePatch):
    node = _node(request, pk)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    require_version(version, node.version, shown=shown_node(node))
    parent = (
        _one(node.chain.nodes.all(), "parent_id", data["parent_id"])
        if "parent_id" in data
        else node.parent
    )
    tier = data.get("tier") or TierIn(node.tier)
    versioned_edit(
        node,
        version,
        shown_node,
        lambda **kw: services.save_node(
            chain=node.chain,
            actor=request.user,
            node=node,
            name=data.get("name") or node.name,
            tier=tier.value,
            parent=parent,
            order=data.get("order", node.order) or 0,
            source=Source.API,
            **kw,
        ),
    )
    return shown_node(_node(request, pk))


def _tag_project(request, node: Node, project_pk: int) -> Project:
    visible = permissions.visible(request.user, Project.objects.all(), node.chain.zone)
    return get_object_or_404(visible.select_related("zone"), pk=project_pk)


@router.put(
    "/chain-nodes/{pk}/tags/{project_pk}",
    response={200: TagOut, **WRITE_ERRORS},
    summary="把项目标注到节点 / tag a project",
)
def put_tag(request, pk: int, project_pk: int, payload: TagIn):
    """Tag the project to the node as 补链 / 强链 / 延链 from `tagged_on`, or change its tag."""
    node = _node(request, pk)
    project = _tag_project(request, node, project_pk)
    tag = services.tag_project(
        node=node,
        actor=request.user,
        project=project,
        role=payload.role.value,
        tagged_on=payload.tagged_on or shanghai_today(),
        source=Source.API,
    )
    return {
        "project_id": project.pk,
        "project_code": project.code,
        "role": tag.role,
        "tagged_on": tag.tagged_on,
    }


@router.delete(
    "/chain-nodes/{pk}/tags/{project_pk}",
    response={204: None, **WRITE_ERRORS},
    summary="取消项目标注",
)
def delete_tag(request, pk: int, project_pk: int):
    node = _node(request, pk)
    project = _tag_project(request, node, project_pk)
    tag = get_object_or_404(
        ProjectTag.objects.select_related("project"), node=node, project=project
    )
    services.untag_project(tag=tag, actor=request.user, source=Source.API)
    return Status(204, None)


@router.post(
    "/chain-nodes/{pk}/targets",
    response={201: TargetOut, **WRITE_ERRORS},
    summary="登记目标企业 / add a target company",
)
def create_target(request, pk: int, payload: TargetCreate):
    node = _node(request, pk)
    zone = node.chain.zone
    if payload.company_id is None and not payload.company_name.strip():
        raise ValidationError({"company_id": _("请选择客商库中的企业,或填写企业名称。")})
    companies = permissions.visible(request.user, Company.objects.all(), zone)
    target = services.save_target(
        node=node,
        actor=request.user,
        reason=payload.reason,
        unit=_one(Unit.objects.filter(zone=zone), "unit_id", payload.unit_id)
        or _own_unit(request, zone),
        company=_one(companies, "company_id", payload.company_id),
        company_name=payload.company_name,
        next_step=payload.next_step,
        next_step_date=payload.next_step_date,
        status=payload.status.value,
        source=Source.API,
    )
    return Status(201, shown_target(_target(request, target.pk)))


@router.patch(
    "/chain-targets/{pk}", response={200: TargetOut, **WRITE_ERRORS}, summary="修改目标企业"
)
def update_target(request, pk: int, payload: TargetPatch):
    target = _target(request, pk)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    require_version(version, target.version, shown=shown_target(target))
    units = Unit.objects.filter(zone=target.zone)
    unit = _one(units, "unit_id", data["unit_id"]) if "unit_id" in data else target.unit
    status = data.get("status") or TargetStatus(target.status)
    versioned_edit(
        target,
        version,
        shown_target,
        lambda **kw: services.save_target(
            node=target.node,
            actor=request.user,
            target=target,
            company=target.company,
            reason=data.get("reason", target.reason) or "",
            unit=unit,
            next_step=data.get("next_step", target.next_step) or "",
            next_step_date=data.get("next_step_date", target.next_step_date),
            status=status.value,
            source=Source.API,
            **kw,
        ),
    )
    return shown_target(_target(request, pk))


@router.post(
    "/chain-targets/{pk}/convert",
    response={200: TargetOut, **WRITE_ERRORS},
    summary="目标企业转为线索 / turn a target into a lead",
)
def convert_target(request, pk: int, payload: ConvertIn):
    """Creates the lead (the target's company and unit, the chain's industry, 产业链招商) tagged
    to the node; the answer is the target, now converted, with `project_id`."""
    target = _target(request, pk)
    amount = parse_wan(payload.total_investment_wan, required=False)
    versioned_edit(
        target,
        payload.version,
        shown_target,
        lambda **kw: services.convert_target(
            target=target,
            actor=request.user,
            name=payload.name,
            role=payload.role.value,
            total_investment_wan=amount,
            source=Source.API,
            **kw,
        ),
    )
    return shown_target(_target(request, pk))
