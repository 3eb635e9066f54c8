"""The career profile /berufe/<occupation>/<region>/: figures, sources, drafts, Markdown."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import html_tags, make_occupation, make_profile, make_region, text_of

pytestmark = pytest.mark.django_db

URL = "/berufe/it-projektkoordinator/duisburg/"


def test_url_and_name_agree(ruhr_content):
    url = reverse(
        "regions:profile", kwargs={"occupation": "it-projektkoordinator", "region": "duisburg"}
    )
    assert url == URL


def test_figures_in_german_format_with_stand_and_source(client, ruhr_content):
    response = client.get(URL)
    assert response.status_code == 200
    text = text_of(response)
    assert "3.200–3.600 €" in text
    assert "4.000–5.000 €" in text
    assert "Mitte 3.400 €" in text
    assert "Stand: 20. November 2026" in text
    assert "Quelle: Berufsporträt IT-Projektkoordination in Duisburg" in text


def test_lists_tools_sectors_certifications_and_skills(client, ruhr_content):
    text = text_of(client.get(URL))
    for expected in ("SAP", "MS Project", "Logistik", "PRINCE2", "IHK-Lehrgänge", "Legacy-IT"):
        assert expected in text


def test_renders_the_editorial_sections(client, ruhr_content):
    html = client.get(URL).content.decode()
    assert "<h2>Die Rolle: Knotenpunkt statt Fahrer</h2>" in html
    assert "<strong>Schnittstellen</strong>" in html


def test_chart_is_inline_svg_with_title_and_no_inline_style(client, ruhr_content):
    html = client.get(URL).content.decode()
    start, end = html.index("<svg"), html.index("</svg>")
    svg = html[start:end]
    assert "<title" in svg and "Gehaltsspannen" in svg
    assert "style=" not in html
    assert 'class="chart-bar chart-bar--entry"' in svg
    # coordinates are never localised ("1.000")
    assert 'height="1.' not in svg


def test_links_to_other_cities_and_a_ready_comparison(client, ruhr_content):
    html = client.get(URL).content.decode()
    assert 'href="/berufe/it-projektkoordinator/oberhausen/"' in html
    assert (
        "/vergleich/?beruf=it-projektkoordinator&amp;region=duisburg&amp;region=oberhausen" in html
    )


def test_one_h1_title_description_canonical(client, ruhr_content):
    html = client.get(URL).content.decode()
    assert html.count("<h1") == 1
    assert '<html lang="de">' in html
    assert '<meta name="description" content="' in html
    assert (
        '<link rel="canonical" href="http://testserver/berufe/it-projektkoordinator/duisburg/">'
        in html
    )


def test_unknown_profile_is_404(client, ruhr_content):
    assert client.get("/berufe/it-projektkoordinator/paris/").status_code == 404
    assert client.get("/berufe/astronaut/duisburg/").status_code == 404


@pytest.fixture
def draft(db):
    return make_profile(
        make_occupation("Data Engineer"),
        make_region("Hagen"),
        bands=[("entry", 3500, 4000)],
        published=False,
    )


def test_drafts_are_404_for_the_public(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_drafts_are_previewed_by_editors_with_a_banner(client, draft, editor):
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Entwurf" in text_of(response)


def test_staff_without_content_permissions_do_not_see_drafts(client, draft):
    staff = get_user_model().objects.create_user("technik", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_logged_in_non_staff_do_not_see_drafts(client, draft):
    user = get_user_model().objects.create_user("leser", password="x")
    client.force_login(user)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_hostile_markdown_renders_harmless(client, db):
    profile = make_profile(bands=[("entry", 3000, 3500)])
    profile.sections.create(
        heading="Test",
        body=(
            "<script>alert('x')</script>\n\n"
            "[klick](javascript:alert(1)) [daten](data:text/html;base64,PHNjcmlwdD4=)\n\n"
            '<img src=x onerror="alert(1)"> <a href="#" onclick="alert(1)">a</a>\n\n'
            "# Große Überschrift"
        ),
    )
    html = client.get(profile.get_absolute_url()).content.decode()
    tags = html_tags(html)
    assert not [tag for tag, _ in tags if tag in {"img", "iframe"}]
    # The one script element is the JSON-LD data block, which browsers never execute.
    scripts = [dict(attrs) for tag, attrs in tags if tag == "script"]
    assert scripts == [{"type": "application/ld+json"}]
    assert not [name for _, attrs in tags for name, _ in attrs if name.startswith("on")]
    hrefs = [value for _, attrs in tags for name, value in attrs if name == "href"]
    assert not [href for href in hrefs if href.lower().startswith(("javascript", "data"))]
    assert [tag for tag, _ in tags].count("h1") == 1


def test_profile_without_bands_still_renders(client, db):
    profile = make_profile()
    response = client.get(profile.get_absolute_url())
    assert response.status_code == 200
    assert "noch keine Gehaltsspannen" in text_of(response)
