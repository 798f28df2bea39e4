"""The marketplace-wide settings row (edited by super admins)."""

from django.db import transaction

from .. import events
from ..models import SiteSettings

SITE_SETTINGS_FIELDS = ("site_name", "support_contact", "payment_instructions", "registration_open",
                        "max_upload_mb", "telegram_bot_username")


@transaction.atomic
def site_settings_update(*, actor, data: dict, request=None) -> SiteSettings:
    """Apply validated site settings; the change is audited with its field diff."""
    SiteSettings.objects.get_or_create(pk=1)
    row = SiteSettings.objects.select_for_update().get(pk=1)
    changes = {f: [getattr(row, f), data[f]] for f in SITE_SETTINGS_FIELDS if f in data and getattr(row, f) != data[f]}
    if not changes:
        return row
    for field, (_old, new) in changes.items():
        setattr(row, field, new)
    row.full_clean()
    row.save()
    events.settings_changed(row, actor=actor, changes=changes, request=request)
    return row
