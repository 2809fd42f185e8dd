"""The ranking of units (责任单位排名) against their annual targets, with every sub-score shown
(docs/followup.md). The formula's parameters are the zone's follow-up settings, set by admins:

- each target the unit has scores its share reached (the lesser of count and amount where it has
  both), capped at `share_cap_percent` (150 by default), divided by the number of its targets —
  so the points of its targets add up to their mean share × 100;
- each overdue start of the unit's projects on the day takes `overdue_penalty` points (2);
- the score is the sum of those sub-scores, each rounded to one decimal as shown, so what a
  reader adds up on the page is the score;
- a unit with no target is listed, not ranked. Equal scores share a rank (1, 1, 3)."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zhaoshang.followup.models import FollowupSettings
from zhaoshang.followup.selectors import overdue_summary, settings_of
from zhaoshang.org.models import Unit, Zone
from zhaoshang.targets.selectors import Progress, YearProgress, year_progress

TENTH = Decimal("0.1")


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class SubScore:
    progress: Progress
    share: Decimal  # the share reached, capped
    capped: bool
    points: Decimal  # share / number of targets, to one decimal


@dataclass(frozen=True)
class UnitRank:
    unit: Unit
    rank: int | None  # None: no target, listed but not ranked
    parts: list[SubScore]
    overdue: int
    penalty: Decimal  # points taken for overdue starts (≤ 0)
    score: Decimal | None

    @property
    def target_points(self) -> Decimal:
        return sum((part.points for part in self.parts), Decimal("0.0"))


@dataclass(frozen=True)
class Ranking:
    as_of: dt.date
    cap: int
    penalty_each: Decimal
    rows: list[UnitRank]

    @property
    def penalty_text(self) -> str:
        """The points per overdue start as typed: 2, not 2.0."""
        each = self.penalty_each
        return str(int(each)) if each == int(each) else str(each)

    @property
    def ranked(self) -> list[UnitRank]:
        return [row for row in self.rows if row.rank is not None]

    def of(self, unit: Unit) -> UnitRank | None:
        return next((row for row in self.rows if row.unit.pk == unit.pk), None)


def unit_ranking(
    *,
    zone: Zone,
    as_of: dt.date,
    progress: YearProgress | None = None,
    cached: bool = False,
    settings: FollowupSettings | None = None,
    overdue_by_unit: dict[int | None, int] | None = None,
) -> Ranking:
    """Every unit of the zone on the as-of day, ranked first (best score first), then those with
    no target. `progress`: the year's progress with the units' targets, if already read; the
    zone's follow-up settings and overdue starts by unit likewise."""
    settings = settings or settings_of(zone)
    cap = Decimal(settings.share_cap_percent)
    penalty_each = Decimal(settings.overdue_penalty)
    if progress is None or progress.as_of != as_of:
        progress = year_progress(zone=zone, as_of=as_of, cached=cached)
    by_unit: dict[int, list[Progress]] = {}
    for row in progress.unit_rows if progress else []:
        assert row.unit is not None
        by_unit.setdefault(row.unit.pk, []).append(row)
    overdue = (
        overdue_by_unit
        if overdue_by_unit is not None
        else overdue_summary(zone, as_of, settings=settings).by_unit
    )
    rows = []
    for unit in Unit.objects.filter(zone=zone).order_by("sort_order", "name"):
        targets = by_unit.get(unit.pk, [])
        parts = [_part(row, cap, len(targets)) for row in targets]
        late = overdue.get(unit.pk, 0)
        penalty = -_tenth(penalty_each * late)
        score = sum((p.points for p in parts), Decimal("0.0")) + penalty if parts else None
        rows.append(
            UnitRank(unit=unit, rank=None, parts=parts, overdue=late, penalty=penalty, score=score)
        )
    return Ranking(as_of=as_of, cap=int(cap), penalty_each=penalty_each, rows=_ranked(rows))


def _part(row: Progress, cap: Decimal, count: int) -> SubScore:
    share = Decimal(row.share)
    capped = share > cap
    share = min(share, cap)
    return SubScore(progress=row, share=share, capped=capped, points=_tenth(share / count))


def _ranked(rows: list[UnitRank]) -> list[UnitRank]:
    scored = sorted(
        (row for row in rows if row.score is not None),
        key=lambda row: (-(row.score or 0), row.unit.sort_order, row.unit.name),
    )
    result: list[UnitRank] = []
    for i, row in enumerate(scored):
        previous = result[-1] if result else None
        rank = previous.rank if previous and previous.score == row.score else i + 1
        result.append(
            UnitRank(
                unit=row.unit,
                rank=rank,
                parts=row.parts,
                overdue=row.overdue,
                penalty=row.penalty,
                score=row.score,
            )
        )
    return result + [row for row in rows if row.score is None]
