from typing import Any

from rest_framework import serializers


def parse(serializer_class: type[serializers.Serializer], data: Any, **kwargs: Any) -> dict:
    """Validate request input with a serializer and return the clean data (400 otherwise)."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
