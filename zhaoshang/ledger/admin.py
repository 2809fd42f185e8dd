from django.contrib import admin

from zhaoshang.core.admin_base import ZoneScopedAdmin
from zhaoshang.ledger.models import LedgerImport


@admin.register(LedgerImport)
class LedgerImportAdmin(ZoneScopedAdmin):
    list_display = [
        "created_at",
        "zone",
        "user",
        "filename",
        "status",
        "created",
        "updated",
        "unchanged",
        "error_count",
        "applied_at",
    ]
    list_filter = ["zone", "status"]
    exclude = ["content", "result"]
