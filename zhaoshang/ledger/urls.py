from django.urls import path

from zhaoshang.ledger import views

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("export/", views.ledger_export, name="ledger-export"),
    path("template/", views.ledger_template, name="ledger-template"),
    path("work/", views.work, name="ledger-work"),
    path("work/apply/", views.work_apply, name="ledger-work-apply"),
    path("work/export/", views.work_export, name="ledger-work-export"),
    path("followup/", views.followup, name="ledger-followup"),
    path("followup/apply/", views.followup_apply, name="ledger-followup-apply"),
    path("followup/export/", views.followup_export, name="ledger-followup-export"),
    path("chains/", views.chains, name="ledger-chains"),
    path("chains/apply/", views.chains_apply, name="ledger-chains-apply"),
    path("chains/export/", views.chains_export, name="ledger-chains-export"),
    path("imports/<int:pk>/", views.import_detail, name="ledger-import"),
    path("imports/<int:pk>/progress/", views.import_progress, name="ledger-import-progress"),
    path("imports/<int:pk>/apply/", views.import_apply, name="ledger-import-apply"),
    path("imports/<int:pk>/restart/", views.import_restart, name="ledger-import-restart"),
    path("imports/<int:pk>/errors/", views.import_errors, name="ledger-import-errors"),
]
