from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "zhaoshang.fieldwork"
    label = "fieldwork"
    verbose_name = _("招商工作记录")
