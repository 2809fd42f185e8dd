from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class CoreConfig(AppConfig):
    name = "zhaoshang.core"
    label = "core"
    default = True
    verbose_name = _("操作记录")


class TasksConfig(TasksAppConfig):
    """The background-task queue (django_tasks_db) under a name 数据管理 can show in either
    language."""

    # django_tasks_db types it as str (its own name is a plain string); ours is translated.
    verbose_name = _("后台任务")  # type: ignore[assignment]
