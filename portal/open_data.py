"""Open data: /daten/ with its downloads.

Only published profiles are ever offered; drafts, and regions or occupations that only
drafts use, stay out of every download. The downloads are built from a fixed, small number
of queries and cached like pages (common.cache).
"""

import json

from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from common.downloads import csv_text, download
from common.methods import read_only
from portal.exchange import export_content
from regions import selectors
from regions.models import CareerProfile


def _today():
    return timezone.localdate().isoformat()


class OpenDataView(TemplateView):
    """/daten/: what can be downloaded, in which format, and how current it is."""

    template_name = "portal/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stats"] = selectors.published_profile_stats()
        context.update(
            compare_url=reverse("regions:compare"),
            changes_url=reverse("portal:changes"),
            feed_url=reverse("portal:feed"),
        )
        return context


@read_only
def content_json(request):
    """Everything published, in the exchange format of `manage.py export_content`."""
    text = json.dumps(export_content(published_only=True), ensure_ascii=False, indent=2) + "\n"
    return download(text, "application/json; charset=utf-8", f"revier-it-karriere-{_today()}.json")


@read_only
def salary_bands_csv(request):
    """Every salary band of every published profile, with its Stand and sources."""
    profiles = selectors.profile_summaries(
        CareerProfile.objects.published().order_by("occupation__name", "region__name")
    )
    header, rows = selectors.band_table(profiles, request.build_absolute_uri)
    return download(
        csv_text(header, rows),
        "text/csv; charset=utf-8",
        f"revier-it-karriere-gehaltsspannen-{_today()}.csv",
    )
