"""Read here; the follow-up is recorded on /followup/ and the project pages (the services check
the permission policy and keep the audit). Scoped like every admin: a director reads their zone's,
a member their unit's (through the project, or the unit a notice is addressed to)."""

from django.contrib import admin

from zhaoshang.followup.models import (
    Commitment,
    FollowupSettings,
    Holiday,
    Notice,
    ResponseStep,
    Ticket,
)
from zhaoshang.org.admin_base import ZoneScopedAdmin


@admin.register(FollowupSettings)
class FollowupSettingsAdmin(ZoneScopedAdmin):
    list_display = ["zone", "start_due_days", "red_after_days", "escalate_after_days"]
    list_select_related = ["zone"]


@admin.register(Commitment)
class CommitmentAdmin(ZoneScopedAdmin):
    scope_via = "project__"
    list_display = ["project", "start_date", "production_date", "investment_wan", "zone"]
    list_select_related = ["zone", "project"]
    search_fields = ["project__code", "project__name"]


@admin.register(Ticket)
class TicketAdmin(ZoneScopedAdmin):
    scope_via = "project__"
    list_display = ["project", "title", "category", "department", "deadline", "status", "zone"]
    list_filter = ["status", "category"]
    list_select_related = ["zone", "project"]
    search_fields = ["title", "department", "project__code"]


@admin.register(ResponseStep)
class ResponseStepAdmin(ZoneScopedAdmin):
    scope_via = "project__"
    list_display = ["project", "step", "done_on", "recorded_by", "zone"]
    list_filter = ["step"]
    list_select_related = ["zone", "project", "recorded_by"]


@admin.register(Holiday)
class HolidayAdmin(ZoneScopedAdmin):
    list_display = ["day", "name", "is_workday", "zone"]
    list_select_related = ["zone"]


@admin.register(Notice)
class NoticeAdmin(ZoneScopedAdmin):
    list_display = ["project", "kind", "issued_on", "deadline", "unit", "responded_on", "zone"]
    list_filter = ["kind"]
    list_select_related = ["zone", "project", "unit"]
    search_fields = ["content", "project__code"]
