from django.urls import path

from zhaoshang.ledger import views, work_views

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("export/", views.ledger_export, name="ledger-export"),
    path("template/", views.ledger_template, name="ledger-template"),
    path("imports/<int:pk>/", views.import_detail, name="ledger-import"),
    path("imports/<int:pk>/progress/", views.import_progress, name="ledger-import-progress"),
    path("imports/<int:pk>/apply/", views.import_apply, name="ledger-import-apply"),
    path("imports/<int:pk>/restart/", views.import_restart, name="ledger-import-restart"),
    path("imports/<int:pk>/errors/", views.import_errors, name="ledger-import-errors"),
    path("work/", work_views.work_excel, name="work-excel"),
    path("work/export/", work_views.work_export, name="work-export"),
]
