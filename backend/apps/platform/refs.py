"""How the platform points at rows of apps it must not import: a subject is stored as
`("app_label.model", "<pk>")` and resolved back through the app registry."""

import json
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


def subject_ref(obj: models.Model | None) -> tuple[str, str]:
    """`("appointments.appointment", "42")` for a saved model instance, `("", "")` for None."""
    if obj is None:
        return "", ""
    if not isinstance(obj, models.Model) or obj.pk is None:
        raise ValueError("A subject must be a saved model instance or None.")
    return obj._meta.label_lower, str(obj.pk)


def subject_resolve(subject_type: str, subject_id: str) -> models.Model | None:
    """The row a reference points at, or None when the model or the row is gone."""
    if not subject_type or not subject_id:
        return None
    try:
        model = apps.get_model(subject_type)
    except (LookupError, ValueError):
        return None
    try:
        return model._default_manager.filter(pk=subject_id).first()
    except (ValueError, TypeError):
        return None


class _LenientEncoder(DjangoJSONEncoder):
    """Dates, decimals and UUIDs as DjangoJSONEncoder writes them; model rows as their primary
    key; sets as lists; anything else as its text, so a payload can never make a write fail."""

    def default(self, o: Any) -> Any:
        if isinstance(o, models.Model):
            return o.pk
        if isinstance(o, (set, frozenset)):
            return sorted(o, key=str)
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def to_jsonable(value: Any) -> Any:
    """A deep copy of `value` made only of JSON types."""
    return json.loads(json.dumps(value, cls=_LenientEncoder))
