import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT: outside MEDIA_ROOT, with no URL of their own. They reach a
    user only through a permission-checked view (or nginx's internal location via X-Accel-Redirect)."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self):  # read at use, so settings changes (tests, env) apply
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL.")


private_storage = PrivateStorage()
