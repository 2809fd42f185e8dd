from django.urls import path

from zhaoshang.reports import views
from zhaoshang.stats import rules_views

urlpatterns = [
    path("", views.briefing, name="briefings"),
    path("download/<str:output_format>/", views.download, name="briefing-download"),
    path("rules/", rules_views.counting_rules, name="counting-rules"),
]
