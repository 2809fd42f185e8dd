"""Reads of projects, already scoped to the viewer by the permission policy."""

import datetime as dt
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When

from zhaoshang.org import permissions
from zhaoshang.org.models import Zone
from zhaoshang.projects.models import DATE_FIELD, MILESTONES, Project, Stage


def stage_as_of(on: dt.date, via: str = "") -> Case:
    """The stage on a day as a database expression: the furthest milestone dated on or before it
    (dates are kept in order), or dropped once the drop is dated on or before it. `via` reaches
    a related project (e.g. "project__")."""
    whens = [When(**{f"{via}dropped_date__lte": on}, then=Value(Stage.DROPPED.value))]
    whens += [
        When(**{f"{via}{DATE_FIELD[stage]}__lte": on}, then=Value(stage.value))
        for stage in reversed(MILESTONES)
    ]
    return Case(*whens, default=Value(""), output_field=CharField())


def visible_projects(user, zone: Zone) -> QuerySet[Project]:
    return permissions.visible(user, Project.objects.all(), zone)


BOARD_CARDS_PER_COLUMN = 40


def timeline(project: Project) -> list[dict]:
    """The project's milestones in order, each with its date and who recorded it when."""
    recorded = {}
    for entry in project.stage_log.select_related("actor").order_by("created_at", "id"):
        if entry.milestone in DATE_FIELD and entry.new_date:
            recorded[entry.milestone] = entry
    return [
        {
            "stage": stage,
            "date": project.milestone_date(stage),
            "recorded": recorded.get(stage.value),
        }
        for stage in [*MILESTONES, Stage.DROPPED]
        if stage != Stage.DROPPED or project.dropped_date
    ]


def company_projects(user, project: Project) -> QuerySet[Project]:
    """The investor's other projects in the zone that the user may see."""
    if not project.company_id:
        return Project.objects.none()
    return (
        visible_projects(user, project.zone)
        .filter(company_id=project.company_id)
        .exclude(pk=project.pk)
        .order_by("code")
    )


def capital_increase_links(user, project: Project) -> list[Project]:
    """增资扩产 both ways, as far as the user may see: the original this project increases, or
    the increases of this one (one query)."""
    related = Q(pk=project.expands_id) if project.expands_id else Q(expands=project)
    return list(
        visible_projects(user, project.zone).filter(related).order_by("signed_date", "code")
    )


def board_columns(projects: QuerySet[Project], *, today: dt.date) -> list[dict]:
    """The pipeline board: a column per stage as things stand, each with its count and its
    largest projects. A fixed number of queries, however many projects there are."""
    staged = projects.annotate(stage_now=stage_as_of(today))
    counts = dict(
        staged.values("stage_now").annotate(n=Count("pk")).values_list("stage_now", "n").order_by()
    )
    columns = []
    for stage in MILESTONES:
        cards = list(
            staged.filter(stage_now=stage.value)
            .select_related("company", "unit")
            .order_by(F("total_investment_wan").desc(nulls_last=True), "code")[
                :BOARD_CARDS_PER_COLUMN
            ]
        )
        for card in cards:
            since = card.milestone_date(stage)
            card.days_in_stage = (today - since).days if since else None
        total = counts.get(stage.value, 0)
        columns.append({"stage": stage, "cards": cards, "total": total, "more": total - len(cards)})
    return columns


def my_leads(user, zone: Zone) -> tuple[list[Any], int]:
    """The leads a person submitted or is credited with referring (全员招商), as far as they may
    see them, with their stage today; and how many more of theirs they may not see (a member's
    referral that went to another unit)."""
    mine = Q(submitted_by=user) | Q(referred_by=user)
    shown = list(
        visible_projects(user, zone)
        .filter(mine)
        .annotate(stage_now=stage_as_of(dt.date.max))
        .select_related("company", "unit")
        .order_by(F("lead_date").desc(nulls_last=True), "-code")
    )
    with_stage_labels(shown)
    total = Project.objects.filter(mine, zone=zone).count()
    return shown, total - len(shown)


def with_stage_labels(projects: list[Any]) -> list[Any]:
    """Projects annotated with `stage_now` (stage_as_of) get its label as `stage_label`."""
    for project in projects:
        project.stage_label = Stage(project.stage_now).label if project.stage_now else ""
    return projects
