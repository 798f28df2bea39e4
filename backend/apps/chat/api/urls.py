from django.urls import path

from .views import AppointmentMessagesView, MarkReadView, MessageDetailView

urlpatterns = [
    path("appointments/<int:pk>/messages/", AppointmentMessagesView.as_view(), name="appointment-messages"),
    path("appointments/<int:pk>/read/", MarkReadView.as_view(), name="appointment-read"),
    path("messages/<int:pk>/", MessageDetailView.as_view(), name="message-detail"),
]
