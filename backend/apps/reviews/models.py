from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .types import ReviewDirection

COMMENT_MAX_LENGTH = 2000


class Review(models.Model):
    """One side's review of the other after a COMPLETED appointment; at most one per direction.

    Double-blind: `published_at` is set when the review becomes visible to the other party and the
    public, i.e. when both reviews are in or the review window after completion has passed."""

    appointment = models.ForeignKey("appointments.Appointment", verbose_name=_("appointment"),
                                    on_delete=models.CASCADE, related_name="reviews")
    direction = models.CharField(_("direction"), max_length=20, choices=ReviewDirection.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="reviews_written")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed user"), on_delete=models.PROTECT,
                                related_name="reviews_received")
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True, default="")
    flags = models.JSONField(_("flags"), default=list, blank=True)
    # Not auto_now_add: demo data sets when a review was written.
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Moderation: a hidden review leaves the public profile and the rating summary.
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("hidden by"), on_delete=models.SET_NULL,
                                  null=True, blank=True,
                                  related_name="+")
    hidden_reason = models.CharField(_("hidden because"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["appointment", "direction"], name="review_one_per_direction"),
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="review_rating_1_to_5"),
        ]
        indexes = [
            models.Index(fields=["subject", "direction", "-created_at"], name="review_subject_recent"),
            models.Index(fields=["published_at"], name="review_published"),
        ]

    def __str__(self) -> str:
        return f"{self.direction} review of appointment {self.appointment_id}: {self.rating}"


class MasterRating(models.Model):
    """A master's rating summary, kept current by the reviews app from their visible reviews
    (published, not hidden, from clients). One row per master who has been rated or recomputed;
    no row reads as "not rated yet"."""

    master = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("master"), primary_key=True,
                                  on_delete=models.CASCADE, related_name="rating_summary")
    average = models.DecimalField(_("average rating"), max_digits=3, decimal_places=2, null=True, blank=True)
    count = models.PositiveIntegerField(_("number of ratings"), default=0)
    distribution = models.JSONField(_("ratings by stars"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("master rating")
        verbose_name_plural = _("master ratings")

    def __str__(self) -> str:
        return f"{self.master_id}: {self.average} ({self.count})"
