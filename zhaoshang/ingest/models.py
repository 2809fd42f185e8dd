"""News and reports read into zhaoshang (/ingest/): the text as it was pasted or uploaded, its
cleaned text and what was read from it, and each candidate project awaiting a person's decision.

Nothing here writes a project: a candidate becomes a lead or a milestone only when someone
accepts it (services.py), and then keeps the project it made, so the project page shows the
sentence it came from.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.fields import WanField
from zhaoshang.core.models import VersionedModel
from zhaoshang.org.models import Zone

MAX_TEXT_CHARS = 100_000  # a long government work report is some 30,000 characters


class IngestedText(VersionedModel):
    """A news page, report or announcement. The zone's to read (it belongs to no unit); a
    contributor reads the texts they submitted (org.permissions.visible)."""

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    title = models.CharField(_("标题"), max_length=200)
    original = models.TextField(_("原文"), max_length=MAX_TEXT_CHARS)
    clean_text = models.TextField(_("清理后的文字"))
    year = models.PositiveIntegerField(_("年份"), null=True, blank=True)
    published = models.DateField(_("发布日期"), null=True, blank=True)
    # What was read besides the candidates: reported figures, targets, garbled segments and
    # dropped lines, as the CLI's JSON gives them (ingest.extract.Extraction.as_json).
    findings = models.JSONField(_("读取结果"), default=dict)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("采集的文字")
        verbose_name_plural = _("采集的文字")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Candidate(VersionedModel):
    """A candidate project read from a text, and what a person decided about it."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        LEAD = "lead", _("已作为新线索")
        MILESTONE = "milestone", _("已登记为节点")
        REJECTED = "rejected", _("已忽略")

    text = models.ForeignKey(
        IngestedText,
        verbose_name=_("来源文字"),
        on_delete=models.CASCADE,
        related_name="candidates",
    )
    position = models.PositiveIntegerField(_("序号"))
    name = models.CharField(_("项目名称"), max_length=200)
    companies = models.JSONField(_("企业"), default=list)
    amount_wan = WanField(_("金额(万元)"), null=True, blank=True)
    amount_text = models.CharField(_("金额原文"), max_length=40, blank=True)
    stage = models.CharField(_("阶段信号"), max_length=20)
    milestone = models.CharField(_("对应节点"), max_length=20, blank=True)
    event = models.CharField(_("活动"), max_length=200, blank=True)
    date_text = models.CharField(_("日期"), max_length=10, blank=True)  # 2026-05-18, 2026-05, 2026
    sentence = models.TextField(_("原句"))
    start = models.PositiveIntegerField()  # the name in the clean text
    end = models.PositiveIntegerField()
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    original_start = models.PositiveIntegerField()  # the sentence in the original text
    original_end = models.PositiveIntegerField()
    status = models.CharField(
        _("处理结果"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ingest_sources",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("候选项目")
        verbose_name_plural = _("候选项目")
        ordering = ["text", "position"]

    def __str__(self) -> str:
        return self.name

    @property
    def original_sentence(self) -> str:
        """The sentence as it was pasted (before cleaning)."""
        return self.text.original[self.original_start : self.original_end]
