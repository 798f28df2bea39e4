from django.urls import path

from . import views

urlpatterns = [
    path("appointments/<int:pk>/review-master/", views.ReviewMasterView.as_view(), name="appointment-review-master"),
    path("appointments/<int:pk>/review-client/", views.ReviewClientView.as_view(), name="appointment-review-client"),
    path("appointments/<int:pk>/reviews/", views.AppointmentReviewsView.as_view(), name="appointment-reviews"),
    path("masters/<int:pk>/", views.MasterPublicView.as_view(), name="master-public"),
    path("masters/<int:pk>/reviews/", views.MasterReviewsView.as_view(), name="master-reviews"),
    path("admin/reviews/", views.AdminReviewListView.as_view(), name="admin-reviews"),
    path("admin/reviews/<int:pk>/hide/", views.AdminReviewHideView.as_view(), name="admin-review-hide"),
    path("admin/reviews/<int:pk>/unhide/", views.AdminReviewUnhideView.as_view(), name="admin-review-unhide"),
]
