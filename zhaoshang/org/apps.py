from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "zhaoshang.org"
    label = "org"
