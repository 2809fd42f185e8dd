"""Writes to the counting rules (统计口径). One transaction each, audited, and the zone's data
stamp bumped: every cached figure of the zone goes stale at once."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.core.amounts import CENT, amount_error
from zhaoshang.core.audit import record_change, snapshot
from zhaoshang.core.versions import check_version
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
    return errors


def update_counting_rules(
    *,
    zone: Zone,
    actor,
    major_threshold_wan: Decimal,
    tier_threshold_wan: Decimal,
    minimum_amount_wan: Decimal,
    counted_project_types: list[str],
    expected_version: int | None = None,
    source: str = "ui",
) -> CountingRules:
    """Set the zone's thresholds, counted project types and minimum amount. Keys keep their
    meaning: "亿元以上" stays the major tier whatever its threshold. `expected_version`: the
    version the user's form was opened at (StaleEdit if the rules changed since)."""
    if actor is not None and not permissions.can_manage(actor, zone):
        raise PermissionDenied(
            _("只有系统管理员和局长可以修改“%(zone)s”的统计口径。") % {"zone": zone}
        )
    errors = rules_errors(
        major_threshold_wan=major_threshold_wan,
        tier_threshold_wan=tier_threshold_wan,
        minimum_amount_wan=minimum_amount_wan,
        counted_project_types=counted_project_types,
    )
    if errors:
        raise ValidationError(errors)
    types = [t for t in ProjectType.values if t in set(counted_project_types)]
    with transaction.atomic():
        # A zone counts by the defaults (version 1) until its rules are first saved: that save
        # makes version 2, so a form opened on the defaults is stale once someone has saved.
        rules = CountingRules.objects.select_for_update().filter(zone=zone).first()
        rules = rules or CountingRules(zone=zone)
        check_version(rules, expected_version)
        before = snapshot(rules)
        wanted = {
            "major_threshold_wan": Decimal(major_threshold_wan).quantize(CENT),
            "tier_threshold_wan": Decimal(tier_threshold_wan).quantize(CENT),
            "minimum_amount_wan": Decimal(minimum_amount_wan).quantize(CENT),
            "counted_project_types": types,
        }
        if all(getattr(rules, k) == v for k, v in wanted.items()):
            return rules  # nothing changes: no new version, figures stay cached
        for name, value in wanted.items():
            setattr(rules, name, value)
        rules.version += 1
        rules.full_clean(exclude=["zone"])
        rules.save()
        mark_zone_changed(zone.pk)
        record_change(
            actor=actor,
            instance=rules,
            # The first save changes the defaults the zone counted by: an update from them.
            action="update",
            before=before,
            after=snapshot(rules),
            source=source,
        )
    return rules
