"""The admin is for inspecting data, scoped by the permission policy. Business records change only
through services (which keep the lifecycle rules and the audit), so their admin is read-only."""

from django.contrib import admin

from zhaoshang.org import permissions


class ZoneScopedAdmin(admin.ModelAdmin):
    """Lists only what the user may see in the zones where they have a role; changes nothing."""

    scope_via = ""  # the path to the record with the zone, e.g. "project__"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return permissions.visible(request.user, queryset, via=self.scope_via)

    def has_module_permission(self, request):
        return (
            request.user.is_active
            and request.user.is_staff
            and (request.user.is_superuser or permissions.zones_of(request.user).exists())
        )

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NationalDataAdmin(admin.ModelAdmin):
    """Reference data shared by every zone: anyone on the admin site reads it; nobody edits it."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
