from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "zhaoshang.org"
    label = "org"

    def ready(self):
        from zhaoshang.org import signals  # noqa: F401  (connects the sign-in audit)
