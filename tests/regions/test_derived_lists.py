"""The lists derived from the published profiles (the home page's salary spans, the
finder's choices), worked out from the profiles and never shown out of date."""

import datetime

import pytest

from regions.models import CareerProfile, SalaryBand
from regions.selectors import occupation_cards, published_vocabulary, region_cards
from tests.conftest import make_occupation, make_profile, make_region, text_of

pytestmark = pytest.mark.django_db(transaction=True)


def spans(cards):
    return [
        (card.slug, card.profile_count, card.salary_low, card.salary_high, card.entry_low)
        for card in cards
    ]


def test_the_home_page_shows_the_seeds_exact_spans(client, ruhr_content):
    html = text_of(client.get("/"))
    assert "Duisburg 3.200–5.000 €" in html
    assert "Oberhausen 3.000–4.600 €" in html


def test_a_changed_band_is_in_the_span_at_the_next_request(client, ruhr_content):
    client.get("/")
    band = SalaryBand.objects.get(profile__region__slug="duisburg", level="experienced")
    band.max_eur = 5400
    band.save()
    assert "Duisburg 3.200–5.400 €" in text_of(client.get("/"))


def test_spans_and_choices_count_published_profiles_only(ruhr_content):
    developer = make_occupation("Softwareentwickler:in")
    make_profile(developer, make_region("Essen"), bands=[("entry", 3100, 3900)])
    make_profile(developer, make_region("Bochum"), bands=[])  # no bands yet
    make_profile(developer, make_region("Hagen"), bands=[("senior", 6000, 7000)])
    make_profile(make_occupation("Entwurfsberuf"), make_region("Herne"), published=False)

    regions = spans(region_cards())
    assert [slug for slug, *_ in regions] == ["bochum", "duisburg", "essen", "hagen", "oberhausen"]
    assert regions[2] == ("essen", 1, 3100, 3900, 3100)
    assert regions[0] == ("bochum", 1, None, None, None)
    assert regions[3] == ("hagen", 1, 6000, 7000, None)
    assert [slug for slug, *_ in spans(occupation_cards())] == [
        "it-projektkoordinator",
        "softwareentwicklerin",
    ]
    assert occupation_cards()[1].as_of_oldest == datetime.date(2026, 11, 1)
    vocabulary = published_vocabulary()
    assert "herne" not in {slug for slug, _name in vocabulary["regions"]}
    assert "entwurfsberuf" not in {slug for slug, _name in vocabulary["occupations"]}
    assert ("sap", "SAP") in vocabulary["tools"]


def test_withdrawing_every_profile_empties_the_lists(client, ruhr_content):
    for profile in CareerProfile.objects.all():
        profile.published = False
        profile.save()
    assert region_cards() == occupation_cards() == []
    assert all(not pairs for pairs in published_vocabulary().values())
    assert "Noch sind keine Berufsprofile veröffentlicht." in text_of(client.get("/"))
