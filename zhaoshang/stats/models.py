"""A zone's counting rules (统计口径), with their history. Keys of the figures keep their meaning;
thresholds move, from a date: figures as of a day use the set in force that day, so a briefing
as of a past date reads the same after a later change."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.dates import EARLIEST
from zhaoshang.core.fields import WanField
from zhaoshang.core.models import VersionedModel
from zhaoshang.org.models import Zone
from zhaoshang.projects.models import ProjectType


def all_project_types() -> list[str]:
    return list(ProjectType.values)


class CountingRules(VersionedModel):
    zone = models.ForeignKey(
        Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="counting_rules"
    )
    # The first set of a zone applies from EARLIEST: to every period, as before rules had dates.
    effective_from = models.DateField(_("执行日期"), default=EARLIEST)
    major_threshold_wan = WanField(_("亿元以上项目门槛(万元)"), default=Decimal("10000.00"))
    tier_threshold_wan = WanField(_("5亿元以上项目门槛(万元)"), default=Decimal("50000.00"))
    minimum_amount_wan = WanField(
        _("计入统计的最低投资额(万元)"),
        default=Decimal("0.00"),
        help_text=_("总投资低于此额的项目不计入任何统计。"),
    )
    counted_project_types = models.JSONField(_("计入统计的项目类型"), default=all_project_types)
    # 增资扩产 projects count as new signings of their increment unless the zone says not.
    counts_capital_increases = models.BooleanField(_("计入增资扩产项目"), default=True)

    class Meta:
        verbose_name = _("统计口径")
        verbose_name_plural = _("统计口径")
        ordering = ["zone", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "effective_from"], name="counting_rules_one_set_per_day"
            )
        ]

    def __str__(self) -> str:
        return str(self.zone)

    @property
    def applies_to_every_period(self) -> bool:
        """The zone's first set, taken over from before rules had dates."""
        return self.effective_from == EARLIEST

    @property
    def counted_types_label(self) -> str:
        if set(self.counted_project_types) >= set(ProjectType.values):
            return str(_("全部"))
        labels = dict(ProjectType.choices)
        return "、".join(
            str(labels[t]) for t in ProjectType.values if t in self.counted_project_types
        )
