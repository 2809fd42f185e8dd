from django.contrib import admin

from zhaoshang.fieldwork.models import Activity, Event, Trip
from zhaoshang.org.admin_base import ZoneScopedAdmin


@admin.register(Activity)
class ActivityAdmin(ZoneScopedAdmin):
    """Read here; recorded on /fieldwork/ (the service checks and audits)."""

    list_display = ["date", "kind", "company", "project", "unit", "participants", "zone"]
    list_filter = ["kind"]
    list_select_related = ["zone", "company", "project", "unit"]
    search_fields = ["summary", "participants", "company__name"]


@admin.register(Trip)
class TripAdmin(ZoneScopedAdmin):
    list_display = ["start_date", "end_date", "participants", "unit", "zone"]
    list_select_related = ["zone", "unit"]


@admin.register(Event)
class EventAdmin(ZoneScopedAdmin):
    list_display = ["date", "name", "kind", "city", "organiser", "zone"]
    list_filter = ["kind"]
    list_select_related = ["zone", "city"]
    search_fields = ["name", "organiser"]
