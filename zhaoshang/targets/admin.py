from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.typing import Text
from zhaoshang.org import permissions
from zhaoshang.org.admin_base import ZoneScopedAdmin
from zhaoshang.targets.models import Target


@admin.register(Target)
class TargetAdmin(ZoneScopedAdmin):
    """Read here; set on /targets/ (the service validates and audits)."""

    list_display = ["year", "zone", "scope", "metric", "count", "amount_wan", "version"]
    list_filter = ["year", "metric"]
    list_select_related = ["zone", "unit"]

    @admin.display(description=_("范围"))
    def scope(self, target: Target) -> Text:
        return target.unit.name if target.unit else _("全区")

    def get_queryset(self, request):
        # Targets are like figures, the zone's: every role in the zone reads them all, a unit's
        # included (the policy would show a member only their unit's).
        queryset = super(ZoneScopedAdmin, self).get_queryset(request)
        return queryset.filter(zone__in=permissions.zones_of(request.user))
