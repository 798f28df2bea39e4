from rest_framework import serializers

from apps.accounts.api.serializers import UserBriefSerializer

from ..models import ScoreSnapshot
from ..types import OVERRIDE_LEVELS, ScoreKind


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    points = serializers.IntegerField(help_text="Signed; the points of all reasons sum to the score.")
    evidence = serializers.DictField(help_text="The counts and values the points come from.")


class SampleSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    window_days = serializers.IntegerField()


class OverrideSerializer(serializers.Serializer):
    level = serializers.CharField()
    reason = serializers.CharField()
    by = UserBriefSerializer(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)


class ScoreSerializer(serializers.Serializer):
    score = serializers.IntegerField(allow_null=True, min_value=0, max_value=100,
                                     help_text="Null below the minimum sample (level insufficient_data).")
    level = serializers.CharField(help_text="The level shown: the override's while it lasts.")
    reasons = ReasonSerializer(many=True)
    sample = SampleSerializer()
    model_version = serializers.CharField()
    computed_at = serializers.DateTimeField()
    override = OverrideSerializer(allow_null=True)


class SnapshotSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoreSnapshot
        fields = ["date", "score", "level", "model_version"]
        read_only_fields = fields


def override_input(kind: str) -> type[serializers.Serializer]:
    class OverrideInput(serializers.Serializer):
        level = serializers.ChoiceField(choices=OVERRIDE_LEVELS[kind])
        reason = serializers.CharField(max_length=1000)
        expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

    OverrideInput.__name__ = {ScoreKind.CLIENT_RISK: "RiskOverrideInput",
                              ScoreKind.MASTER_PERFORMANCE: "PerformanceOverrideInput"}[kind]
    return OverrideInput


RiskOverrideInputSerializer = override_input(ScoreKind.CLIENT_RISK)


class OverrideClearSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
