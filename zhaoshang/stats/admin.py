from django.contrib import admin

from zhaoshang.core.admin_base import ZoneScopedAdmin
from zhaoshang.stats.models import CountingRules


@admin.register(CountingRules)
class CountingRulesAdmin(ZoneScopedAdmin):
    list_display = ["zone", "major_threshold_wan", "tier_threshold_wan", "minimum_amount_wan"]
