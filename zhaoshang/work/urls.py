from django.urls import path

from zhaoshang.work import views

urlpatterns = [
    path("work/", views.work_index, name="work"),
    path("work/activities/new/", views.activity_new, name="activity-new"),
    path("work/activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("work/activities/<int:pk>/delete/", views.activity_delete, name="activity-delete"),
    path("work/projects/<int:pk>/activity/", views.project_activity, name="project-activity"),
    path("work/trips/new/", views.trip_new, name="trip-new"),
    path("work/trips/<int:pk>/", views.trip_detail, name="trip-detail"),
    path("work/events/new/", views.event_new, name="event-new"),
    path("work/events/<int:pk>/", views.event_detail, name="event-detail"),
    path("companies/<int:pk>/", views.company_detail, name="company-detail"),
    path("companies/<int:pk>/activity/", views.company_activity, name="company-activity"),
]
