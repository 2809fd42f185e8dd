from django.contrib import admin

from zhaoshang.org.admin_base import ZoneScopedAdmin
from zhaoshang.stats.models import CountingRules


@admin.register(CountingRules)
class CountingRulesAdmin(ZoneScopedAdmin):
    """Read only: the rules change on their page (统计口径), from a date, through the service;
    an edit here would rewrite a set past figures were counted by."""

    list_display = [
        "zone",
        "effective_from",
        "major_threshold_wan",
        "tier_threshold_wan",
        "minimum_amount_wan",
        "version",
    ]

    def has_change_permission(self, request, obj=None):
        return False
