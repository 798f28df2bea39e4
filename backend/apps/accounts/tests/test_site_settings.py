import pytest
from django.core.exceptions import ValidationError

from apps.accounts.api.serializers import SiteSettingsSerializer
from apps.accounts.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_singleton_and_cache_invalidation():
    first = SiteSettings.load()
    first.site_name = "Salon Aurora"
    first.save()
    assert SiteSettings.objects.count() == 1
    assert SiteSettings.load().site_name == "Salon Aurora"
    with pytest.raises(ValidationError):
        first.delete()


@pytest.mark.parametrize("data", [
    {"max_upload_mb": 0}, {"max_upload_mb": 500}, {"max_upload_mb": -1},
    {"site_name": "   "}, {"telegram_bot_username": "bad name!"}, {"telegram_bot_username": "abc"},
])
def test_invalid_values_are_refused(data):
    serializer = SiteSettingsSerializer(SiteSettings.load(), data=data, partial=True)
    assert not serializer.is_valid()


def test_public_site_endpoint(api):
    site = SiteSettings.load()
    site.telegram_bot_username = "salon_aurora_bot"
    site.save()
    body = api.get("/api/v1/site/").json()
    assert body["telegram_bot_username"] == "salon_aurora_bot"
    assert body["registration_open"] is True
    assert "payment_instructions" not in body
