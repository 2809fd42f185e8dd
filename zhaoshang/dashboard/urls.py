from django.urls import path

from zhaoshang.dashboard import units, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("units/<int:pk>/", units.unit_detail, name="unit-detail"),
]
