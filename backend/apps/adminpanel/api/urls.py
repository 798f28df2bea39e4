"""Every admin endpoint, in one place (decision 0050): mounted at `admin/` inside the API, so
they answer at /api/v1/admin/... and /api/admin/.... Cross-domain operations (appointments'
overrides, users, masters, system) have their views here; an admin screen of one domain keeps
its view in that app (review moderation in apps.reviews, the event log, audit log and feature
flags in apps.platform) and is mounted here. Each endpoint declares one capability
(docs/admin-roles.md, kept true by tests)."""

from django.urls import path

from apps.analytics.api import views as analytics
from apps.appointments.api import sla_views as sla
from apps.platform.api.views import audit as platform_audit
from apps.platform.api.views import events as platform_events
from apps.platform.api.views import flags as platform_flags
from apps.platform.rules import api as rules
from apps.reviews.api import views as reviews
from apps.scoring.api import views as scoring

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
    # SLA (apps.appointments)
    path("sla/policy/", sla.AdminSlaPolicyView.as_view(), name="admin-sla-policy"),
    path("sla/breaches/", sla.AdminSlaBreachListView.as_view(), name="admin-sla-breaches"),
    path("sla/report/", sla.AdminSlaReportView.as_view(), name="admin-sla-report"),
    # review moderation (apps.reviews)
    path("reviews/", reviews.AdminReviewListView.as_view(), name="admin-reviews"),
    path("reviews/<int:pk>/hide/", reviews.AdminReviewHideView.as_view(), name="admin-review-hide"),
    path("reviews/<int:pk>/unhide/", reviews.AdminReviewUnhideView.as_view(), name="admin-review-unhide"),
    # scores (apps.scoring)
    path("users/<int:pk>/risk/", scoring.AdminUserRiskView.as_view(), name="admin-user-risk"),
    path("users/<int:pk>/risk/history/", scoring.AdminUserRiskHistoryView.as_view(), name="admin-user-risk-history"),
    path("users/<int:pk>/risk/override/", scoring.AdminUserRiskOverrideView.as_view(),
         name="admin-user-risk-override"),
    path("masters/<int:pk>/performance/", scoring.AdminMasterPerformanceView.as_view(),
         name="admin-master-performance"),
    path("masters/<int:pk>/performance/history/", scoring.AdminMasterPerformanceHistoryView.as_view(),
         name="admin-master-performance-history"),
    # analytics (apps.analytics)
    path("analytics/summary/", analytics.AnalyticsSummaryView.as_view(), name="admin-analytics-summary"),
    path("analytics/daily/", analytics.AnalyticsDailyView.as_view(), name="admin-analytics-daily"),
    path("analytics/funnel/", analytics.AnalyticsFunnelView.as_view(), name="admin-analytics-funnel"),
    path("analytics/masters/", analytics.AnalyticsMastersView.as_view(), name="admin-analytics-masters"),
    # the platform's logs and switches (apps.platform)
    path("events/", platform_events.AdminEventListView.as_view(), name="admin-events"),
    path("audit/", platform_audit.AdminAuditListView.as_view(), name="admin-audit"),
    path("flags/", platform_flags.AdminFlagListView.as_view(), name="admin-flags"),
    path("flags/<str:key>/", platform_flags.AdminFlagDetailView.as_view(), name="admin-flag"),
    # the rule engine (apps.platform.rules)
    path("rules/", rules.RuleListView.as_view(), name="admin-rules"),
    path("rules/catalog/", rules.RuleCatalogView.as_view(), name="admin-rules-catalog"),
    path("rules/validate/", rules.RuleValidateView.as_view(), name="admin-rules-validate"),
    path("rules/dry-run/", rules.UnsavedRuleDryRunView.as_view(), name="admin-rules-dry-run"),
    path("rules/<int:pk>/", rules.RuleDetailView.as_view(), name="admin-rule"),
    path("rules/<int:pk>/dry-run/", rules.RuleDryRunView.as_view(), name="admin-rule-dry-run"),
    path("rules/<int:pk>/runs/", rules.RuleRunsOfRuleView.as_view(), name="admin-rule-runs"),
    path("rule-runs/", rules.RuleRunListView.as_view(), name="admin-rule-runs-all"),
]
