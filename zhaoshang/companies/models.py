"""Investors (客商) and the ways they are brought in (招商方式)."""

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhaoshang.core.models import VersionedModel
from zhaoshang.org.models import Region, Zone


class Channel(models.TextChoices):
    DIRECTED = "directed", _("定向招商")
    BY_BUSINESS = "by_business", _("以商招商")
    INDUSTRY_CHAIN = "industry_chain", _("产业链招商")
    RESIDENT = "resident", _("驻点招商")
    DOOR_TO_DOOR = "door_to_door", _("登门招商")
    EXHIBITION = "exhibition", _("会展招商")
    AGENCY = "agency", _("中介招商")
    FUND = "fund", _("基金招商")
    ALL_STAFF = "all_staff", pgettext_lazy("招商方式", "全员招商")  # also a role's name


def normalise_company_name(name: str) -> str:
    """The key a company is known by when it has no USCC: full-width folded, no spaces, one case."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


class Company(VersionedModel):
    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    name = models.CharField(_("名称"), max_length=200)
    normalised_name = models.CharField(max_length=200, editable=False)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所在地"), null=True, blank=True, on_delete=models.PROTECT
    )
    is_anchor = models.BooleanField(_("龙头企业"), default=False)
    # 目标企业: the zone approaches it for a chain node (an open or contacted target). Kept by
    # the chain services in the transaction that changes a target (chains.services).
    is_target = models.BooleanField(_("目标企业"), default=False, editable=False)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("客商")
        verbose_name_plural = _("客商")
        ordering = ["zone", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "normalised_name"], name="company_unique_name_in_zone"
            ),
            models.UniqueConstraint(
                fields=["zone", "uscc"],
                condition=~models.Q(uscc=""),
                name="company_unique_uscc_in_zone",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(VersionedModel):
    """A body outside the zone's enterprises that refers investors (引荐机构): a chamber of
    commerce, an association, a research institute, an agency. The zone's own directory."""

    class Kind(models.TextChoices):
        CHAMBER = "chamber", _("商会")
        ASSOCIATION = "association", _("协会")
        INSTITUTE = "institute", _("科研院所")
        AGENCY = "agency", _("中介机构")
        OTHER = "other", _("其他机构")

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)
    note = models.TextField(_("备注"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("引荐机构")
        verbose_name_plural = _("引荐机构")
        ordering = ["zone", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"], name="organisation_unique_name_in_zone"
            )
        ]

    def __str__(self) -> str:
        return self.name
