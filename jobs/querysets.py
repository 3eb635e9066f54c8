from django.db import models
from django.utils import timezone

from jobs.choices import PostingStatus


def today():
    """Today as the day is in Berlin (TIME_ZONE), whatever time zone a request activated:
    the day a posting's ``valid_through`` is compared with."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


class JobPostingQuerySet(models.QuerySet):
    def open(self, day=None):
        """Postings visitors may see: published, and ``valid_through`` ``day`` (default
        today in Berlin) or later.

        Decided when read, so nothing depends on a scheduled job having run;
        ``expire_postings`` only marks the ended ones for the editors.
        """
        return self.filter(status=PostingStatus.PUBLISHED, valid_through__gte=day or today())

    def ended(self, day=None):
        """Published postings whose ``valid_through`` lies before ``day`` (default today)."""
        return self.filter(status=PostingStatus.PUBLISHED, valid_through__lt=day or today())
