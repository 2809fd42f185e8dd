from django.contrib import admin

from zhaoshang.org.admin_base import ReadOnlyInline, ZoneScopedAdmin
from zhaoshang.projects.models import FundsArrived, Project, StageLog


class FundsInline(ReadOnlyInline):
    model = FundsArrived
    fields = ["arrived_date", "amount_wan", "source", "note"]


class StageLogInline(ReadOnlyInline):
    model = StageLog
    fields = ["milestone", "old_date", "new_date", "reason", "actor", "source", "created_at"]


@admin.register(Project)
class ProjectAdmin(ZoneScopedAdmin):
    list_display = [
        "code",
        "name",
        "company",
        "unit",
        "total_investment_wan",
        "signed_date",
        "started_date",
        "dropped_date",
        "is_paused",
    ]
    list_filter = ["zone", "unit", "industry", "park", "project_type", "channel", "is_paused"]
    search_fields = ["code", "name", "company__name"]
    list_select_related = ["company", "unit"]
    date_hierarchy = "signed_date"
    inlines = [FundsInline, StageLogInline]


@admin.register(FundsArrived)
class FundsArrivedAdmin(ZoneScopedAdmin):
    scope_via = "project__"
    list_display = ["project", "arrived_date", "amount_wan", "source"]
    list_filter = ["source"]
    list_select_related = ["project"]


@admin.register(StageLog)
class StageLogAdmin(ZoneScopedAdmin):
    scope_via = "project__"
    list_display = ["project", "milestone", "old_date", "new_date", "actor", "source", "created_at"]
    list_filter = ["milestone", "source"]
    list_select_related = ["project", "actor"]
