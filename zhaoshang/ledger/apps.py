from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "zhaoshang.ledger"
    label = "ledger"
