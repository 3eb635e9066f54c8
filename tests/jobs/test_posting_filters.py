"""/stellen/: every filter with postings made here, and bad input for every one of them."""

import pytest
from django.urls import reverse

from jobs.models import Tool
from regions.models import Region
from tests.conftest import links_inside, make_occupation, make_open_posting, text_of

pytestmark = pytest.mark.django_db

URL = "/stellen/"


@pytest.fixture
def postings(db):
    """Five open postings that differ in one respect each, and a draft."""
    essen, bochum = Region.objects.create(name="Essen"), Region.objects.create(name="Bochum")
    developer, admin = make_occupation("Softwareentwickler:in"), make_occupation("Admin")
    jira, sap = Tool.objects.create(name="Jira"), Tool.objects.create(name="SAP")
    made = {
        "essen-dev": make_open_posting(
            title="Entwickler:in Essen", occupation=developer, region=essen, tools=[jira, sap]
        ),
        "bochum-dev": make_open_posting(
            title="Entwickler:in Bochum",
            occupation=developer,
            region=bochum,
            min_eur=4000,
            max_eur=4800,
            level="experienced",
            workplace="remote",
            tools=[jira],
        ),
        "essen-admin": make_open_posting(
            title="Admin Essen",
            occupation=admin,
            region=essen,
            workplace="on-site",
            employer_name="Stadtwerke Beispiel",
        ),
        "bochum-senior": make_open_posting(
            title="Leitung Bochum",
            occupation=admin,
            region=bochum,
            level="senior",
            min_eur=5000,
            max_eur=6000,
        ),
    }
    made["draft"] = make_open_posting(title="Entwurf Essen", occupation=admin, region=essen)
    made["draft"].status = "draft"
    made["draft"].published_on = made["draft"].valid_through = None
    made["draft"].save()
    return made


def titles(response):
    assert response.status_code == 200, response.status_code
    links = [href for href in links_inside(response) if href.startswith("/stellen/")]
    return {href.split("/")[2].split("-", 1)[0] for href in links}


def ids(postings, *names):
    return {str(postings[name].pk) for name in names}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["essen-dev", "bochum-dev", "essen-admin", "bochum-senior"]),
        ({"region": "essen"}, ["essen-dev", "essen-admin"]),
        (
            {"region": ["essen", "bochum"]},
            ["essen-dev", "bochum-dev", "essen-admin", "bochum-senior"],
        ),
        ({"beruf": "admin"}, ["essen-admin", "bochum-senior"]),
        ({"stufe": "erfahren"}, ["bochum-dev"]),
        ({"stufe": "senior"}, ["bochum-senior"]),
        # The posting's upper end counts: 3.700 reaches 3.700, not 3.701.
        ({"gehalt_min": "3700"}, ["essen-dev", "bochum-dev", "essen-admin", "bochum-senior"]),
        ({"gehalt_min": "3.701"}, ["bochum-dev", "bochum-senior"]),
        ({"gehalt_min": "5000"}, ["bochum-senior"]),
        ({"werkzeug": "jira"}, ["essen-dev", "bochum-dev"]),
        ({"werkzeug": ["jira", "sap"]}, ["essen-dev"]),
        ({"arbeitsort": "remote"}, ["bochum-dev"]),
        ({"arbeitsort": ["remote", "vor-ort"]}, ["bochum-dev", "essen-admin"]),
        ({"q": "Stadtwerke"}, ["essen-admin"]),
        ({"q": "bochum leitung"}, ["bochum-senior"]),
        ({"q": "sap"}, ["essen-dev"]),
        ({"region": "bochum", "gehalt_min": "4500", "arbeitsort": "remote"}, ["bochum-dev"]),
    ],
)
def test_each_filter(client, postings, query, expected):
    assert titles(client.get(URL, query)) == ids(postings, *expected)


def test_newest_first_and_by_pay(client, postings):
    import datetime

    for days, name in enumerate(["essen-admin", "bochum-senior", "essen-dev", "bochum-dev"]):
        posting = postings[name]
        posting.published_on -= datetime.timedelta(days=days)
        posting.save()
    html = client.get(URL).content.decode()
    order = [html.index(postings[name].get_absolute_url()) for name in postings if name != "draft"]
    newest = [
        postings[n].get_absolute_url()
        for n in ["essen-admin", "bochum-senior", "essen-dev", "bochum-dev"]
    ]
    assert sorted(newest, key=html.index) == newest and len(order) == 4
    html = client.get(URL, {"sortierung": "gehalt"}).content.decode()
    by_pay = [
        postings[n].get_absolute_url()
        for n in ["bochum-senior", "bochum-dev", "essen-dev", "essen-admin"]
    ]
    assert sorted(by_pay, key=html.index)[:2] == by_pay[:2]


def test_twenty_a_page(client, db):
    for number in range(23):
        make_open_posting(title=f"Stelle {number:02d}")
    first = client.get(URL)
    assert len([h for h in links_inside(first) if h.startswith("/stellen/")]) == 20
    assert "Seite 1 von 2" in text_of(first)
    second = client.get(URL, {"seite": "2"})
    assert len([h for h in links_inside(second) if h.startswith("/stellen/")]) == 3
    past = client.get(URL, {"seite": "99"})
    assert "gezeigt wird die letzte Seite (2)" in text_of(past)


BAD = [
    ({"region": "atlantis"}, "region", "„atlantis“ kennen wir nicht"),
    ({"beruf": "astronaut"}, "beruf", "„astronaut“ kennen wir nicht"),
    ({"beruf": ["admin", "softwareentwickler-in"]}, "beruf", "Bitte nur einen Wert angeben."),
    ({"stufe": "chef"}, "stufe", "„chef“ kennen wir nicht"),
    ({"stufe": ["einstieg", "senior"]}, "stufe", "Bitte nur einen Wert angeben."),
    ({"gehalt_min": "abc"}, "gehalt_min", "Bitte einen Betrag in ganzen Euro"),
    ({"gehalt_min": "-5"}, "gehalt_min", "darf nicht negativ sein"),
    ({"gehalt_min": str(10**30)}, "gehalt_min", "höchstens 1.000.000 €"),
    ({"gehalt_min": ["3000", "4000"]}, "gehalt_min", "Bitte nur einen Wert angeben."),
    ({"werkzeug": "cobol"}, "werkzeug", "„cobol“ kennen wir nicht"),
    ({"arbeitsort": "mond"}, "arbeitsort", "„mond“ kennen wir nicht"),
    ({"q": "x" * 101}, "q", "höchstens 100 Zeichen"),
    ({"sortierung": "zufall"}, "sortierung", "„zufall“ kennen wir nicht"),
]


@pytest.mark.parametrize(("query", "name", "message"), BAD)
def test_bad_input_is_a_400_with_the_message_at_the_field_and_no_results(
    client, postings, query, name, message
):
    # A good parameter beside the bad one: it must not be applied on its own either.
    response = client.get(URL, {**query, "arbeitsort": query.get("arbeitsort", "remote")})
    assert response.status_code == 400
    html = response.content.decode()
    error = html[html.index(f'id="id_{name}_error"') :]
    assert message in error[: error.index("</ul>")]
    assert 'aria-invalid="true"' in html
    assert 'id="ergebnisse"' not in html
    assert not any(posting.get_absolute_url() in html for posting in postings.values())
    assert "Keine Ergebnisse, solange eine Angabe im Filter ungültig ist." in text_of(response)


@pytest.mark.parametrize(("query", "name", "message"), BAD)
def test_the_feed_refuses_the_same_input_with_a_german_400(client, postings, query, name, message):
    response = client.get(reverse("jobs:feed"), query)
    assert response.status_code == 400
    assert message in text_of(response)
    assert '<html lang="de">' in response.content.decode()


def test_empty_and_repeated_values_are_merged(client, postings):
    response = client.get(URL, {"region": ["essen", " essen ", ""], "gehalt_min": ["", "3700 "]})
    assert titles(response) == ids(postings, "essen-dev", "essen-admin")
