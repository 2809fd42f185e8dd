from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("招商 · 开发区招商引资工作系统")
admin.site.site_title = _("招商")
admin.site.index_title = _("数据查看")
# The way back is the header's 返回工作台 (templates/admin/base_site.html); Django's own 查看站点
# went to the same page beside it.
admin.site.site_url = None

handler403 = "zhaoshang.core.errors.permission_denied"
handler404 = "zhaoshang.core.errors.page_not_found"
handler500 = "zhaoshang.core.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("zhaoshang.api.urls")),
    path("", include("zhaoshang.org.urls")),
    path("", include("zhaoshang.dashboard.urls")),
    path("", include("zhaoshang.stats.urls")),
    path("", include("zhaoshang.companies.urls")),
    path("", include("zhaoshang.projects.urls")),
    path("ledger/", include("zhaoshang.ledger.urls")),
    path("briefings/", include("zhaoshang.reports.urls")),
    path("targets/", include("zhaoshang.targets.urls")),
    path("followup/", include("zhaoshang.followup.urls")),
    path("fieldwork/", include("zhaoshang.fieldwork.urls")),
    path("chains/", include("zhaoshang.chains.urls")),
    path("ingest/", include("zhaoshang.ingest.urls")),
]
