from django.contrib.auth import views as auth_views
from django.urls import path

from zhaoshang.org import views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/locks/lift/", views.lift_lock, name="lift-lock"),
    path("accounts/users/new/", views.account_new, name="account-new"),
    path("accounts/users/<int:pk>/", views.account_edit, name="account-edit"),
    path("accounts/users/<int:pk>/active/", views.account_active, name="account-active"),
    path("accounts/users/<int:pk>/password/", views.set_password, name="set-password"),
    path("i18n/setlang/", views.set_language, name="set-language"),
    path("zone/switch/", views.switch_zone, name="switch-zone"),
]
