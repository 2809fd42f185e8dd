"""Writes to the annual targets. Admins and directors set them, one scope at a time —
the whole zone or one unit, one year — in one transaction, each change audited."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.core.amounts import CENT, amount_error
from zhaoshang.core.audit import record_change, snapshot
from zhaoshang.core.models import ChangeLog
from zhaoshang.core.versions import StaleEdit, changes_since, describe
from zhaoshang.org import permissions
from zhaoshang.org.models import Unit, Zone
from zhaoshang.org.services import mark_zone_changed
from zhaoshang.targets.models import AMOUNT_ONLY, COUNT_ONLY, ZONE_ONLY, Metric, Target

FIRST_YEAR, LAST_YEAR = 2000, 2100
# A zone is built for up to a million projects (the bound of amounts, core.amounts.MAX_WAN, counts
# on as many): a target of more is a typing slip.
MAX_COUNT = 1_000_000


@dataclass(frozen=True)
class TargetValue:
    """A target as typed: a count of projects, an amount in 万元, or both; neither clears it."""

    count: int | None = None
    amount_wan: Decimal | None = None


def target_errors(*, year: int, values: dict[str, TargetValue]) -> dict[str, str]:
    """What is wrong, by form field (count_<metric>, amount_<metric>); empty when nothing.
    The form shows it beside the fields, the service refuses it."""
    errors = {}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = _("年度 %(year)s 无效，须在 %(first)s—%(last)s 之间。") % {
            "year": year,
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    for metric, value in values.items():
        if metric not in Metric.values:
            errors[f"count_{metric}"] = _("未知的指标：%(metric)s") % {"metric": metric}
            continue
        label = Metric(metric).label
        if value.count is not None:
            if metric in AMOUNT_ONLY:
                errors[f"count_{metric}"] = _("“%(metric)s”只设金额目标。") % {"metric": label}
            elif value.count <= 0:
                errors[f"count_{metric}"] = _(
                    "“%(metric)s”的目标项目数须为正整数（%(value)s）。"
                ) % {"metric": label, "value": value.count}
            elif value.count > MAX_COUNT:
                errors[f"count_{metric}"] = _(
                    "“%(metric)s”的目标项目数 %(value)s 过大，最多 %(limit)s 个。"
                ) % {"metric": label, "value": value.count, "limit": f"{MAX_COUNT:,}"}
        if value.amount_wan is not None and metric in COUNT_ONLY:
            errors[f"amount_{metric}"] = _("“%(metric)s”只设个数目标。") % {"metric": label}
        elif value.amount_wan is not None and value.amount_wan <= 0:
            errors[f"amount_{metric}"] = _("“%(metric)s”的目标金额须大于零（%(value)s）。") % {
                "metric": label,
                "value": value.amount_wan,
            }
        elif too_large := amount_error(value.amount_wan):
            errors[f"amount_{metric}"] = too_large
    return errors


def _zone_only_errors(values: dict[str, TargetValue]) -> dict[str, str]:
    """A unit's targets for what only the whole zone has a target of (events held)."""
    errors = {}
    for metric in ZONE_ONLY & set(values):
        asked = values[metric]
        if asked.count is not None or asked.amount_wan is not None:
            errors[f"count_{metric}"] = _("“%(metric)s”只设全区目标。") % {
                "metric": Metric(metric).label
            }
    return errors


def set_targets(
    *,
    zone: Zone,
    actor,
    year: int,
    unit: Unit | None = None,
    values: dict[str, TargetValue],
    expected: dict[str, tuple[int, int]] | None = None,
    source: str = "ui",
) -> list[Target]:
    """Set the year's targets of the zone (unit None) or of one of its units, metric by metric;
    a metric given with neither count nor amount loses its target, one not given keeps it.
    `expected`: the scope's targets as the user's form showed them (metric → id and version,
    see scope_versions()); if they have changed since, nothing is saved (StaleEdit).
    Returns the targets of that scope and year after the change."""
    if actor is not None and not permissions.can_manage(actor, zone):
        raise PermissionDenied(
            _("只有系统管理员和局长可以设定“%(zone)s”的年度目标。") % {"zone": zone}
        )
    if unit is not None and unit.zone_id != zone.pk:
        raise ValidationError({"unit": _("责任单位“%(unit)s”不属于本开发区。") % {"unit": unit}})
    errors = target_errors(year=year, values=values)
    if unit is not None:
        errors.update(_zone_only_errors(values))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = {
            target.metric: target
            for target in Target.objects.select_for_update().filter(zone=zone, year=year, unit=unit)
        }
        if expected is not None:
            _check_unchanged(zone, year, unit, expected, existing)
        changed = False
        for metric, value in values.items():
            target = existing.get(metric)
            amount = None if value.amount_wan is None else Decimal(value.amount_wan).quantize(CENT)
            if value.count is None and amount is None:
                if target is not None:
                    record_change(
                        actor=actor,
                        instance=target,
                        action="delete",
                        before=snapshot(target),
                        after=None,
                        source=source,
                    )
                    target.delete()
                    del existing[metric]
                    changed = True
                continue
            if target is not None and (target.count, target.amount_wan) == (value.count, amount):
                continue
            before = snapshot(target) if target else None
            if target is None:
                target = Target(zone=zone, year=year, unit=unit, metric=metric)
            else:
                target.version += 1
            target.count, target.amount_wan = value.count, amount
            target.full_clean(exclude=["zone", "unit"], validate_constraints=False)
            target.save()
            existing[metric] = target
            changed = True
            record_change(
                actor=actor,
                instance=target,
                action="update" if before else "create",
                before=before,
                after=snapshot(target),
                source=source,
            )
        if changed:
            # A briefing shows progress against targets: its closing line's "data last
            # changed" has to move when they do.
            mark_zone_changed(zone.pk)
    return sorted(existing.values(), key=lambda t: Metric.values.index(t.metric))


def scope_versions(targets: list[Target]) -> dict[str, tuple[int, int]]:
    """What a form shows of a scope's targets, to tell later whether they changed meanwhile."""
    return {target.metric: (target.pk, target.version) for target in targets}


def _check_unchanged(
    zone: Zone,
    year: int,
    unit: Unit | None,
    expected: dict[str, tuple[int, int]],
    existing: dict[str, Target],
) -> None:
    current = scope_versions(list(existing.values()))
    if current == expected:
        return
    rows = ChangeLog.objects.none()
    for metric in set(current) | set(expected):
        if current.get(metric) == expected.get(metric):
            continue
        if metric in expected:
            rows |= changes_since(Target, *expected[metric])
        if metric in current and current[metric][0] != expected.get(metric, (None,))[0]:
            rows |= changes_since(Target, current[metric][0], 0)
    scope = (
        _("%(year)s年%(unit)s目标") % {"year": year, "unit": unit.name}
        if unit
        else _("%(year)s年全区目标") % {"year": year}
    )
    raise StaleEdit(subject=scope, changes=describe(rows))
