"""Annual targets (年度目标): what a zone — or one of its units — means to reach in a year, in the
terms of the figures engine (one of its keys: a count of projects, an amount, or both). See
docs/counting-rules.md."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.fields import WanField
from zhaoshang.core.models import VersionedModel
from zhaoshang.org.models import Unit, Zone


class Metric(models.TextChoices):
    """The figures a target can be set for. Flows count from 1 January to the day; levels are
    the state on the day (a target of 20 projects under construction)."""

    SIGNED = "signed", _("新签约项目")
    SIGNED_MAJOR = "signed_major", _("新签约亿元以上项目")
    SIGNED_OVER_5YI = "signed_over_5yi", _("新签约5亿元以上项目")
    NEGOTIATING_MAJOR = "negotiating_major", _("在谈亿元以上项目")
    UNDER_CONSTRUCTION_MAJOR = "under_construction_major", _("在建、续建亿元以上项目")
    STARTED = "started", _("新开工项目")
    COMPLETED = "completed", _("新竣工项目")
    OPERATING = "operating", _("新投产项目")
    FUNDS_ARRIVED = "funds_arrived", _("实际到位资金")
    # Counted in events, not projects (zhaoshang.fieldwork): a zone's target only.
    EVENTS_HELD = "events_held", _("举办招商活动")


LEVELS = {Metric.NEGOTIATING_MAJOR, Metric.UNDER_CONSTRUCTION_MAJOR}
AMOUNT_ONLY = {Metric.FUNDS_ARRIVED}
COUNT_ONLY = {Metric.EVENTS_HELD}
# Events are the zone's (a unit organises some, attends others): no unit targets for them.
ZONE_ONLY = {Metric.EVENTS_HELD}


class Target(VersionedModel):
    zone = models.ForeignKey(
        Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    metric = models.CharField(_("指标"), max_length=40, choices=Metric.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="targets",
        help_text=_("空为全区目标。"),
    )
    count = models.PositiveIntegerField(_("目标项目数"), null=True, blank=True)
    amount_wan = WanField(_("目标金额(万元)"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["zone", "-year", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "year", "metric"],
                condition=Q(unit__isnull=True),
                name="one_zone_target_per_metric",
            ),
            models.UniqueConstraint(
                fields=["zone", "year", "metric", "unit"],
                condition=Q(unit__isnull=False),
                name="one_unit_target_per_metric",
            ),
            models.CheckConstraint(
                condition=Q(count__isnull=False) | Q(amount_wan__isnull=False),
                name="target_has_a_value",
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit.name if self.unit else _("全区")
        return f"{self.year} {scope} {self.get_metric_display()}"
