"""A zone's counting rules (统计口径). Keys of the figures keep their meaning; thresholds move."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.fields import WanField
from zhaoshang.core.models import VersionedModel
from zhaoshang.org.models import Zone
from zhaoshang.projects.models import ProjectType


def all_project_types() -> list[str]:
    return list(ProjectType.values)


class CountingRules(VersionedModel):
    zone = models.OneToOneField(
        Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="counting_rules"
    )
    major_threshold_wan = WanField(_("亿元以上项目门槛(万元)"), default=Decimal("10000.00"))
    tier_threshold_wan = WanField(_("5亿元以上项目门槛(万元)"), default=Decimal("50000.00"))
    minimum_amount_wan = WanField(
        _("计入统计的最低投资额(万元)"),
        default=Decimal("0.00"),
        help_text=_("总投资低于此额的项目不计入任何统计。"),
    )
    counted_project_types = models.JSONField(_("计入统计的项目类型"), default=all_project_types)

    class Meta:
        verbose_name = _("统计口径")
        verbose_name_plural = _("统计口径")

    def __str__(self) -> str:
        return str(self.zone)
