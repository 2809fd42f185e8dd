"""The admin is for inspecting data, scoped by the permission policy. Business records change only
through services (which keep the lifecycle rules and the audit), so their admin is read-only."""

from django.contrib import admin
from django.db import models
from django.db.models.constants import LOOKUP_SEP

from zhaoshang.org import permissions


def scoped_list_filter(model: type[models.Model], list_filter) -> list:
    """A related field's filter lists every row of the related model (every zone's units); over
    a relation it lists instead only the rows that the admin's own, already scoped, queryset
    refers to. Choices and booleans name nothing of another zone and stay as they are."""
    scoped = []
    for item in list_filter:
        if isinstance(item, str) and _is_relation(model, item):
            item = (item, admin.RelatedOnlyFieldListFilter)
        scoped.append(item)
    return scoped


def _is_relation(model: type[models.Model], path: str) -> bool:
    related: type[models.Model] | None = model
    is_relation = False
    for name in path.split(LOOKUP_SEP):
        if related is None:
            return False
        field = related._meta.get_field(name)
        is_relation = bool(field.is_relation)
        related = field.related_model if is_relation else None
    return is_relation


class ZoneScopedAdmin(admin.ModelAdmin):
    """Lists only what the user may see in the zones where they have a role, filters included;
    changes nothing."""

    scope_via = ""  # the path to the record with the zone, e.g. "project__"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return permissions.visible(request.user, queryset, via=self.scope_via)

    def get_list_filter(self, request):
        return scoped_list_filter(self.model, super().get_list_filter(request))

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


class ReadOnlyInline(admin.TabularInline):
    """Rows of a record shown on its page, as text: every field read-only (a form over fields
    the model does not let one edit, such as `created_at`, cannot even be built)."""

    extra = 0

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_view_permission(self, request, obj=None):
        # Whoever may read the record reads its rows (the policy, not Django's model perms).
        parent = self.admin_site._registry.get(self.parent_model)
        return parent is not None and parent.has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
