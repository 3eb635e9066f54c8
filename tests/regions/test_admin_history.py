"""History of every change (who, when, what) and restoring an earlier state."""

import pytest
from django.urls import reverse
from reversion.models import Version

from jobs.models import Tool
from regions.models import CareerProfile
from tests.conftest import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(ruhr_content):
    return CareerProfile.objects.get(region__slug="duisburg")


@pytest.fixture
def rita(client, editor):
    client.force_login(editor)
    return client


def change_url(profile):
    return reverse("admin:regions_careerprofile_change", args=[profile.pk])


def history_url(profile):
    return reverse("admin:regions_careerprofile_history", args=[profile.pk])


def save_band(client, profile, level, **values):
    data = admin_form_data(client.get(change_url(profile)))
    total = int(data["salary_bands-TOTAL_FORMS"])
    index = next(i for i in range(total) if data[f"salary_bands-{i}-level"] == level)
    for field, value in values.items():
        data[f"salary_bands-{index}-{field}"] = str(value)
    response = client.post(change_url(profile), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def versions(profile):
    return Version.objects.get_for_object(profile).order_by("pk")


def test_import_is_recorded_with_a_comment(profile):
    (imported,) = versions(profile)
    assert imported.revision.comment == "Import aus Datei ruhr.json"
    assert imported.revision.user is None


def test_a_band_change_is_recorded_with_author_and_diff(rita, profile):
    save_band(rita, profile, "experienced", max_eur=5200)
    response = rita.get(history_url(profile))
    assert response.status_code == 200
    newest = response.context["entries"][0]
    assert newest.revision.user.get_username() == "redakteurin"
    assert [(c.old, c.new) for c in newest.changes if c.label.endswith("bis (€)")] == [
        ("5.000", "5.200")
    ]
    text = response.content.decode()
    assert "Rita" in text and "Import oder Skript" in text
    assert "Wiederherstellen" in text


def test_restore_brings_back_the_previous_band(rita, profile):
    save_band(rita, profile, "experienced", max_eur=5200)
    imported = versions(profile).first()
    restore = reverse("admin:regions_careerprofile_restore", args=[profile.pk, imported.pk])
    response = rita.post(restore)
    assert response.status_code == 302
    assert profile.salary_bands.get(level="experienced").max_eur == 5000
    newest = versions(profile).last()
    assert "wiederhergestellt" in newest.revision.comment
    assert newest.revision.user.get_username() == "redakteurin"


def test_restore_removes_rows_added_since_and_brings_back_deleted_ones(rita, profile):
    data = admin_form_data(rita.get(change_url(profile)))
    total = int(data["salary_bands-TOTAL_FORMS"])
    entry = next(i for i in range(total) if data[f"salary_bands-{i}-level"] == "entry")
    data[f"salary_bands-{entry}-DELETE"] = "on"
    data.update(
        {
            f"salary_bands-{total}-level": "senior",
            f"salary_bands-{total}-min_eur": "5500",
            f"salary_bands-{total}-max_eur": "6500",
            "salary_bands-TOTAL_FORMS": str(total + 1),
        }
    )
    assert rita.post(change_url(profile), data).status_code == 302
    assert set(profile.salary_bands.values_list("level", flat=True)) == {"experienced", "senior"}

    imported = versions(profile).first()
    rita.post(reverse("admin:regions_careerprofile_restore", args=[profile.pk, imported.pk]))
    bands = {b.level: (b.min_eur, b.max_eur) for b in profile.salary_bands.all()}
    assert bands == {"entry": (3200, 3600), "experienced": (4000, 5000)}


def test_restore_leaves_other_objects_of_the_import_alone(rita, profile):
    jira = Tool.objects.get(name="Jira")
    jira.name = "Jira Software"
    jira.save()
    save_band(rita, profile, "entry", min_eur=3300)
    imported = versions(profile).first()
    rita.post(reverse("admin:regions_careerprofile_restore", args=[profile.pk, imported.pk]))
    assert Tool.objects.get(pk=jira.pk).name == "Jira Software"
    assert profile.salary_bands.get(level="entry").min_eur == 3200


def test_restore_refuses_the_save_of_a_form_opened_before(rita, profile, other_editor):
    from django.test import Client

    karl = Client()
    karl.force_login(other_editor)
    save_band(rita, profile, "experienced", max_eur=5200)
    karl_data = admin_form_data(karl.get(change_url(profile)), title="Karls Titel")
    imported = versions(profile).first()
    rita.post(reverse("admin:regions_careerprofile_restore", args=[profile.pk, imported.pk]))
    response = karl.post(change_url(profile), karl_data)
    assert response.status_code == 200
    assert "inzwischen von Rita geändert" in response.content.decode()


def test_restore_is_post_only_and_needs_change_permission(client, profile, django_user_model):
    imported = versions(profile).first()
    url = reverse("admin:regions_careerprofile_restore", args=[profile.pk, imported.pk])
    reader = django_user_model.objects.create_user("leser", password="x" * 12, is_staff=True)
    from django.contrib.auth.models import Permission

    reader.user_permissions.add(Permission.objects.get(codename="view_careerprofile"))
    client.force_login(reader)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403


def test_history_of_a_region_works_too(rita, ruhr_content):
    from regions.models import Region

    region = Region.objects.get(slug="oberhausen")
    response = rita.get(reverse("admin:regions_region_history", args=[region.pk]))
    assert response.status_code == 200
    assert "Import aus Datei ruhr.json" in response.content.decode()


def test_restore_after_two_bands_traded_levels(rita, profile):
    data = admin_form_data(rita.get(change_url(profile)))
    levels = {data[f"salary_bands-{i}-level"]: i for i in range(2)}
    data[f"salary_bands-{levels['entry']}-level"] = "experienced"
    data[f"salary_bands-{levels['experienced']}-level"] = "entry"
    assert rita.post(change_url(profile), data).status_code == 302
    imported = versions(profile).first()
    response = rita.post(
        reverse("admin:regions_careerprofile_restore", args=[profile.pk, imported.pk])
    )
    assert response.status_code == 302
    bands = {b.level: (b.min_eur, b.max_eur) for b in profile.salary_bands.all()}
    assert bands == {"entry": (3200, 3600), "experienced": (4000, 5000)}
