from django.urls import path

from zhaoshang.targets import views

urlpatterns = [
    path("", views.targets, name="targets"),
]
