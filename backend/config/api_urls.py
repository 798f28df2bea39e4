"""The API, mounted twice by config/urls.py: at /api/v1/ (canonical) and /api/ (the report's
paths). Both answer from the same views, so they cannot drift apart."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from apps.common.health import readiness

urlpatterns = [
    path("health/", readiness, name="health"),
    path("", include("apps.accounts.api.urls")),
    path("", include("apps.appointments.api.urls")),
    path("", include("apps.chat.api.urls")),
    path("", include("apps.reviews.api.urls")),
    path("", include("apps.platform.api.urls")),
    path("", include("apps.realtime.api.urls")),
    path("admin/", include("apps.adminpanel.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="v1:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="v1:schema"), name="redoc"),
]
