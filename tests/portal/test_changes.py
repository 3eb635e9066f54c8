"""/aenderungen/ and the Atom feed: what changed, from the admin history, nothing personal."""

import datetime
from xml.etree import ElementTree

import pytest
import reversion
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.models import CareerProfile
from tests.conftest import make_profile, text_of

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def edit(profile, user=None, **band_changes):
    """Save bands and the profile as the admin does: one revision with the bands."""
    with reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment("Spanne angepasst von Rita")
        for band in profile.salary_bands.all():
            if band.level in band_changes:
                band.min_eur, band.max_eur = band_changes[band.level]
                band.save()
        profile.save()


def duisburg():
    return CareerProfile.objects.get(region__slug="duisburg")


def test_a_changed_band_is_listed_with_old_and_new_figures(client, ruhr_content, editor):
    edit(duisburg(), user=editor, entry=(3300, 3700))
    text = text_of(client.get("/aenderungen/"))
    assert "IT-Projektkoordinator:in in Duisburg" in text
    assert "Einstieg: 3.200–3.600 € → 3.300–3.700 €." in text
    # The import published both profiles: listed with their figures.
    assert "Veröffentlicht mit Stand 20.11.2026." in text
    assert "Mit Berufserfahrung: 4.000–4.600 €." in text
    # No personal data from the history: neither the editor nor the revision comment.
    assert "Rita" not in text and "redakteurin" not in text


def test_a_new_stand_and_a_text_edit_are_described(client, ruhr_content):
    profile = duisburg()
    profile.as_of = datetime.date(2027, 3, 1)
    edit(profile)
    profile.teaser = "Neuer Anreißer."
    edit(profile)
    text = text_of(client.get("/aenderungen/"))
    assert "Stand: 20.11.2026 → 1.3.2027." in text
    assert "Texte oder Angaben überarbeitet; Gehaltsangaben und Stand unverändert." in text


def test_drafts_and_their_history_stay_out(client, ruhr_content):
    with reversion.create_revision():
        draft = make_profile(published=False, bands=[("entry", 7777, 8888)])
    edit(draft, entry=(7000, 9999))
    withdrawn = duisburg()
    withdrawn.published = False
    edit(withdrawn, entry=(1111, 2222))
    for url in ("/aenderungen/", "/feeds/aktualisierungen/"):
        body = client.get(url).content.decode()
        for telltale in ("Softwareentwickler", "7.777", "9.999", "Duisburg", "1.111"):
            assert telltale not in body, (url, telltale)


def test_the_feed_is_atom_with_one_entry_per_change(client, ruhr_content):
    edit(duisburg(), entry=(3300, 3700))
    response = client.get("/feeds/aktualisierungen/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 - the feed we just rendered
    assert feed.find(f"{ATOM}title").text == "Revier IT-Karriere: Aktualisierungen"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    newest = entries[0]
    assert newest.find(f"{ATOM}title").text == "IT-Projektkoordinator:in in Duisburg"
    assert newest.find(f"{ATOM}link").get("href") == (
        "http://testserver/berufe/it-projektkoordinator/duisburg/"
    )
    assert "3.200–3.600\u00a0€ → 3.300–3.700\u00a0€" in newest.find(f"{ATOM}summary").text
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == 3 and all(i.startswith("tag:revier-it-karriere,") for i in ids)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/aenderungen/", "/feeds/aktualisierungen/"])
def test_queries_stay_few_and_constant_with_a_long_history(
    client, ruhr_content, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        client.get(url)
    with_two = count_queries(client, url)
    profiles = list(CareerProfile.objects.all())
    for step in range(40):
        for profile in profiles:
            edit(profile, entry=(3000 + step, 3600 + step))
    with_many = count_queries(client, url)
    assert with_two == with_many
    assert text_of(client.get(url)).count("3.039–3.639 €") >= 2
