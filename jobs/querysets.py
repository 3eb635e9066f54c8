from django.db import models
from django.db.models import Exists, OuterRef, Q

from common.text import german_slugify, today
from jobs.choices import PostingStatus

# Free-text search looks at no more words than this (as the finder's).
MAX_SEARCH_WORDS = 6


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

    def newest_first(self):
        """The order of the postings list and the feed: newest publication first."""
        return self.order_by("-published_on", "-pk")

    def highest_pay_first(self):
        """Highest upper end of the pay range first, newest first among equals."""
        return self.order_by("-max_eur", "-published_on", "-pk")

    def with_all_tools(self, slugs):
        """Postings listing every one of the tools ``slugs``."""
        through = self.model.tools.through
        qs = self
        for slug in slugs:
            qs = qs.filter(
                Exists(through.objects.filter(jobposting=OuterRef("pk"), tool__slug=slug))
            )
        return qs

    def matching_text(self, text):
        """Every word of ``text`` in the title, employer, city, occupation or a tool.

        Each word is also compared as a slug, so "muelheim" finds "Mülheim" and the other
        way round (as the finder's search does).
        """
        through = self.model.tools.through
        qs = self
        for word in text.split()[:MAX_SEARCH_WORDS]:
            slug = german_slugify(word)
            tool_match = Q(tool__name__icontains=word)
            match = (
                Q(title__icontains=word)
                | Q(employer_name__icontains=word)
                | Q(region__name__icontains=word)
                | Q(occupation__name__icontains=word)
            )
            if slug:
                tool_match |= Q(tool__slug__icontains=slug)
                match |= Q(region__slug__icontains=slug) | Q(occupation__slug__icontains=slug)
            tools = through.objects.filter(tool_match, jobposting=OuterRef("pk"))
            qs = qs.filter(match | Exists(tools))
        return qs
