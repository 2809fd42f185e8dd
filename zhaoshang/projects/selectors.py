"""Reads of projects, already scoped to the viewer by the permission policy."""

import datetime as dt

from django.db.models import Case, CharField, QuerySet, Value, When

from zhaoshang.org import permissions
from zhaoshang.org.models import Zone
from zhaoshang.projects.models import DATE_FIELD, MILESTONES, Project, Stage


def stage_as_of(on: dt.date) -> Case:
    """The stage on a day as a database expression: the furthest milestone dated on or before it
    (dates are kept in order), or dropped once the drop is dated on or before it."""
    whens = [When(dropped_date__lte=on, then=Value(Stage.DROPPED.value))]
    whens += [
        When(**{f"{DATE_FIELD[stage]}__lte": on}, then=Value(stage.value))
        for stage in reversed(MILESTONES)
    ]
    return Case(*whens, default=Value(""), output_field=CharField())


def visible_projects(user, zone: Zone) -> QuerySet[Project]:
    return permissions.visible(user, Project.objects.all(), zone)


def projects_by_codes(user, zone: Zone, codes: list[str]) -> tuple[QuerySet[Project], int]:
    """The projects behind a figure that `user` may see, and how many more the figure counts."""
    shown = visible_projects(user, zone).filter(code__in=codes)
    return shown, len(codes) - shown.count()
