"""Development and the embedded single-box default (`make run`, `make dev`)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, TEST_SECRET_KEY, VAR_DIR, env
from .secret_key import install_secret_key

DEBUG = env.bool("DEBUG", default=True)

# Anyone who can reach the port could mint an admin's token with a key from the repository, so an
# install without SECRET_KEY gets its own random one (VAR_DIR/secret_key), and the tests' key is
# refused here.
if SECRET_KEY == TEST_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is the repository's test key; unset it (a key is generated "
                               "per install) or set a random value.")
SECRET_KEY = SECRET_KEY or install_secret_key(VAR_DIR)
