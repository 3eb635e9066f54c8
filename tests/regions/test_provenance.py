"""Every salary figure shows its Stand and leads to its sources; old Stands are flagged."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import CareerProfile
from tests.conftest import text_of

pytestmark = pytest.mark.django_db

STAND = "20. November 2026"


@pytest.mark.parametrize(
    ("url", "source_link"),
    [
        ("/", 'href="/regionen/duisburg/#quellen"'),
        ("/berufe/", 'href="/berufe/it-projektkoordinator/#quellen"'),
        ("/regionen/duisburg/", 'href="#quellen"'),
        ("/berufe/it-projektkoordinator/", 'href="#quellen"'),
    ],
)
def test_overview_figures_name_their_stand_and_link_the_sources(
    client, ruhr_content, url, source_link
):
    response = client.get(url)
    assert f"Stand: {STAND}" in text_of(response) or "20.11.2026" in text_of(response)
    assert source_link in response.content.decode()


@pytest.mark.parametrize("url", ["/regionen/duisburg/", "/berufe/it-projektkoordinator/"])
def test_city_and_occupation_pages_list_the_sources(client, ruhr_content, url):
    text = text_of(client.get(url))
    assert "Quellen und Stand" in text
    assert "Berufsporträt IT-Projektkoordination in Duisburg" in text
    assert f"Stand {STAND}" in text


def test_finder_results_show_the_stand(client, ruhr_content):
    text = text_of(client.get("/regionen/"))
    assert text.count(f"Stand: {STAND} · Quellen im Profil") == 2


def test_comparison_names_stand_and_sources(client, ruhr_content):
    text = text_of(
        client.get("/vergleich/?beruf=it-projektkoordinator&region=duisburg&region=oberhausen")
    )
    assert f"Stand {STAND}" in text
    assert "Berufsporträt IT-Projektkoordination in Oberhausen" in text


def age(profile_region, days):
    profile = CareerProfile.objects.get(region__slug=profile_region)
    profile.as_of = timezone.localdate() - datetime.timedelta(days=days)
    profile.save()
    return profile


NOTE = "Die Redaktion prüft sie"


def test_an_old_stand_gets_a_gentle_note(client, ruhr_content, settings):
    settings.STALE_AFTER_DAYS = 365
    old = age("duisburg", 400)
    age("oberhausen", 30)
    assert NOTE in text_of(client.get(old.get_absolute_url()))
    assert NOTE not in text_of(client.get("/berufe/it-projektkoordinator/oberhausen/"))
    assert NOTE in text_of(client.get("/regionen/duisburg/"))
    assert NOTE not in text_of(client.get("/regionen/oberhausen/"))
    compare = text_of(
        client.get("/vergleich/?beruf=it-projektkoordinator&region=duisburg&region=oberhausen")
    )
    assert compare.count("ältere Angabe, wird geprüft") == 1
    assert text_of(client.get("/regionen/")).count("ältere Angaben, werden geprüft") == 1


def test_the_age_is_configurable_and_computed_per_request(client, ruhr_content, settings):
    age("duisburg", 100)
    settings.STALE_AFTER_DAYS = 365
    assert NOTE not in text_of(client.get("/berufe/it-projektkoordinator/duisburg/"))
    settings.STALE_AFTER_DAYS = 90
    assert NOTE in text_of(client.get("/berufe/it-projektkoordinator/duisburg/"))
    assert CareerProfile.objects.stale().get().region.slug == "duisburg"


def test_editors_see_and_filter_old_profiles_in_the_admin(client, ruhr_content, editor, settings):
    settings.STALE_AFTER_DAYS = 365
    age("duisburg", 400)
    client.force_login(editor)
    changelist = reverse("admin:regions_careerprofile_changelist")
    html = client.get(changelist).content.decode()
    assert html.count("veraltet – älter als 365 Tage") == 1
    stale_only = text_of(client.get(changelist, {"veraltet": "ja"}))
    assert "IT-Projektkoordinator:in in Duisburg" in stale_only
    assert "IT-Projektkoordinator:in in Oberhausen" not in stale_only
    fresh_only = text_of(client.get(changelist, {"veraltet": "nein"}))
    assert "IT-Projektkoordinator:in in Oberhausen" in fresh_only
    assert "IT-Projektkoordinator:in in Duisburg" not in fresh_only
