"""Following a project through after it is signed (跟踪服务, docs/followup.md): what the investor
promised (Commitment), the problems the zone solves for it outside the factory wall (Ticket,
要素保障), the clocks on answering a major lead (ResponseStep, with working days from Holiday),
and the zone's settings for all of them (FollowupSettings)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.fields import WanField
from zhaoshang.core.models import VersionedModel
from zhaoshang.org.models import Zone
from zhaoshang.projects.models import Project

# The one definition of "signed long ago and not started" (docs/followup.md): with no promised
# start date, a signed project is due to start this many days after signing. The briefing's
# needs-attention list and the overdue starts both read it through the zone's settings.
SIGNED_WITHOUT_START_DAYS = 180


class FollowupSettings(VersionedModel):
    """One per zone, edited by its admins and directors on /followup/settings/."""

    zone = models.OneToOneField(
        Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="followup_settings"
    )
    start_due_days = models.PositiveIntegerField(
        _("未承诺开工日期的项目签约后应开工天数"), default=SIGNED_WITHOUT_START_DAYS
    )
    red_after_days = models.PositiveIntegerField(_("逾期多少天标红"), default=30)
    escalate_after_days = models.PositiveIntegerField(_("逾期多少天督办"), default=90)
    major_lead_wan = WanField(_("时限管理的线索投资额下限(万元)"), default=10000)
    answer_workdays = models.PositiveIntegerField(_("响应时限(工作日)"), default=1)
    assess_workdays = models.PositiveIntegerField(_("研判时限(工作日)"), default=3)
    tell_workdays = models.PositiveIntegerField(_("反馈推荐人时限(工作日)"), default=7)
    report_every_days = models.PositiveIntegerField(_("跟踪报告周期(天)"), default=14)
    rules_from = models.DateField(
        _("时限管理起始日期"),
        null=True,
        blank=True,
        help_text=_("此日期及以后登记的线索适用时限;空为全部线索。"),
    )
    share_cap_percent = models.PositiveIntegerField(_("排名:单项完成率上限(%)"), default=150)
    overdue_penalty = models.DecimalField(
        _("排名:每个逾期未开工项目扣分"), max_digits=5, decimal_places=1, default=2
    )

    class Meta:
        verbose_name = _("跟踪服务设置")
        verbose_name_plural = _("跟踪服务设置")

    def __str__(self) -> str:
        return str(_("%(zone)s跟踪服务设置") % {"zone": self.zone})


class Commitment(VersionedModel):
    """What the investor of a signed project promised (履约承诺), one per project. Like a
    project's amount it is read as it is now: correcting a promise changes past figures too."""

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    project = models.OneToOneField(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="commitment"
    )
    start_date = models.DateField(_("承诺开工日期"), null=True, blank=True)
    production_date = models.DateField(_("承诺投产日期"), null=True, blank=True)
    investment_wan = WanField(_("承诺投资额(万元)"), null=True, blank=True)
    annual_output_wan = WanField(_("承诺年产值(万元)"), null=True, blank=True)
    annual_tax_wan = WanField(_("承诺年税收(万元)"), null=True, blank=True)
    note = models.TextField(_("备注"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("履约承诺")
        verbose_name_plural = _("履约承诺")

    def __str__(self) -> str:
        return str(_("%(project)s的承诺") % {"project": self.project})


class Ticket(VersionedModel):
    """要素保障: a problem a signed project needs the zone to solve, its owner and its deadline."""

    class Category(models.TextChoices):
        LAND = "land", _("土地")
        PLANNING = "planning", _("规划")
        ENVIRONMENT = "environment", _("环评")
        ENERGY = "energy", _("能评")
        PERMIT = "permit", _("施工许可")
        POWER = "power", _("供电")
        WATER = "water", _("供水")
        GAS = "gas", _("供气")
        ROADS = "roads", _("道路")
        FINANCING = "financing", _("融资")
        HIRING = "hiring", _("用工")
        POLICY = "policy", _("政策兑现")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        OPEN = "open", _("待办")
        IN_PROGRESS = "in_progress", _("办理中")
        RESOLVED = "resolved", _("已解决")
        UNRESOLVABLE = "unresolvable", _("无法解决")

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="tickets"
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    title = models.CharField(_("问题"), max_length=200)
    department = models.CharField(_("责任部门"), max_length=100)
    opened_on = models.DateField(_("提出日期"))
    deadline = models.DateField(_("办结时限"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    # Days from opened to closed, kept by the service: averaged in the database on every backend.
    days_taken = models.PositiveIntegerField(_("办理天数"), null=True, blank=True, editable=False)
    notes = models.TextField(_("情况说明"), max_length=2000, blank=True)
    resolution = models.TextField(_("办理结果"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("要素保障事项")
        verbose_name_plural = _("要素保障事项")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["resolved", "unresolvable"], closed_on__isnull=False)
                | Q(status__in=["open", "in_progress"], closed_on__isnull=True),
                name="ticket_closed_on_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.title}"


class ResponseStep(models.Model):
    """A step of the response to a major lead, done on a date (时限管理)."""

    class Step(models.TextChoices):
        ANSWERED = "answered", _("首次响应")
        ASSESSED = "assessed", _("研判")
        TOLD = "told", _("反馈推荐人")
        REPORTED = "reported", _("跟踪报告")

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="response_steps"
    )
    step = models.CharField(_("环节"), max_length=20, choices=Step.choices)
    done_on = models.DateField(_("完成日期"))
    note = models.CharField(_("说明"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("时限环节")
        verbose_name_plural = _("时限环节")
        ordering = ["project", "done_on", "pk"]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_step_display()} {self.done_on}"


class Holiday(models.Model):
    """A day the zone's admins enter for years the chinese-calendar package does not know yet
    (or to correct it): a holiday on a weekday, or a 调休 working day on a weekend."""

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    day = models.DateField(_("日期"))
    is_workday = models.BooleanField(_("调休上班"), default=False)
    name = models.CharField(_("名称"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["zone", "day"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "day"], name="one_holiday_entry_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


class Notice(VersionedModel):
    """督办: an escalating notice on a late project or ticket — 提醒, then 督办单, then 约谈 — or a
    leader's instruction on a project (领导批示); addressed to the project's unit, answered by it."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("提醒")
        ORDER = "order", _("督办单")
        INTERVIEW = "interview", _("约谈")
        INSTRUCTION = "instruction", _("领导批示")

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="notices"
    )
    ticket = models.ForeignKey(
        Ticket,
        verbose_name=_("要素保障事项"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    # The unit it is addressed to: the project's when issued (members see their unit's).
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    content = models.TextField(_("内容"), max_length=2000)
    issued_on = models.DateField(_("下发日期"))
    deadline = models.DateField(_("反馈时限"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("下发人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    response = models.TextField(_("落实情况"), max_length=2000, blank=True)
    responded_on = models.DateField(_("反馈日期"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("反馈人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_kind_display()} {self.issued_on}"
