"""Projects, their dated milestones, funds arrived and the stage log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.companies.models import Channel, Company, Organisation
from zhaoshang.core.fields import WanField
from zhaoshang.core.models import Source, VersionedModel
from zhaoshang.org.models import Industry, Park, Region, Unit, Zone


class Stage(models.TextChoices):
    """Milestones in the order a project lives them; `dropped` may end it at any point."""

    LEAD = "lead", _("线索")
    NEGOTIATING = "negotiating", _("洽谈")
    SUBSTANTIVE = "substantive", _("实质性谈判")
    SIGNED = "signed", _("签约")
    STARTED = "started", _("开工")
    COMPLETED = "completed", _("竣工")
    OPERATING = "operating", _("投产")
    DROPPED = "dropped", _("终止")


# The ordered milestones (dropped aside) and the Project field holding each one's date.
MILESTONES = [s for s in Stage if s != Stage.DROPPED]
DATE_FIELD = {stage: f"{stage.value}_date" for stage in Stage}


class ProjectType(models.TextChoices):
    INDUSTRIAL = "industrial", _("工业")
    SERVICES = "services", _("服务业")
    CULTURE_TOURISM = "culture_tourism", _("文旅")
    LOGISTICS = "logistics", _("物流")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    OTHER = "other", _("其他")


class AgreementType(models.TextChoices):
    FRAMEWORK = "framework", _("框架协议")
    CONTRACT = "contract", _("正式合同")


class ReferrerKind(models.TextChoices):
    """Who brought a project (引荐方): a person (全员招商), an enterprise of the zone (以商招商) or an
    organisation of the zone's directory."""

    PERSON = "person", _("个人")
    ENTERPRISE = "enterprise", _("企业")
    ORGANISATION = "organisation", _("机构")


# The kind → the Project field that holds a referrer of that kind.
REFERRER_FIELD = {
    ReferrerKind.PERSON: "referred_by",
    ReferrerKind.ENTERPRISE: "introduced_by",
    ReferrerKind.ORGANISATION: "referrer_org",
}


# The library's default status: projects not dropped (its partial indexes cover only these).
ACTIVE = models.Q(dropped_date__isnull=True)
# What the counting rules read (stats.selectors.counted_projects).
COUNTED_COLUMNS = ["project_type", "expands", "total_investment_wan"]
# What the figures' conditions read of a project (stats.selectors.conditions, counted_projects),
# and the follow-up's counts on the dashboard (the major leads' registration, overdue starts).
SCAN_COLUMNS = [
    *COUNTED_COLUMNS,
    "lead_date",
    "negotiating_date",
    "substantive_date",
    "signed_date",
    "started_date",
    "completed_date",
    "operating_date",
    "dropped_date",
]


class Project(VersionedModel):
    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    code = models.CharField(_("项目编号"), max_length=40)
    name = models.CharField(_("项目名称"), max_length=200)
    company = models.ForeignKey(
        Company,
        verbose_name=_("投资方"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    # Where the investment comes from (投资方所在地 / 项目来源地): the project's, since a lead may
    # know it before its investor's name; by default its investor's region (the investor's home).
    origin_region = models.ForeignKey(
        Region,
        verbose_name=_("投资方所在地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 以商招商: the anchor enterprise that brought this investor.
    introduced_by = models.ForeignKey(
        Company,
        verbose_name=_("引荐企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="introduced_projects",
    )
    # Who brought the project (引荐方), at most one of: a person of the zone (全员招商: any user with
    # a role in it), an enterprise of the zone (introduced_by above, 以商招商) or an organisation
    # of the zone's directory (商会, 协会, 科研院所, 中介机构). Credit follows it into the figures.
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("引荐人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referred_projects",
    )
    referrer_org = models.ForeignKey(
        Organisation,
        verbose_name=_("引荐机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referred_projects",
    )
    # 增资扩产: a capital increase of a project already counted is its own project, linked to
    # the original, whose total investment is the increment (docs/counting-rules.md).
    expands = models.ForeignKey(
        "self",
        verbose_name=_("增资的原项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="capital_increases",
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("所属产业"), null=True, blank=True, on_delete=models.PROTECT
    )
    park = models.ForeignKey(
        Park, verbose_name=_("落户园区"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.PROTECT
    )
    channel = models.CharField(_("招商方式"), max_length=20, choices=Channel.choices, blank=True)
    project_type = models.CharField(
        _("项目类型"), max_length=20, choices=ProjectType.choices, default=ProjectType.INDUSTRIAL
    )
    total_investment_wan = WanField(_("总投资(万元)"), null=True, blank=True)
    foreign_capital_usd_wan = WanField(_("外资(万美元)"), null=True, blank=True)
    agreement_type = models.CharField(
        _("协议类型"), max_length=20, choices=AgreementType.choices, blank=True
    )
    lead_date = models.DateField(_("登记日期"), null=True, blank=True)
    negotiating_date = models.DateField(_("洽谈日期"), null=True, blank=True)
    substantive_date = models.DateField(_("实质性谈判日期"), null=True, blank=True)
    signed_date = models.DateField(_("签约日期"), null=True, blank=True)
    started_date = models.DateField(_("开工日期"), null=True, blank=True)
    completed_date = models.DateField(_("竣工日期"), null=True, blank=True)
    operating_date = models.DateField(_("投产日期"), null=True, blank=True)
    dropped_date = models.DateField(_("终止日期"), null=True, blank=True)
    # A TextField's max_length is no limit in the database: it is the limit the forms, the
    # services (rules.check_project) and the ledger keep, read from here.
    drop_reason = models.TextField(_("终止原因"), max_length=500, blank=True)
    dropped_to = models.CharField(_("流向"), max_length=200, blank=True)
    is_paused = models.BooleanField(_("搁置"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_projects",
    )
    note = models.TextField(_("备注"), max_length=2000, blank=True)
    # Made by `gen-projects` for benchmarks: counted like any project (benchmarks measure the
    # real engine), labelled so nobody takes it for real work.
    is_synthetic = models.BooleanField(
        _("模拟数据"), default=False, db_default=False, editable=False
    )
    # Names and their pinyin, kept by the services (see projects.search), for the library search.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["zone", "code"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="project_unique_code_in_zone"),
            models.CheckConstraint(
                condition=(
                    models.Q(referred_by__isnull=True, referrer_org__isnull=True)
                    | models.Q(referred_by__isnull=True, introduced_by__isnull=True)
                    | models.Q(referrer_org__isnull=True, introduced_by__isnull=True)
                ),
                name="project_one_referrer",
            ),
        ]
        indexes = [
            # A period's signings or starts (the dashboard's trend, credit), with what the
            # counting rules read, so that SQLite counts them from the index alone.
            models.Index(
                fields=["zone", "signed_date", *COUNTED_COLUMNS], name="project_zone_signed"
            ),
            models.Index(
                fields=["zone", "started_date", *COUNTED_COLUMNS], name="project_zone_started"
            ),
            models.Index(fields=["zone", "unit"], name="project_zone_unit"),
            # The library at a million projects (docs/architecture.md#scale): its default list
            # (active projects by code, and their count, from the index alone) and its sorts
            # by amount, signing and start, largest or latest first, in index order.
            models.Index(fields=["zone", "code"], name="project_active_code", condition=ACTIVE),
            models.Index(
                fields=["zone", "-total_investment_wan", "code"],
                name="project_active_amount",
                condition=ACTIVE,
            ),
            models.Index(
                fields=["zone", "-signed_date", "code"],
                name="project_active_signed",
                condition=ACTIVE,
            ),
            models.Index(
                fields=["zone", "-started_date", "code"],
                name="project_active_started",
                condition=ACTIVE,
            ),
            # The figures engine's grouped scans (stats.selectors.SCANS): zone and the groups'
            # columns first, then every column a figure reads, so SQLite reads the groups in
            # order from the index alone — no sort, no table.
            models.Index(
                fields=["zone", "industry", "park", "unit", *SCAN_COLUMNS],
                name="project_scan_units",
            ),
            models.Index(
                fields=["zone", "origin_region", *SCAN_COLUMNS], name="project_scan_origin"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def referrer_kind(self) -> ReferrerKind | None:
        for kind, name in REFERRER_FIELD.items():
            if getattr(self, f"{name}_id"):
                return kind
        return None

    @property
    def referrer_name(self) -> str:
        """Who brought the project, by name ("" for nobody): a person by name and username."""
        kind = self.referrer_kind
        if kind is None:
            return ""
        found = getattr(self, REFERRER_FIELD[kind])
        if kind == ReferrerKind.PERSON:
            name = found.get_full_name()
            return f"{name}({found.username})" if name else found.username
        return found.name

    def milestone_date(self, stage: Stage):
        return getattr(self, DATE_FIELD[stage])

    @property
    def stage(self) -> Stage | None:
        """The stage as things stand (dates are never in the future, so this is today's)."""
        if self.dropped_date:
            return Stage.DROPPED
        for stage in reversed(MILESTONES):
            if self.milestone_date(stage):
                return stage
        return None


class FundsArrived(models.Model):
    class Source(models.TextChoices):
        OUT_OF_PROVINCE = "out_of_province", _("省外资金")
        FOREIGN = "foreign", _("外资")
        LOCAL = "local", _("省内资金")

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="funds"
    )
    arrived_date = models.DateField(_("到位日期"))
    amount_wan = WanField(_("到位金额(万元)"))
    source = models.CharField(_("资金来源"), max_length=20, choices=Source.choices)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("实际到位资金")
        verbose_name_plural = _("实际到位资金")
        ordering = ["project", "arrived_date", "id"]
        # Funds of a period by date, with the project and the amount: the engine's funds query
        # reads the index alone before joining the projects.
        indexes = [
            models.Index(
                fields=["arrived_date", "project", "amount_wan"], name="funds_arrived_scan"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.arrived_date} {self.amount_wan}万元"


class StageLog(models.Model):
    """Who recorded, moved or cleared which milestone (or the paused flag), from what to what."""

    PAUSED = "paused"
    RESUMED = "resumed"
    # A later agreement of a signed project (a re-signing, a supplementary agreement, the formal
    # contract after a framework agreement): kept here; the signing date counted stays the first.
    RESIGNED = "resigned"

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="stage_log"
    )
    milestone = models.CharField(
        _("节点"),
        max_length=20,
        choices=[
            *Stage.choices,
            (PAUSED, _("搁置")),
            (RESUMED, _("恢复推进")),
            (RESIGNED, _("再次签约")),
        ],
    )
    old_date = models.DateField(_("原日期"), null=True, blank=True)
    new_date = models.DateField(_("新日期"), null=True, blank=True)
    reason = models.TextField(_("说明"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.UI)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("阶段记录")
        verbose_name_plural = _("阶段记录")
        ordering = ["project", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.project.code} {self.milestone}: {self.old_date} → {self.new_date}"


class CodeCounter(models.Model):
    """The last running number given in one series of a zone's project codes (see codes.py),
    taken under a row lock so that two projects created at once never get the same code."""

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    series = models.CharField(_("编号系列"), max_length=80)
    last = models.PositiveIntegerField(_("已用到的流水号"), default=0)

    class Meta:
        verbose_name = _("项目编号计数")
        verbose_name_plural = _("项目编号计数")
        constraints = [
            models.UniqueConstraint(fields=["zone", "series"], name="code_counter_one_per_series")
        ]

    def __str__(self) -> str:
        return f"{self.series}: {self.last}"
