"""Mounted at `admin/` inside the API: these answer at /api/v1/admin/... and /api/admin/...
(admin/events/, admin/audit/, admin/flags/ belong to the platform app, admin/reviews/ to reviews)."""

from django.urls import path

from .views import appointments, masters, system, users

urlpatterns = [
    path("appointments/", appointments.AdminAppointmentListView.as_view(), name="admin-appointments"),
    path("appointments/<int:pk>/confirm-payment/", appointments.AdminAppointmentConfirmPaymentView.as_view(),
         name="admin-appointment-confirm-payment"),
    path("appointments/<int:pk>/reject-payment/", appointments.AdminAppointmentRejectPaymentView.as_view(),
         name="admin-appointment-reject-payment"),
    path("appointments/<int:pk>/set-status/", appointments.AdminAppointmentSetStatusView.as_view(),
         name="admin-appointment-set-status"),
    path("users/", users.AdminUserListView.as_view(), name="admin-users"),
    path("users/all/", users.AdminAllUserListView.as_view(), name="admin-users-all"),
    path("users/<int:pk>/ban/", users.AdminUserBanView.as_view(), name="admin-user-ban"),
    path("users/<int:pk>/unban/", users.AdminUserUnbanView.as_view(), name="admin-user-unban"),
    path("users/<int:pk>/role/", users.AdminUserRoleView.as_view(), name="admin-user-role"),
    path("masters/", masters.AdminMasterListView.as_view(), name="admin-masters"),
    path("masters/<int:pk>/activate/", masters.AdminMasterActivateView.as_view(), name="admin-master-activate"),
    path("masters/<int:pk>/suspend/", masters.AdminMasterSuspendView.as_view(), name="admin-master-suspend"),
    path("system/status/", system.SystemStatusView.as_view(), name="admin-system-status"),
    path("system/settings/", system.SystemSettingsView.as_view(), name="admin-system-settings"),
    path("system/run-action/", system.RunActionView.as_view(), name="admin-system-run-action"),
]
