"""The team's daily work (docs/work.md): activities (visits, receptions, resident-office reports,
calls), outbound trips (外出招商) and promotion events (推介会, 资本交易大会…)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.companies.models import Company
from zhaoshang.core.models import VersionedModel
from zhaoshang.org.models import Region, Unit, Zone
from zhaoshang.projects.models import Project


class Trip(VersionedModel):
    """外出招商: people of a unit away to cities of the national regions for some days."""

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT)
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("出行人员"), blank=True, related_name="+"
    )
    cities = models.ManyToManyField(Region, verbose_name=_("目的地"), related_name="+")
    start_date = models.DateField(_("出发日期"))
    end_date = models.DateField(_("返回日期"))
    purpose = models.CharField(_("事由"), max_length=200, blank=True)
    leads = models.ManyToManyField(
        Project, verbose_name=_("带回线索"), blank=True, related_name="trips_bringing"
    )
    note = models.TextField(_("备注"), max_length=2000, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("外出招商")
        verbose_name_plural = _("外出招商")
        ordering = ["zone", "-start_date", "-id"]
        indexes = [models.Index(fields=["zone", "start_date"], name="trip_zone_start")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.start_date:%Y-%m-%d} {self.purpose}".strip()

    @property
    def days(self) -> int:
        """Days away, the day of departure and the day of return included."""
        return days_away(self.start_date, self.end_date)


def days_away(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1


class Activity(VersionedModel):
    class Kind(models.TextChoices):
        VISIT = "visit", _("登门拜访")
        RECEPTION = "reception", _("客商来访")
        OFFICE_REPORT = "office_report", _("驻点报告")
        CONTACT = "contact", _("电话/线上")

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("日期"))
    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT)
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("参加人员"), blank=True, related_name="+"
    )
    place = models.CharField(_("地点"), max_length=200, blank=True)
    companies = models.ManyToManyField(
        Company, verbose_name=_("客商"), blank=True, related_name="activities"
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("项目"), blank=True, related_name="activities"
    )
    summary = models.TextField(_("洽谈内容"), max_length=2000)
    next_step = models.CharField(_("下一步"), max_length=500, blank=True)
    next_step_date = models.DateField(_("下一步日期"), null=True, blank=True)
    trip = models.ForeignKey(
        Trip,
        verbose_name=_("所属外出招商"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("招商活动记录")
        verbose_name_plural = _("招商活动记录")
        ordering = ["zone", "-date", "-id"]
        indexes = [models.Index(fields=["zone", "date"], name="activity_zone_date")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.place}".strip()


class Event(VersionedModel):
    """A promotion event or fair; projects can be signed at one. Events are the zone's: everyone
    with a role in the zone reads them; the organising unit's members and directors record them."""

    class Kind(models.TextChoices):
        PROMOTION = "promotion", _("推介会")
        THEMED = "themed", _("专题招商活动")
        CAPITAL_FAIR = "capital_fair", _("资本交易大会")
        EXPO = "expo", _("展会/博览会")
        OTHER = "other", _("其他")

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    city = models.ForeignKey(
        Region, verbose_name=_("城市"), null=True, blank=True, on_delete=models.PROTECT
    )
    organiser = models.CharField(_("主办单位"), max_length=200, blank=True)
    # Not named `unit`: the permission policy would then hide other units' events from members,
    # while events, like figures, are the zone's.
    organising_unit = models.ForeignKey(
        Unit,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    companies = models.ManyToManyField(
        Company, verbose_name=_("参会客商"), blank=True, related_name="events"
    )
    signed_projects = models.ManyToManyField(
        Project, verbose_name=_("现场签约项目"), blank=True, related_name="signed_at_events"
    )
    leads = models.ManyToManyField(
        Project, verbose_name=_("活动产生的线索"), blank=True, related_name="events_bringing"
    )
    note = models.TextField(_("备注"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("招商活动(会展)")
        verbose_name_plural = _("招商活动(会展)")
        ordering = ["zone", "-date", "-id"]
        indexes = [models.Index(fields=["zone", "date"], name="event_zone_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name", "date"], name="event_unique_name_date_in_zone"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.date
