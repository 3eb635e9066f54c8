"""/regionen/<region>/: a city with its profiles and sectors."""

import pytest
from django.urls import reverse

from tests.conftest import make_occupation, make_profile, make_region, text_of

pytestmark = pytest.mark.django_db


def test_url_and_name_agree():
    assert reverse("regions:detail", kwargs={"region": "essen"}) == "/regionen/essen/"


def test_city_page_lists_profiles_sectors_and_compare_link(client, ruhr_content):
    response = client.get("/regionen/duisburg/")
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert text.count("IT-Berufe in Duisburg") >= 1
    assert "3.200–3.600 €" in text and "Logistik" in text
    assert 'href="/berufe/it-projektkoordinator/duisburg/"' in html
    assert "/vergleich/?beruf=it-projektkoordinator&amp;region=duisburg" in html


def test_city_page_hides_drafts(client, db):
    region = make_region("Hamm")
    make_profile(make_occupation("Sichtbar"), region, bands=[("entry", 3000, 3200)])
    make_profile(make_occupation("Versteckt"), region, published=False)
    text = text_of(client.get(region.get_absolute_url()))
    assert "Sichtbar" in text and "Versteckt" not in text


def test_unknown_city_is_404(client, db):
    assert client.get("/regionen/atlantis/").status_code == 404
