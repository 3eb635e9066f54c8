"""Lists derived from the published content are kept per content version
(common.per_version): read once, and never older than the last committed change."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from jobs.models import Tool
from regions.models import CareerProfile, Region

pytestmark = pytest.mark.django_db(transaction=True)

FINDER = "/regionen/"
COMPARISON = "/vergleich/?beruf=it-projektkoordinator&region=duisburg&region=oberhausen"


def get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured)


def add_tool_to_duisburg(name, slug):
    profile = CareerProfile.objects.get(region__slug="duisburg")
    profile.tools.add(Tool.objects.create(name=name, slug=slug))


@pytest.mark.parametrize(
    ("url", "queries_when_kept"),
    # The home page's lists are all it reads; the finder then reads only its page (count,
    # profiles, their bands and tools), and the comparison only its profiles with their
    # parts (bands, sources, the four vocabularies in one query).
    [("/", 0), (FINDER, 4), (COMPARISON, 4)],
)
def test_the_derived_lists_are_read_once_per_content_version(
    client, ruhr_content, url, queries_when_kept
):
    _, first = get(client, url)
    _, again = get(client, url)
    assert again == queries_when_kept < first


def test_a_new_tool_is_offered_by_the_finder_at_the_next_request(client, ruhr_content):
    assert 'value="zeitplaner-pro"' not in get(client, FINDER)[0]
    add_tool_to_duisburg("Zeitplaner Pro", "zeitplaner-pro")
    assert 'value="zeitplaner-pro"' in get(client, FINDER)[0]


def test_a_renamed_city_is_on_the_home_page_at_the_next_request(client, ruhr_content):
    assert "Duisburg" in get(client, "/")[0]
    region = Region.objects.get(slug="duisburg")
    region.name = "Duisburg am Rhein"
    region.save()
    assert "Duisburg am Rhein" in get(client, "/")[0]


def test_an_unpublished_profile_leaves_the_comparison_at_the_next_request(client, ruhr_content):
    assert "Duisburg, Oberhausen im Vergleich" in get(client, COMPARISON)[0]
    profile = CareerProfile.objects.get(region__slug="oberhausen")
    profile.published = False
    profile.save()
    page = get(client, COMPARISON)[0]
    assert "Duisburg, Oberhausen im Vergleich" not in page
    assert "kein veröffentlichtes Profil gibt: „oberhausen“" in page


def test_inside_a_transaction_the_lists_are_worked_out_afresh(client, ruhr_content):
    get(client, FINDER)
    with transaction.atomic():
        add_tool_to_duisburg("Zeitplaner Pro", "zeitplaner-pro")
        assert 'value="zeitplaner-pro"' in get(client, FINDER)[0]
        transaction.set_rollback(True)
    assert 'value="zeitplaner-pro"' not in get(client, FINDER)[0]


def test_forgetting_makes_the_next_request_read_the_lists_again(client, ruhr_content):
    from common import per_version

    _, first = get(client, "/")
    per_version.forget()
    assert get(client, "/")[1] == first
    assert get(client, "/")[1] == 0


def test_a_tool_renamed_in_the_admin_is_in_the_finder_at_the_next_request(
    client, admin_client, ruhr_content
):
    from django.urls import reverse

    from tests.conftest import admin_form_data

    tool = Tool.objects.get(slug="jira")
    assert "Jira Software" not in get(client, FINDER)[0]
    url = reverse("admin:jobs_tool_change", args=[tool.pk])
    data = admin_form_data(admin_client.get(url), name="Jira Software")
    assert admin_client.post(url, data).status_code == 302
    page, queries = get(client, FINDER)
    assert "Jira Software" in page
    assert get(client, FINDER)[1] == queries - 1
