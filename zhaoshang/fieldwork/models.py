"""The team's daily work (docs/fieldwork.md): activities (visits, receptions, resident-office
reports, calls), outbound trips (外出招商) and promotion events (推介会, 资本交易大会).

Activities and trips belong to a unit and to the person who recorded them, so the one permission
policy scopes them like projects (a member: their unit's; a contributor: their own). Events are
the zone's to read; directors and admins record them (a unit organises, `organiser_unit`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.companies.models import Company
from zhaoshang.core.models import VersionedModel
from zhaoshang.org.models import Region, Unit, Zone
from zhaoshang.projects.models import Project


class Trip(VersionedModel):
    """外出招商: who went where, from when to when, and what they brought back."""

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.PROTECT
    )
    participants = models.CharField(_("外出人员"), max_length=200)
    cities = models.ManyToManyField(
        Region, verbose_name=_("前往城市"), related_name="+", blank=True
    )
    start_date = models.DateField(_("出发日期"))
    end_date = models.DateField(_("返回日期"))
    purpose = models.TextField(_("事由与成果"), max_length=2000, blank=True)
    leads = models.ManyToManyField(
        Project, verbose_name=_("带回线索"), related_name="from_trips", blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("外出招商")
        verbose_name_plural = _("外出招商")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["zone", "start_date"], name="trip_zone_start")]

    def __str__(self) -> str:
        return f"{self.start_date:%Y-%m-%d} {self.participants}"

    @property
    def days(self) -> int:
        """Days away, the day of leaving and the day of return both counted."""
        return (self.end_date - self.start_date).days + 1


class Activity(VersionedModel):
    class Kind(models.TextChoices):
        VISIT = "visit", _("登门拜访")
        RECEPTION = "reception", _("客商来访")
        OFFICE_REPORT = "office_report", _("驻点报告")
        CONTACT = "contact", _("电话/线上联系")

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("日期"))
    company = models.ForeignKey(
        Company,
        verbose_name=_("客商"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="activities",
    )
    trip = models.ForeignKey(
        Trip,
        verbose_name=_("外出招商"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    participants = models.CharField(_("参加人员"), max_length=200)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    summary = models.TextField(_("洽谈内容"), max_length=2000)
    next_step = models.CharField(_("下一步"), max_length=500, blank=True)
    next_step_date = models.DateField(_("下一步日期"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("招商活动")
        verbose_name_plural = _("招商活动")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["zone", "date"], name="activity_zone_date"),
            models.Index(fields=["project", "date"], name="activity_project_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.company or ''}".strip()


class Event(VersionedModel):
    class Kind(models.TextChoices):
        PROMOTION = "promotion", _("推介会")
        THEMED = "themed", _("专题招商活动")
        FAIR = "fair", _("资本交易大会")
        OTHER = "other", _("其他")

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    name = models.CharField(_("活动名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    city = models.ForeignKey(
        Region,
        verbose_name=_("城市"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organiser = models.CharField(_("主办单位"), max_length=200, blank=True)
    # Not `unit`: events are the zone's to read, whoever organised them (the policy's rule).
    organiser_unit = models.ForeignKey(
        Unit,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    companies = models.ManyToManyField(
        Company, verbose_name=_("参会客商"), related_name="events", blank=True
    )
    signed_projects = models.ManyToManyField(
        Project, verbose_name=_("现场签约项目"), related_name="signed_at_events", blank=True
    )
    leads = models.ManyToManyField(
        Project, verbose_name=_("活动产生线索"), related_name="lead_from_events", blank=True
    )
    note = models.TextField(_("备注"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("招商活动(会展)")
        verbose_name_plural = _("招商活动(会展)")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["zone", "date"], name="event_zone_date")]

    def __str__(self) -> str:
        return self.name
