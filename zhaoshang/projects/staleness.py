"""The "no update in N days" warning: a project still being worked on (lead to started, not
paused) whose last activity or milestone is more than the zone's `stale_after_days` ago.
`Project.last_activity_date` is kept by the work app's services (docs/work.md)."""

import datetime as dt

from django.db.models import Case, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Greatest

from zhaoshang.projects.models import Project

WATCHED = ("lead_date", "negotiating_date", "substantive_date", "signed_date", "started_date")
_NEVER = dt.date(1900, 1, 1)


def last_update_expression() -> Greatest:
    """The latest of the project's last activity and its milestone dates, as one expression.
    Each date is coalesced first: SQLite's MAX() is NULL as soon as one argument is."""
    dates = ["last_activity_date", *WATCHED]
    return Greatest(
        *[Coalesce(F(name), Value(_NEVER), output_field=DateField()) for name in dates],
        output_field=DateField(),
    )


def watched_condition() -> Q:
    """Projects the warning is about: some milestone up to started, none later, not paused."""
    return (
        Q(dropped_date__isnull=True, completed_date__isnull=True, operating_date__isnull=True)
        & Q(is_paused=False)
        & (
            Q(lead_date__isnull=False)
            | Q(negotiating_date__isnull=False)
            | Q(substantive_date__isnull=False)
            | Q(signed_date__isnull=False)
            | Q(started_date__isnull=False)
        )
    )


def with_staleness(projects: QuerySet[Project], *, today: dt.date, days: int) -> QuerySet[Project]:
    """Annotates `last_update` and `is_stale` (no update in more than `days` days)."""
    limit = today - dt.timedelta(days=days)
    return projects.annotate(last_update=last_update_expression()).annotate(
        is_stale=Case(
            When(watched_condition() & Q(last_update__lt=limit), then=Value(True)),
            default=Value(False),
        )
    )


def last_update(project: Project) -> dt.date | None:
    dates = [project.last_activity_date, *(getattr(project, name) for name in WATCHED)]
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def stale_days(project: Project, *, today: dt.date, days: int) -> int | None:
    """Days since the last update when that is more than `days`, else None (no warning)."""
    watched = (
        not (project.dropped_date or project.completed_date or project.operating_date)
        and not project.is_paused
    )
    if not watched:
        return None
    last = last_update(project)
    if last is None:
        return None
    since = (today - last).days
    return since if since > days else None
