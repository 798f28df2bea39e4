"""A master's public "about" text (`MasterProfile.bio`, shown on their public profile page), edited
through `PATCH /me/ {bio}`."""

from apps.common.capabilities import Role
from apps.common.errors import ApplicationError, ErrorCode

from .models import MasterProfile

BIO_MAX_LENGTH = MasterProfile._meta.get_field("bio").max_length


def master_bio_apply(*, user, data: dict) -> dict[str, list]:
    """Apply `data["bio"]` (when given) to the master's profile, inside the caller's transaction.
    Returns the diff `{"bio": [old, new]}` or `{}`; a non-master sending a bio gets 400."""
    if "bio" not in data:
        return {}
    profile = getattr(user, "master_profile", None) if user.role == Role.MASTER else None
    if profile is None:
        raise ApplicationError(ErrorCode.INVALID, "Only masters have a public profile text.", 400,
                               errors={"bio": ["Only masters have a public profile text."]})
    bio = data["bio"].strip()
    if len(bio) > BIO_MAX_LENGTH:
        raise ApplicationError(ErrorCode.INVALID, f"At most {BIO_MAX_LENGTH} characters.", 400,
                               errors={"bio": [f"At most {BIO_MAX_LENGTH} characters."]})
    if profile.bio == bio:
        return {}
    old, profile.bio = profile.bio, bio
    profile.save(update_fields=["bio", "updated_at"])
    return {"bio": [old, bio]}
