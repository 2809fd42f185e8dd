from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.shortcuts import redirect

from zhaoshang.org.admin_base import NationalDataAdmin, ZoneScopedAdmin
from zhaoshang.org.models import Industry, Membership, Park, Region, RegionGroup, Unit, User, Zone
from zhaoshang.org.permissions import zones_of


@admin.register(Zone)
class ZoneAdmin(ZoneScopedAdmin):
    list_display = ["code", "name", "created_at"]

    def get_queryset(self, request):
        return zones_of(request.user)


@admin.register(Park, Industry)
class ReferenceAdmin(ZoneScopedAdmin):
    list_display = ["name", "zone", "sort_order"]
    list_filter = ["zone"]
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(ReferenceAdmin):
    list_display = ["name", "kind", "zone", "sort_order"]
    list_filter = ["zone", "kind"]


@admin.register(Membership)
class MembershipAdmin(ZoneScopedAdmin):
    list_display = ["user", "zone", "role", "unit"]
    list_filter = ["zone", "role"]
    list_select_related = ["user", "zone", "unit"]


@admin.register(Region)
class RegionAdmin(NationalDataAdmin):
    list_display = ["code", "name", "short_name", "level", "province"]
    list_filter = ["level"]
    search_fields = ["code", "name", "short_name"]
    list_select_related = ["province"]


@admin.register(RegionGroup)
class RegionGroupAdmin(NationalDataAdmin):
    list_display = ["code", "name", "sort_order"]
    filter_horizontal = ["regions"]


@admin.register(User)
class ZhaoshangUserAdmin(UserAdmin):
    """Accounts are the site administrator's (superuser) to manage."""

    fieldsets = [*(UserAdmin.fieldsets or ()), (None, {"fields": ["language"]})]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def user_change_password(self, request, id, form_url=""):
        # One way to set another's password, where the rules and the change log apply.
        return redirect("set-password", pk=id)
