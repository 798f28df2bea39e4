from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import MasterProfile, SiteSettings, User


class MasterProfileInline(admin.StackedInline):
    model = MasterProfile
    can_delete = False
    extra = 0
    readonly_fields = ["rating_avg", "rating_count", "rating_distribution", "status_changed_at"]


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


@admin.register(MasterProfile)
class MasterProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "rating_avg", "rating_count", "status_changed_at"]
    list_filter = ["status"]
    search_fields = ["user__username", "user__display_name"]
    list_select_related = ["user"]
    readonly_fields = ["rating_avg", "rating_count", "rating_distribution"]
    raw_id_fields = ["user"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["site_name", "registration_open", "max_upload_mb", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
