from rest_framework.permissions import BasePermission

from .capabilities import Capability, has_capability


def require(*capabilities: Capability):
    """A DRF permission class that lets through authenticated users holding every capability."""

    class HasCapabilities(BasePermission):
        required = tuple(Capability(c) for c in capabilities)
        message = "You do not have permission to perform this action."

        def has_permission(self, request, view) -> bool:
            user = request.user
            if not (user and user.is_authenticated):
                return False
            return all(has_capability(user, c) for c in self.required)

    HasCapabilities.__name__ = "Has_" + "_".join(c.replace(".", "_") for c in capabilities)
    return HasCapabilities
