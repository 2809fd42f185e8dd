from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "zhaoshang.followup"
    label = "followup"
    verbose_name = _("跟踪服务")
