"""Writes to the counting rules (统计口径). One transaction each, audited, and the zone's data
stamp bumped: every cached figure of the zone goes stale at once. A change takes effect from a
date: it adds a set to the zone's history (or corrects the set taking effect that day), so
figures as of an earlier day keep the rules they were counted by."""

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.core.amounts import CENT, amount_error
from zhaoshang.core.audit import record_change, snapshot
from zhaoshang.core.dates import date_error
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.models import ChangeLog
from zhaoshang.core.versions import StaleEdit, describe
from zhaoshang.org import permissions
from zhaoshang.org.models import Zone
from zhaoshang.org.services import mark_zone_changed
from zhaoshang.projects.models import ProjectType
from zhaoshang.stats.models import CountingRules


def rules_errors(
    *,
    major_threshold_wan: Decimal | None,
    tier_threshold_wan: Decimal | None,
    minimum_amount_wan: Decimal | None,
    counted_project_types: list[str] | None,
    effective_from: dt.date | None = None,
    today: dt.date | None = None,
) -> dict[str, str]:
    """What is wrong with a set of rules, by field (empty when nothing): the forms show it, the
    service refuses it."""
    errors = {}
    major, tier, minimum = major_threshold_wan, tier_threshold_wan, minimum_amount_wan
    if major is not None and major <= 0:
        errors["major_threshold_wan"] = _("亿元以上项目门槛须大于零。")
    if tier is not None and major is not None and tier < major:
        errors["tier_threshold_wan"] = _("5亿元以上项目门槛不能低于亿元以上项目门槛。")
    if minimum is not None and minimum < 0:
        errors["minimum_amount_wan"] = _("最低投资额不能为负数。")
    elif minimum is not None and major is not None and minimum > major:
        errors["minimum_amount_wan"] = _("最低投资额不能高于亿元以上项目门槛。")
    for name, value in (
        ("major_threshold_wan", major),
        ("tier_threshold_wan", tier),
        ("minimum_amount_wan", minimum),
    ):
        if value is None:
            errors.setdefault(name, _("请填写金额。"))
        elif too_large := amount_error(value):
            errors[name] = too_large
    types = counted_project_types or []
    unknown = set(types) - set(ProjectType.values)
    if unknown:
        errors["counted_project_types"] = _("未知的项目类型：%(types)s") % {
            "types": "、".join(sorted(unknown))
        }
    elif not types:
        errors["counted_project_types"] = _("至少选择一种计入统计的项目类型。")
    if effective_from is not None and (
        message := date_error(
            effective_from,
            today=today or shanghai_today(),
            subject=_("执行日期"),
            planned=True,
        )
    ):
        errors["effective_from"] = message
    return errors


def update_counting_rules(
    *,
    zone: Zone,
    actor,
    major_threshold_wan: Decimal,
    tier_threshold_wan: Decimal,
    minimum_amount_wan: Decimal,
    counted_project_types: list[str],
    counts_capital_increases: bool = True,
    effective_from: dt.date | None = None,
    expected_version: int | None = None,
    source: str = "ui",
    today: dt.date | None = None,
) -> CountingRules:
    """Set the zone's thresholds, counted project types (and whether 增资扩产 projects count)
    and minimum amount from
    `effective_from` (default today) on. Keys keep their meaning: "亿元以上" stays the major tier
    whatever its threshold. `expected_version`: the version of the zone's rules (the history as
    a whole) the user's form was opened at (StaleEdit if any set changed since)."""
    if actor is not None and not permissions.can_manage(actor, zone):
        raise PermissionDenied(
            _("只有系统管理员和局长可以修改“%(zone)s”的统计口径。") % {"zone": zone}
        )
    today = today or shanghai_today()
    effective_from = effective_from or today
    errors = rules_errors(
        major_threshold_wan=major_threshold_wan,
        tier_threshold_wan=tier_threshold_wan,
        minimum_amount_wan=minimum_amount_wan,
        counted_project_types=counted_project_types,
        effective_from=effective_from,
        today=today,
    )
    if errors:
        raise ValidationError(errors)
    wanted = {
        "major_threshold_wan": Decimal(major_threshold_wan).quantize(CENT),
        "tier_threshold_wan": Decimal(tier_threshold_wan).quantize(CENT),
        "minimum_amount_wan": Decimal(minimum_amount_wan).quantize(CENT),
        "counted_project_types": [t for t in ProjectType.values if t in set(counted_project_types)],
        "counts_capital_increases": counts_capital_increases,
    }
    with transaction.atomic():
        sets = list(CountingRules.objects.select_for_update().filter(zone=zone))
        latest_version = _check_history_version(zone, sets, expected_version)
        in_force = next((r for r in sets if r.effective_from <= effective_from), None)
        current = in_force or CountingRules(zone=zone)  # the defaults before any set
        if all(getattr(current, k) == v for k, v in wanted.items()):
            return current  # nothing changes that day: no new version, figures stay cached
        same_day = in_force if in_force and in_force.effective_from == effective_from else None
        rules = same_day or CountingRules(zone=zone, effective_from=effective_from)
        # A new set is audited as an update of the set it supersedes (or of the defaults).
        before = snapshot(current)
        for name, value in wanted.items():
            setattr(rules, name, value)
        rules.version = latest_version + 1
        rules.full_clean(exclude=["zone"])
        rules.save()
        mark_zone_changed(zone.pk)
        record_change(
            actor=actor,
            instance=rules,
            action="update",
            before=before,
            after=snapshot(rules),
            source=source,
        )
    return rules


def _check_history_version(
    zone: Zone, sets: list[CountingRules], expected_version: int | None
) -> int:
    """The version of the zone's rules as a whole (the highest of its sets; 1 for the defaults),
    refusing with what changed since if it is not the one the form was opened at."""
    latest = max((r.version for r in sets), default=1)
    if expected_version is None or expected_version == latest:
        return latest
    rows = ChangeLog.objects.filter(
        content_type=ContentType.objects.get_for_model(CountingRules),
        object_id__in=[r.pk for r in sets],
        version__gt=expected_version,
    )
    raise StaleEdit(subject=_("%(zone)s的统计口径") % {"zone": zone}, changes=describe(rows))
