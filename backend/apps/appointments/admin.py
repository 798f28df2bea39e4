from django.contrib import admin

from apps.common.admin import ReadOnlyAdmin

from .models import Appointment, AppointmentEvent


class AppointmentEventInline(admin.TabularInline):
    model = AppointmentEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "type", "actor", "from_status", "to_status", "data"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "status", "client", "master", "price", "currency", "created_at"]
    list_filter = ["status", "currency", "created_at"]
    search_fields = ["=id", "title", "description", "client__username", "master__username"]
    list_select_related = ["client", "master"]
    raw_id_fields = ["client", "master", "payment_confirmed_by"]
    date_hierarchy = "created_at"
    inlines = [AppointmentEventInline]
    # Status changes go through the API so they are checked, timed and logged; not edited here.
    # The proof is private: shown by name only (its storage has no URL; download it through the API).
    exclude = ["payment_proof"]
    readonly_fields = ["status", "payment_proof_name", "payment_proof_content_type", "payment_proof_size",
                       "payment_proof_uploaded_at", "taken_at", "priced_at", "marked_paid_at",
                       "payment_confirmed_at", "started_at", "completed_at", "declined_at", "cancelled_at",
                       "created_at", "updated_at"]

    @admin.display(description="payment proof")
    def payment_proof_name(self, appointment: Appointment) -> str:
        return appointment.payment_proof.name if appointment.payment_proof else "-"


@admin.register(AppointmentEvent)
class AppointmentEventAdmin(ReadOnlyAdmin):
    """The timeline is written by the lifecycle services only."""

    list_display = ["id", "appointment", "type", "actor", "from_status", "to_status", "created_at"]
    list_filter = ["type", "to_status"]
    search_fields = ["=appointment__id", "actor__username"]
    list_select_related = ["appointment", "actor"]
