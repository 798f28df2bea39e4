"""Django sessions (the /django-admin/ login) of one user."""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone


def user_sessions_end(*, user) -> int:
    """Delete every live Django session of `user` (a ban signs them out of the Django admin at
    once). Sessions are stored by the database backend here, the only one whose sessions can be
    listed; for any other engine the ban still holds at the next request (AccountBackend).
    Returns how many sessions ended."""
    store: type[SessionBase] = import_module(settings.SESSION_ENGINE).SessionStore
    get_model = getattr(store, "get_model_class", None)
    if get_model is None:
        return 0
    model = get_model()
    ended = [
        session.session_key
        for session in model.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(store().decode(session.session_data).get("_auth_user_id")) == str(user.pk)
    ]
    model.objects.filter(session_key__in=ended).delete()
    return len(ended)
