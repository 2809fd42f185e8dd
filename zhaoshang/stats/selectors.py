"""The figures engine (docs/counting-rules.md): every figure of a zone for a period and an as-of
date.

Each figure is a conditional aggregate over the zone's projects, computed in the database: count
and total investment, for every figure in one scan; the codes of the projects behind the
headline figures in one more query, only when asked for. Only the stage is taken as of the date;
amounts, units, industries and parks are read as they are now. Breakdowns group the same
conditions by a dimension, one grouped scan each (region groups and provinces share one); funds
arrived are one more query, grouped by the same columns.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Count, Max, Q, QuerySet, Sum, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.companies.models import Channel, Company, Organisation
from zhaoshang.core.aggregates import CommaList, split_list
from zhaoshang.core.dates import add_years, date_error
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.fieldwork.selectors import period_work
from zhaoshang.org.models import Industry, Park, Region, RegionGroup, Unit, User, Zone
from zhaoshang.projects.models import (
    MILESTONES,
    REFERRER_FIELD,
    FundsArrived,
    Project,
    ReferrerKind,
    Stage,
)
from zhaoshang.projects.selectors import stage_as_of
from zhaoshang.stats.models import CountingRules

KEYS = [
    "signed",
    "signed_major",
    "signed_over_5yi",
    "negotiating",
    "negotiating_major",
    "under_construction",
    "under_construction_major",
    "continued_construction",
    "started",
    "completed",
    "operating",
    "funds_arrived",
]
# The team's work in the period (zhaoshang.fieldwork): events held (amount: the investment signed
# at them; projects: those signed there) and outbound trips made (projects: the leads brought
# back). Not project figures: the breakdowns and the figure lists leave them out.
WORK_KEYS = ["events_held", "trips"]
LABELS = {
    "signed": gettext_lazy("新签约项目"),
    "signed_major": gettext_lazy("新签约亿元以上项目"),
    "signed_over_5yi": gettext_lazy("新签约5亿元以上项目"),
    "negotiating": gettext_lazy("在谈项目"),
    "negotiating_major": gettext_lazy("在谈亿元以上项目"),
    "under_construction": gettext_lazy("在建、续建项目"),
    "under_construction_major": gettext_lazy("在建、续建亿元以上项目"),
    "continued_construction": gettext_lazy("续建项目"),
    "started": gettext_lazy("新开工项目"),
    "completed": gettext_lazy("新竣工项目"),
    "operating": gettext_lazy("新投产项目"),
    "funds_arrived": gettext_lazy("实际到位资金"),
    "events_held": gettext_lazy("举办招商活动"),
    "trips": gettext_lazy("外出招商"),
}
# dimension → (group-by value, display name, sort key), all reached from a Project
DIMENSIONS = {
    "industry": ("industry_id", "industry__name", "industry__sort_order"),
    "park": ("park_id", "park__name", "park__sort_order"),
    "unit": ("unit_id", "unit__name", "unit__sort_order"),
    "region_group": (
        "origin_region__groups__code",
        "origin_region__groups__name",
        "origin_region__groups__sort_order",
    ),
    "province": (
        "origin_region__province_id",
        "origin_region__province__name",
        "origin_region__province_id",
    ),
}
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Figure:
    """A count and its amount; `projects`, the codes behind it, only where they are shown (the
    headline of zone_figures(codes=True)). Two figures are equal when they count the same."""

    count: int
    amount_wan: Decimal
    projects: list[str] = field(default_factory=list, compare=False)

    def as_json(self, *, codes: bool = True) -> dict:
        shown = {"count": self.count, "amount_wan": f"{self.amount_wan:.2f}"}
        return {**shown, "projects": self.projects} if codes else shown


@dataclass(frozen=True)
class BreakdownRow:
    """One row of a breakdown. Rows are cached and served to users of either language, so they
    hold no translated word: the row of projects with no value there names itself when read."""

    key: str | int | None
    known_name: str | None  # None: the 未填写 row
    figures: dict[str, Figure]
    dimension: str

    @property
    def name(self) -> str:
        return self.known_name or unknown_row_name(self.dimension)

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            **{
                k: {"count": f.count, "amount_wan": f"{f.amount_wan:.2f}"}
                for k, f in self.figures.items()
            },
        }


@dataclass(frozen=True)
class Figures:
    zone: Zone
    period_from: dt.date
    as_of: dt.date
    rules: CountingRules
    values: dict[str, Figure]
    by: dict[str, list[BreakdownRow]] = field(default_factory=dict)
    # Whether the headline figures carry their code lists (zone_figures(codes=True)).
    codes: bool = True
    # The figures each breakdown row holds; None: every one (zone_figures(row_keys=…)).
    row_keys: tuple[str, ...] | None = None

    def __getitem__(self, key: str) -> Figure:
        return self.values[key]

    def as_json(self) -> dict:
        """The object `zhaoshang stats --json` prints; figures computed without their code lists
        (codes=False) leave out the project figures' `projects` rather than show them empty."""
        return {
            "zone": self.zone.code,
            "as_of": self.as_of.isoformat(),
            "from": self.period_from.isoformat(),
            **{key: self.values[key].as_json(codes=self.codes) for key in KEYS},
            **{key: self.values[key].as_json() for key in WORK_KEYS},
            "by": {dim: [row.as_json() for row in rows] for dim, rows in self.by.items()},
        }


def check_period(
    as_of: dt.date, period_from: dt.date | None, *, today: dt.date | None = None
) -> dt.date:
    """The period's first day (default 1 January of the as-of year); refuses a future as-of date,
    a day before the earliest the system takes, and a period that ends before it starts."""
    today = today or shanghai_today()
    if as_of > today:
        raise ValidationError(
            _("统计截止日期 %(as_of)s 晚于今天(%(today)s)。") % {"as_of": as_of, "today": today},
            code="future",
        )
    if message := date_error(as_of, today=today, subject=_("统计截止日期")):
        raise ValidationError(message, code="too_early")
    period_from = period_from or as_of.replace(month=1, day=1)
    if period_from > as_of:
        raise ValidationError(
            _("统计起始日期 %(from)s 晚于截止日期 %(as_of)s。")
            % {"from": period_from, "as_of": as_of},
            code="inverted",
        )
    if message := date_error(period_from, today=today, subject=_("统计起始日期")):
        raise ValidationError(message, code="too_early")
    return period_from


def rules_of(zone: Zone, on: dt.date | None = None) -> CountingRules:
    """The rules in force on `on` (default today): the latest set taking effect by then; the
    defaults for a zone that never saved its rules, or before its first set applies."""
    on = on or shanghai_today()
    found = CountingRules.objects.filter(zone=zone, effective_from__lte=on).first()
    return found or CountingRules(zone=zone)


def rules_history(zone: Zone) -> list[CountingRules]:
    """Every set of the zone's rules, the latest to take effect first."""
    return list(CountingRules.objects.filter(zone=zone))


def rules_history_version(zone: Zone) -> int:
    """The version of the zone's rules as a whole, which a rules form is opened at: each save
    makes a set with the next version, so any save since the form was opened makes it stale.
    1 for a zone counting by the defaults."""
    found = CountingRules.objects.filter(zone=zone).aggregate(latest=Max("version"))
    return found["latest"] or 1


def counted_projects(zone: Zone, rules: CountingRules) -> QuerySet[Project]:
    """The zone's projects that its counting rules count at all."""
    return Project.objects.filter(_counted(zone, rules))


def counted_funds(zone: Zone, rules: CountingRules) -> QuerySet[FundsArrived]:
    """Funds arrived of counted projects. A join, not `project__in` a subquery: SQLite would scan
    every project for the subquery instead of using the date index on funds."""
    return FundsArrived.objects.filter(_counted(zone, rules, via="project__"))


def _counted(zone: Zone, rules: CountingRules, via: str = "") -> Q:
    counted = Q(**{f"{via}zone": zone, f"{via}project_type__in": rules.counted_project_types})
    if not rules.counts_capital_increases:
        counted &= Q(**{f"{via}expands__isnull": True})
    if rules.minimum_amount_wan:
        counted &= Q(**{f"{via}total_investment_wan__gte": rules.minimum_amount_wan})
    return counted


def conditions(rules: CountingRules, start: dt.date, end: dt.date) -> dict[str, Q]:
    """The project-level figures as conditions. The stage on `end` is the latest milestone dated
    on or before it; dates are kept in order, so that is the furthest milestone reached."""

    def reached(name: str) -> Q:
        return Q(**{f"{name}_date__lte": end})

    def not_reached(*names: str) -> Q:
        q = Q()
        for name in names:
            q &= Q(**{f"{name}_date__isnull": True}) | Q(**{f"{name}_date__gt": end})
        return q

    def dated_in_period(name: str) -> Q:
        return Q(**{f"{name}_date__gte": start, f"{name}_date__lte": end})

    major = Q(total_investment_wan__gte=rules.major_threshold_wan)
    tier = Q(total_investment_wan__gte=rules.tier_threshold_wan)
    negotiating = (reached("negotiating") | reached("substantive")) & not_reached(
        "signed", "started", "completed", "operating", "dropped"
    )
    under_construction = reached("started") & not_reached("completed", "operating", "dropped")
    return {
        "signed": dated_in_period("signed"),
        "signed_major": dated_in_period("signed") & major,
        "signed_over_5yi": dated_in_period("signed") & tier,
        "negotiating": negotiating,
        "negotiating_major": negotiating & major,
        "under_construction": under_construction,
        "under_construction_major": under_construction & major,
        "continued_construction": under_construction & Q(started_date__lt=start),
        "started": dated_in_period("started"),
        "completed": dated_in_period("completed"),
        "operating": dated_in_period("operating"),
    }


def zone_figures(
    *,
    zone: Zone,
    as_of: dt.date,
    period_from: dt.date | None = None,
    breakdowns: bool | tuple[str, ...] = True,
    today: dt.date | None = None,
    codes: bool = True,
    row_keys: tuple[str, ...] | None = None,
) -> Figures:
    """Every figure (docs/counting-rules.md) for the period; breakdowns: every dimension, none,
    or those named, each row with every figure or only those of `row_keys` (the dashboard's
    charts show the signings alone). Counts and amounts come from grouped scans (one for
    industry, park and unit together, one by origin for region groups and provinces), the
    headline from the sum of the first scan's rows; code lists only with `codes`, in one more
    query, for the headline figures only."""
    period_from = check_period(as_of, period_from, today=today)
    rules = rules_of(zone, as_of)
    projects = counted_projects(zone, rules)
    conds = conditions(rules, period_from, as_of)
    dimensions = tuple(DIMENSIONS) if breakdowns is True else breakdowns or ()
    funds = _funds(zone, rules, period_from, as_of)
    names = list(dict.fromkeys(SCAN_OF[dim] for dim in dimensions))
    scans = _scans(projects, funds, conds, names, row_keys)
    if scans:
        rows = scans[0].rows.values()
        values = _added([figures for figures, _arrived in rows], conds)
        arrived = [{"funds_arrived": a} for _f, a in rows if a is not None]
        values["funds_arrived"] = (
            _added(arrived, ["funds_arrived"])["funds_arrived"]
            if row_keys is None or "funds_arrived" in row_keys
            else _funds_figure(funds.aggregate(**FUNDS_AGGREGATES))
        )
    lists = _code_lists(conds, funds) if codes else {}
    if not scans:
        # The headline alone: counts, amounts and (when asked) code lists in one scan.
        row = projects.aggregate(**_figure_aggregates(conds), **lists)
        values = _figures_of(row, conds)
        values["funds_arrived"] = _funds_figure(funds.aggregate(**FUNDS_AGGREGATES))
    elif lists:
        row = projects.aggregate(**lists)
    for key in lists:
        values[key] = replace(values[key], projects=split_list(row[key]))
    values.update(work_figures(zone, period_from, as_of))
    labels = _Labels.of(zone, scans) if scans else None
    by = {
        dim: _breakdown(dim, next(s for s in scans if s.name == SCAN_OF[dim]), labels, row_keys)
        for dim in dimensions
    }
    return Figures(
        zone=zone,
        period_from=period_from,
        as_of=as_of,
        rules=rules,
        values=values,
        by=by,
        codes=codes,
        row_keys=row_keys,
    )


def _scans(
    projects, funds, conds: dict[str, Q], names: list[str], row_keys: tuple[str, ...] | None
) -> list["_Scan"]:
    """The grouped scans named, the first with every project figure, so that the headline is
    the sum of its rows: read in index order, it costs about what the headline alone would.
    With `row_keys`, the others count those figures only (and funds, if among them): they are
    queries of their own then, not one GROUPING SETS query."""
    if row_keys is None:
        return _Scan.all_of(projects, funds, conds, names)
    row_funds = funds if "funds_arrived" in row_keys else None
    shown = {key: cond for key, cond in conds.items() if key in row_keys}
    return _Scan.all_of(projects, row_funds, conds, names[:1]) + _Scan.all_of(
        projects, row_funds, shown, names[1:]
    )


def work_figures(zone: Zone, start: dt.date, end: dt.date) -> dict[str, Figure]:
    """events_held and trips of the period (WORK_KEYS), from the fieldwork app's records."""
    work = period_work(zone, start, end)
    return {
        "events_held": Figure(
            count=work.events, amount_wan=work.signed_amount_wan, projects=work.signed_codes
        ),
        "trips": Figure(count=work.trips, amount_wan=ZERO, projects=work.lead_codes),
    }


@dataclass(frozen=True)
class Counts:
    """What the dashboard compares a period's figures with (the same period a year earlier):
    each figure's count, and the funds' amount, since funds compare by amount."""

    counts: dict[str, int]
    funds_amount_wan: Decimal


def period_counts(*, zone: Zone, as_of: dt.date, period_from: dt.date) -> Counts:
    """Every figure's count for the period (by the rules in force on `as_of`, as zone_figures
    counts), in one scan without the amounts: half the aggregates of the full headline."""
    rules = rules_of(zone, as_of)
    conds = conditions(rules, period_from, as_of)
    row = counted_projects(zone, rules).aggregate(
        **{key: project_count(cond) for key, cond in conds.items()}
    )
    funds = _funds_figure(_funds(zone, rules, period_from, as_of).aggregate(**FUNDS_AGGREGATES))
    work = work_figures(zone, period_from, as_of)
    return Counts(
        counts={
            **row,
            "funds_arrived": funds.count,
            **{key: figure.count for key, figure in work.items()},
        },
        funds_amount_wan=funds.amount_wan,
    )


def cached_counts(*, zone: Zone, as_of: dt.date, period_from: dt.date) -> Counts:
    return cached(
        zone,
        f"counts:{period_from}:{as_of}",
        lambda: period_counts(zone=zone, as_of=as_of, period_from=period_from),
    )


def _funds(zone, rules, start: dt.date, end: dt.date) -> QuerySet[FundsArrived]:
    return counted_funds(zone, rules).filter(arrived_date__gte=start, arrived_date__lte=end)


# The grouped scans the breakdowns read, by the project's own columns: industry, park and unit
# in one (a zone has few of each, so few groups), origin in the other, folded into provinces and
# region groups. Indexes leading with zone and these columns, holding every column a figure
# reads, give SQLite the groups in order without a sort or a table read (projects' migration
# 0011). Each scan puts every counted project in exactly one row: its rows add up to the total.
SCANS = {"units": ("industry_id", "park_id", "unit_id"), "origin": ("origin_region_id",)}
SCAN_OF = {
    "industry": "units",
    "park": "units",
    "unit": "units",
    "region_group": "origin",
    "province": "origin",
}
COLUMN_OF = {"industry": 0, "park": 1, "unit": 2, "region_group": 0, "province": 0}
FUNDS_AGGREGATES = {"count": Count("project", distinct=True), "amount": Sum("amount_wan")}


def project_count(condition: Q | None = None) -> Count:
    """The number of projects (meeting the condition), as an index can give it: COUNT of the
    zone's column, which every index the figures read leads with and no project lacks. COUNT of
    the key would make PostgreSQL read each row, since no index of those holds the key (SQLite's
    all hold the rowid); Django allows no COUNT(*) with a filter."""
    return Count("zone", filter=condition)


def _figure_aggregates(conds: dict[str, Q]) -> dict[str, Any]:
    aggregates: dict[str, Any] = {}
    for key, cond in conds.items():
        aggregates[f"{key}__count"] = project_count(cond)
        aggregates[f"{key}__amount"] = Sum("total_investment_wan", filter=cond)
    return aggregates


def _figures_of(row: dict, keys) -> dict[str, Figure]:
    return {
        key: Figure(count=row[f"{key}__count"], amount_wan=row[f"{key}__amount"] or ZERO)
        for key in keys
    }


def _funds_figure(row: dict) -> Figure:
    return Figure(count=row["count"] or 0, amount_wan=row["amount"] or ZERO)


def _added(parts: list[dict[str, Figure]], keys) -> dict[str, Figure]:
    """Figures of several rows added up, key by key (count and amount)."""
    return {
        key: Figure(
            count=sum(part[key].count for part in parts),
            amount_wan=sum((part[key].amount_wan for part in parts), ZERO),
        )
        for key in keys
    }


@dataclass(frozen=True)
class _Scan:
    """One grouped scan: per group (a tuple of the scan's columns), every project figure's count
    and amount, and the funds arrived of its projects."""

    name: str
    rows: dict[tuple, tuple[dict[str, Figure], Figure | None]]

    @classmethod
    def all_of(cls, projects, funds, conds: dict[str, Q], names) -> list["_Scan"]:
        """The scans named: on PostgreSQL in one query for the projects and one for the funds
        (GROUPING SETS: the table is read once for every breakdown), elsewhere a query each.
        Funds None: the rows leave out the funds arrived."""
        names = list(names)
        sets = [SCANS[name] for name in names]
        funds_sets = [tuple(f"project__{c}" for c in columns) for columns in sets]

        def grouped(queryset, column_sets, aggregates) -> list[list[dict]]:
            def by(columns):
                return queryset.values(*columns).annotate(**aggregates).order_by()

            if connections[queryset.db].vendor == "postgresql" and len(column_sets) > 1:
                return grouping_sets(by([c for s in column_sets for c in s]), column_sets)
            return [list(by(columns)) for columns in column_sets]

        found = zip(
            names,
            sets,
            grouped(projects, sets, _figure_aggregates(conds)),
            grouped(funds, funds_sets, FUNDS_AGGREGATES)
            if funds is not None
            else [None] * len(sets),
            strict=True,
        )
        return [
            cls.of(name, columns, rows, funds_rows, conds)
            for name, columns, rows, funds_rows in found
        ]

    @classmethod
    def of(cls, name: str, columns, grouped, grouped_funds, conds) -> "_Scan":
        arrived = {
            tuple(row[f"project__{c}"] for c in columns): _funds_figure(row)
            for row in grouped_funds or []
        }
        nothing = Figure(count=0, amount_wan=ZERO) if grouped_funds is not None else None
        rows = {}
        for row in grouped:
            group = tuple(row[c] for c in columns)
            rows[group] = (_figures_of(row, conds), arrived.get(group, nothing))
        return cls(name, rows)


def grouping_sets(queryset: QuerySet, sets: list[tuple[str, ...]]) -> list[list[dict]]:
    """The rows of a values().annotate() queryset grouped by each set of its values' columns in
    turn, from one PostgreSQL query (GROUP BY GROUPING SETS): one list of rows per set, as the
    queryset grouped by that set alone would give them. Django has no GROUPING SETS; the grouped
    query it compiles is rewritten, its GROUP BY replaced and a GROUPING() column added."""
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    names = [*queryset.query.values_select, *queryset.query.annotation_select]
    head, _sep, group_by = sql.rpartition(" GROUP BY ")
    # PostgreSQL's GROUP BY names the selected columns by position; GROUPING() needs them named.
    columns = [
        compiler.select[int(c) - 1][1][0] if c.isdigit() else c for c in group_by.split(", ")
    ]
    if len(columns) != sum(len(s) for s in sets) or " FROM " not in head:
        raise ValueError(f"unexpected grouped query: {sql}")
    sql_of = dict(zip([c for s in sets for c in s], columns, strict=True))
    set_sql = ", ".join("(" + ", ".join(sql_of[c] for c in s) + ")" for s in sets)
    # GROUPING() of each set's first column, a bit each (the last the lowest): 1 where the column
    # is grouped out, so a row of set k has every bit set but k's.
    marker = "GROUPING(" + ", ".join(sql_of[s[0]] for s in sets) + ")"
    select, _sep, rest = head.partition(" FROM ")
    if "SELECT" in select[len("SELECT") :]:  # a subquery among the columns: not rewritten
        raise ValueError(f"unexpected grouped query: {sql}")
    rewritten = f"{select}, {marker} FROM {rest} GROUP BY GROUPING SETS ({set_sql})"
    converters = compiler.get_converters([expr for expr, _sql, _alias in compiler.select])
    found: list[list[dict]] = [[] for _s in sets]
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(rewritten, params)
        raw = cursor.fetchall()
    marks = [row[-1] for row in raw]
    rows = compiler.apply_converters([row[:-1] for row in raw], converters)
    bits = [1 << (len(sets) - 1 - k) for k in range(len(sets))]
    for mark, row in zip(marks, rows, strict=True):
        which = next(k for k, bit in enumerate(bits) if not mark & bit)
        found[which].append(dict(zip(names, row, strict=True)))
    return found


def _code_lists(conds: dict[str, Q], funds: QuerySet[FundsArrived]) -> dict[str, Any]:
    """The codes behind each headline figure, comma-joined: aggregates over counted projects."""
    lists: dict[str, Any] = {key: CommaList("code", filter=cond) for key, cond in conds.items()}
    lists["funds_arrived"] = CommaList("code", filter=Q(pk__in=funds.values("project_id")))
    return lists


@dataclass(frozen=True)
class _Labels:
    """Names and sort keys of the scanned groups: (dimension, id) → (name, sort) for industries,
    parks and units; an origin region's province (code, name) and groups (code, name, sort)."""

    names: dict[tuple[str, Any], tuple[str, int]]
    provinces: dict[str, tuple[str | None, str | None]]
    groups: dict[str, list[tuple[str, str, int]]]

    @classmethod
    def of(cls, zone: Zone, scans: list[_Scan]) -> "_Labels":
        names: dict[tuple[str, Any], tuple[str, int]] = {}
        if any(scan.name == "units" for scan in scans):
            parts = [
                model.objects.filter(zone=zone)
                .values_list(Value(dimension), "pk", "name", "sort_order")
                .order_by()
                for dimension, model in (("industry", Industry), ("park", Park), ("unit", Unit))
            ]
            found = parts[0].union(*parts[1:], all=True)
            names = {(dim, pk): (name, sort) for dim, pk, name, sort in found}
        origin = next((scan for scan in scans if scan.name == "origin"), None)
        provinces, groups = _origins([g[0] for g in origin.rows if g[0]] if origin else [])
        return cls(names, provinces, groups)


def _origins(codes: list[str]) -> tuple[dict, dict]:
    """The provinces and region groups of origin regions, in one query."""
    provinces: dict[str, tuple[str | None, str | None]] = {}
    groups: dict[str, list[tuple[str, str, int]]] = {}
    if not codes:
        return provinces, groups
    rows = (
        Region.objects.filter(code__in=codes)
        .values_list(
            "code",
            "province_id",
            "province__name",
            "groups__code",
            "groups__name",
            "groups__sort_order",
        )
        .order_by()
    )
    for code, province, province_name, group, group_name, group_sort in rows:
        provinces[code] = (province, province_name)
        if group is not None:
            groups.setdefault(code, []).append((group, group_name, group_sort))
    return provinces, groups


def _row_keys(dimension: str, value: Any, labels: _Labels) -> list[tuple]:
    """The rows (key, name, sort key) of a breakdown a scanned group's column value counts in:
    an origin region in its province, and in each of its groups (groups overlap)."""
    if dimension == "province":
        province, name = labels.provinces.get(value, (None, None))
        return [(province, name, province)]
    if dimension == "region_group":
        return labels.groups.get(value) or [(None, None, None)]
    if value is None:
        return [(None, None, None)]
    name, sort = labels.names.get((dimension, value), (None, None))
    return [(value, name, sort)]


def _breakdown(
    dimension: str, scan: _Scan, labels: Any, row_keys: tuple[str, ...] | None = None
) -> list[BreakdownRow]:
    """The rows of one dimension, folded from its scan's groups; with `row_keys`, only those
    figures in each row (a scan may have counted more, see _scans)."""
    column = COLUMN_OF[dimension]
    members: dict[Any, tuple[str | None, Any, list, list]] = {}
    for group, (figures, arrived) in scan.rows.items():
        for key, name, sort in _row_keys(dimension, group[column], labels):
            found = members.setdefault(key, (name, sort, [], []))
            found[2].append(figures)
            if arrived is not None:
                found[3].append({"funds_arrived": arrived})
    rows = []
    for key, (name, sort, parts, funds) in members.items():
        keys = [key for key in parts[0] if row_keys is None or key in row_keys]
        figures = _added(parts, keys)
        if funds:
            figures.update(_added(funds, ["funds_arrived"]))
        rows.append((sort, name, key, figures))
    rows.sort(key=lambda r: (r[2] is None, r[0] if r[0] is not None else 0, r[1] or ""))
    return [
        BreakdownRow(key=key, known_name=name or None, figures=figs, dimension=dimension)
        for _s, name, key, figs in rows
    ]


def figure_projects(
    *, zone: Zone, key: str, as_of: dt.date, period_from: dt.date
) -> QuerySet[Project]:
    """Exactly the projects one figure counts, by the engine's own conditions."""
    rules = rules_of(zone, as_of)
    projects = counted_projects(zone, rules)
    if key == "funds_arrived":
        funded = _funds(zone, rules, period_from, as_of).values("project_id")
        return projects.filter(pk__in=funded)
    return projects.filter(conditions(rules, period_from, as_of)[key])


def year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (29 February falls back to the 28th)."""
    return add_years(day, -1)


def stage_funnel(*, zone: Zone, as_of: dt.date) -> list[dict]:
    """How many counted projects stand at each stage on `as_of`, with their investment."""
    rules = rules_of(zone, as_of)
    rows = (
        counted_projects(zone, rules)
        .annotate(stage_on=stage_as_of(as_of))
        .values("stage_on")
        .annotate(count=project_count(), amount=Sum("total_investment_wan"))
        .order_by()
    )
    by_stage = {row["stage_on"]: row for row in rows}
    return [
        {
            "stage": stage.value,
            "label": stage.label,
            "count": by_stage.get(stage.value, {}).get("count", 0),
            "amount_wan": by_stage.get(stage.value, {}).get("amount") or ZERO,
        }
        for stage in MILESTONES
    ]


def monthly_trend(*, zone: Zone, year: int, rules: CountingRules, as_of: dt.date) -> dict:
    """Signings, starts (counts) and funds arrived (万元) month by month in `year` (to the as-of
    date's month) and in the whole year before, both by `rules`: the dashboard compares two years
    by the rules of its as-of date (同口径). One query per series for both years, grouped by the
    day and added up by month here: at most 731 rows, where extracting the month in the query
    calls a Python function for every row on SQLite."""
    projects = counted_projects(zone, rules)
    first, last = dt.date(year - 1, 1, 1), dt.date(year, 12, 31)

    def per_month(queryset, date_field: str, aggregate) -> dict[str, list]:
        rows = (
            queryset.filter(**{f"{date_field}__gte": first, f"{date_field}__lte": last})
            .values(date_field)
            .annotate(value=aggregate)
            .order_by()
        )
        found: dict[tuple[int, int], Any] = {}
        for row in rows:
            day = row[date_field]
            found[day.year, day.month] = found.get((day.year, day.month), 0) + (row["value"] or 0)
        return {
            "this_year": [found.get((year, m), 0) for m in range(1, as_of.month + 1)],
            "last_year": [found.get((year - 1, m), 0) for m in range(1, 13)],
        }

    series = {
        "signed": per_month(projects, "signed_date", project_count()),
        "started": per_month(projects, "started_date", project_count()),
        "funds_arrived_wan": per_month(
            counted_funds(zone, rules), "arrived_date", Sum("amount_wan")
        ),
    }
    return {
        which: {
            "signed": series["signed"][which],
            "started": series["started"][which],
            "funds_arrived_wan": [float(v) for v in series["funds_arrived_wan"][which]],
        }
        for which in ("this_year", "last_year")
    }


def cached_figures(
    *,
    zone: Zone,
    as_of: dt.date,
    period_from: dt.date,
    breakdowns: bool | tuple[str, ...] = True,
    codes: bool = True,
    row_keys: tuple[str, ...] | None = None,
) -> Figures:
    """zone_figures, cached per zone and period (see `cached`). Pages that show no code list
    (the dashboard, the briefing, targets) ask for none."""
    return cached(
        zone,
        f"figures:{period_from}:{as_of}:{_key_part(breakdowns)}:{codes}:{_key_part(row_keys)}",
        lambda: zone_figures(
            zone=zone,
            as_of=as_of,
            period_from=period_from,
            breakdowns=breakdowns,
            codes=codes,
            row_keys=row_keys,
        ),
    )


def _key_part(value: bool | tuple[str, ...] | None) -> str:
    """A cache key's part for an option that may list names: no spaces or quotes in the key."""
    return "+".join(value) if isinstance(value, tuple) else str(value)


def cached(zone: Zone, name: str, compute):
    """A computed read of the zone's data, cached under a key holding the zone's
    data_changed_at. Every write bumps that stamp, so a write makes everything cached for the
    zone stale at once — on every app server, since the stamp is read from the database.
    The key holds no language: cache numbers, codes and names from the data, never a word
    translated for the user who happened to ask first (labels are added when read)."""
    stamp = Zone.objects.filter(pk=zone.pk).values_list("data_changed_at", flat=True).first()
    key = f"zone:{zone.pk}:{stamp and stamp.timestamp()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=3600)
    return value


def dashboard_charts(*, zone: Zone, figures: Figures) -> dict:
    """The data of the dashboard's charts, ready for ECharts (and for their table views), in the
    user's language: the counts come through the zone's cache, the words are added here."""
    series = cached(
        zone,
        f"chart-series:{figures.period_from}:{figures.as_of}",
        lambda: chart_series(figures=figures),
    )

    def ranking(dimension: str, key: str = "signed") -> list[dict]:
        return [
            {
                "name": row.name,
                "count": row.figures[key].count,
                "amount_yi": float(row.figures[key].amount_wan / 10000),
            }
            for row in figures.by.get(dimension, [])
        ]

    labels = dict(Stage.choices)
    return {
        "funnel": [{**row, "label": str(labels[row["stage"]])} for row in series["funnel"]],
        "industry": ranking("industry"),
        "park": ranking("park"),
        "unit": ranking("unit"),
        "province": [
            {
                "name": series["short_names"].get(row.key, row.name),
                "full_name": row.name,
                "count": row.figures["signed"].count,
                "amount_yi": float(row.figures["signed"].amount_wan / 10000),
            }
            for row in figures.by.get("province", [])
            if row.key
        ],
        "trend": series["trend"],
    }


def chart_series(*, figures: Figures) -> dict:
    """What the charts count beyond the figures, without a word of any language: the funnel by
    stage key, the months of this year and last, the provinces' short names."""
    zone = figures.zone
    provinces = figures.by.get("province", [])
    short_names = dict(
        Region.objects.filter(code__in=[row.key for row in provinces if row.key]).values_list(
            "code", "short_name"
        )
    )
    year = figures.as_of.year

    stages = stage_funnel(zone=zone, as_of=figures.as_of)
    # The funnel counts, for each stage, the projects standing at it or beyond on the day.
    funnel, reached = [], 0
    for row in reversed(stages):
        reached += row["count"]
        funnel.insert(
            0,
            {
                "stage": row["stage"],
                "count": row["count"],
                "reached": reached,
                "amount_yi": float(row["amount_wan"] / 10000),
            },
        )

    return {
        "funnel": funnel,
        "short_names": short_names,
        "trend": {
            "year": year,
            **monthly_trend(zone=zone, year=year, rules=figures.rules, as_of=figures.as_of),
        },
    }


def unknown_row_name(dimension: str) -> str:
    """The row of a breakdown for projects with no value there. Investors whose region is in no
    group (or not given) fall in one "other" row of the region groups."""
    return _("其他地区或未填写") if dimension == "region_group" else _("未填写")


def in_breakdown_row(projects: QuerySet[Project], dimension: str, group: str) -> QuerySet[Project]:
    """The projects of one row of a breakdown (group "none": the 未填写 row), grouped exactly as
    the figures engine groups them; the credit tables' rows too (channel, referrer)."""
    if dimension in CREDIT_DIMENSIONS:
        return projects.filter(credit_row_condition(dimension, group))
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    key_field = DIMENSIONS[dimension][0]
    if group == "none":
        return projects.filter(**{f"{key_field}__isnull": True})
    return projects.filter(**{key_field: group}).distinct()


def breakdown_row_name(dimension: str, group: str) -> str:
    if dimension in CREDIT_DIMENSIONS:
        return credit_row_name(dimension, group)
    if group == "none":
        return unknown_row_name(dimension)
    models = {
        "industry": (Industry, "pk"),
        "park": (Park, "pk"),
        "unit": (Unit, "pk"),
        "region_group": (RegionGroup, "code"),
        "province": (Region, "code"),
    }
    model, field = models[dimension]
    found = model.objects.filter(**{field: group}).first()
    return found.name if found else group


# --- credit: signings by channel (招商方式) and by referrer (引荐方) ------------------------------

CREDIT_DIMENSIONS = ("channel", "referrer")
CREDIT_KEYS = ("signed", "signed_major")


@dataclass(frozen=True)
class CreditRow:
    """One row of a credit table: a channel, or a referrer (kind and id); no translated word,
    so rows can be cached for users of either language (`name` reads the label when asked)."""

    dimension: str  # "channel" or "referrer"
    group: str  # the channel's key, "<kind>-<id>" for a referrer, "none" for neither
    known_name: str  # a referrer's name as stored ("" for a channel or none)
    figures: dict[str, Figure]

    @property
    def kind(self) -> str:
        return self.group.split("-", 1)[0] if self.dimension == "referrer" else ""

    @property
    def kind_label(self) -> str:
        return str(ReferrerKind(self.kind).label) if self.kind in ReferrerKind.values else ""

    @property
    def name(self) -> str:
        if self.group == "none":
            return _("未填写") if self.dimension == "channel" else _("无引荐方")
        if self.dimension == "channel":
            return str(Channel(self.group).label) if self.group in Channel.values else self.group
        return self.known_name


@dataclass(frozen=True)
class Credit:
    """Signings of the period (count and amount, and those ≥ the major threshold) by channel and
    by referrer. Each table's rows add up to the period's signings: every signed project is in
    exactly one row of each (未填写 / 无引荐方 included)."""

    period_from: dt.date
    as_of: dt.date
    by_channel: list[CreditRow]
    by_referrer: list[CreditRow]
    total: dict[str, Figure]

    def referrers_of(self, kind: str) -> list[CreditRow]:
        return [row for row in self.by_referrer if row.kind == kind]


def _person_name(first: str | None, last: str | None, username: str) -> str:
    name = " ".join(part for part in (first, last) if part)
    return f"{name}({username})" if name else username


def signing_credit(*, zone: Zone, as_of: dt.date, period_from: dt.date) -> Credit:
    """Signings by channel and by referrer, by the engine's own conditions (rules in force on
    `as_of`): one grouped query (channel × referrer), folded into the two tables here."""
    rules = rules_of(zone, as_of)
    conds = conditions(rules, period_from, as_of)
    grouped = (
        counted_projects(zone, rules)
        .filter(conds["signed"])
        .values(
            "channel",
            "referred_by_id",
            "referred_by__username",
            "referred_by__first_name",
            "referred_by__last_name",
            "introduced_by_id",
            "introduced_by__name",
            "referrer_org_id",
            "referrer_org__name",
        )
        .annotate(
            count=project_count(),
            amount=Sum("total_investment_wan"),
            major_count=project_count(conds["signed_major"]),
            major_amount=Sum("total_investment_wan", filter=conds["signed_major"]),
        )
        .order_by()
    )
    channels: dict[str, tuple[str, list[Any]]] = {}
    referrers: dict[str, tuple[str, list[Any]]] = {}
    for row in grouped:
        channels.setdefault(row["channel"] or "none", ("", []))[1].append(row)
        group, name = _referrer_of(row)
        referrers.setdefault(group, (name, []))[1].append(row)
    every = [row for _name, rows in channels.values() for row in rows]
    return Credit(
        period_from=period_from,
        as_of=as_of,
        by_channel=sorted(
            (CreditRow("channel", g, n, _summed(rows)) for g, (n, rows) in channels.items()),
            key=_credit_order,
        ),
        by_referrer=sorted(
            (CreditRow("referrer", g, n, _summed(rows)) for g, (n, rows) in referrers.items()),
            key=_credit_order,
        ),
        total=_summed(every),
    )


def _summed(rows: list[Any]) -> dict[str, Figure]:
    return {
        "signed": Figure(
            sum(r["count"] for r in rows), sum((r["amount"] or ZERO for r in rows), ZERO)
        ),
        "signed_major": Figure(
            sum(r["major_count"] for r in rows),
            sum((r["major_amount"] or ZERO for r in rows), ZERO),
        ),
    }


def _referrer_of(row: Any) -> tuple[str, str]:
    """The referrer group ("<kind>-<id>", "none") of a grouped row, and its name."""
    if row["referred_by_id"]:
        name = _person_name(
            row["referred_by__first_name"],
            row["referred_by__last_name"],
            row["referred_by__username"],
        )
        return f"{ReferrerKind.PERSON}-{row['referred_by_id']}", name
    if row["introduced_by_id"]:
        return f"{ReferrerKind.ENTERPRISE}-{row['introduced_by_id']}", row["introduced_by__name"]
    if row["referrer_org_id"]:
        return f"{ReferrerKind.ORGANISATION}-{row['referrer_org_id']}", row["referrer_org__name"]
    return "none", ""


def _credit_order(row: CreditRow):
    """Largest first by amount, then count; the row of none last."""
    signed = row.figures["signed"]
    return (row.group == "none", -signed.amount_wan, -signed.count, row.known_name, row.group)


def cached_credit(*, zone: Zone, as_of: dt.date, period_from: dt.date) -> Credit:
    return cached(
        zone,
        f"credit:{period_from}:{as_of}",
        lambda: signing_credit(zone=zone, as_of=as_of, period_from=period_from),
    )


def _referrer_group(group: str) -> tuple[ReferrerKind, int]:
    kind, _sep, pk = group.partition("-")
    if kind not in ReferrerKind.values or not pk.isdigit():
        raise ValueError(group)
    return ReferrerKind(kind), int(pk)


def credit_row_condition(dimension: str, group: str) -> Q:
    """The projects of one row of a credit table (see in_breakdown_row)."""
    if dimension == "channel":
        if group == "none":
            return Q(channel="")
        if group not in Channel.values:
            raise ValueError(group)
        return Q(channel=group)
    if group == "none":
        return Q(**{f"{name}__isnull": True for name in REFERRER_FIELD.values()})
    kind, pk = _referrer_group(group)
    return Q(**{f"{REFERRER_FIELD[kind]}_id": pk})


def credit_row_name(dimension: str, group: str) -> str:
    if dimension == "channel" or group == "none":
        return CreditRow(dimension, group, "", {}).name
    try:
        kind, pk = _referrer_group(group)
    except ValueError:
        return group
    if kind == ReferrerKind.PERSON:
        user = User.objects.filter(pk=pk).first()
        return _person_name(user.first_name, user.last_name, user.username) if user else group
    model = Company if kind == ReferrerKind.ENTERPRISE else Organisation
    found = model.objects.filter(pk=pk).first()
    return found.name if found else group
