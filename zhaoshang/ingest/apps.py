from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "zhaoshang.ingest"
    label = "ingest"
    verbose_name = _("新闻与报告")
