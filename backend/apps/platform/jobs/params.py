"""Param serializers jobs share. A backfill declares `params=DateRangeParams` and receives
`date_from` and `date_to` (dates, inclusive; a missing bound is open)."""

from datetime import timedelta

from django.utils import timezone
from rest_framework import serializers


class DateRangeParams(serializers.Serializer):
    MAX_DAYS = 3660

    date_from = serializers.DateField(required=False, allow_null=True, default=None,
                                      help_text="First day (YYYY-MM-DD), inclusive.")
    date_to = serializers.DateField(required=False, allow_null=True, default=None,
                                    help_text="Last day (YYYY-MM-DD), inclusive; not in the future.")

    def validate(self, attrs: dict) -> dict:
        date_from, date_to = attrs.get("date_from"), attrs.get("date_to")
        if date_to is not None and date_to > timezone.localdate():
            raise serializers.ValidationError({"date_to": "The range can't end in the future."}, code="invalid")
        if date_from is not None and date_to is not None:
            if date_from > date_to:
                raise serializers.ValidationError({"date_from": "The range starts after it ends."}, code="invalid")
            if date_to - date_from > timedelta(days=self.MAX_DAYS):
                raise serializers.ValidationError({"date_to": f"At most {self.MAX_DAYS} days at once."},
                                                  code="invalid")
        return attrs
