"""/sitemap.xml: every published profile, city and occupation page and every open job
posting, with ``lastmod``.

Each section's items are fetched as a list in one query (a queryset would cost a second
query for the paginator's count), so the sitemap needs five queries however much content
there is. A city's or occupation's page changes when one of its published profiles does:
its ``lastmod`` is the newest ``updated_at`` among them.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import Max, Q
from django.urls import reverse

from common.cache import mark_shows_postings
from jobs import selectors as jobs
from jobs.models import Occupation
from portal.models import LegalPage
from regions.models import CareerProfile, Region


class StaticSitemap(Sitemap):
    priority = 0.6

    def items(self):
        return [
            "portal:home",
            "regions:list",
            "jobs:list",
            "jobs:postings",
            "portal:open_data",
            "portal:changes",
        ]

    def location(self, item):
        return reverse(item)


class LegalSitemap(Sitemap):
    priority = 0.2

    def items(self):
        return list(LegalPage.objects.order_by("slug"))

    def lastmod(self, page):
        return page.updated_at


class ProfileSitemap(Sitemap):
    priority = 0.9

    def items(self):
        return list(
            CareerProfile.objects.published()
            .select_related("occupation", "region")
            .order_by("occupation__slug", "region__slug")
        )

    def lastmod(self, profile):
        return profile.updated_at


def _with_published_profiles(model):
    published = Q(profiles__published=True)
    return list(
        model.objects.annotate(last_change=Max("profiles__updated_at", filter=published))
        .filter(last_change__isnull=False)
        .order_by("slug")
    )


class RegionSitemap(Sitemap):
    priority = 0.7

    def items(self):
        return _with_published_profiles(Region)

    def lastmod(self, region):
        return region.last_change


class OccupationSitemap(Sitemap):
    priority = 0.7

    def items(self):
        return _with_published_profiles(Occupation)

    def lastmod(self, occupation):
        return occupation.last_change


class PostingSitemap(Sitemap):
    """Open postings only: nothing else of them is public (SPEC §9)."""

    priority = 0.5

    def items(self):
        return jobs.open_postings()

    def lastmod(self, posting):
        return posting.updated_at


SITEMAPS = {
    "seiten": StaticSitemap,
    "rechtliches": LegalSitemap,
    "profile": ProfileSitemap,
    "regionen": RegionSitemap,
    "berufe": OccupationSitemap,
    "stellen": PostingSitemap,
}


def sitemap_view(request, sitemaps):
    """django.contrib.sitemaps' view; the sitemap lists open postings (common.cache)."""
    return mark_shows_postings(sitemap(request, sitemaps))
