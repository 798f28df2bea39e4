from django.urls import path

from .views import audit, events, flags, notifications

urlpatterns = [
    path("flags/", flags.FlagsView.as_view(), name="flags"),
    path("admin/flags/", flags.AdminFlagListView.as_view(), name="admin-flags"),
    path("admin/flags/<str:key>/", flags.AdminFlagDetailView.as_view(), name="admin-flag"),
    path("admin/events/", events.AdminEventListView.as_view(), name="admin-events"),
    path("admin/audit/", audit.AdminAuditListView.as_view(), name="admin-audit"),
    path("notifications/", notifications.NotificationListView.as_view(), name="notifications"),
    path("notifications/unread-count/", notifications.UnreadCountView.as_view(), name="notifications-unread-count"),
    path("notifications/read-all/", notifications.ReadAllView.as_view(), name="notifications-read-all"),
    path("notifications/preferences/", notifications.PreferencesView.as_view(), name="notifications-preferences"),
    path("notifications/<int:pk>/read/", notifications.NotificationReadView.as_view(), name="notification-read"),
]
