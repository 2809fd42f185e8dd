from django.contrib import admin

from zhaoshang.chains.models import Chain, Node, Target
from zhaoshang.org.admin_base import ZoneScopedAdmin


@admin.register(Chain)
class ChainAdmin(ZoneScopedAdmin):
    """Read here; edited on /chains/ (the services check and audit)."""

    list_display = ["name", "industry", "zone"]
    list_select_related = ["zone", "industry"]


@admin.register(Node)
class NodeAdmin(ZoneScopedAdmin):
    list_display = ["name", "tier", "chain"]
    list_select_related = ["chain"]
    scope_via = "chain__"


@admin.register(Target)
class TargetAdmin(ZoneScopedAdmin):
    list_display = ["company", "node", "unit", "status", "zone"]
    list_select_related = ["zone", "company", "node", "unit"]
