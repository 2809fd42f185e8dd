from django.contrib.auth import views as auth_views
from django.urls import path

from zhaoshang.org import views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/locks/lift/", views.lift_lock, name="lift-lock"),
    path("accounts/users/<int:pk>/password/", views.set_password, name="set-password"),
    path("accounts/users/new/", views.person_new, name="person-new"),
    path("accounts/users/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("accounts/users/<int:pk>/active/", views.person_active, name="person-active"),
    path("units/", views.unit_list, name="unit-list"),
    path("units/new/", views.unit_form, name="unit-new"),
    path("units/<int:pk>/edit/", views.unit_form, name="unit-edit"),
    path("i18n/setlang/", views.set_language, name="set-language"),
    path("zone/switch/", views.switch_zone, name="switch-zone"),
]
