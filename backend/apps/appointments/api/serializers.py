from decimal import Decimal

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.accounts.api.serializers import UserBriefSerializer
from apps.accounts.models import SiteSettings

from .. import policy
from ..models import Appointment, AppointmentEvent, AppointmentStatus
from ..policy import actor_of
from ..selectors import allowed_actions, payment_instructions, response_fields
from ..sla.selectors import appointment_sla, clock_state


class PaymentProofSerializer(serializers.Serializer):
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    url = serializers.CharField(help_text="Download with the bearer token; never a public URL.")


class PaymentInstructionsSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=["master", "site"])
    method = serializers.CharField()
    recipient = serializers.CharField()
    account = serializers.CharField()
    instructions = serializers.CharField()
    amount = serializers.CharField(allow_null=True)
    currency = serializers.CharField()


class PaymentSerializer(serializers.Serializer):
    proof = PaymentProofSerializer(allow_null=True)
    instructions = PaymentInstructionsSerializer(allow_null=True)
    rejection_reason = serializers.CharField()
    confirmed_at = serializers.DateTimeField(allow_null=True)
    review_required = serializers.BooleanField(help_text="An admin must confirm this payment (a rule asked for it); "
                                               "the master can't.")
    review_reason = serializers.CharField(help_text="Why (admins and the assigned master; empty for others).")


class SlaSummarySerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=["take", "price", "pay", "confirm_payment", "start", "complete"])
    due_at = serializers.DateTimeField()
    remaining_seconds = serializers.IntegerField(help_text="Negative once the due time has passed.")
    state = serializers.ChoiceField(choices=["on_track", "warning", "breached"])


class SlaClockSerializer(serializers.Serializer):
    stage = serializers.CharField()
    cycle = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    warn_at = serializers.DateTimeField(allow_null=True)
    stopped_at = serializers.DateTimeField(allow_null=True)
    breached_at = serializers.DateTimeField(allow_null=True)
    state = serializers.SerializerMethodField(help_text="running, met, breached or stopped (a running clock past "
                                                        "its due time reads breached)")
    target_minutes = serializers.IntegerField()
    business_hours = serializers.BooleanField()

    def get_state(self, clock) -> str:
        return clock_state(clock)


class AppointmentSerializer(serializers.ModelSerializer):
    client = UserBriefSerializer(read_only=True)
    master = UserBriefSerializer(read_only=True, allow_null=True)
    price = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    payment = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    unread_count = serializers.SerializerMethodField()
    sla = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()

    class Meta:
        model = Appointment
        fields = [
            "id", "status", "title", "description", "scheduled_for", "client", "master", "price", "currency",
            "payment", "allowed_actions", "unread_count", "sla", "tags", "decline_reason", "cancel_reason",
            "created_at", "updated_at", "taken_at", "priced_at", "marked_paid_at", "payment_confirmed_at",
            "started_at", "completed_at", "declined_at", "cancelled_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PaymentSerializer)
    def get_payment(self, appointment: Appointment) -> dict:
        proof = None
        if appointment.payment_proof:
            proof = {
                "content_type": appointment.payment_proof_content_type,
                "size": appointment.payment_proof_size,
                "uploaded_at": appointment.payment_proof_uploaded_at,
                "url": reverse("v1:appointment-payment-proof", kwargs={"pk": appointment.pk}),
            }
        return {
            "proof": proof,
            "instructions": payment_instructions(appointment, site=self._site_settings),
            "rejection_reason": appointment.payment_rejection_reason,
            "confirmed_at": appointment.payment_confirmed_at,
            "review_required": appointment.payment_review_required,
            "review_reason": appointment.payment_review_reason if self._sees_tags(appointment) else "",
        }

    def _sees_tags(self, appointment: Appointment) -> bool:
        return policy.may_see_tags(appointment, self.context["request"].user)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, appointment: Appointment) -> list[str]:
        """Labels set by rules: admins and the assigned master see them; others get []."""
        return list(appointment.tags or []) if self._sees_tags(appointment) else []

    def _site_settings(self) -> SiteSettings:
        # The context dict is shared by every row of a list: the settings are read once per response.
        if "site_settings" not in self.context:
            self.context["site_settings"] = SiteSettings.load()
        return self.context["site_settings"]

    def get_allowed_actions(self, appointment: Appointment) -> list[str]:
        return allowed_actions(appointment, self.context["request"].user)

    def get_unread_count(self, appointment: Appointment) -> int:
        return getattr(appointment, "unread_count", 0) or 0

    @extend_schema_field(SlaSummarySerializer(allow_null=True))
    def get_sla(self, appointment: Appointment) -> dict | None:
        """The current SLA deadline, for its master and admins; always null for the client."""
        if "sla_reader" not in self.context:  # judged once per response, not per row
            self.context["sla_reader"] = actor_of(self.context["request"].user)
        return appointment_sla(appointment, self.context["sla_reader"])

    def to_representation(self, appointment: Appointment) -> dict:
        data = super().to_representation(appointment)
        request = self.context.get("request")
        data.update(response_fields(appointment, getattr(request, "user", None)))
        return data


class AppointmentEventSerializer(serializers.ModelSerializer):
    actor = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = AppointmentEvent
        fields = ["id", "type", "actor", "from_status", "to_status", "data", "created_at"]
        read_only_fields = fields


class AppointmentCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    scheduled_for = serializers.DateTimeField(required=False, allow_null=True, default=None)


class SetPriceSerializer(serializers.Serializer):
    price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"), coerce_to_string=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ProofUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="JPEG, PNG, WebP or PDF, at most max_upload_mb.")


class OptionalProofUploadSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, help_text="Optional if a proof is already attached.")


class SetStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AppointmentStatus.choices)
    reason = serializers.CharField(max_length=1000)
