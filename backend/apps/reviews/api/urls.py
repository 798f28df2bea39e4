"""The reviews' public and participants' endpoints. Its admin screens (`admin/reviews/...`) are
mounted with every other admin endpoint in apps/adminpanel/api/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("appointments/<int:pk>/review-master/", views.ReviewMasterView.as_view(), name="appointment-review-master"),
    path("appointments/<int:pk>/review-client/", views.ReviewClientView.as_view(), name="appointment-review-client"),
    path("appointments/<int:pk>/reviews/", views.AppointmentReviewsView.as_view(), name="appointment-reviews"),
    path("masters/<int:pk>/", views.MasterPublicView.as_view(), name="master-public"),
    path("masters/<int:pk>/reviews/", views.MasterReviewsView.as_view(), name="master-reviews"),
]
