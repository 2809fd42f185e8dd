"""Zones and their reference data, national regions, users and their roles."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# 项目编号 the system assigns: {prefix}, {year} and one running number {seq} (zero-padded to N
# digits as {seq:0Nd}) among any text without commas or braces.
CODE_PATTERN_SYNTAX = (
    r"^(?:[^,{}]|\{prefix\}|\{year\})*\{seq(?::0[1-9]d)?\}(?:[^,{}]|\{prefix\}|\{year\})*$"
)
DEFAULT_CODE_PATTERN = "{prefix}{year}-{seq:03d}"


class Zone(models.Model):
    """The tenant: one development zone. Every business record belongs to one."""

    code = models.CharField(
        _("代码"),
        max_length=32,
        unique=True,
        validators=[
            RegexValidator(r"^[a-z0-9][a-z0-9-]*$", _("代码只能包含小写字母、数字和连字符。"))
        ],
    )
    name = models.CharField(_("名称"), max_length=100)
    code_prefix = models.CharField(
        _("项目编号前缀"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[^,{}\s]*$", _("前缀不能含逗号、花括号或空格。"))],
        help_text=_("系统自动编号时使用;留空则用开发区代码的大写。"),
    )
    code_pattern = models.CharField(
        _("项目编号格式"),
        max_length=40,
        default=DEFAULT_CODE_PATTERN,
        validators=[
            RegexValidator(
                CODE_PATTERN_SYNTAX,
                _(
                    "编号格式须含且只含一个 {seq}(可写作 {seq:03d}),另可用 {prefix} 和 {year},不能含逗号。"
                ),
            )
        ],
        help_text=_("如 {prefix}{year}-{seq:03d} 得到 YH2026-001;导入的编号保持原样。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # Bumped by every write that can change a figure: cached figures are keyed on it, and
    # briefings say when the data last changed.
    data_changed_at = models.DateTimeField(_("数据更新时间"), null=True, blank=True)
    stale_after_days = models.PositiveSmallIntegerField(
        _("无更新提醒天数"),
        default=60,
        help_text=_("在谈或在建项目超过这么多天没有任何工作记录,即提示“长期无更新”。"),
    )

    class Meta:
        verbose_name = _("开发区")
        verbose_name_plural = _("开发区")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ZoneReference(models.Model):
    """A zone's own list entry (park, industry, unit): unique name within the zone."""

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    name = models.CharField(_("名称"), max_length=100)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        abstract = True
        ordering = ["zone", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="%(class)s_unique_name_in_zone")
        ]

    def __str__(self) -> str:
        return self.name


class Park(ZoneReference):
    class Meta(ZoneReference.Meta):
        verbose_name = _("园区")
        verbose_name_plural = _("园区")


class Industry(ZoneReference):
    class Meta(ZoneReference.Meta):
        verbose_name = _("产业")
        verbose_name_plural = _("产业")


class Unit(ZoneReference):
    class Kind(models.TextChoices):
        PROMOTION_GROUP = "group", _("招商组")
        SPECIALIST_BUREAU = "bureau", _("专业招商局")
        RESIDENT_OFFICE = "office", _("驻点")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    # A resident office (驻点) sits in a city for a period; groups and bureaus leave these empty.
    city = models.ForeignKey(
        "Region",
        verbose_name=_("驻点城市"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(_("起始日期"), null=True, blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    head = models.ForeignKey(
        "User",
        verbose_name=_("负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(ZoneReference.Meta):
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")


class Region(models.Model):
    """National reference data shared by all zones: provinces and prefecture-level cities
    (GB/T 2260 codes, 台湾 71 / 香港 81 / 澳门 82 among them) and foreign countries (ISO 3166)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("地级")
        COUNTRY = "country", _("国家")

    code = models.CharField(_("代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=50, db_index=True)
    short_name = models.CharField(_("简称"), max_length=20, db_index=True)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    # The province-level region a city belongs to; a province or a country is its own, so
    # "by province" tables group on one column and add up to the total.
    province = models.ForeignKey(
        "self", verbose_name=_("省级地区"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("地区")
        verbose_name_plural = _("地区")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_foreign(self) -> bool:
        return self.level == self.Level.COUNTRY


class RegionGroup(models.Model):
    """京津冀, 长三角, 珠三角… Groups overlap (沪苏浙 ⊂ 长三角). `regions` lists every member
    region, the cities of a member province included, so one join finds a company's groups."""

    code = models.CharField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    regions = models.ManyToManyField(Region, verbose_name=_("地区"), related_name="groups")

    class Meta:
        verbose_name = _("区域板块")
        verbose_name_plural = _("区域板块")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    language = models.CharField(
        _("界面语言"),
        max_length=10,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        default="zh-hans",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    DIRECTOR = "director", _("局长/分管领导")
    LEADER = "leader", _("领导")
    MEMBER = "member", _("招商人员")
    CONTRIBUTOR = "contributor", _("全员招商")


class Membership(models.Model):
    """A user's role in one zone (and, for members, their unit). A person may hold roles in
    several zones; in each zone one role."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    zone = models.ForeignKey(
        Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("所在单位"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "zone"], name="membership_one_role_per_zone"),
            models.CheckConstraint(
                condition=~models.Q(role="member") | models.Q(unit__isnull=False),
                name="membership_member_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.zone} · {self.get_role_display()}"
