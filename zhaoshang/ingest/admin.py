from django.contrib import admin

from zhaoshang.ingest.models import Candidate, IngestedText
from zhaoshang.org.admin_base import ZoneScopedAdmin


@admin.register(IngestedText)
class IngestedTextAdmin(ZoneScopedAdmin):
    """Read here; read in and decided on /ingest/ (the services keep the audit)."""

    list_display = ["title", "zone", "published", "submitted_by", "created_at"]
    list_filter = ["zone"]
    list_select_related = ["zone", "submitted_by"]
    search_fields = ["title"]


@admin.register(Candidate)
class CandidateAdmin(ZoneScopedAdmin):
    scope_via = "text__"
    list_display = ["name", "text", "stage", "amount_wan", "status", "project", "decided_by"]
    list_filter = ["status", "stage"]
    list_select_related = ["text", "project", "decided_by"]
    search_fields = ["name"]
