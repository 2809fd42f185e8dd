"""Projects in the API: the library's list (the same filter as the page and the export), a
project, creating one, partial edits with the version they were based on, and every stage change
through the lifecycle services. Who sees and changes what is the permission policy's."""

import datetime as dt
import enum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field, create_model

from zhaoshang.companies.models import Company
from zhaoshang.core.amounts import parse_wan
from zhaoshang.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    VersionConflict,
    require_version,
    wan_text,
)
from zhaoshang.core.models import Source
from zhaoshang.core.versions import StaleEdit
from zhaoshang.org import permissions
from zhaoshang.org.api import api_zone
from zhaoshang.org.models import Industry, Park, Region, Unit
from zhaoshang.projects import selectors, services
from zhaoshang.projects.filters import ProjectFilterForm
from zhaoshang.projects.models import DATE_FIELD, MILESTONES, FundsArrived, Project, Stage

router = Router(tags=["projects"])

MAX_PAGE = 500
# The OpenAPI document lists the values a client may send: enums built from the models' own.
Milestone = enum.Enum("Milestone", {stage.name: stage.value for stage in MILESTONES}, type=str)  # type: ignore[misc]  # members from the model's choices
FundsSource = enum.Enum(  # type: ignore[misc]  # members from the model's choices
    "FundsSource", {source.name: source.value for source in FundsArrived.Source}, type=str
)

# The library's filter, field for field: the query parameters are the form's own fields (the
# form reads and applies them), so the page, the export and the API filter alike.
if TYPE_CHECKING:  # a schema built at run time: to the type checker, a Schema
    ProjectFilters = Schema
else:
    ProjectFilters = create_model(
        "ProjectFilters",
        __base__=Schema,
        **{name: (str | None, None) for name in ProjectFilterForm.base_fields},
    )


class ProjectOut(Schema):
    id: int
    version: int
    zone: str
    code: str
    name: str
    stage: str | None
    company_id: int | None
    company_name: str | None
    origin_region: str | None = Field(
        description="投资方所在地: where the investment comes from, a region code (GB/T 2260, or"
        " ISO 3166 for countries); by default the investor's region"
    )
    introduced_by_id: int | None
    expands_id: int | None = Field(
        description="增资扩产: the id of the signed project this one is a capital increase of"
    )
    industry_id: int | None
    park_id: int | None
    unit_id: int | None
    channel: str
    project_type: str
    total_investment_wan: str | None = Field(description="万元, two decimals")
    foreign_capital_usd_wan: str | None = Field(description="万美元, two decimals")
    agreement_type: str
    lead_date: dt.date | None
    negotiating_date: dt.date | None
    substantive_date: dt.date | None
    signed_date: dt.date | None
    started_date: dt.date | None
    completed_date: dt.date | None
    operating_date: dt.date | None
    dropped_date: dt.date | None
    drop_reason: str
    dropped_to: str
    is_paused: bool
    note: str
    updated_at: dt.datetime


class ProjectPage(Schema):
    items: list[ProjectOut]
    count: int


def shown(project: Project) -> dict:
    """A project as the API writes it (also the `current` of a 409)."""
    return {
        "id": project.pk,
        "version": project.version,
        "zone": project.zone.code,
        "code": project.code,
        "name": project.name,
        "stage": project.stage.value if project.stage else None,
        "company_id": project.company_id,
        "company_name": project.company.name if project.company else None,
        "origin_region": project.origin_region_id,
        "introduced_by_id": project.introduced_by_id,
        "expands_id": project.expands_id,
        "industry_id": project.industry_id,
        "park_id": project.park_id,
        "unit_id": project.unit_id,
        "channel": project.channel,
        "project_type": project.project_type,
        "total_investment_wan": wan_text(project.total_investment_wan),
        "foreign_capital_usd_wan": wan_text(project.foreign_capital_usd_wan),
        "agreement_type": project.agreement_type,
        **{DATE_FIELD[stage]: project.milestone_date(stage) for stage in Stage},
        "drop_reason": project.drop_reason,
        "dropped_to": project.dropped_to,
        "is_paused": project.is_paused,
        "note": project.note,
        "updated_at": project.updated_at,
    }


class ProjectFields(Schema):
    """The attributes a client may set; ids are the zone's units, parks, industries and anchor
    companies; amounts are text as people type them (12亿, 8000万) or numbers of 万元."""

    name: str | None = Field(None, max_length=200)
    company_name: str | None = Field(None, max_length=200, description="investor, by name")
    origin_region: str | None = Field(
        None,
        max_length=6,
        description="投资方所在地, a region code (GB/T 2260 or ISO 3166); null: the investor's",
    )
    introduced_by_id: int | None = None
    expands_id: int | None = Field(
        None, description="增资扩产: the original signed project's id (one the user sees)"
    )
    industry_id: int | None = None
    park_id: int | None = None
    unit_id: int | None = None
    channel: str | None = None
    project_type: str | None = None
    total_investment_wan: str | None = Field(None, max_length=40)
    foreign_capital_usd_wan: str | None = Field(None, max_length=40)
    agreement_type: str | None = None
    note: str | None = Field(None, max_length=2000)


class ProjectPatch(ProjectFields):
    version: int | None = Field(None, description="the version the edit is based on (required)")


class ProjectCreate(ProjectFields):
    name: str = Field(..., min_length=1, max_length=200)
    code: str = Field("", max_length=40, description="blank: the zone's next code")
    stage: Milestone = Milestone(Stage.LEAD.value)
    on: dt.date = Field(..., description="the date of that first milestone")


class MilestoneIn(Schema):
    version: int | None = None
    stage: Milestone
    on: dt.date
    agreement_type: str = ""
    reason: str = Field("", max_length=500)


class ResignIn(Schema):
    """A later agreement of a signed project (re-signing, supplementary agreement, the formal
    contract after a framework agreement): kept in the stage log; the signing counted stays."""

    version: int | None = None
    on: dt.date
    agreement_type: str = ""
    reason: str = Field(..., max_length=500)


class PauseIn(Schema):
    version: int | None = None
    paused: bool
    on: dt.date
    reason: str = Field("", max_length=500)


class DropIn(Schema):
    version: int | None = None
    on: dt.date
    reason: str = Field(..., max_length=500)
    dropped_to: str = Field("", max_length=200)


class RestoreIn(Schema):
    version: int | None = None
    reason: str = Field(..., max_length=500)


class FundsIn(Schema):
    version: int | None = None
    on: dt.date
    amount_wan: str = Field(..., max_length=40)
    source: FundsSource
    note: str = Field("", max_length=200)


def _visible(request, pk: int) -> Project:
    """A project the user may see in any of their zones; any other is 404."""
    projects = permissions.visible(request.user, Project.objects.select_related("zone", "company"))
    return get_object_or_404(projects, pk=pk)


def _changeable(request, pk: int) -> Project:
    project = _visible(request, pk)
    if not permissions.can_change(request.user, project):
        raise PermissionDenied(_("您无权修改此项目。"))
    return project


def _reference(records: QuerySet, pk: int | str | None, field: str):
    if pk is None:
        return None
    found = records.filter(pk=pk).first()
    if found is None:
        message = (
            _("没有代码为 %(id)s 的地区。")
            if field == "origin_region"
            else _("本开发区没有编号为 %(id)s 的记录。")
        )
        raise ValidationError({field: message % {"id": pk}})
    return found


def _references(request, zone) -> dict[str, tuple[str, QuerySet]]:
    """Each id a client may send, the service argument it becomes and where it is looked up:
    the zone's records as the form offers them (a capital increase names a project the user
    sees; the origin is any region, national data)."""
    return {
        "industry_id": ("industry", Industry.objects.filter(zone=zone)),
        "park_id": ("park", Park.objects.filter(zone=zone)),
        "unit_id": ("unit", Unit.objects.filter(zone=zone)),
        "introduced_by_id": ("introduced_by", Company.objects.filter(zone=zone, is_anchor=True)),
        "expands_id": ("expands", selectors.visible_projects(request.user, zone)),
        "origin_region": ("origin_region", Region.objects.all()),
    }


def _service_fields(request, data: dict, zone) -> dict:
    """The sent attributes as service arguments: ids to the zone's records, amounts read as
    people type them. Only what was sent is there (PATCH is partial)."""
    fields = {}
    references = _references(request, zone)
    errors = {}
    for key, value in data.items():
        try:
            if key in references:
                name, records = references[key]
                fields[name] = _reference(records, value, name)
            elif key in ("total_investment_wan", "foreign_capital_usd_wan"):
                fields[key] = parse_wan(value, required=False)
            elif key == "company_name" or key in ("channel", "agreement_type", "note"):
                fields[key] = value or ""
            elif value is not None:
                fields[key] = value
        except ValidationError as exc:
            errors[key.removesuffix("_id")] = exc.messages
    if errors:
        raise ValidationError(errors)
    return fields


@router.get("/projects", response={200: ProjectPage, **READ_ERRORS}, summary="项目库 / projects")
def list_projects(
    request,
    filters: Query[ProjectFilters],
    zone: str | None = None,
    limit: int = Query(50, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0),
):
    """The projects of the zone (`zone=` its code; default the user's first) that the user may
    see, filtered exactly as the library page is (its query string works here unchanged)."""
    found = api_zone(request, zone)
    form = ProjectFilterForm(filters.dict(exclude_none=True), zone=found)
    if form.is_bound and not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    projects = form.filter(selectors.visible_projects(request.user, found))
    count = projects.count()
    page = projects.select_related("zone", "company")[offset : offset + limit]
    return {"items": [shown(project) for project in page], "count": count}


@router.get(
    "/projects/{pk}", response={200: ProjectOut, **READ_ERRORS}, summary="一个项目 / a project"
)
def get_project(request, pk: int):
    return shown(_visible(request, pk))


@router.post("/projects", response={201: ProjectOut, **WRITE_ERRORS}, summary="新建项目")
def create_project(request, payload: ProjectCreate, zone: str | None = None):
    found = api_zone(request, zone)
    if not permissions.can_create(request.user, found):
        raise PermissionDenied(_("您无权新建项目。"))
    data = payload.dict(exclude_unset=True)
    data.pop("name", None), data.pop("stage", None), data.pop("on", None), data.pop("code", None)
    project = services.create_project(
        zone=found,
        actor=request.user,
        name=payload.name,
        code=payload.code,
        milestones={Stage(payload.stage.value): payload.on},
        source=Source.API,
        **_service_fields(request, data, found),
    )
    return Status(201, shown(_visible(request, project.pk)))


def _stale(request, pk: int, exc: StaleEdit):
    return VersionConflict(current=shown(_visible(request, pk)), message=exc.messages[0])


def _run(request, project: Project, version: int | None, write):
    """Refuse an edit without the current version, run the service, and answer the project as
    it is now; a version that moved on meanwhile is a 409 with nothing written."""
    require_version(version, project.version, shown=shown(project))
    try:
        write(expected_version=version)
    except StaleEdit as exc:
        raise _stale(request, project.pk, exc) from exc
    return shown(_visible(request, project.pk))


@router.patch(
    "/projects/{pk}", response={200: ProjectOut, **WRITE_ERRORS}, summary="修改项目(部分字段)"
)
def update_project(request, pk: int, payload: ProjectPatch):
    project = _changeable(request, pk)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    require_version(version, project.version, shown=shown(project))
    changes = _service_fields(request, data, project.zone)
    if "name" in changes and not changes["name"]:
        raise ValidationError({"name": _("项目名称不能为空。")})
    return _run(
        request,
        project,
        version,
        lambda **kw: services.update_project(
            project=project, actor=request.user, source=Source.API, **changes, **kw
        ),
    )


@router.post(
    "/projects/{pk}/milestones",
    response={200: ProjectOut, **WRITE_ERRORS},
    summary="登记节点 / record a milestone",
)
def record_milestone(request, pk: int, payload: MilestoneIn):
    project = _changeable(request, pk)
    return _run(
        request,
        project,
        payload.version,
        lambda **kw: services.record_milestone(
            project=project,
            actor=request.user,
            stage=Stage(payload.stage.value),
            on=payload.on,
            agreement_type=payload.agreement_type,
            reason=payload.reason,
            source=Source.API,
            **kw,
        ),
    )


@router.post(
    "/projects/{pk}/resign",
    response={200: ProjectOut, **WRITE_ERRORS},
    summary="再次签约 / a later agreement",
)
def record_resigning(request, pk: int, payload: ResignIn):
    project = _changeable(request, pk)
    return _run(
        request,
        project,
        payload.version,
        lambda **kw: services.record_resigning(
            project=project,
            actor=request.user,
            on=payload.on,
            agreement_type=payload.agreement_type,
            reason=payload.reason,
            source=Source.API,
            **kw,
        ),
    )


@router.post(
    "/projects/{pk}/pause", response={200: ProjectOut, **WRITE_ERRORS}, summary="搁置 / 恢复推进"
)
def pause_project(request, pk: int, payload: PauseIn):
    project = _changeable(request, pk)
    return _run(
        request,
        project,
        payload.version,
        lambda **kw: services.set_paused(
            project=project,
            actor=request.user,
            paused=payload.paused,
            on=payload.on,
            reason=payload.reason,
            source=Source.API,
            **kw,
        ),
    )


@router.post("/projects/{pk}/drop", response={200: ProjectOut, **WRITE_ERRORS}, summary="终止项目")
def drop_project(request, pk: int, payload: DropIn):
    project = _changeable(request, pk)
    return _run(
        request,
        project,
        payload.version,
        lambda **kw: services.drop_project(
            project=project,
            actor=request.user,
            on=payload.on,
            reason=payload.reason,
            dropped_to=payload.dropped_to,
            source=Source.API,
            **kw,
        ),
    )


@router.post(
    "/projects/{pk}/restore", response={200: ProjectOut, **WRITE_ERRORS}, summary="恢复已终止项目"
)
def restore_project(request, pk: int, payload: RestoreIn):
    project = _changeable(request, pk)
    return _run(
        request,
        project,
        payload.version,
        lambda **kw: services.undrop_project(
            project=project, actor=request.user, reason=payload.reason, source=Source.API, **kw
        ),
    )


@router.post(
    "/projects/{pk}/funds", response={200: ProjectOut, **WRITE_ERRORS}, summary="登记到位资金"
)
def record_funds(request, pk: int, payload: FundsIn):
    project = _changeable(request, pk)
    try:
        amount = parse_wan(payload.amount_wan)
    except ValidationError as exc:
        raise ValidationError({"amount_wan": exc.messages}) from exc
    assert amount is not None  # required: an empty amount is refused above
    return _run(
        request,
        project,
        payload.version,
        lambda **kw: services.record_funds_arrived(
            project=project,
            actor=request.user,
            on=payload.on,
            amount_wan=amount,
            source_of_funds=payload.source.value,
            note=payload.note,
            source=Source.API,
            **kw,
        ),
    )
