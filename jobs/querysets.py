from django.db import models

from common.text import today
from jobs.choices import PostingStatus


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
