from django.urls import path

from zhaoshang.companies import views

urlpatterns = [
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation-edit"),
]
