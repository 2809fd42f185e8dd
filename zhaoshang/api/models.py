"""API tokens: a secret a program sends as `Authorization: Bearer <token>` to act as its user.
Only a hash of the secret is kept; the secret is shown once, when the token is made."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A token's name (what it is for): the page, the command and the service check this length.
NAME_LENGTH = 100


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("名称"), max_length=NAME_LENGTH, blank=True)
    # The first characters of the secret, to tell tokens apart on the page (not enough to use).
    prefix = models.CharField(_("前缀"), max_length=12)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(_("只读"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["user", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}".strip()
