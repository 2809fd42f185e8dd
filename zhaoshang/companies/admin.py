from django.contrib import admin

from zhaoshang.companies.models import Company, Organisation
from zhaoshang.org.admin_base import ZoneScopedAdmin


@admin.register(Company)
class CompanyAdmin(ZoneScopedAdmin):
    list_display = ["name", "uscc", "region", "is_anchor", "zone"]
    list_filter = ["zone", "is_anchor"]
    search_fields = ["name", "uscc"]
    list_select_related = ["region", "zone"]


@admin.register(Organisation)
class OrganisationAdmin(ZoneScopedAdmin):
    list_display = ["name", "kind", "region", "zone"]
    list_filter = ["zone", "kind"]
    search_fields = ["name"]
    list_select_related = ["region", "zone"]
