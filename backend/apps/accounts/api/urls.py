from django.urls import path

from . import password_views, views

urlpatterns = [
    path("auth/bootstrap-status/", views.BootstrapStatusView.as_view(), name="auth-bootstrap-status"),
    path("auth/bootstrap-admin/", views.BootstrapAdminView.as_view(), name="auth-bootstrap-admin"),
    path("auth/login/", views.LoginView.as_view(), name="auth-login"),
    path("auth/register/", views.RegisterView.as_view(), name="auth-register"),
    path("auth/telegram/", views.TelegramLoginView.as_view(), name="auth-telegram"),
    path("auth/refresh/", views.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/password-reset/", password_views.PasswordResetRequestView.as_view(), name="auth-password-reset"),
    path("auth/password-reset/confirm/", password_views.PasswordResetConfirmView.as_view(),
         name="auth-password-reset-confirm"),
    path("me/", views.MeView.as_view(), name="me"),
    path("me/password/", password_views.PasswordChangeView.as_view(), name="me-password"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("site/", views.SiteView.as_view(), name="site"),
]
