"""/berufe/ and /berufe/<occupation>/."""

import pytest
from django.urls import reverse

from tests.conftest import make_occupation, make_profile, make_region, text_of

pytestmark = pytest.mark.django_db


def test_urls_and_names_agree():
    assert reverse("jobs:list") == "/berufe/"
    assert reverse("jobs:occupation", kwargs={"occupation": "x"}) == "/berufe/x/"


def test_occupation_list_shows_span_and_links(client, ruhr_content):
    response = client.get("/berufe/")
    text = text_of(response)
    assert "IT-Projektkoordinator:in" in text
    assert "3.000–5.000 €" in text
    assert "in 2 Städten" in text
    assert 'href="/berufe/it-projektkoordinator/"' in response.content.decode()


def test_occupations_without_published_profiles_are_not_listed(client, db):
    make_profile(make_occupation("Geheimberuf"), published=False)
    assert "Geheimberuf" not in text_of(client.get("/berufe/"))


def test_occupation_table_is_sorted_by_salary_high_first(client, db):
    occupation = make_occupation("Data Engineer")
    for name, low in (("Bottrop", 3000), ("Gelsenkirchen", 3600), ("Witten", 3300)):
        make_profile(occupation, make_region(name), bands=[("entry", low, low + 400)])
    make_profile(occupation, make_region("Unna"), bands=[("entry", 9000, 9900)], published=False)
    response = client.get(occupation.get_absolute_url())
    html = response.content.decode()
    order = [html.index(f">{city}</a></th>") for city in ("Gelsenkirchen", "Witten", "Bottrop")]
    assert order == sorted(order)
    assert "Unna" not in html
    assert "<svg" in html and "<title" in html
    assert '<th scope="col">Einstieg</th>' in html


def test_unknown_occupation_is_404(client, db):
    assert client.get("/berufe/astronaut/").status_code == 404


def test_seed_occupation_page_links_a_ready_comparison(client, ruhr_content):
    html = client.get("/berufe/it-projektkoordinator/").content.decode()
    assert (
        "/vergleich/?beruf=it-projektkoordinator&amp;region=duisburg&amp;region=oberhausen" in html
    )
