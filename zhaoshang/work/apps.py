from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "zhaoshang.work"
    label = "work"
    verbose_name = _("招商工作")

    def ready(self) -> None:
        # The project page shows a project's activities through the panel hook of the projects
        # app (projects sits below this app and cannot import it).
        from zhaoshang.projects import panels
        from zhaoshang.work import views

        panels.register(views.project_panel)
