"""Open data and what changed: /daten/ with its downloads, /aenderungen/ and the Atom feed.

Only published profiles are ever offered; drafts, and regions or occupations that only
drafts use, stay out of every download. The downloads bypass the page cache (see
portal.downloads) and are built per request from a fixed, small number of queries.
"""

import json

from django.contrib.syndication.views import Feed
from django.db.models import Count, Max, Min, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from portal.changes import recent_changes
from portal.downloads import csv_text, download, sources_text
from regions.models import LEVEL_ORDER, CareerProfile, SalaryBand
from regions.services import export_content

CHANGES_SHOWN = 50
FEED_ENTRIES = 30


def _today():
    return timezone.localdate().isoformat()


class OpenDataView(TemplateView):
    """/daten/: what can be downloaded, in which format, and how current it is."""

    template_name = "portal/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stats"] = CareerProfile.objects.published().aggregate(
            profiles=Count("pk", distinct=True),
            bands=Count("salary_bands"),
            oldest=Min("as_of"),
            newest=Max("as_of"),
        )
        context.update(
            compare_url=reverse("regions:compare"),
            changes_url=reverse("portal:changes"),
            feed_url=reverse("portal:feed"),
        )
        return context


@require_safe
def content_json(request):
    """Everything published, in the exchange format of `manage.py export_content`."""
    text = json.dumps(export_content(published_only=True), ensure_ascii=False, indent=2) + "\n"
    return download(text, "application/json; charset=utf-8", f"revier-it-karriere-{_today()}.json")


BAND_HEADER = [
    "Beruf",
    "Stadt",
    "Stufe",
    "von (EUR brutto/Monat)",
    "bis (EUR brutto/Monat)",
    "Mitte (EUR brutto/Monat)",
    "Anmerkung",
    "Stand",
    "Quellen",
    "Profil",
]


@require_safe
def salary_bands_csv(request):
    """Every salary band of every published profile, with its Stand and sources."""
    profiles = list(
        CareerProfile.objects.published()
        .select_related("occupation", "region")
        .prefetch_related(Prefetch("salary_bands", queryset=SalaryBand.objects.all()), "sources")
        .order_by("occupation__name", "region__name")
    )
    rows = []
    for profile in profiles:
        sources = sources_text(profile.sources.all())
        url = request.build_absolute_uri(profile.get_absolute_url())
        for band in sorted(profile.salary_bands.all(), key=lambda b: LEVEL_ORDER[b.level]):
            rows.append(
                [
                    profile.occupation.name,
                    profile.region.name,
                    band.get_level_display(),
                    band.min_eur,
                    band.max_eur,
                    band.midpoint,
                    band.note,
                    profile.as_of.isoformat(),
                    sources,
                    url,
                ]
            )
    return download(
        csv_text(BAND_HEADER, rows),
        "text/csv; charset=utf-8",
        f"revier-it-karriere-gehaltsspannen-{_today()}.csv",
    )


class ChangesView(TemplateView):
    """/aenderungen/: when which published profile changed, newest first."""

    template_name = "portal/changes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = recent_changes(CHANGES_SHOWN)
        context["shown"] = CHANGES_SHOWN
        context["feed_url"] = reverse("portal:feed")
        return context


class UpdatesFeed(Feed):
    """/feeds/aktualisierungen/: the same changes as an Atom feed."""

    feed_type = Atom1Feed
    title = gettext_lazy("Revier IT-Karriere: Aktualisierungen")
    subtitle = gettext_lazy(
        "Neue und geänderte Gehaltsangaben der Berufsprofile im Ruhrgebiet, mit Stand."
    )
    author_name = gettext_lazy("Redaktion Revier IT-Karriere")
    language = "de"

    def link(self):
        return reverse("portal:changes")

    def items(self):
        return recent_changes(FEED_ENTRIES)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        # A tag URI: absolute and stable, whatever host name the site is served under.
        return f"tag:revier-it-karriere,2026:aenderung-{item.version_id}"

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.when

    def item_pubdate(self, item):
        return item.when
