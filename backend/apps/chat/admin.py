from django.contrib import admin

from .models import Message, ReadState


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["id", "appointment", "sender", "created_at", "deleted_at"]
    list_filter = ["created_at", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["=appointment__id", "sender__username"]
    list_select_related = ["appointment", "sender"]
    raw_id_fields = ["appointment", "sender", "deleted_by"]
    # Deleting goes through the API (soft, recorded on the timeline); nothing is edited here.
    readonly_fields = ["appointment", "sender", "text", "created_at", "deleted_at", "deleted_by", "original_text",
                       "delete_reason"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReadState)
class ReadStateAdmin(admin.ModelAdmin):
    list_display = ["id", "appointment", "user", "last_read_message", "updated_at"]
    raw_id_fields = ["appointment", "user", "last_read_message"]
    list_select_related = ["appointment", "user"]
