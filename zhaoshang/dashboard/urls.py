from django.urls import path

from zhaoshang.dashboard import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
