from rest_framework import serializers


class RangeSerializer(serializers.Serializer):
    # "from" is a Python keyword: declared below
    def get_fields(self):
        return {"from": serializers.DateField(), "to": serializers.DateField()}


class ZonedRangeSerializer(RangeSerializer):
    def get_fields(self):
        return {**super().get_fields(), "tz": serializers.CharField(help_text="The reporting zone (TIME_ZONE).")}


class MetricValueSerializer(serializers.Serializer):
    value = serializers.JSONField(help_text="An integer; a decimal string for `revenue`; minutes or null for medians.")
    previous = serializers.JSONField()
    delta = serializers.JSONField(allow_null=True)
    delta_pct = serializers.FloatField(allow_null=True, help_text="Null when `previous` is 0.")


class FreshnessSerializer(serializers.Serializer):
    rolled_up_through = serializers.DateField(allow_null=True)
    live_from = serializers.DateField()


class SummarySerializer(serializers.Serializer):
    range = ZonedRangeSerializer()
    previous_range = RangeSerializer()
    currency = serializers.CharField()
    metrics = serializers.DictField(child=MetricValueSerializer())
    freshness = FreshnessSerializer()


class DailySerializer(serializers.Serializer):
    tz = serializers.CharField()
    days = serializers.ListField(child=serializers.DictField(), help_text="`{date, <metric key>: value, ...}`")


class FunnelStepSerializer(serializers.Serializer):
    step = serializers.CharField()
    count = serializers.IntegerField()
    conversion = serializers.FloatField(allow_null=True, help_text="Share of the cohort (0..1).")
    median_minutes = serializers.FloatField(allow_null=True, help_text="From creation to reaching the step.")


class FunnelSerializer(serializers.Serializer):
    range = ZonedRangeSerializer()
    cohort = serializers.IntegerField()
    steps = FunnelStepSerializer(many=True)
    drop_offs = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()),
                                      help_text="`{declined|cancelled: {status left: count}}`")


class MasterRowSerializer(serializers.Serializer):
    master_id = serializers.IntegerField()
    master = serializers.CharField()
    completed = serializers.IntegerField()
    revenue = serializers.CharField()
    median_minutes_to_take = serializers.FloatField(allow_null=True)
    rating = serializers.FloatField(allow_null=True)
    sla_breaches = serializers.IntegerField()
    performance_level = serializers.CharField(allow_null=True)


class MasterPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = MasterRowSerializer(many=True)
