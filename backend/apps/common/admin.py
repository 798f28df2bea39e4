from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log: viewable and searchable, never added to, changed or deleted from the admin."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
