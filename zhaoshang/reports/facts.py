"""The facts a briefing is written from, for one zone: the figures engine's figures for the period
and a year before, progress against the year's targets, and the lists (new major signings, funds
arrived, projects needing attention) — all computed from facts dated on or before the as-of date.
Lists hold what the viewer may see (the permission policy); `viewer=None` is the system itself."""

import datetime as dt
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection, connections
from django.db.models import Aggregate, Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum, Window
from django.utils import translation
from django.utils.translation import gettext_lazy

from zhaoshang.chains.selectors import fill_signings
from zhaoshang.fieldwork.models import Activity, Event
from zhaoshang.fieldwork.selectors import period_work, units_without_trips, with_results
from zhaoshang.followup.models import FollowupSettings
from zhaoshang.followup.selectors import (
    DepartmentRecord,
    OverdueSummary,
    department_records,
    overdue_starts,
    overdue_summary,
    settings_of,
)
from zhaoshang.org import permissions
from zhaoshang.org.models import Zone
from zhaoshang.projects.models import FundsArrived, Project, StageLog
from zhaoshang.reports.chain_section import ChainFacts, chain_facts
from zhaoshang.stats.models import CountingRules
from zhaoshang.stats.selectors import (
    KEYS,
    Credit,
    Figure,
    Figures,
    cached_credit,
    cached_figures,
    conditions,
    counted_funds,
    counted_projects,
    rules_of,
    signing_credit,
    year_before,
    zone_figures,
)
from zhaoshang.targets.ranking import Ranking, unit_ranking
from zhaoshang.targets.selectors import YearProgress, year_progress

# The figures engine runs beside the lists (see _alongside); tests switch it off to compare.
PARALLEL = True
LIST_LIMIT = 50  # long lists show the largest; the .xlsx has them all
FUNDED_LIMIT = 10  # the projects with the most funds arrived, in the document
IDLE_NEGOTIATION_DAYS = 60
ZERO = Decimal("0.00")


@dataclass
class Listing:
    """A list of projects: the largest the viewer may see, how many in all, how many hidden."""

    rows: list
    count: int
    amount: Decimal
    hidden: int = 0


@dataclass
class ZoneFacts:
    zone: Zone
    rules: CountingRules
    figures: Figures
    last_year: dict[str, Figure]  # the same period a year before: counts and amounts
    signed_major: Listing
    funds_by_source: list[tuple[str, Decimal]]
    funded: Listing
    signed_not_started: Listing
    idle_negotiations: Listing
    gaps: Listing
    progress: YearProgress | None = None  # against the as-of year's targets, if any
    followup: FollowupSettings | None = None  # the zone's follow-up settings
    overdue: OverdueSummary | None = None  # overdue starts by level (docs/followup.md)
    after_care: list[DepartmentRecord] | None = None  # tickets by department, total last
    ranking: Ranking | None = None  # the units against their targets
    work: "WorkFacts | None" = None  # events held and trips made in the period
    credit: Credit | None = None  # signings by channel and by referrer
    chains: ChainFacts | None = None  # gaps and gaps filled (reports.chain_section)
    chain_fill_signings: Listing = field(default_factory=lambda: Listing([], 0, ZERO))


@dataclass
class WorkFacts:
    """外出招商和招商活动: the period's events with their results (signings, investment,
    leads), the trips' days away and leads, and the units that made no trip."""

    events: list[Any]  # Event with the annotations of fieldwork.selectors.with_results
    trip_days: int
    trip_leads: int
    idle_units: list[str]


def work_facts(zone: Zone, start: dt.date, end: dt.date) -> WorkFacts:
    held = Event.objects.filter(zone=zone, date__gte=start, date__lte=end).select_related("city")
    work = period_work(zone, start, end)
    return WorkFacts(
        events=list(with_results(held).order_by("date", "pk")),
        trip_days=work.trip_days,
        trip_leads=len(work.lead_codes),
        idle_units=[unit.name for unit in units_without_trips(zone, start, end)],
    )


def zone_facts(zone, *, period_from, as_of, viewer, limit, cached, today) -> ZoneFacts:
    # The rules in force on the as-of day, last year's comparison included (同口径): a briefing
    # as of a past day reads the same after a later change of rules.
    rules = rules_of(zone, as_of)

    def figures_now_and_a_year_ago():
        if cached:
            figures = cached_figures(zone=zone, as_of=as_of, period_from=period_from, codes=False)
        else:
            figures = zone_figures(
                zone=zone, as_of=as_of, period_from=period_from, today=today, codes=False
            )
        last_year = _totals(zone, rules, year_before(period_from), year_before(as_of))
        progress = year_progress(
            zone=zone, as_of=as_of, figures=figures, cached=cached, today=today
        )
        return figures, last_year, progress

    figures = _alongside(figures_now_and_a_year_ago)
    projects = counted_projects(zone, rules)
    conds = conditions(rules, period_from, as_of)
    idle = idle_negotiations(projects, rules, as_of)
    signed_major = _listing(
        projects.filter(conds["signed_major"]), zone=zone, viewer=viewer, limit=limit
    )
    funds_by_source = _funds_by_source(zone, rules, period_from, as_of)
    funded = _funded(zone, rules, period_from, as_of, viewer=viewer, limit=limit and FUNDED_LIMIT)
    followup = settings_of(zone)
    not_started = _listing(
        overdue_starts(projects, as_of, followup), zone=zone, viewer=viewer, limit=limit
    )
    overdue = overdue_summary(zone, as_of, settings=followup, projects=projects)
    idle_listing = with_last_activity(
        _listing(idle, zone=zone, viewer=viewer, limit=limit), idle, as_of
    )
    gaps = _listing(
        data_gaps(projects, rules, period_from, as_of), zone=zone, viewer=viewer, limit=limit
    )
    credit = (cached_credit if cached else signing_credit)(
        zone=zone, as_of=as_of, period_from=period_from
    )
    chains = chain_facts(zone, period_from, as_of)  # None for a zone that keeps no chains
    now, last_year, progress = figures.result()
    return ZoneFacts(
        zone=zone,
        rules=rules,
        figures=now,
        last_year=last_year,
        signed_major=signed_major,
        funds_by_source=funds_by_source,
        funded=funded,
        signed_not_started=not_started,
        idle_negotiations=idle_listing,
        gaps=gaps,
        progress=progress,
        followup=followup,
        overdue=overdue,
        after_care=department_records(zone, as_of),
        ranking=unit_ranking(
            zone=zone,
            as_of=as_of,
            progress=progress,
            settings=followup,
            overdue_by_unit=overdue.by_unit,
        ),
        work=work_facts(zone, period_from, as_of),
        credit=credit,
        chains=chains,
        chain_fill_signings=(
            _listing(fill_signings(zone, period_from, as_of), zone=zone, viewer=viewer, limit=limit)
            if chains
            else Listing([], 0, ZERO)
        ),
    )


def _alongside(func) -> Future:
    """Run the figures engine in a worker thread, on its own database connection, while this
    thread reads the briefing's lists: on a large zone the two take about as long, and the
    database serves both at once. Inside a transaction (a test, a caller's atomic block) the
    worker's connection would not see uncommitted rows, so it runs here instead."""
    if not PARALLEL or connection.in_atomic_block:
        done: Future = Future()
        done.set_result(func())
        return done
    language = translation.get_language()

    def work():
        try:
            with translation.override(language):
                return func()
        finally:
            connections.close_all()  # this thread's connections only

    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing")
    try:
        return executor.submit(work)
    finally:
        executor.shutdown(wait=False)


def _totals(zone: Zone, rules: CountingRules, start: dt.date, end: dt.date) -> dict[str, Figure]:
    """Counts and amounts of every figure for a period, by the engine's own conditions but
    without the code lists (the year-ago comparison needs only the numbers)."""
    aggregates: dict[str, Aggregate] = {}
    for key, cond in conditions(rules, start, end).items():
        aggregates[f"{key}__count"] = Count("pk", filter=cond)
        aggregates[f"{key}__amount"] = Sum("total_investment_wan", filter=cond)
    row = counted_projects(zone, rules).aggregate(**aggregates)
    totals = {
        key: Figure(count=row[f"{key}__count"], amount_wan=row[f"{key}__amount"] or ZERO)
        for key in KEYS
        if key != "funds_arrived"
    }
    funds = (
        counted_funds(zone, rules)
        .filter(arrived_date__gte=start, arrived_date__lte=end)
        .aggregate(count=Count("project", distinct=True), amount=Sum("amount_wan"))
    )
    totals["funds_arrived"] = Figure(count=funds["count"], amount_wan=funds["amount"] or ZERO)
    return totals


# --- the lists ------------------------------------------------------------------------------


def signed_not_started(projects: QuerySet[Project], as_of: dt.date) -> QuerySet[Project]:
    """Overdue starts (followup.selectors.overdue_starts, the one definition): signed and by the
    as-of date neither started nor ended, past the promised start date or, with no promise,
    signed more than the zone's days (180 by default) before it."""
    return overdue_starts(projects, as_of)


def idle_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The 60 days before the as-of date: (first day, as-of date)."""
    return as_of - dt.timedelta(days=IDLE_NEGOTIATION_DAYS - 1), as_of


def idle_negotiations(
    projects: QuerySet[Project], rules: CountingRules, as_of: dt.date
) -> QuerySet[Project]:
    """Negotiating on the as-of date with no milestone and no recorded activity (any stage-log
    row, the paused flag's included, by its business date) in the 60 days before it."""
    first, last = idle_window(as_of)
    negotiating = conditions(rules, as_of, as_of)["negotiating"]
    recent = reduce(
        or_,
        (
            Q(**{f"{name}__gte": first, f"{name}__lte": last})
            for name in ("lead_date", "negotiating_date", "substantive_date")
        ),
    )
    activity = StageLog.objects.filter(
        project=OuterRef("pk"), new_date__gte=first, new_date__lte=last
    )
    visited = Activity.objects.filter(project=OuterRef("pk"), date__gte=first, date__lte=last)
    return (
        projects.filter(negotiating)
        .exclude(recent)
        .exclude(Exists(activity))
        .exclude(Exists(visited))
    )


def data_gaps(
    projects: QuerySet[Project], rules: CountingRules, start: dt.date, end: dt.date
) -> QuerySet[Project]:
    """Missing facts as of the end date: started without a signing date, completed or operating
    without a start date, and projects in the period's figures without a unit, an industry or
    the place the investment comes from — they fall into 未填写 rows."""
    date_gaps = Q(started_date__lte=end, signed_date__isnull=True) | (
        (Q(completed_date__lte=end) | Q(operating_date__lte=end)) & Q(started_date__isnull=True)
    )
    in_figures = reduce(or_, conditions(rules, start, end).values())
    missing = Q(unit__isnull=True) | Q(industry__isnull=True) | Q(origin_region__isnull=True)
    return projects.filter(date_gaps | (in_figures & missing))


GAPS = {
    "started_unsigned": gettext_lazy("已开工但无签约日期"),
    "finished_unstarted": gettext_lazy("已竣工或投产但无开工日期"),
    "no_unit": gettext_lazy("未落实责任单位"),
    "no_industry": gettext_lazy("未填写所属产业"),
    "no_region": gettext_lazy("未填写投资方所在地"),
}


def gap_problems(project: "Listed", as_of: dt.date, labels: dict | None = None) -> list[str]:
    """What is missing on a listed project (labels: GAPS translated once, for long lists)."""
    labels = labels or {key: str(label) for key, label in GAPS.items()}

    def on_or_before(day):
        return day is not None and day <= as_of

    problems = []
    if on_or_before(project.started_date) and project.signed_date is None:
        problems.append(labels["started_unsigned"])
    if project.started_date is None and (
        on_or_before(project.completed_date) or on_or_before(project.operating_date)
    ):
        problems.append(labels["finished_unstarted"])
    if project.unit_id is None:
        problems.append(labels["no_unit"])
    if project.industry_id is None:
        problems.append(labels["no_industry"])
    if project.origin_region is None:
        problems.append(labels["no_region"])
    return problems


@dataclass(slots=True)
class Listed:
    """A project in a list, read as one row of values: the .xlsx lists them all, tens of
    thousands in a large zone, and model instances (with their investor, unit and industry)
    cost several times more to build."""

    pk: int
    code: str
    name: str
    company: str | None  # the investor's name
    origin_region: str | None
    company_id: int | None
    unit: str | None
    unit_id: int | None
    industry_id: int | None
    total_investment_wan: Decimal | None
    lead_date: dt.date | None
    negotiating_date: dt.date | None
    substantive_date: dt.date | None
    signed_date: dt.date | None
    started_date: dt.date | None
    completed_date: dt.date | None
    operating_date: dt.date | None
    promised_start: dt.date | None  # followup's Commitment: the due date of an overdue start
    arrived_wan: Decimal | None = None
    last_activity: dt.date | None = None
    zone_name: str = ""


LISTED_FIELDS = [
    "pk",
    "code",
    "name",
    "company__name",
    "origin_region",
    "company_id",
    "unit__name",
    "unit_id",
    "industry_id",
    "total_investment_wan",
    "lead_date",
    "negotiating_date",
    "substantive_date",
    "signed_date",
    "started_date",
    "completed_date",
    "operating_date",
    "commitment__start_date",
]


def _largest_first(queryset: QuerySet[Project]) -> QuerySet[Project]:
    return queryset.order_by(F("total_investment_wan").desc(nulls_last=True), "code")


def _listing(queryset: QuerySet[Project], *, zone, viewer, limit) -> Listing:
    """The largest `limit` projects the viewer may see (all with limit None), how many there
    are with their total, and how many more the viewer may not see. One scan of the projects:
    the count and total of a cut list come with its rows, as window aggregates."""
    shown = queryset if viewer is None else permissions.visible(viewer, queryset, zone)
    if limit is None:
        rows = [Listed(*row) for row in _largest_first(shown).values_list(*LISTED_FIELDS)]
        seen: dict[str, Any] = {"count": len(rows), "amount": sum(_amounts(rows), ZERO)}
    else:
        values = (
            _largest_first(shown)
            .annotate(
                listed_count=Window(Count("pk")),
                listed_amount=Window(Sum("total_investment_wan")),
            )
            .values_list(*LISTED_FIELDS, "listed_count", "listed_amount")[:limit]
        )
        found = list(values)
        rows = [Listed(*row[:-2]) for row in found]
        seen = {
            "count": found[0][-2] if found else 0,
            "amount": found[0][-1] if found else ZERO,
        }
    counted = seen if viewer is None else queryset.aggregate(count=Count("pk"))
    return Listing(
        rows=rows,
        count=seen["count"],
        amount=seen["amount"] or ZERO,
        hidden=counted["count"] - seen["count"],
    )


def _amounts(rows: list[Listed]):
    return (row.total_investment_wan for row in rows if row.total_investment_wan is not None)


def _funds(zone, rules, start, end) -> QuerySet[FundsArrived]:
    return counted_funds(zone, rules).filter(arrived_date__gte=start, arrived_date__lte=end)


def _funds_by_source(zone, rules, start, end) -> list[tuple[str, Decimal]]:
    rows = dict(
        _funds(zone, rules, start, end)
        .values_list("source")
        .annotate(amount=Sum("amount_wan"))
        .order_by()
    )
    return [
        (source.value, rows[source.value])
        for source in FundsArrived.Source
        if rows.get(source.value)
    ]


def _funded(zone, rules, start, end, *, viewer, limit) -> Listing:
    """The projects funds arrived for in the period, largest sum first, with that sum."""
    funds = _funds(zone, rules, start, end)
    counted = funds.aggregate(count=Count("project", distinct=True), amount=Sum("amount_wan"))
    if viewer is not None:
        funds = permissions.visible(viewer, funds, zone, via="project__")
        seen = funds.aggregate(count=Count("project", distinct=True), amount=Sum("amount_wan"))
    else:
        seen = counted
    fields = ["project" if name == "pk" else f"project__{name}" for name in LISTED_FIELDS]
    sums = (
        funds.values_list(*fields)
        .annotate(arrived=Sum("amount_wan"))
        .order_by("-arrived", "project__code")
    )
    return Listing(
        rows=[Listed(*row) for row in (sums[:limit] if limit else sums)],
        count=seen["count"],
        amount=seen["amount"] or ZERO,
        hidden=counted["count"] - seen["count"],
    )


def with_last_activity(listing: Listing, projects: QuerySet[Project], as_of: dt.date) -> Listing:
    """Each listed project's latest milestone or stage-log date on or before the as-of date, as
    its `last_activity`. The stage log is read for the whole list by a subquery: a complete list
    can hold tens of thousands of projects, too many to name one by one."""
    logged = dict(
        StageLog.objects.filter(project__in=projects.values("pk"), new_date__lte=as_of)
        .values_list("project")
        .annotate(last=Max("new_date"))
        .order_by()
    )
    visited = dict(
        Activity.objects.filter(project__in=projects.values("pk"), date__lte=as_of)
        .values_list("project")
        .annotate(last=Max("date"))
        .order_by()
    )
    for project in listing.rows:
        dates = [
            day
            for day in (
                project.lead_date,
                project.negotiating_date,
                project.substantive_date,
                logged.get(project.pk),
                visited.get(project.pk),
            )
            if day is not None and day <= as_of
        ]
        project.last_activity = max(dates) if dates else None
    return listing
