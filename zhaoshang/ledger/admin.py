from django.contrib import admin
from django.db.models import Q

from zhaoshang.ledger.models import LedgerImport
from zhaoshang.org import permissions
from zhaoshang.org.admin_base import ZoneScopedAdmin
from zhaoshang.org.models import Membership


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

    def get_queryset(self, request):
        # As on /ledger/: one's own uploads; those who read the whole zone read all of its.
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        reading_all = Membership.objects.filter(
            user=request.user, role__in=permissions.SEE_ALL
        ).values("zone")
        return queryset.filter(Q(zone__in=reading_all) | Q(user=request.user))
