"""Progress against the annual targets, from the figures engine: targets are annual, so a flow
(new signings, funds arrived) counts from 1 January of the as-of year to the as-of day, whatever
period a page or briefing shows; a level (under construction) is the state on the day."""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from zhaoshang.core.amounts import percent
from zhaoshang.org.models import Unit, Zone
from zhaoshang.stats.selectors import ZERO, Figure, Figures, cached_figures, zone_figures
from zhaoshang.targets.models import LEVELS, Metric, Target


@dataclass(frozen=True)
class Progress:
    target: Target
    actual: Figure
    time_percent: Decimal  # 序时进度: the share of the year gone by on the as-of day

    @property
    def metric(self) -> str:
        return self.target.metric

    @property
    def label(self) -> str:
        return self.target.get_metric_display()

    @property
    def unit(self) -> Unit | None:
        return self.target.unit

    @property
    def level(self) -> bool:
        """A state on the day, not a sum since 1 January: no 序时进度 to compare with."""
        return self.metric in LEVELS

    @property
    def count_percent(self) -> Decimal | None:
        if self.target.count is None:
            return None
        return percent(self.actual.count, self.target.count)

    @property
    def amount_percent(self) -> Decimal | None:
        if self.target.amount_wan is None:
            return None
        return percent(self.actual.amount_wan, self.target.amount_wan)

    @property
    def shares(self) -> list[Decimal]:
        return [p for p in (self.count_percent, self.amount_percent) if p is not None]

    @property
    def done(self) -> bool:
        """Every part of the target reached."""
        return all(share >= 100 for share in self.shares)

    @property
    def behind(self) -> bool:
        """A flow target whose completion trails the share of the year gone by."""
        return not self.level and any(share < self.time_percent for share in self.shares)

    @property
    def share(self) -> Decimal:
        """The lesser share reached, where a target has a count and an amount."""
        return min(self.shares)

    @property
    def bar_width(self) -> str:
        """The progress bar's width in CSS percent, at most 100."""
        return f"{min(self.share, Decimal(100)):.1f}"


@dataclass(frozen=True)
class YearProgress:
    zone: Zone
    year: int
    as_of: dt.date
    rows: list[Progress]  # the zone's own targets first, then each unit's
    time_percent: Decimal

    @property
    def zone_rows(self) -> list[Progress]:
        return [row for row in self.rows if row.unit is None]

    @property
    def unit_rows(self) -> list[Progress]:
        return [row for row in self.rows if row.unit is not None]


def year_start(as_of: dt.date) -> dt.date:
    return as_of.replace(month=1, day=1)


def time_percent(as_of: dt.date) -> Decimal:
    days = 366 if calendar.isleap(as_of.year) else 365
    elapsed = percent((as_of - year_start(as_of)).days + 1, days)
    assert elapsed is not None  # a year has days
    return elapsed


def targets_of(zone: Zone, year: int, *, units: bool = True) -> list[Target]:
    """The year's targets, the zone's first, then by unit (units=False: the zone's only), each
    in the order of the metrics."""
    order = {metric: i for i, metric in enumerate(Metric.values)}
    targets = Target.objects.filter(zone=zone, year=year).select_related("unit")
    if not units:
        targets = targets.filter(unit__isnull=True)
    return sorted(
        targets,
        key=lambda t: (
            t.unit_id is not None,
            t.unit.sort_order if t.unit else 0,
            t.unit_id or 0,
            order[t.metric],
        ),
    )


def year_progress(
    *,
    zone: Zone,
    as_of: dt.date,
    figures: Figures | None = None,
    units: bool = True,
    cached: bool = False,
    today: dt.date | None = None,
) -> YearProgress | None:
    """Each of the as-of year's targets with what was reached by the as-of day; None where the
    zone has no target that year. units=False: the zone's targets only. `figures`, when they
    cover 1 January to the as-of day (with the unit breakdown of every figure if units' targets
    are shown), are
    used instead of asking the engine again; otherwise the engine runs, through the zone's
    cache when `cached` (pages: a quarter's dashboard must not recount the year each time)."""
    targets = targets_of(zone, as_of.year, units=units)
    if not targets:
        return None
    start = year_start(as_of)
    by_unit = any(t.unit_id for t in targets)
    if not (
        figures is not None
        and figures.zone == zone
        and (figures.period_from, figures.as_of) == (start, as_of)
        and (not by_unit or ("unit" in figures.by and figures.row_keys is None))
    ):
        breakdowns = ("unit",) if by_unit else ()
        if cached:
            figures = cached_figures(
                zone=zone, as_of=as_of, period_from=start, breakdowns=breakdowns, codes=False
            )
        else:
            figures = zone_figures(
                zone=zone,
                as_of=as_of,
                period_from=start,
                breakdowns=breakdowns,
                today=today,
                codes=False,
            )
    by_unit_figures = {row.key: row.figures for row in figures.by.get("unit", [])}
    nothing = Figure(count=0, amount_wan=ZERO)
    elapsed = time_percent(as_of)
    rows = [
        Progress(
            target=t,
            actual=(
                by_unit_figures.get(t.unit_id, {}).get(t.metric, nothing)
                if t.unit_id
                else figures[t.metric]
            ),
            time_percent=elapsed,
        )
        for t in targets
    ]
    return YearProgress(zone=zone, year=as_of.year, as_of=as_of, rows=rows, time_percent=elapsed)
