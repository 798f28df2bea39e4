from django.contrib import admin
from django.urls import include, path, re_path

from apps.accounts.signin import AdminLoginForm
from apps.common.health import liveness
from apps.common.spa import spa_index

from . import api_urls

admin.site.site_header = "Marketplace administration"
admin.site.site_title = "Marketplace admin"
# The API's failed-login limit and audit entries, and no banned accounts (apps/accounts/signin.py).
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("healthz", liveness, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("api/v1/", include((api_urls, "api"), namespace="v1")),
    path("api/", include((api_urls, "api"), namespace="api")),
    # Every other path is a client-side route of the SPA.
    re_path(r"^(?!api/|django-admin/|static/|media/|protected/).*$", spa_index, name="spa"),
]

handler400 = "apps.common.views.bad_request"
handler404 = "apps.common.views.not_found"
handler500 = "apps.common.views.server_error"
