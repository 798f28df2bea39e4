from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.accounts.api.serializers import UserBriefSerializer
from apps.common.capabilities import Role

from ..models import COMMENT_MAX_LENGTH, Review
from ..selectors import is_published, public_name, published_at_of
from ..types import REVIEW_FLAGS, ClientFlag, MasterFlag, ReviewDirection, flags_help


def _flag_field(vocabulary) -> type[serializers.ChoiceField]:
    values = [getattr(f, "value", f) for f in vocabulary]

    # The schema names each vocabulary's enum (MasterFlagEnum, ClientFlagEnum, ReviewFlagEnum for
    # either) through SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"], so the SPA's types carry them.
    class FlagField(serializers.ChoiceField):
        def __init__(self, **kwargs) -> None:
            super().__init__(choices=values, **kwargs)

    return FlagField


MasterFlagField = _flag_field(MasterFlag)
ClientFlagField = _flag_field(ClientFlag)
AnyFlagField = _flag_field(REVIEW_FLAGS)


class _ReviewInput(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=COMMENT_MAX_LENGTH, required=False, allow_blank=True, default="")


class ReviewMasterInputSerializer(_ReviewInput):
    """The client's review of the master."""

    flags = serializers.ListField(child=MasterFlagField(), required=False, default=list, max_length=len(MasterFlag),
                                  help_text=f"What the client says about the master. {flags_help(MasterFlag)}")


class ReviewClientInputSerializer(_ReviewInput):
    """The master's review of the client."""

    flags = serializers.ListField(child=ClientFlagField(), required=False, default=list, max_length=len(ClientFlag),
                                  help_text=f"What the master says about the client. {flags_help(ClientFlag)}")


class ReviewSerializer(serializers.ModelSerializer):
    """A review as its author, the other party (once published) and admins see it."""

    appointment = serializers.IntegerField(source="appointment_id", read_only=True)
    author = UserBriefSerializer(read_only=True)
    subject = UserBriefSerializer(read_only=True)
    flags = serializers.ListField(child=AnyFlagField(), read_only=True,
                                  help_text="MasterFlagEnum values on reviews of masters, ClientFlagEnum on reviews "
                                            "of clients.")
    is_published = serializers.SerializerMethodField()
    published_at = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "appointment", "direction", "rating", "comment", "flags", "author", "subject", "created_at",
                  "is_published", "published_at"]
        read_only_fields = fields

    def get_is_published(self, review: Review) -> bool:
        return is_published(review)

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_published_at(self, review: Review):
        value = published_at_of(review)
        return serializers.DateTimeField().to_representation(value) if value else None


class AdminReviewSerializer(ReviewSerializer):
    hidden_by = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "is_hidden", "hidden_at", "hidden_by", "hidden_reason"]
        read_only_fields = fields


class DirectionStateSerializer(serializers.Serializer):
    submitted = serializers.BooleanField(help_text="Whether this side has left its review.")
    review = ReviewSerializer(allow_null=True, help_text="Null while not left, or sealed for the caller.")

    def to_representation(self, state):
        data = super().to_representation(state)
        if state.review is not None and state.moderation:  # a moderator also sees the moderation state
            data["review"] = AdminReviewSerializer(state.review).data
        return data


class AppointmentReviewsSerializer(serializers.Serializer):
    review_master = DirectionStateSerializer(help_text="The client's review of the master.")
    review_client = DirectionStateSerializer(help_text="The master's review of the client.")
    window_closes_at = serializers.DateTimeField(allow_null=True,
                                                 help_text="Last moment to review; lone reviews are revealed then.")


class _PublicAuthorName(serializers.CharField):
    """The author's display name or a neutral "Клиент"/"Client", in the language the serializer's
    context names; never a username."""

    def __init__(self, **kwargs) -> None:
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, review: Review) -> str:
        language = self.context.get("language", settings.LANGUAGE_CODE)
        return public_name(review.author, role=Role.CLIENT, language=language)


class PublicReviewSerializer(serializers.ModelSerializer):
    """A published review on the master's public page: no usernames, no appointment details."""

    author_name = _PublicAuthorName()
    flags = serializers.ListField(child=AnyFlagField(), read_only=True,
                                  help_text="MasterFlagEnum values on reviews of masters, ClientFlagEnum on reviews "
                                            "of clients.")
    published_at = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "rating", "comment", "flags", "author_name", "created_at", "published_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_published_at(self, review: Review):
        value = published_at_of(review)
        return serializers.DateTimeField().to_representation(value) if value else None


class RatingSummarySerializer(serializers.Serializer):
    average = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True, coerce_to_string=False)
    count = serializers.IntegerField()
    distribution = serializers.DictField(child=serializers.IntegerField(), help_text='{"1": n, ..., "5": n}')


class PerformanceBadgeSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["excellent", "good"])


class MasterPublicSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    bio = serializers.CharField()
    member_since = serializers.DateTimeField()
    completed_jobs = serializers.IntegerField()
    rating = RatingSummarySerializer()
    reviews = PublicReviewSerializer(many=True, help_text="The latest published reviews; all: reviews/.")
    performance = PerformanceBadgeSerializer(allow_null=True, read_only=True, help_text=(
        "The master's performance level (apps.scoring) only when it is excellent or good; else null."))


class ModerationReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


DIRECTION_INPUT = {
    ReviewDirection.CLIENT_TO_MASTER: ReviewMasterInputSerializer,
    ReviewDirection.MASTER_TO_CLIENT: ReviewClientInputSerializer,
}
