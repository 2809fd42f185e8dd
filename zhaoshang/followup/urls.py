from django.urls import path

from zhaoshang.followup import views

urlpatterns = [
    path("", views.board, name="followup"),
    path("tickets/<int:pk>/", views.ticket_detail, name="followup-ticket"),
    path("projects/<int:project_id>/tickets/new/", views.ticket_new, name="followup-ticket-new"),
    path("projects/<int:project_id>/commitment/", views.commitment, name="followup-commitment"),
    path("projects/<int:project_id>/steps/", views.step_new, name="followup-step-new"),
    path("responses/", views.responses, name="followup-responses"),
    path("overdue/", views.overdue, name="followup-overdue"),
    path("settings/", views.settings_page, name="followup-settings"),
    path("supervision/", views.supervision, name="followup-supervision"),
    path("projects/<int:project_id>/notices/new/", views.notice_new, name="followup-notice-new"),
    path("notices/<int:pk>/", views.notice_detail, name="followup-notice"),
]
