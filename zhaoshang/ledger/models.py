"""An uploaded ledger and what became of it: validated, previewed, applied (or not).

The file itself is kept in the row (a ledger is a few MB at most), so any app server and the
background worker can read it, the error sheet can be rebuilt from it, and what was imported
stays on record. Progress counters are written outside the import's transaction, so a page
polling them sees them move, and a reload finds them where they are.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.org.models import Zone


class LedgerImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        VALIDATING = "validating", _("正在校验")
        PREVIEW = "preview", _("待确认")
        INVALID = "invalid", _("有错误")
        APPLYING = "applying", _("正在导入")
        APPLIED = "applied", _("已导入")
        FAILED = "failed", _("导入失败")
        EXPIRED = "expired", _("已过期")  # a preview not confirmed before its file was emptied

    class Phase(models.TextChoices):
        READ = "read", _("读取文件")
        VALIDATE = "validate", _("逐行校验")
        WRITE = "write", _("写入数据库")

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("文件名"), max_length=255)
    content = models.BinaryField(_("文件内容"))
    size = models.PositiveIntegerField(_("文件大小"), default=0)
    create_missing = models.BooleanField(_("自动新建产业、园区和责任单位"), default=False)
    background = models.BooleanField(_("后台处理"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    phase = models.CharField(_("步骤"), max_length=20, choices=Phase.choices, blank=True)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    rows_read = models.PositiveIntegerField(_("已读取"), default=0)
    rows_validated = models.PositiveIntegerField(_("已校验"), default=0)
    rows_to_write = models.PositiveIntegerField(_("待写入"), default=0)
    rows_written = models.PositiveIntegerField(_("已写入"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    # The preview (samples of each kind of row, new references, ignored columns) and every
    # error, as JSON; see services.plan_result().
    result = models.JSONField(_("校验结果"), default=dict, blank=True)
    message = models.TextField(_("说明"), blank=True)
    task_id = models.CharField(_("后台任务"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    content_cleared_at = models.DateTimeField(_("原文件删除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("台账导入")
        verbose_name_plural = _("台账导入")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["zone", "user", "-created_at"], name="ledger_import_recent")
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in RUNNING


RUNNING = (LedgerImport.Status.QUEUED, LedgerImport.Status.VALIDATING, LedgerImport.Status.APPLYING)
