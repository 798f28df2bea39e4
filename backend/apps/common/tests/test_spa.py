import re

from django.conf import settings


def test_hashed_spa_assets_are_immutable_and_the_rest_is_not():
    immutable = re.compile(settings.WHITENOISE_IMMUTABLE_FILE_TEST)
    assert immutable.match("/assets/index-DmbeFVCS.js")
    assert immutable.match("/assets/errors-Ab_c-123.css")
    assert not immutable.match("/index.html")
    assert not immutable.match("/favicon.svg")
    assert not immutable.match("/assets/logo.svg")


def test_spa_index_is_never_cached(client, settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><html><body>app</body></html>")
    settings.FRONTEND_DIST_DIR = tmp_path
    response = client.get("/requests/12")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    assert b"app" in b"".join(response.streaming_content)
