"""No lost updates: two editors open the same profile, the second save is refused."""

import pytest
from django.test import Client
from django.urls import reverse

from regions.models import CareerProfile
from tests.conftest import admin_form_data

pytestmark = pytest.mark.django_db


def url(profile):
    return reverse("admin:regions_careerprofile_change", args=[profile.pk])


def band_field(data, level, field):
    total = int(data["salary_bands-TOTAL_FORMS"])
    index = next(i for i in range(total) if data[f"salary_bands-{i}-level"] == level)
    return f"salary_bands-{index}-{field}"


@pytest.fixture
def two_editors(editor, other_editor, ruhr_content):
    rita, karl = Client(), Client()
    rita.force_login(editor)
    karl.force_login(other_editor)
    return rita, karl


@pytest.fixture
def profile():
    return CareerProfile.objects.get(region__slug="duisburg")


def test_second_save_is_refused_with_who_changed_it(two_editors, profile):
    rita, karl = two_editors
    rita_data = admin_form_data(rita.get(url(profile)))
    karl_data = admin_form_data(karl.get(url(profile)))

    rita_data[band_field(rita_data, "experienced", "max_eur")] = "5200"
    assert rita.post(url(profile), rita_data).status_code == 302

    karl_data["title"] = "Karls neuer Titel"
    response = karl.post(url(profile), karl_data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "wurde inzwischen von Rita geändert" in text
    assert "Ihre Änderungen wurden nicht gespeichert" in text
    assert f'href="{url(profile)}"' in text or f"href='{url(profile)}'" in text  # reload
    # Karl's input is still in the form, Rita's change is in the database.
    assert response.context["adminform"].form["title"].value() == "Karls neuer Titel"
    profile.refresh_from_db()
    assert profile.title != "Karls neuer Titel"
    assert profile.salary_bands.get(level="experienced").max_eur == 5200


def test_resubmitting_the_refused_form_is_refused_again(two_editors, profile):
    rita, karl = two_editors
    karl_data = admin_form_data(karl.get(url(profile)))
    rita.post(url(profile), admin_form_data(rita.get(url(profile)), title="Ritas Titel"))
    karl_data["title"] = "Karls Titel"
    first = karl.post(url(profile), karl_data)
    second = karl.post(url(profile), admin_form_data(first, title="Karls Titel"))
    assert second.status_code == 200
    profile.refresh_from_db()
    assert profile.title == "Ritas Titel"


def test_a_change_of_only_a_band_moves_the_token(two_editors, profile):
    rita, karl = two_editors
    karl_data = admin_form_data(karl.get(url(profile)))
    rita_data = admin_form_data(rita.get(url(profile)))
    rita_data[band_field(rita_data, "entry", "min_eur")] = "3250"
    assert rita.post(url(profile), rita_data).status_code == 302

    karl_data[band_field(karl_data, "entry", "max_eur")] = "3700"
    response = karl.post(url(profile), karl_data)
    assert response.status_code == 200
    assert "inzwischen von Rita geändert" in response.content.decode()
    entry = profile.salary_bands.get(level="entry")
    assert (entry.min_eur, entry.max_eur) == (3250, 3600)


def test_after_reloading_the_second_editor_can_save(two_editors, profile):
    rita, karl = two_editors
    karl.get(url(profile))
    rita.post(url(profile), admin_form_data(rita.get(url(profile)), title="Ritas Titel"))
    reloaded = admin_form_data(karl.get(url(profile)), title="Karls Titel")
    assert karl.post(url(profile), reloaded).status_code == 302
    profile.refresh_from_db()
    assert profile.title == "Karls Titel"


def test_an_import_in_between_is_named_as_such(two_editors, profile, seed_document):
    from portal.exchange import import_content

    _, karl = two_editors
    karl_data = admin_form_data(karl.get(url(profile)))
    import_content(seed_document, comment="Import aus Datei ruhr.json")
    response = karl.post(url(profile), karl_data)
    assert response.status_code == 200
    assert "von einem Import oder Skript geändert" in response.content.decode()


def test_vocabularies_are_protected_too(two_editors):
    from jobs.models import Tool

    rita, karl = two_editors
    tool = Tool.objects.get(name="Jira")
    tool_url = reverse("admin:jobs_tool_change", args=[tool.pk])
    karl_data = admin_form_data(karl.get(tool_url), name="JIRA")
    assert (
        rita.post(tool_url, admin_form_data(rita.get(tool_url), name="Jira Software")).status_code
        == 302
    )
    response = karl.post(tool_url, karl_data)
    assert response.status_code == 200
    assert "inzwischen von Rita geändert" in response.content.decode()
    tool.refresh_from_db()
    assert tool.name == "Jira Software"
