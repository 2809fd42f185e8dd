from django.urls import path

from zhaoshang.companies import views

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new/", views.organisation_form, name="organisation-new"),
    path("organisations/<int:pk>/edit/", views.organisation_form, name="organisation-edit"),
]
