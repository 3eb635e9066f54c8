"""The profile finder /regionen/: SPEC §4.1 filter semantics, sorting, paging, bad input."""

import re

import pytest
from django.urls import reverse

from regions.models import SalaryLevel
from tests.conftest import (
    links_inside,
    make_occupation,
    make_profile,
    make_region,
    region_slugs,
    visible_text,
)

pytestmark = pytest.mark.django_db

URL = "/regionen/"


def find(client, **params):
    return client.get(reverse("regions:list"), params)


def test_url_and_name_agree():
    assert reverse("regions:list") == URL


def test_unfiltered_lists_every_published_profile(client, ruhr_content):
    response = find(client)
    assert response.status_code == 200
    assert region_slugs(response) == {"duisburg", "oberhausen"}
    assert "2 Profile gefunden" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"stufe": "einstieg", "gehalt_min": 3500}, {"duisburg"}),
        ({"stufe": "erfahren", "gehalt_min": 4700}, {"duisburg"}),
        ({"stufe": "einstieg", "gehalt_max": 3100}, {"oberhausen"}),
        ({"werkzeug": "sap"}, {"duisburg"}),
        ({"werkzeug": "confluence"}, {"oberhausen"}),
        ({"werkzeug": "jira"}, {"duisburg", "oberhausen"}),
        ({"branche": "logistik"}, {"duisburg"}),
    ],
)
def test_seed_expectations_of_the_spec(client, ruhr_content, params, expected):
    assert region_slugs(find(client, **params)) == expected


def test_results_link_to_profiles_and_nothing_else(client, ruhr_content):
    links = links_inside(find(client))
    assert sorted(links) == [
        "/berufe/it-projektkoordinator/duisburg/",
        "/berufe/it-projektkoordinator/oberhausen/",
    ]


def test_the_page_explains_the_overlap_in_one_sentence(client, ruhr_content):
    html = find(client).content.decode()
    assert "überschneidet" in html
    assert "Höchstwert also nicht unter Ihrem Mindestbetrag" in html


@pytest.fixture
def three_cities(db):
    """Content made here so nothing depends on the seed data's accidents."""
    coordinator = make_occupation("IT-Projektkoordinator:in")
    developer = make_occupation("Softwareentwickler:in")
    essen, bochum, dortmund = (make_region(name) for name in ("Essen", "Bochum", "Dortmund"))
    profiles = {
        "essen": make_profile(
            coordinator,
            essen,
            bands=[("entry", 2800, 3100), ("experienced", 3800, 4200), ("senior", 5000, 6000)],
        ),
        "bochum": make_profile(coordinator, bochum, bands=[("entry", 3300, 3700)]),
        "dortmund": make_profile(coordinator, dortmund, bands=[("experienced", 4500, 5200)]),
        "dev-essen": make_profile(developer, essen, bands=[("entry", 3600, 4000)]),
        "draft": make_profile(developer, bochum, bands=[("entry", 9000, 9500)], published=False),
    }
    tools = {}
    from jobs.models import Tool
    from regions.models import Sector

    for name in ("Jira", "Git", "SAP"):
        tools[name] = Tool.objects.create(name=name)
    profiles["essen"].tools.set([tools["Jira"], tools["SAP"]])
    profiles["bochum"].tools.set([tools["Jira"]])
    profiles["dev-essen"].tools.set([tools["Git"], tools["Jira"]])
    health, energy = Sector.objects.create(name="Gesundheit"), Sector.objects.create(name="Energie")
    profiles["essen"].sectors.set([health])
    profiles["dortmund"].sectors.set([energy])
    return profiles


def titles(response):
    return links_inside(response)


def test_level_restricts_the_salary_filter_to_that_band(client, three_cities):
    # Essen's senior band reaches 6.000, but its entry band does not reach 3.500.
    assert region_slugs(find(client, stufe="einstieg", gehalt_min=3500)) == {"bochum", "essen"}
    links = links_inside(find(client, stufe="einstieg", gehalt_min=3500))
    assert "/berufe/softwareentwicklerin/essen/" in links
    assert "/berufe/it-projektkoordinatorin/essen/" not in links


def test_without_level_any_band_may_overlap(client, three_cities):
    links = links_inside(find(client, gehalt_min=5500))
    assert links == ["/berufe/it-projektkoordinatorin/essen/"]


def test_band_touching_the_wish_counts_as_overlap(client, three_cities):
    links = links_inside(find(client, stufe="einstieg", gehalt_min=3700, gehalt_max=3700))
    assert set(links) == {
        "/berufe/it-projektkoordinatorin/bochum/",
        "/berufe/softwareentwicklerin/essen/",
    }


def test_preset_band_filters_like_the_free_fields(client, three_cities):
    preset = links_inside(find(client, band="3000-3500", stufe="einstieg"))
    free = links_inside(find(client, gehalt_min=3000, gehalt_max=3500, stufe="einstieg"))
    assert preset == free
    assert set(preset) == {
        "/berufe/it-projektkoordinatorin/bochum/",
        "/berufe/it-projektkoordinatorin/essen/",
    }


def test_profile_without_a_band_of_the_level_never_matches(client, three_cities):
    assert "dortmund" not in region_slugs(find(client, stufe="einstieg", gehalt_min=1))


def test_tools_must_all_be_present(client, three_cities):
    assert links_inside(find(client, werkzeug=["jira", "git"])) == [
        "/berufe/softwareentwicklerin/essen/"
    ]
    assert len(links_inside(find(client, werkzeug=["jira"]))) == 3


def test_any_sector_is_enough(client, three_cities):
    assert region_slugs(find(client, branche=["gesundheit", "energie"])) == {"essen", "dortmund"}


def test_regions_are_repeatable(client, three_cities):
    assert region_slugs(find(client, region=["bochum", "dortmund"])) == {"bochum", "dortmund"}


def test_occupation_filter(client, three_cities):
    assert links_inside(find(client, beruf="softwareentwicklerin")) == [
        "/berufe/softwareentwicklerin/essen/"
    ]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Dortmund", {"/berufe/it-projektkoordinatorin/dortmund/"}),
        ("softwareentwickler", {"/berufe/softwareentwicklerin/essen/"}),
        ("git", {"/berufe/softwareentwicklerin/essen/"}),
        ("SAP essen", {"/berufe/it-projektkoordinatorin/essen/"}),
        ("nirgendwo", set()),
    ],
)
def test_free_text_searches_titles_regions_occupations_and_tools(client, three_cities, q, expected):
    assert set(links_inside(find(client, q=q))) == expected


def test_umlauts_are_found_by_their_transliteration(client, db):
    make_profile(region=make_region("Mülheim an der Ruhr"))
    assert region_slugs(find(client, q="muelheim")) == {"muelheim-an-der-ruhr"}
    assert region_slugs(find(client, q="Mülheim")) == {"muelheim-an-der-ruhr"}


def test_drafts_are_never_listed(client, three_cities):
    links = links_inside(find(client, gehalt_min=9000))
    assert links == []


def test_sorting_by_salary(client, three_cities):
    high_first = links_inside(find(client, sortierung="gehalt", stufe="einstieg"))
    assert high_first[:3] == [
        "/berufe/softwareentwicklerin/essen/",  # 3.800 midpoint
        "/berufe/it-projektkoordinatorin/bochum/",  # 3.500
        "/berufe/it-projektkoordinatorin/essen/",  # 2.950
    ]
    assert high_first[-1] == "/berufe/it-projektkoordinatorin/dortmund/"  # no entry band: last
    low_first = links_inside(find(client, sortierung="-gehalt", stufe="einstieg"))
    assert low_first[:3] == list(reversed(high_first[:3]))
    assert low_first[-1] == "/berufe/it-projektkoordinatorin/dortmund/"


def test_sorting_by_name(client, three_cities):
    links = links_inside(find(client, sortierung="name"))
    assert links == [
        "/berufe/it-projektkoordinatorin/bochum/",
        "/berufe/it-projektkoordinatorin/dortmund/",
        "/berufe/it-projektkoordinatorin/essen/",
        "/berufe/softwareentwicklerin/essen/",
    ]


def test_matching_bands_are_marked(client, three_cities):
    html = find(client, stufe="einstieg", gehalt_min=3500).content.decode()
    assert "✓ passt" in html


def test_pagination_keeps_the_filter(client, db):
    occupation = make_occupation()
    for index in range(45):
        make_profile(occupation, make_region(f"Stadt {index:02d}"), bands=[("entry", 3000, 3500)])
    first = find(client, stufe="einstieg", gehalt_min=3000)
    assert len(links_inside(first)) == 20
    html = first.content.decode()
    assert "Seite 1 von 3" in html
    assert "?stufe=einstieg&amp;gehalt_min=3000&amp;seite=2" in html
    third = find(client, stufe="einstieg", gehalt_min=3000, seite=3)
    assert len(links_inside(third)) == 5


@pytest.mark.parametrize("page", ["0", "-3", "abc", "99999", str(10**30), "9" * 5000])
def test_absurd_page_numbers_show_a_real_page_with_a_notice(client, ruhr_content, page):
    response = find(client, seite=page)
    assert response.status_code == 200
    assert len(links_inside(response)) == 2
    assert "gezeigt wird" in response.content.decode()


def test_empty_result_says_so_and_offers_a_reset(client, ruhr_content):
    response = find(client, gehalt_min=900000)
    assert response.status_code == 200
    html = response.content.decode()
    assert links_inside(response) == []
    assert "Kein Profil passt" in html
    assert 'href="/regionen/">Alle Filter zurücksetzen' in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"gehalt_min": "abc"}, "gehalt_min", "ganzen Euro"),
        ({"gehalt_min": "-1"}, "gehalt_min", "nicht negativ"),
        ({"gehalt_min": str(10**30)}, "gehalt_min", "höchstens 1.000.000"),
        ({"gehalt_max": "1e9"}, "gehalt_max", "ganzen Euro"),
        ({"gehalt_min": "4000", "gehalt_max": "3000"}, "gehalt_max", "mindestens so hoch"),
        ({"stufe": "profi"}, "stufe", "Auswahl"),
        ({"werkzeug": "cobol"}, "werkzeug", "„cobol“ kennen wir nicht"),
        ({"region": "paris"}, "region", "„paris“ kennen wir nicht"),
        ({"branche": "raumfahrt"}, "branche", "kennen wir nicht"),
        ({"beruf": "astronaut"}, "beruf", "kennen wir nicht"),
        ({"band": "1-2"}, "band", "Auswahl"),
        ({"band": "3000-3500", "gehalt_min": "3000"}, "band", "nicht beides"),
        ({"sortierung": "preis"}, "sortierung", "Auswahl"),
        ({"q": "a\x00b"}, "q", "Null"),
        ({"gehalt_min": ["3000", "4000"]}, "gehalt_min", "nur einen Wert"),
    ],
)
def test_bad_input_is_explained_at_the_field_and_filters_nothing(
    client, ruhr_content, params, field, message
):
    # The valid half (werkzeug=jira) must not be applied on its own either.
    response = (
        find(client, werkzeug="jira", **params) if field != "werkzeug" else find(client, **params)
    )
    assert response.status_code == 400
    html = response.content.decode()
    start = html.index(f'id="id_{field}_error"')
    assert message in html[start : start + 400]
    assert "damit kein Filter nur halb greift" in html
    assert "Profil gefunden" not in html and "Profile gefunden" not in html
    assert 'id="ergebnisse"' not in html


def test_german_grouping_is_understood(client, ruhr_content):
    assert region_slugs(find(client, stufe="einstieg", gehalt_min="3.500")) == {"duisburg"}


@pytest.mark.parametrize(
    "query",
    [
        "gehalt_min=&gehalt_max=&stufe=&werkzeug=&q=",
        "werkzeug=jira&werkzeug=jira",
        "region=duisburg&region=duisburg&region=",
        "gehalt_min=3500&gehalt_min=3500&stufe=einstieg",
        "utm_source=x&foo=bar",
    ],
)
def test_empty_and_repeated_parameters_are_harmless(client, ruhr_content, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200


def test_level_parameter_values_map_to_salary_levels():
    from regions.filters import LEVELS

    assert LEVELS == {
        "einstieg": SalaryLevel.ENTRY,
        "erfahren": SalaryLevel.EXPERIENCED,
        "senior": SalaryLevel.SENIOR,
    }


def test_filter_form_uses_get_and_sets_no_cookie(client, ruhr_content):
    response = find(client, stufe="einstieg", gehalt_min=3500)
    html = response.content.decode()
    assert 'method="get"' in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_ready_comparison_is_offered_for_the_results(client, ruhr_content):
    html = find(client, werkzeug="jira").content.decode()
    assert (
        "/vergleich/?beruf=it-projektkoordinator&amp;region=duisburg&amp;region=oberhausen" in html
    )


def result_texts(response):
    """Each result card's text, tags removed and spaces collapsed, in page order."""
    html = response.content.decode()
    return [visible_text(card) for card in re.findall(r'<li class="result">(.*?)</li>', html, re.S)]


def test_each_result_shows_its_bands_in_level_order_and_its_tools_by_name(client, three_cities):
    texts = result_texts(find(client, region="essen"))
    assert texts[0].startswith("IT-Projektkoordinator:in in Essen")
    assert (
        "Einstieg 2.800–3.100 € Mit Berufserfahrung 3.800–4.200 € Senior 5.000–6.000 €" in texts[0]
    )
    assert texts[0].endswith("Werkzeuge: Jira, SAP")
    assert texts[1].startswith("Softwareentwickler:in in Essen")
    assert texts[1].endswith("Werkzeuge: Git, Jira")


def test_tools_are_listed_by_name_whatever_their_case(client, three_cities):
    from jobs.models import Tool

    three_cities["bochum"].tools.add(Tool.objects.create(name="draw.io"))
    texts = result_texts(find(client, region="bochum"))
    assert texts[0].endswith("Werkzeuge: draw.io, Jira")
