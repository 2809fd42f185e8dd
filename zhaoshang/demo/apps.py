from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "zhaoshang.demo"
    label = "demo"
