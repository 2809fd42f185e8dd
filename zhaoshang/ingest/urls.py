from django.urls import path

from zhaoshang.ingest import views

urlpatterns = [
    path("", views.ingest, name="ingest"),
    path("<int:pk>/", views.text_review, name="ingest-text"),
    path(
        "<int:pk>/candidates/<int:candidate_pk>/<str:action>/",
        views.decide,
        name="ingest-decide",
    ),
]
