from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "zhaoshang.companies"
    label = "companies"
