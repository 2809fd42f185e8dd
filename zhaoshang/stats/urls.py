from django.urls import path

from zhaoshang.stats import views

urlpatterns = [
    path("figures/<str:key>/", views.figure_list, name="figure-list"),
]
