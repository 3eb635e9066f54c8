"""schema.org Occupation JSON-LD on the profile pages: complete, exact, unbreakable."""

import json
import re

import pytest

from tests.conftest import make_occupation, make_profile, make_region

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(response):
    blocks = JSON_LD.findall(response.content.decode())
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


@pytest.mark.parametrize(
    ("region", "bands"),
    [
        ("duisburg", [("Einstieg", 3200, 3600), ("Mit Berufserfahrung", 4000, 5000)]),
        ("oberhausen", [("Einstieg", 3000, 3400), ("Mit Berufserfahrung", 4000, 4600)]),
    ],
)
def test_occupation_carries_the_seed_figures(client, ruhr_content, region, bands):
    url = f"/berufe/it-projektkoordinator/{region}/"
    data = json_ld(client.get(url))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Occupation"
    assert data["name"] == "IT-Projektkoordinator:in"
    assert data["description"]
    assert data["occupationLocation"] == [
        {
            "@type": "City",
            "name": region.capitalize(),
            "containedInPlace": {"@type": "State", "name": "Nordrhein-Westfalen"},
        }
    ]
    assert [
        (s["@type"], s["name"], s["currency"], s["duration"], s["minValue"], s["maxValue"])
        for s in data["estimatedSalary"]
    ] == [
        ("MonetaryAmountDistribution", name, "EUR", "P1M", low, high) for name, low, high in bands
    ]
    assert data["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": f"http://testserver{url}",
        "url": f"http://testserver{url}",
        "lastReviewed": "2026-11-20",
    }


def test_skills_and_qualifications_come_from_the_profile(client, ruhr_content):
    data = json_ld(client.get("/berufe/it-projektkoordinator/duisburg/"))
    assert "Schnittstellen und Datenflüsse" in data["skills"]
    assert set(data["qualifications"]) == {
        "Scrum",
        "PRINCE2",
        "IHK-Lehrgänge",
        "IT-Schulungen regionaler Anbieter",
    }
    data = json_ld(client.get("/berufe/it-projektkoordinator/oberhausen/"))
    assert {"IPMA", "PMI"} <= set(data["qualifications"])


def test_text_cannot_break_out_of_the_script_element(client, db):
    hostile = 'Teaser </script><script>alert(1)</script> & <!-- "quoted"'
    profile = make_profile(
        occupation=make_occupation("Daten</script>-Analyst:in"),
        region=make_region("Bochum"),
        bands=[("entry", 3100, 3500)],
        teaser=hostile,
    )
    response = client.get(profile.get_absolute_url())
    html = response.content.decode()
    block = JSON_LD.search(html).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["description"] == hostile
    assert data["name"] == "Daten</script>-Analyst:in"
    assert "<script>alert" not in html


def test_staff_preview_of_a_draft_has_no_structured_data(client, db, admin_user):
    profile = make_profile(published=False, bands=[("entry", 3000, 3400)])
    client.force_login(admin_user)
    html = client.get(profile.get_absolute_url()).content.decode()
    assert "application/ld+json" not in html
