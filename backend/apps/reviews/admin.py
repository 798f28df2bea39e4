from django.contrib import admin

from .models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["id", "appointment", "direction", "rating", "author", "subject", "created_at", "published_at",
                    "is_hidden"]
    list_filter = ["direction", "rating", "is_hidden", ("published_at", admin.EmptyFieldListFilter)]
    search_fields = ["=appointment__id", "author__username", "subject__username", "comment"]
    list_select_related = ["appointment", "author", "subject"]
    raw_id_fields = ["appointment", "author", "subject", "hidden_by"]
    # Hiding goes through the API (audited, rating recomputed); reviews are not edited here.
    readonly_fields = ["appointment", "direction", "author", "subject", "rating", "comment", "flags", "created_at",
                       "published_at", "is_hidden", "hidden_at", "hidden_by", "hidden_reason"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
