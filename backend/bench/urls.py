"""The product's URLs plus the bench-only floor views (bench/floor.py) under /bench-floor/."""

from django.urls import path

from config.urls import urlpatterns as product_urlpatterns

from . import floor

urlpatterns = [
    path("bench-floor/appointments/my/", floor.appointments_my),
    path("bench-floor/admin/appointments/", floor.admin_appointments),
    path("bench-floor/admin/users/all/", floor.admin_users_all),
    path("bench-floor/appointments/<int:pk>/messages/", floor.messages),
    *product_urlpatterns,
]

handler404 = "apps.common.views.not_found"
handler500 = "apps.common.views.server_error"
