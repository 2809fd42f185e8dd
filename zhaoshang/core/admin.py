from django.contrib import admin

from zhaoshang.core.models import ChangeLog


@admin.register(ChangeLog)
class ChangeLogAdmin(admin.ModelAdmin):
    """The audit trail spans zones and object types, so only site administrators read it here."""

    list_display = [
        "created_at",
        "actor",
        "source",
        "action",
        "content_type",
        "object_repr",
        "address",
    ]
    list_filter = ["action", "source", "content_type"]
    search_fields = ["object_repr"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
