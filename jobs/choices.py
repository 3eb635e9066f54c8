"""The states and kinds of a job posting (SPEC §9), shared by the model and its queryset."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    IN_REVIEW = "in-review", _("In Prüfung")
    PUBLISHED = "published", _("Veröffentlicht")
    REJECTED = "rejected", _("Abgelehnt")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")


# Postings that have been decided on carry a publication date and an end date (§9.1); the
# others have neither.
DATED_STATUSES = (PostingStatus.PUBLISHED, PostingStatus.REJECTED, PostingStatus.WITHDRAWN)
UNDATED_STATUSES = (PostingStatus.DRAFT, PostingStatus.IN_REVIEW)


class Employment(models.TextChoices):
    FULL_TIME = "full-time", _("Vollzeit")
    PART_TIME = "part-time", _("Teilzeit")


class Workplace(models.TextChoices):
    ON_SITE = "on-site", _("Vor Ort")
    HYBRID = "hybrid", _("Hybrid")
    REMOTE = "remote", _("Remote")


# The editors' review queue in the admin's list of postings: its filter's parameter and
# value (jobs.admin.ReviewQueueFilter), also in the editors' mail (jobs.services).
REVIEW_QUEUE_PARAMETER = "pruefliste"
REVIEW_QUEUE_VALUE = "ja"
