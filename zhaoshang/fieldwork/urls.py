from django.urls import path

from zhaoshang.fieldwork import views

urlpatterns = [
    path("", views.activity_list, name="fieldwork-activities"),
    path("activities/new/", views.activity_new, name="fieldwork-activity-new"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="fieldwork-activity-edit"),
    path("projects/<int:pk>/", views.project_activities, name="fieldwork-project-activities"),
    path("companies/<int:pk>/", views.company_detail, name="fieldwork-company"),
    path("settings/stale-days/", views.stale_days, name="fieldwork-stale-days"),
    path("trips/", views.trip_list, name="fieldwork-trips"),
    path("trips/new/", views.trip_form, name="fieldwork-trip-new"),
    path("trips/<int:pk>/", views.trip_detail, name="fieldwork-trip"),
    path("trips/<int:pk>/edit/", views.trip_form, name="fieldwork-trip-edit"),
    path("events/", views.event_list, name="fieldwork-events"),
    path("events/new/", views.event_form, name="fieldwork-event-new"),
    path("events/<int:pk>/", views.event_detail, name="fieldwork-event"),
    path("events/<int:pk>/edit/", views.event_form, name="fieldwork-event-edit"),
]
