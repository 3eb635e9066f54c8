"""A posting's page, its end (410), the verdict, JSON-LD, feed, sitemap, and the postings on
the profile and city pages."""

import datetime
import json
import re
import zoneinfo

import pytest
from django.utils import timezone

from jobs.models import JobPosting
from regions.models import Region, SalaryLevel, pay_position
from regions.selectors import Band, pay_verdict
from tests.conftest import (
    ENDED_POSTING_URL,
    SEED_POSTING,
    SEED_POSTING_URL,
    links_inside,
    make_open_posting,
    text_of,
)

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def band(low, high, level=SalaryLevel.ENTRY):
    return Band(level, low, high, "", "Einstieg", f"{low}–{high}")


@pytest.mark.parametrize(
    ("offer", "expected"),
    [
        ((3301, 3500), "above"),  # the lower end above the band's maximum
        ((2000, 2999), "below"),  # the upper end below the band's minimum
        ((3000, 3300), "within"),  # exactly the band
        ((2500, 3000), "within"),  # touching the minimum
        ((3300, 4000), "within"),  # touching the maximum
        ((2000, 4000), "within"),  # wider on both sides
    ],
)
def test_the_verdict_rule(offer, expected):
    assert pay_position(*offer, band(3000, 3300)) == expected


def test_no_band_no_verdict():
    assert pay_verdict(3000, 3300, "entry", None).band is None
    assert pay_verdict(3000, 3300, "senior", None).position == ""


@pytest.mark.parametrize(
    ("level", "low", "high", "sentence"),
    [
        (
            "entry",
            3700,
            4000,
            "Gehalt über der Spanne: Spanne „Einstieg“ im Berufsprofil 3.200–3.600 €",
        ),
        (
            "entry",
            2500,
            3100,
            "Gehalt unter der Spanne: Spanne „Einstieg“ im Berufsprofil 3.200–3.600 €",
        ),
        (
            "entry",
            3300,
            3700,
            "Gehalt innerhalb der Spanne: Spanne „Einstieg“ im Berufsprofil 3.200–3.600 €",
        ),
        ("experienced", 4000, 4400, "Spanne „Mit Berufserfahrung“ im Berufsprofil 4.000–5.000 €"),
        ("senior", 5500, 6000, "gibt es im Portal keine Vergleichszahl"),
    ],
)
def test_verdict_on_the_pages_with_figures_stand_and_source(
    client, ruhr_content, level, low, high, sentence
):
    from jobs.models import Occupation

    posting = make_open_posting(
        occupation=Occupation.objects.get(slug="it-projektkoordinator"),
        region=Region.objects.get(slug="duisburg"),
        level=level,
        min_eur=low,
        max_eur=high,
    )
    for url in ("/stellen/", posting.get_absolute_url()):
        response = client.get(url)
        text = text_of(response).replace(" :", ":")
        assert sentence in text
        if level != "senior":
            assert "Stand 20. November 2026" in text
            assert "Quelle: Berufsporträt IT-Projektkoordination in Duisburg" in text
            assert 'href="/berufe/it-projektkoordinator/duisburg/"' in response.content.decode()


def test_posting_page_shows_everything(client, ruhr_postings):
    response = client.get(SEED_POSTING_URL)
    assert response.status_code == 200
    assert response.shows_postings
    text = text_of(response)
    for expected in (
        "IT-Projektkoordinator:in (m/w/d)",
        "Beispiel Logistik GmbH (fiktiv)",
        "Duisburg, Nordrhein-Westfalen",
        "3.300–3.700 € brutto im Monat",
        "Einstieg",
        "Vollzeit",
        "Hybrid",
        "Jira, SAP",
        "Logistik",
        "Online bewerben bei Beispiel Logistik GmbH (fiktiv)",
    ):
        assert expected in text, expected
    html = response.content.decode()
    assert "Sie koordinieren <strong>IT-Projekte</strong>." in html
    assert 'href="https://example.org/bewerben"' in html
    # Similar open postings: the other ones of the seed's occupation, not the ended one.
    assert "/stellen/9002-" in html and "/stellen/9004-" in html and "/stellen/9003-" not in html


def test_apply_by_email(client, ruhr_postings):
    posting = JobPosting.objects.get(pk=9002)
    html = client.get(posting.get_absolute_url()).content.decode()
    assert 'href="mailto:bewerbung@example.org"' in html


def json_ld(response):
    html = response.content.decode()
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )


def test_json_ld_job_posting(client, ruhr_postings):
    response = client.get(SEED_POSTING_URL)
    data = json_ld(response)
    posting = JobPosting.objects.get(pk=SEED_POSTING)
    assert data["@type"] == "JobPosting"
    assert data["title"] == "IT-Projektkoordinator:in (m/w/d)"
    assert data["datePosted"] == posting.published_on.isoformat()
    assert data["validThrough"] == posting.valid_through.isoformat()
    assert data["employmentType"] == "FULL_TIME"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Beispiel Logistik GmbH (fiktiv)",
        "sameAs": "https://example.org/",
    }
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Duisburg",
        "addressRegion": "Nordrhein-Westfalen",
        "addressCountry": "DE",
    }
    assert "jobLocationType" not in data
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 3300,
            "maxValue": 3700,
            "unitText": "MONTH",
        },
    }
    assert "<strong>IT-Projekte</strong>" in data["description"]
    text = text_of(response)
    assert posting.published_on.strftime("%Y") in text  # the dates are on the page too


def test_json_ld_of_remote_part_time(client, ruhr_postings):
    remote = json_ld(client.get(JobPosting.objects.get(pk=9002).get_absolute_url()))
    assert remote["jobLocationType"] == "TELECOMMUTE"
    assert "sameAs" not in remote["hiringOrganization"]
    part_time = json_ld(client.get(JobPosting.objects.get(pk=9004).get_absolute_url()))
    assert part_time["employmentType"] == "PART_TIME"


def test_lists_carry_no_json_ld(client, ruhr_postings):
    for url in ("/stellen/", "/regionen/duisburg/"):
        assert "JobPosting" not in client.get(url).content.decode()


def test_wrong_or_missing_slug_redirects_permanently(client, ruhr_postings):
    for wrong in (f"/stellen/{SEED_POSTING}/", f"/stellen/{SEED_POSTING}-falsch/"):
        response = client.get(wrong)
        assert response.status_code == 301
        assert response["Location"] == SEED_POSTING_URL


@pytest.mark.parametrize("status", ["draft", "in-review"])
def test_drafts_and_postings_in_review_are_404(client, db, status):
    posting = make_open_posting(status=status, published_on=None, valid_through=None)
    for url in (posting.get_absolute_url(), f"/stellen/{posting.pk}/"):
        response = client.get(url)
        assert response.status_code == 404
        assert '<html lang="de">' in response.content.decode()
    assert client.get("/stellen/424242-nichts/").status_code == 404


@pytest.mark.parametrize("status", ["withdrawn", "rejected"])
def test_withdrawn_and_rejected_are_410_naming_the_posting(client, ruhr_postings, status):
    posting = JobPosting.objects.get(pk=SEED_POSTING)
    posting.status = status
    posting.rejection_reason = "Kein Gehalt genannt." if status == "rejected" else ""
    posting.save()
    response = client.get(SEED_POSTING_URL)
    assert response.status_code == 410
    assert response.shows_postings
    text = text_of(response)
    assert "Diese Stelle ist nicht mehr ausgeschrieben" in text
    assert "„IT-Projektkoordinator:in (m/w/d)“ von Beispiel Logistik GmbH (fiktiv)" in text
    assert "Kein Gehalt" not in text
    similar = [h for h in links_inside_410(response) if h.startswith("/stellen/")]
    assert 1 <= len(similar) <= 5 and SEED_POSTING_URL not in similar
    assert SEED_POSTING_URL not in client.get("/stellen/").content.decode()


def links_inside_410(response):
    return re.findall(r'href="(/stellen/\d+-[^"]+)"', response.content.decode())


def test_at_most_five_similar_postings_on_the_410_page(client, ruhr_postings):
    posting = JobPosting.objects.get(pk=SEED_POSTING)
    for number in range(7):
        make_open_posting(
            occupation=posting.occupation, region=posting.region, title=f"Ähnlich {number}"
        )
    posting.status = "withdrawn"
    posting.save()
    assert len(set(links_inside_410(client.get(SEED_POSTING_URL)))) == 5


def test_an_expired_posting_is_410_and_gone_from_list_sitemap_and_feed_the_day_after(
    client, ruhr_postings, monkeypatch
):
    posting = JobPosting.objects.get(pk=SEED_POSTING)
    last_day = posting.valid_through
    pages = ("/stellen/", "/sitemap.xml", "/feeds/stellen/", "/regionen/duisburg/")

    # The clock itself, so the page cache sees the same day as the pages.
    noon = datetime.datetime.combine(last_day, datetime.time(12), tzinfo=BERLIN)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    assert client.get(SEED_POSTING_URL).status_code == 200
    for page in pages:
        assert SEED_POSTING_URL in client.get(page).content.decode(), page

    monkeypatch.setattr(timezone, "now", lambda: noon + datetime.timedelta(days=1))
    assert client.get(SEED_POSTING_URL).status_code == 410
    for page in pages:
        assert SEED_POSTING_URL not in client.get(page).content.decode(), page


def test_the_seed_expired_posting_is_410(client, ruhr_postings):
    response = client.get(ENDED_POSTING_URL)
    assert response.status_code == 410
    assert "nicht mehr ausgeschrieben" in text_of(response)


def test_sitemap_lists_open_postings_only(client, ruhr_postings):
    response = client.get("/sitemap.xml")
    assert response.shows_postings
    xml = response.content.decode()
    assert f"http://testserver{SEED_POSTING_URL}" in xml
    assert "/stellen/9002-" in xml and "/stellen/9004-" in xml
    assert ENDED_POSTING_URL not in xml


def test_feed_lists_open_postings_newest_first_and_filters(client, ruhr_postings):
    response = client.get("/feeds/stellen/")
    assert response.status_code == 200 and response.shows_postings
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert xml.count("<entry>") == 3 and ENDED_POSTING_URL not in xml
    assert "3.300–3.700" in xml and "tag:revier-it-karriere,2026:stelle-9001" in xml
    filtered = client.get("/feeds/stellen/", {"region": "oberhausen", "gehalt_min": "4000"})
    xml = filtered.content.decode()
    assert xml.count("<entry>") == 1 and "/stellen/9002-" in xml
    assert "/stellen/?region=oberhausen&amp;gehalt_min=4000" in xml


def test_feed_has_at_most_fifty_entries(client, db):
    for number in range(52):
        make_open_posting(title=f"Stelle {number}")
    assert client.get("/feeds/stellen/").content.decode().count("<entry>") == 50


def test_profile_page_lists_up_to_five_open_postings_and_links_the_list(client, ruhr_postings):
    posting = JobPosting.objects.get(pk=SEED_POSTING)
    for number in range(6):
        make_open_posting(
            occupation=posting.occupation, region=posting.region, title=f"Weitere {number}"
        )
    make_open_posting(region=posting.region, title="Anderer Beruf in Duisburg")
    response = client.get("/berufe/it-projektkoordinator/duisburg/")
    assert response.shows_postings
    html = response.content.decode()
    section = html[html.index('id="stellen-titel"') :]
    section = section[: section.index("</section>")]
    assert len(re.findall(r'class="result__title"><a href="/stellen/', section)) == 5
    assert "Anderer Beruf" not in section and "/stellen/9003-" not in section
    assert "Gehalt" in section and "Spanne" in section
    assert 'href="/stellen/?beruf=it-projektkoordinator&amp;region=duisburg"' in section


def test_city_page_lists_up_to_five_open_postings_and_links_the_list(client, ruhr_postings):
    duisburg = Region.objects.get(slug="duisburg")
    for number in range(6):
        make_open_posting(region=duisburg, title=f"Weitere {number}")
    response = client.get("/regionen/duisburg/")
    assert response.shows_postings
    html = response.content.decode()
    section = html[html.index('id="stellen-titel"') :]
    section = section[: section.index("</section>")]
    assert len(re.findall(r'class="result__title"><a href="/stellen/', section)) == 5
    assert "/stellen/9002-" not in section  # Oberhausen's
    assert 'href="/stellen/?region=duisburg"' in section
    oberhausen = client.get("/regionen/oberhausen/").content.decode()
    assert "/stellen/9002-" in oberhausen and "Gehalt über der Spanne" in oberhausen


def test_the_filtered_list_behind_the_links_answers(client, ruhr_postings):
    response = client.get("/stellen/?beruf=it-projektkoordinator&region=duisburg")
    links = [h for h in links_inside(response) if h.startswith("/stellen/")]
    assert SEED_POSTING_URL in links and not any("9002" in h for h in links)


def test_list_and_navigation(client, ruhr_postings):
    response = client.get("/")
    assert '<a href="/stellen/">Stellen</a>' in response.content.decode()
    assert client.get("/stellen/").shows_postings


def test_absurd_ids_are_404_not_5xx(client, db):
    # On PostgreSQL an id beyond bigint must not reach the database as an error.
    for url in (f"/stellen/{10**30}/", f"/stellen/{10**30}-x/", "/stellen/0-x/"):
        assert client.get(url).status_code == 404
