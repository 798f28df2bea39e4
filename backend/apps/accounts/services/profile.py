"""A user's own profile (PATCH /me/): name, email, language and a master's payment settings."""

from django.db import transaction

from apps.common.capabilities import Role
from apps.common.errors import ApplicationError, ErrorCode

from .. import events
from ..master_bio import master_bio_apply

PROFILE_FIELDS = ("display_name", "email", "language")
PAYMENT_FIELDS = {"method": "payment_method", "recipient": "payment_recipient",
                  "account": "payment_account", "instructions": "payment_instructions"}


@transaction.atomic
def user_update_profile(*, user, data: dict, request=None):
    """Apply a validated PATCH of /me/. Returns the user and a diff {field: [old, new]}."""
    changes: dict[str, list] = {}
    for field in PROFILE_FIELDS:
        if field in data and getattr(user, field) != data[field]:
            changes[field] = [getattr(user, field), data[field]]
            setattr(user, field, data[field])
    if changes:
        user.save(update_fields=list(changes))
    if "payment_settings" in data:
        profile = getattr(user, "master_profile", None)
        if user.role != Role.MASTER or profile is None:
            raise ApplicationError(ErrorCode.INVALID, "Only masters have payment settings.", 400)
        updated = []
        for key, attr in PAYMENT_FIELDS.items():
            if key in data["payment_settings"] and getattr(profile, attr) != data["payment_settings"][key]:
                changes[f"payment_settings.{key}"] = [getattr(profile, attr), data["payment_settings"][key]]
                setattr(profile, attr, data["payment_settings"][key])
                updated.append(attr)
        if updated:
            profile.save(update_fields=[*updated, "updated_at"])
    changes.update(master_bio_apply(user=user, data=data))
    if changes:
        events.profile_updated(user, changes=changes, request=request)
    return user, changes
