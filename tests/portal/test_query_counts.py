"""Every public page: at most 6 queries, and the same number with 2 and with 200 profiles.

Outside a transaction, as in production: the first request after a change reads the
lists kept per content version (common.per_version), the next ones do not."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import content_version
from jobs.models import Occupation, Tool
from regions.models import CareerProfile, Region, SalaryBand, Sector
from tests.conftest import (
    ENDED_POSTING_URL,
    HTML_PAGES,
    OTHER_PUBLIC_URLS,
    SEED_POSTING_URL,
    add_seed_postings,
    make_open_posting,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("legal_pages")]

MAX_QUERIES = 6

PAGES = [
    *HTML_PAGES,
    *OTHER_PUBLIC_URLS,
    # Filter and comparison variants that take other paths through the views.
    "/regionen/?stufe=einstieg&gehalt_min=3000&werkzeug=jira&branche=industrie&q=koordinator"
    "&sortierung=gehalt",
    "/regionen/?band=3000-3500&region=duisburg&region=oberhausen&seite=1",
    "/regionen/?gehalt_min=abc",
    "/vergleich/?beruf=it-projektkoordinator&region=duisburg",
]


def grow_to_200_profiles():
    """198 more published profiles: the seed occupation in 18 more cities, 9 more
    occupations in all 20 cities, each with bands, tools and sectors."""
    seed_occupation = Occupation.objects.get(slug="it-projektkoordinator")
    regions = list(Region.objects.all()) + Region.objects.bulk_create(
        [Region(name=f"Stadt {i:02d}", slug=f"stadt-{i:02d}") for i in range(18)]
    )
    occupations = Occupation.objects.bulk_create(
        [Occupation(name=f"Beruf {i}", slug=f"beruf-{i}") for i in range(9)]
    )
    pairs = [(seed_occupation, region) for region in regions[2:]]
    pairs += [(occupation, region) for occupation in occupations for region in regions]
    profiles = CareerProfile.objects.bulk_create(
        [
            CareerProfile(
                occupation=occupation,
                region=region,
                title=f"{occupation.name} in {region.name}",
                as_of=datetime.date(2026, 11, 1),
                published=True,
            )
            for occupation, region in pairs
        ]
    )
    SalaryBand.objects.bulk_create(
        [
            SalaryBand(profile=profile, level=level, min_eur=low + i, max_eur=low + 600 + i)
            for i, profile in enumerate(profiles)
            for level, low in (("entry", 3000), ("experienced", 4200))
        ]
    )
    jira = Tool.objects.get(slug="jira")
    industry = Sector.objects.get(slug="industrie")
    tools_through = CareerProfile.tools.through
    sectors_through = CareerProfile.sectors.through
    tools_through.objects.bulk_create(
        [tools_through(careerprofile=profile, tool=jira) for profile in profiles]
    )
    sectors_through.objects.bulk_create(
        [sectors_through(careerprofile=profile, sector=industry) for profile in profiles]
    )
    assert CareerProfile.objects.published().count() == 200


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in (200, 400, 410), (url, response.status_code)
    return len(queries)


def first_and_later(client, url):
    """Queries of the first request after a content change, and of the next one."""
    content_version.bump()
    return count_queries(client, url), count_queries(client, url)


@pytest.mark.parametrize("url", PAGES)
def test_query_count_is_small_and_constant(client, ruhr_content, url):
    with_two = first_and_later(client, url)
    assert max(with_two) <= MAX_QUERIES, f"{url}: {with_two}"
    grow_to_200_profiles()
    with_200 = first_and_later(client, url)
    assert with_two == with_200, f"{url}: {with_two} queries with 2 profiles, {with_200} with 200"


def test_four_city_comparison_at_200_profiles(client, ruhr_content, django_assert_max_num_queries):
    grow_to_200_profiles()
    url = (
        "/vergleich/?beruf=it-projektkoordinator"
        "&region=duisburg&region=oberhausen&region=stadt-00&region=stadt-01"
    )
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert "Duisburg, Oberhausen, Stadt 00, Stadt 01 im Vergleich" in response.content.decode()


# The pages that show postings, with postings: 2 open ones of the seed's occupation in
# Duisburg (with one in Oberhausen and an ended one beside them), then 200.
POSTING_PAGES = [
    "/stellen/",
    "/stellen/?region=duisburg&gehalt_min=3000&stufe=einstieg&werkzeug=jira&arbeitsort=hybrid"
    "&arbeitsort=vor-ort&sortierung=gehalt&q=koordinator",
    "/stellen/?gehalt_min=abc",
    SEED_POSTING_URL,
    ENDED_POSTING_URL,
    "/feeds/stellen/",
    "/feeds/stellen/?region=duisburg&gehalt_min=3000",
    "/sitemap.xml",
    "/berufe/it-projektkoordinator/duisburg/",
    "/regionen/duisburg/",
]


def grow_to_200_postings():
    """197 more open postings across the seed's two cities, its occupation and a second
    one without a profile, with tools."""
    from jobs.models import JobPosting

    occupation = Occupation.objects.get(slug="it-projektkoordinator")
    other = Occupation.objects.create(name="Beruf ohne Profil", slug="beruf-ohne-profil")
    regions = list(Region.objects.filter(slug__in=["duisburg", "oberhausen"]))
    jira = Tool.objects.get(slug="jira")
    for number in range(197):
        posting = make_open_posting(
            occupation=(occupation, other)[number % 2],
            region=regions[number % 2],
            title=f"Stelle {number}",
            level=("entry", "experienced")[number % 3 % 2],
            workplace=("hybrid", "on-site", "remote")[number % 3],
        )
        JobPosting.tools.through.objects.create(jobposting=posting, tool=jira)
    assert JobPosting.objects.open().count() == 200


@pytest.mark.parametrize("url", POSTING_PAGES)
def test_query_count_of_pages_with_postings(client, ruhr_content, url):
    add_seed_postings()
    with_two = first_and_later(client, url)
    assert max(with_two) <= MAX_QUERIES, f"{url}: {with_two}"
    grow_to_200_postings()
    with_200 = first_and_later(client, url)
    assert with_two == with_200, f"{url}: {with_two} queries with few postings, {with_200} with 200"
    print(f"{url}: first {with_two[0]}, later {with_two[1]}")
