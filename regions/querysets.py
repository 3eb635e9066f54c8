import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q
from django.utils import timezone

from common.text import german_slugify

# Free-text search looks at no more words than this; more only cost time.
MAX_SEARCH_WORDS = 6


def stale_before():
    """Profiles with a "Stand" before this date count as possibly out of date.

    Computed at every call (never at import), from today in the site's time zone.
    """
    return timezone.localdate() - datetime.timedelta(days=settings.STALE_AFTER_DAYS)


def may_preview_drafts(user):
    """Staff who may see profiles get a preview of drafts; everybody else a 404."""
    return user.is_active and user.is_staff and user.has_perm("regions.view_careerprofile")


class CareerProfileQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def stale(self):
        """Profiles whose "Stand" is older than STALE_AFTER_DAYS."""
        return self.filter(as_of__lt=stale_before())

    def visible_to(self, user):
        """Published profiles; drafts too for staff who may see profiles (the preview)."""
        return self if may_preview_drafts(user) else self.published()

    def overlapping(self, wish):
        """Profiles with a salary band that matches ``wish`` (a ``SalaryWish``)."""
        bands = self.model._meta.get_field("salary_bands").related_model.objects
        return self.filter(Exists(bands.filter(wish.band_filter(), profile=OuterRef("pk"))))

    def with_all_tools(self, slugs):
        """Profiles listing every one of the tools ``slugs``."""
        through = self.model.tools.through
        qs = self
        for slug in slugs:
            qs = qs.filter(
                Exists(through.objects.filter(careerprofile=OuterRef("pk"), tool__slug=slug))
            )
        return qs

    def in_any_sector(self, slugs):
        """Profiles naming at least one of the sectors ``slugs``."""
        through = self.model.sectors.through
        return self.filter(
            Exists(through.objects.filter(careerprofile=OuterRef("pk"), sector__slug__in=slugs))
        )

    def matching_text(self, text):
        """Every word of ``text`` in the title, region, occupation or a tool of the profile.

        Each word is also compared as a slug, so "muelheim" finds "Mülheim" and the other
        way round, whatever the database's idea of case-insensitive umlauts.
        """
        through = self.model.tools.through
        qs = self
        for word in text.split()[:MAX_SEARCH_WORDS]:
            slug = german_slugify(word)
            tool_match = Q(tool__name__icontains=word)
            match = (
                Q(title__icontains=word)
                | Q(region__name__icontains=word)
                | Q(occupation__name__icontains=word)
            )
            if slug:
                tool_match |= Q(tool__slug__icontains=slug)
                match |= Q(region__slug__icontains=slug) | Q(occupation__slug__icontains=slug)
            tools = through.objects.filter(tool_match, careerprofile=OuterRef("pk"))
            qs = qs.filter(match | Exists(tools))
        return qs

    def with_salary_midpoint(self, level):
        """Annotate ``salary_midpoint``: the midpoint of the band of ``level`` (or None)."""
        # A join on (profile, level), unique, so one row per profile.
        return self.annotate(
            sort_band=FilteredRelation("salary_bands", condition=Q(salary_bands__level=level)),
            salary_midpoint=(F("sort_band__min_eur") + F("sort_band__max_eur")) / 2,
        )
