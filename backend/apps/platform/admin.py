from django.contrib import admin
from django.db import transaction

from apps.common.admin import ReadOnlyAdmin

from .audit.models import AuditEntry
from .events.models import PlatformEvent
from .flags.models import FeatureFlag
from .flags.services import flag_delete, flag_record_change, flag_snapshot
from .jobs.models import JobHeartbeat
from .notifications.models import Notification, NotificationDelivery, NotificationPreference


@admin.register(PlatformEvent)
class PlatformEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "created_at", "type", "actor", "subject_type", "subject_id", "request_id"]
    list_filter = ["type", "subject_type", "created_at"]
    search_fields = ["=subject_id", "=request_id", "actor__username"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "created_at", "action", "actor_username", "target_type", "target_repr", "ip", "request_id"]
    list_filter = ["action", "target_type", "created_at"]
    search_fields = ["actor_username", "target_repr", "=target_id", "=request_id", "=ip", "reason"]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(FeatureFlag)
class FeatureFlagAdmin(admin.ModelAdmin):
    """Changes made here are audited exactly like the API's."""

    list_display = ["key", "enabled", "rollout_percent", "roles", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["key", "description"]
    autocomplete_fields = ["allowed_users", "denied_users"]
    readonly_fields = ["created_at", "updated_at"]

    def save_model(self, request, obj, form, change) -> None:
        # The ModelAdmin instance is shared between requests, so the snapshot rides on the request.
        request._flag_before = flag_snapshot(FeatureFlag.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        flag_record_change(flag=form.instance, before=request._flag_before, actor=request.user, request=request)

    def delete_model(self, request, obj) -> None:
        flag_delete(key=obj.key, actor=request.user, request=request)

    @transaction.atomic
    def delete_queryset(self, request, queryset) -> None:
        for key in queryset.values_list("key", flat=True):
            flag_delete(key=key, actor=request.user, request=request)


class DeliveryInline(admin.TabularInline):
    model = NotificationDelivery
    extra = 0
    can_delete = False
    fields = ["channel", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "type", "title", "in_app", "read_at", "created_at", "bumped_at"]
    list_filter = ["type", "in_app", ("read_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["title", "user__username", "=group_key"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    inlines = [DeliveryInline]


@admin.register(NotificationDelivery)
class NotificationDeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "notification", "channel", "status", "attempts", "next_attempt_at", "sent_at",
                    "short_error"]
    list_filter = ["channel", "status", "created_at"]
    search_fields = ["=notification__id", "notification__user__username", "last_error"]
    list_select_related = ["notification"]
    raw_id_fields = ["notification"]
    readonly_fields = ["created_at", "updated_at", "sent_at"]

    @admin.display(description="last error")
    def short_error(self, obj: NotificationDelivery) -> str:
        return obj.last_error[:80]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "type", "channel", "enabled"]
    list_filter = ["type", "channel", "enabled"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(JobHeartbeat)
class JobHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["name", "last_finished_at", "ok", "duration_ms", "runs", "failures", "last_success_at"]
    list_filter = ["ok"]
    search_fields = ["name"]
