from django.contrib import admin

from zhaoshang.org import permissions
from zhaoshang.org.admin_base import ZoneScopedAdmin
from zhaoshang.stats.models import CountingRules
from zhaoshang.stats.rules_forms import CountingRulesForm
from zhaoshang.stats.services import update_counting_rules


@admin.register(CountingRules)
class CountingRulesAdmin(ZoneScopedAdmin):
    """Counting rules are the one zone record the admin changes: admins and directors of the
    zone, through the service (validated, audited, cached figures made stale)."""

    form = CountingRulesForm
    list_display = ["zone", "major_threshold_wan", "tier_threshold_wan", "minimum_amount_wan"]

    def has_change_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        if obj is None:
            return request.user.is_superuser or any(
                permissions.can_manage(request.user, zone)
                for zone in permissions.zones_of(request.user)
            )
        return permissions.can_manage(request.user, obj.zone)

    def save_model(self, request, obj, form, change):
        data = dict(form.cleaned_data)
        expected = data.pop("opened_version")
        saved = update_counting_rules(
            zone=obj.zone, actor=request.user, expected_version=expected, **data
        )
        obj.pk, obj.version = saved.pk, saved.version
