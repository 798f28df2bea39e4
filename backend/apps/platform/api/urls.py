"""The platform's endpoints for everyone signed in (flags, notifications). Its admin screens
(`admin/events/`, `admin/audit/`, `admin/flags/...`) are mounted with every other admin endpoint in
apps/adminpanel/api/urls.py."""

from django.urls import path

from .views import flags, notifications

urlpatterns = [
    path("flags/", flags.FlagsView.as_view(), name="flags"),
    path("notifications/", notifications.NotificationListView.as_view(), name="notifications"),
    path("notifications/unread-count/", notifications.UnreadCountView.as_view(), name="notifications-unread-count"),
    path("notifications/read-all/", notifications.ReadAllView.as_view(), name="notifications-read-all"),
    path("notifications/preferences/", notifications.PreferencesView.as_view(), name="notifications-preferences"),
    path("notifications/<int:pk>/read/", notifications.NotificationReadView.as_view(), name="notification-read"),
]
