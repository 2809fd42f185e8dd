from django.urls import path

from zhaoshang.projects import views

urlpatterns = [
    path("projects/", views.project_list, name="project-list"),
    path("projects/new/", views.project_new, name="project-new"),
    path("projects/companies/", views.company_lookup, name="company-lookup"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("projects/<int:pk>/<str:action>/", views.project_action, name="project-action"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("referrals/", views.my_leads, name="my-leads"),
]
