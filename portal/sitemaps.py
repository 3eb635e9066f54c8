from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from jobs.models import Occupation
from regions.models import CareerProfile, Region


class StaticSitemap(Sitemap):
    priority = 0.6

    def items(self):
        return ["portal:home", "regions:list", "jobs:list"]

    def location(self, item):
        return reverse(item)


class ProfileSitemap(Sitemap):
    priority = 0.9

    def items(self):
        return (
            CareerProfile.objects.published()
            .select_related("occupation", "region")
            .order_by("occupation__slug", "region__slug")
        )

    def lastmod(self, profile):
        return profile.updated_at


class RegionSitemap(Sitemap):
    priority = 0.7

    def items(self):
        return Region.objects.filter(profiles__published=True).distinct().order_by("slug")


class OccupationSitemap(Sitemap):
    priority = 0.7

    def items(self):
        return Occupation.objects.filter(profiles__published=True).distinct().order_by("slug")


SITEMAPS = {
    "seiten": StaticSitemap,
    "profile": ProfileSitemap,
    "regionen": RegionSitemap,
    "berufe": OccupationSitemap,
}
