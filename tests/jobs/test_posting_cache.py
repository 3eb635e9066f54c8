"""Approving a posting is on the postings' pages at the next request and leaves the cached
pages that show no postings cached (SPEC §9), on the site's real pages."""

import pytest

from common.text import today
from jobs.models import JobPosting, Occupation
from regions.models import Region, SalaryBand
from tests.conftest import make_open_posting, make_posting, text_of

pytestmark = pytest.mark.django_db(transaction=True)

FINDER = "/regionen/?stufe=einstieg&gehalt_min=3000"
COMPARISON = "/vergleich/?beruf=it-projektkoordinator&region=duisburg&region=oberhausen"
PROFILE = "/berufe/it-projektkoordinator/duisburg/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_approving_a_posting_keeps_finder_and_comparison_cached_and_shows_it_at_once(
    client, ruhr_content, django_assert_num_queries
):
    posting = make_posting(
        title="Beispiel-Stelle: Koordination (m/w/d)",
        occupation=Occupation.objects.get(slug="it-projektkoordinator"),
        region=Region.objects.get(slug="duisburg"),
        status=JobPosting.Status.IN_REVIEW,
    )
    for page in (FINDER, COMPARISON, PROFILE, "/stellen/"):
        assert client.get(page).status_code == 200
    assert "Koordination (m/w/d)" not in client.get("/stellen/").content.decode()

    posting.approve(today())
    posting.save()

    with django_assert_num_queries(0):  # still the pages stored before the approval
        assert client.get(FINDER).status_code == 200
        assert client.get(COMPARISON).status_code == 200
    for page in ("/stellen/", PROFILE, posting.get_absolute_url()):
        assert "Koordination (m/w/d)" in client.get(page).content.decode(), page


@pytest.mark.parametrize("page_cache", [True, False])
def test_a_changed_band_is_in_the_verdicts_at_the_next_request(
    client, ruhr_content, settings, page_cache
):
    """The bands the verdicts are set against are kept per content version: a band saved in
    the admin moves the verdict on the list and on the posting's page at the next request."""
    settings.PAGE_CACHE_ENABLED = page_cache
    posting = make_open_posting(
        occupation=Occupation.objects.get(slug="it-projektkoordinator"),
        region=Region.objects.get(slug="duisburg"),
        min_eur=3300,
        max_eur=3500,
    )
    pages = ("/stellen/", posting.get_absolute_url())
    for page in pages:
        text = text_of(client.get(page)).replace(" :", ":")
        assert (
            "Gehalt innerhalb der Spanne: Spanne „Einstieg“ im Berufsprofil 3.200–3.600 €" in text
        )

    band = SalaryBand.objects.get(
        profile__region__slug="duisburg",
        profile__occupation__slug="it-projektkoordinator",
        level="entry",
    )
    band.min_eur, band.max_eur = 3600, 4000
    band.save()

    for page in pages:
        text = text_of(client.get(page)).replace(" :", ":")
        assert "Gehalt unter der Spanne: Spanne „Einstieg“ im Berufsprofil 3.600–4.000 €" in text
