"""Home, legal pages, health, robots.txt, sitemap.xml."""

import re
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from portal.models import LegalPage
from tests.conftest import HTML_PAGES, make_profile, text_of

pytestmark = pytest.mark.django_db


def test_home_leads_to_cities_salaries_and_the_finder(client, ruhr_content):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert "Duisburg" in text and "3.200–5.000 €" in text
    assert "Oberhausen" in text and "3.000–4.600 €" in text
    assert 'action="/regionen/"' in html and 'name="gehalt_min"' in html
    assert 'href="/berufe/it-projektkoordinator/"' in html
    assert not response.cookies


@pytest.mark.parametrize("slug", ["impressum", "datenschutz", "barrierefreiheit"])
def test_legal_pages_are_seeded_and_editable(client, slug):
    url = reverse("portal:legal", kwargs={"page": slug})
    assert url == f"/{slug}/"
    assert "BITTE ERGÄNZEN" in text_of(client.get(url))
    page = LegalPage.objects.get(slug=slug)
    page.body = "Betreiberin: Beispiel GmbH"
    page.save()
    text = text_of(client.get(url))
    assert "Beispiel GmbH" in text and "BITTE ERGÄNZEN" not in text


def test_healthz_does_not_touch_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200


def test_readyz_reports_the_database(client):
    assert client.get("/readyz").status_code == 200
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        response = client.get("/readyz")
    assert response.status_code == 503


def test_probes_answer_any_host(client):
    # Orchestrators probe by the instance's address, which is no allowed host.
    for probe in ("/healthz", "/readyz"):
        assert client.get(probe, HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/readyz").content == b"ready\ndatabase: ok\ncache: ok\n"


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_sitemap_lists_published_content_only(client, ruhr_content):
    make_profile(published=False)  # Softwareentwickler:in in Essen, a draft
    xml = client.get("/sitemap.xml").content.decode()
    assert "/berufe/it-projektkoordinator/duisburg/" in xml
    assert "/regionen/oberhausen/" in xml
    assert "/berufe/it-projektkoordinator/" in xml
    assert "essen" not in xml and "softwareentwickler" not in xml


@pytest.mark.parametrize("url", HTML_PAGES)
def test_every_page_has_the_basics_and_sets_no_cookie(client, ruhr_content, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<!doctype html>")
    assert '<html lang="de">' in html
    assert html.count("<h1") == 1
    assert "<title>" in html and '<meta name="description" content="' in html
    assert '<link rel="canonical" href="http://testserver/' in html
    assert 'href="#inhalt"' in html and '<main id="inhalt"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    title = re.search(r"<title>(.*?) – Revier IT-Karriere</title>", html).group(1)
    assert f'<meta property="og:title" content="{title}">' in html
    assert '<meta property="og:description" content="' in html
    assert '<meta property="og:url" content="http://testserver/' in html
    assert 'href="/barrierefreiheit/"' in html
    # The only script element a page may carry is the JSON-LD data block (never executed);
    # its schema.org vocabulary URL is a name, not a request.
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    assert "style=" not in html and "<script" not in html and " onclick" not in html
    assert "http://" not in html.replace("http://testserver/", "")
    assert "https://" not in html
    assert not response.cookies


def test_titles_and_descriptions_are_specific(client, ruhr_content):
    pages = [
        "/",
        "/regionen/",
        "/regionen/duisburg/",
        "/berufe/",
        "/berufe/it-projektkoordinator/",
        "/berufe/it-projektkoordinator/duisburg/",
        "/berufe/it-projektkoordinator/oberhausen/",
        "/vergleich/?beruf=it-projektkoordinator&region=duisburg&region=oberhausen",
        "/impressum/",
        "/barrierefreiheit/",
        "/daten/",
        "/aenderungen/",
    ]
    titles, descriptions = set(), set()
    for url in pages:
        html = client.get(url).content.decode()
        titles.add(re.search(r"<title>(.*?)</title>", html).group(1))
        descriptions.add(re.search(r'<meta name="description" content="(.*?)">', html).group(1))
    assert len(titles) == len(pages) and len(descriptions) == len(pages)
