from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from apps.common.errors import ApplicationError

from .models import MasterProfile, SiteSettings, User
from .services import master_set_status, site_settings_update, user_ban, user_unban


class MasterProfileInline(admin.StackedInline):
    model = MasterProfile
    can_delete = False
    extra = 0
    # The status changes through MasterProfileAdmin's actions or the API (audited, master notified).
    readonly_fields = ["status", "status_changed_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["id", "username", "display_name", "role", "admin_role", "is_banned", "telegram_username",
                    "date_joined", "last_login"]
    list_filter = ["role", "admin_role", "is_banned", "is_superuser", "language"]
    search_fields = ["username", "display_name", "email", "telegram_username", "=telegram_id"]
    ordering = ["-id"]
    inlines = [MasterProfileInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Marketplace", {"fields": ("role", "admin_role", "display_name", "language")}),
        ("Telegram", {"fields": ("telegram_id", "telegram_username", "telegram_photo_url")}),
        ("Ban", {"fields": ("is_banned", "banned_at", "ban_reason", "banned_by")}),
    )
    readonly_fields = ["banned_at", "banned_by", "last_login", "date_joined"]

    @transaction.atomic
    def save_model(self, request, obj, form, change) -> None:
        """A ban ticked here goes through the ban service like the API's: refresh tokens revoked,
        audited, the platform event emitted."""
        if not change or "is_banned" not in form.changed_data:
            return super().save_model(request, obj, form, change)
        banned, reason = obj.is_banned, obj.ban_reason.strip() or "Banned in the Django admin."
        obj.is_banned = not banned
        super().save_model(request, obj, form, change)
        if banned:
            user_ban(user=obj, actor=request.user, reason=reason, request=request)
        else:
            user_unban(user=obj, actor=request.user, request=request)
        obj.refresh_from_db()


@admin.register(MasterProfile)
class MasterProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "status_changed_at"]
    list_filter = ["status"]
    search_fields = ["user__username", "user__display_name"]
    list_select_related = ["user"]
    readonly_fields = ["status", "status_reason", "status_changed_at"]
    raw_id_fields = ["user"]
    actions = ["activate", "suspend"]

    def _set_status(self, request, queryset, status: str) -> None:
        # one service call per master: each is audited and the master is told
        done = 0
        for profile in queryset.select_related("user"):
            try:
                master_set_status(user=profile.user, actor=request.user, status=status,
                                  reason="Changed in the Django admin.", request=request)
                done += 1
            except ApplicationError as exc:
                self.message_user(request, f"{profile.user}: {exc.message}", messages.ERROR)
        self.message_user(request, f"{done} master(s) now {status}.", messages.SUCCESS)

    @admin.action(description="Activate the selected masters")
    def activate(self, request, queryset) -> None:
        self._set_status(request, queryset, MasterProfile.Status.ACTIVE)

    @admin.action(description="Suspend the selected masters")
    def suspend(self, request, queryset) -> None:
        self._set_status(request, queryset, MasterProfile.Status.SUSPENDED)


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["site_name", "registration_open", "max_upload_mb", "updated_at"]

    def save_model(self, request, obj, form, change) -> None:
        """Through the settings service, as the API does (audited with the field diff)."""
        if not change:
            return super().save_model(request, obj, form, change)
        site_settings_update(actor=request.user, data=form.cleaned_data, request=request)

    def has_add_permission(self, request) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
