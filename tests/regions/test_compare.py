"""The comparison /vergleich/ (SPEC §4.2)."""

import pytest
from django.urls import reverse

from tests.conftest import make_occupation, make_profile, make_region, text_of

pytestmark = pytest.mark.django_db

URL = "/vergleich/"


def compare(client, *regions, beruf="it-projektkoordinator"):
    return client.get(URL, {"beruf": beruf, "region": list(regions)})


def test_url_and_name_agree():
    assert reverse("regions:compare") == URL


def test_two_seed_cities_side_by_side(client, ruhr_content):
    response = compare(client, "duisburg", "oberhausen")
    assert response.status_code == 200
    text = text_of(response)
    assert "Duisburg, Oberhausen im Vergleich" in text
    # entry: Duisburg 3.200–3.600 (mid 3.400), Oberhausen 3.000–3.400 (mid 3.200)
    assert "3.200–3.600 €" in text and "3.000–3.400 €" in text
    assert "Mitte 3.400 €" in text and "Mitte 3.200 €" in text
    # Oberhausen against Duisburg: entry 3.200 vs 3.400, experienced 4.300 vs 4.500.
    assert text.count("−200 €") == 2
    assert "Stand" in text and "20. November 2026" in text


def test_difference_is_to_the_first_city_named(client, ruhr_content):
    text = text_of(compare(client, "oberhausen", "duisburg"))
    assert text.count("+200 €") == 2
    assert "−200 €" not in text


def test_grid_marks_shared_and_city_only_entries_in_text(client, ruhr_content):
    html = compare(client, "duisburg", "oberhausen").content.decode()
    text = text_of(compare(client, "duisburg", "oberhausen"))
    assert "in allen" in text  # Jira, MS Project
    assert "nur Duisburg" in text  # SAP
    assert "nur Oberhausen" in text  # Confluence
    assert '<span class="visually-hidden">ja</span>' in html


def test_chart_has_a_title_and_no_inline_style(client, ruhr_content):
    html = compare(client, "duisburg", "oberhausen").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<title" in svg
    assert "Duisburg: 3.200–3.600\u00a0€" in svg
    assert "style=" not in html


def test_unknown_cities_are_named_and_left_out(client, ruhr_content):
    response = compare(client, "duisburg", "gotham", "oberhausen")
    assert response.status_code == 200
    text = text_of(response)
    assert "„gotham“" in text
    assert "Duisburg, Oberhausen im Vergleich" in text


def test_duplicates_are_merged(client, ruhr_content):
    text = text_of(compare(client, "duisburg", "duisburg", "oberhausen", "oberhausen"))
    assert "Duisburg, Oberhausen im Vergleich" in text


def test_fewer_than_two_cities_gives_a_picker(client, ruhr_content):
    response = compare(client, "duisburg")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Beruf und Städte wählen" in html
    assert 'name="region" value="duisburg" id="stadt-duisburg" checked' in html
    assert 'name="region" value="oberhausen" id="stadt-oberhausen">' in html


def test_without_occupation_the_picker_asks_for_one(client, ruhr_content):
    response = client.get(URL)
    assert response.status_code == 200
    assert '<option value="it-projektkoordinator">' in response.content.decode()


def test_cities_without_an_occupation_ask_for_the_occupation_first(client, ruhr_content):
    response = client.get(URL, {"region": ["duisburg", "oberhausen"]})
    assert response.status_code == 200
    text = text_of(response)
    assert "Bitte wählen Sie zuerst einen Beruf" in text
    # The cities are not said to lack a profile: without an occupation nobody can tell.
    assert "kein veröffentlichtes Profil" not in text and "„duisburg“" not in text
    assert '<option value="it-projektkoordinator">' in response.content.decode()


def test_a_repeated_occupation_is_refused_at_the_field(client, ruhr_content):
    response = client.get(
        URL, {"beruf": ["it-projektkoordinator", "astronaut"], "region": ["duisburg", "oberhausen"]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<svg" not in html
    # The finder's rule and message for a repeated single-value parameter.
    assert (
        '<ul class="errorlist" id="vergleich-beruf_error"><li>Bitte nur einen Wert angeben.</li>'
        in html
    )
    assert 'aria-describedby="vergleich-beruf_error" aria-invalid="true"' in html
    assert '<option value="it-projektkoordinator">' in html


def test_a_repeated_occupation_in_the_csv_link_goes_to_the_refusal(client, ruhr_content):
    query = "beruf=it-projektkoordinator&beruf=astronaut&region=duisburg&region=oberhausen"
    response = client.get(f"/vergleich/csv/?{query}", follow=True)
    assert response.status_code == 400
    assert "Bitte nur einen Wert angeben." in text_of(response)


def test_the_same_occupation_twice_is_merged(client, ruhr_content):
    response = client.get(
        URL,
        {
            "beruf": ["it-projektkoordinator", " it-projektkoordinator "],
            "region": ["duisburg", "oberhausen"],
        },
    )
    assert response.status_code == 200
    assert "Duisburg, Oberhausen im Vergleich" in text_of(response)


def test_unknown_occupation_is_named(client, ruhr_content):
    text = text_of(compare(client, "duisburg", "oberhausen", beruf="astronaut"))
    assert "„astronaut“" in text


@pytest.fixture
def five_cities(db):
    occupation = make_occupation("Netzwerkadministrator:in")
    for index, name in enumerate(["Bochum", "Dortmund", "Essen", "Hagen", "Herne"]):
        make_profile(occupation, make_region(name), bands=[("entry", 3000 + index * 100, 3600)])
    return occupation


def test_more_than_four_is_refused_with_a_message(client, five_cities):
    response = compare(
        client, "bochum", "dortmund", "essen", "hagen", "herne", beruf=five_cities.slug
    )
    assert response.status_code == 400
    text = text_of(response)
    assert "höchstens vier" in text
    assert "<svg" not in response.content.decode()


def test_four_cities_with_a_third_and_fourth_made_here(client, five_cities):
    text = text_of(compare(client, "essen", "bochum", "dortmund", "herne", beruf=five_cities.slug))
    assert "Essen, Bochum, Dortmund, Herne im Vergleich" in text
    assert "−100 €" in text  # Bochum's entry midpoint 3.300 vs Essen's 3.400
    assert "−50 €" in text  # Dortmund's 3.350


def test_drafts_are_not_compared(client, five_cities):
    from regions.models import CareerProfile

    CareerProfile.objects.filter(region__slug="herne").update(published=False)
    response = compare(client, "essen", "herne", beruf=five_cities.slug)
    assert "„herne“" in text_of(response)
    assert "<svg" not in response.content.decode()


def test_nul_bytes_and_odd_input_are_harmless(client, ruhr_content):
    for params, status in (
        ({"beruf": "it\x00projekt", "region": ["duisburg", "oberhausen"]}, 200),
        ({"beruf": "it-projektkoordinator", "region": ["\x00", "<b>x</b>"]}, 200),
        ({"beruf": ["a", "it-projektkoordinator"], "region": ["\x00", "<b>x</b>"]}, 400),
        ({"beruf": "x" * 5000}, 200),
    ):
        response = client.get(URL, params)
        assert response.status_code == status
        assert "<b>x</b>" not in response.content.decode()
