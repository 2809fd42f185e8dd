"""A unit's page (/units/<id>/): who it is (kind, head, members, a resident office's city and
period), its figures for the period, its projects and its progress against its targets. It
composes org, projects, the figures engine and the targets, so it sits with the dashboard.

Other apps add sections below (activities, trips, events…): a section is a template and a
function giving its context, appended to UNIT_SECTIONS; the page includes each in order."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F
from django.shortcuts import get_object_or_404, render

from zhaoshang.fieldwork.selectors import unit_work
from zhaoshang.followup.selectors import lead_clocks, overdue_steps_by_unit
from zhaoshang.org import permissions
from zhaoshang.org.models import Membership, Unit
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.projects.selectors import stage_as_of, visible_projects, with_stage_labels
from zhaoshang.stats import selectors
from zhaoshang.stats.forms import PeriodForm, shortcuts
from zhaoshang.stats.selectors import LABELS, ZERO, Figure
from zhaoshang.targets.ranking import unit_ranking
from zhaoshang.targets.selectors import year_progress, year_start

# The unit's figures shown as cards, in this order.
UNIT_KEYS = [
    "signed",
    "signed_major",
    "negotiating",
    "under_construction",
    "started",
    "completed",
    "funds_arrived",
]
PROJECTS_SHOWN = 50


@dataclass(frozen=True)
class UnitSection:
    """A section of the unit page another app contributes: `context(request, unit, period)`
    returns the template's context (None: the section is left out)."""

    template: str
    context: Callable


def _rank(request, unit: Unit, period: dict) -> dict | None:
    ranking = unit_ranking(zone=unit.zone, as_of=period["as_of"], cached=True)
    rank = ranking.of(unit)
    return {"rank": rank, "ranking": ranking, "as_of": period["as_of"]} if rank else None


def _work(request, unit: Unit, period: dict) -> dict:
    return {"work": unit_work(request.user, unit, start=period["from"], end=period["as_of"])}


def _late_steps(request, unit: Unit, period: dict) -> dict | None:
    """The unit's major leads with response steps overdue on the as-of date (docs/followup.md),
    for those who follow projects up; left out when there are none."""
    if not permissions.can_follow_up(request.user, unit.zone):
        return None
    as_of = period["as_of"]
    rows = [r for r in overdue_steps_by_unit(unit.zone, as_of) if r.unit_id == unit.pk]
    if not rows:
        return None
    leads = lead_clocks(unit.zone, as_of, request.user, overdue_only=True, unit_id=unit.pk)
    return {"rows": rows, "leads": leads, "as_of": as_of}


UNIT_SECTIONS: list[UnitSection] = [
    UnitSection("dashboard/unit_sections/rank.html", _rank),
    UnitSection("dashboard/unit_sections/late_steps.html", _late_steps),
    UnitSection("dashboard/unit_sections/work.html", _work),
]


def unit_detail(request, pk: int):
    zone = zone_or_404(request)
    unit = get_object_or_404(Unit.objects.select_related("head", "city"), zone=zone, pk=pk)
    form = PeriodForm(request.GET)  # today: the period form's
    period_from, as_of = form.period()
    figures = selectors.cached_figures(
        zone=zone, as_of=as_of, period_from=period_from, breakdowns=("unit",), codes=False
    )
    row = next((r for r in figures.by.get("unit", []) if r.key == unit.pk), None)
    nothing = Figure(count=0, amount_wan=ZERO)
    cards = [
        {"key": key, "label": LABELS[key], "figure": row.figures[key] if row else nothing}
        for key in UNIT_KEYS
    ]
    progress = year_progress(zone=zone, as_of=as_of, cached=True)
    targets = [r for r in progress.unit_rows if r.unit and r.unit.pk == unit.pk] if progress else []
    own = Membership.objects.filter(zone=zone, unit=unit).select_related("user")
    projects = (
        visible_projects(request.user, zone)
        .filter(unit=unit)
        .annotate(stage_now=stage_as_of(as_of))
        .select_related("company")
        .order_by(F("total_investment_wan").desc(nulls_last=True), "code")
    )
    shown = with_stage_labels(list(projects[:PROJECTS_SHOWN]))
    visible_count = projects.count() if len(shown) == PROJECTS_SHOWN else len(shown)
    period = {"from": period_from, "as_of": as_of}
    sections = []
    for section in UNIT_SECTIONS:
        context = section.context(request, unit, period)
        if context is not None:
            sections.append({"template": section.template, "context": context})
    return render(
        request,
        "dashboard/unit_detail.html",
        {
            "unit": unit,
            "form": form,
            "period_from": period_from,
            "as_of": as_of,
            "year_from": year_start(as_of),
            "shortcuts": shortcuts(form.today),
            "cards": cards,
            "targets": targets,
            "members": sorted(own, key=lambda m: (m.user_id != unit.head_id, m.user.username)),
            "projects": shown,
            "more_visible": visible_count - len(shown),
            "hidden": unit.project_set.count() - visible_count,
            "may_manage": permissions.can_manage_directory(request.user, zone),
            "sections": sections,
        },
    )
