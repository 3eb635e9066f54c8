"""The editorial admin: German forms that explain every refusal at the field it concerns."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.models import Occupation
from regions.models import CareerProfile, Region
from tests.conftest import admin_form_data, make_profile, make_region

pytestmark = pytest.mark.django_db


def change_url(profile):
    return reverse("admin:regions_careerprofile_change", args=[profile.pk])


def duisburg():
    return CareerProfile.objects.get(region__slug="duisburg")


def band_row(data, level):
    """The inline row index of the band with ``level`` in the form data."""
    total = int(data["salary_bands-TOTAL_FORMS"])
    return next(i for i in range(total) if data[f"salary_bands-{i}-level"] == level)


def add_band(data, level, low, high):
    index = int(data["salary_bands-TOTAL_FORMS"])
    data.update(
        {
            f"salary_bands-{index}-level": level,
            f"salary_bands-{index}-min_eur": str(low),
            f"salary_bands-{index}-max_eur": str(high),
        }
    )
    data["salary_bands-TOTAL_FORMS"] = str(index + 1)
    return index


def row_errors(response, index):
    inline = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "salary_bands"
    )
    return inline.formset.forms[index].errors


@pytest.fixture
def logged_in(client, editor, ruhr_content):
    client.force_login(editor)
    return client


def open_form(client, profile):
    response = client.get(change_url(profile))
    assert response.status_code == 200
    return response


def test_every_content_model_is_in_the_german_admin(logged_in):
    response = logged_in.get(reverse("admin:index"))
    text = response.content.decode()
    for label in (
        "Regionen",
        "Branchen",
        "Berufsprofile",
        "Berufe",
        "Werkzeuge",
        "Zertifikate und Weiterbildungen",
        "Kompetenzen",
    ):
        assert label in text
    assert "Benutzer" not in text  # the Redaktion group does not manage accounts


def test_min_above_max_is_refused_at_the_field(logged_in):
    profile = duisburg()
    data = admin_form_data(open_form(logged_in, profile))
    row = band_row(data, "entry")
    data[f"salary_bands-{row}-min_eur"] = "5000"
    response = logged_in.post(change_url(profile), data)
    assert response.status_code == 200
    assert "Obergrenze muss mindestens so hoch" in " ".join(row_errors(response, row)["max_eur"])
    assert profile.salary_bands.get(level="entry").min_eur == 3200


@pytest.mark.parametrize("amount", ["0", "-100"])
def test_non_positive_amounts_are_refused_at_the_field(logged_in, amount):
    profile = duisburg()
    data = admin_form_data(open_form(logged_in, profile))
    row = band_row(data, "entry")
    data[f"salary_bands-{row}-min_eur"] = amount
    response = logged_in.post(change_url(profile), data)
    assert response.status_code == 200
    assert "über 0 €" in " ".join(row_errors(response, row)["min_eur"])


def test_new_band_of_an_existing_level_is_refused_at_the_level(logged_in):
    profile = duisburg()
    data = admin_form_data(open_form(logged_in, profile))
    new = add_band(data, "entry", 3000, 3100)
    response = logged_in.post(change_url(profile), data)
    assert response.status_code == 200
    assert "kommt doppelt vor" in " ".join(row_errors(response, new)["level"])
    assert profile.salary_bands.count() == 2


def test_two_new_bands_of_one_level_in_a_new_profile_are_refused(logged_in):
    url = reverse("admin:regions_careerprofile_add")
    region = make_region("Bochum")
    data = admin_form_data(
        logged_in.get(url),
        occupation=str(Occupation.objects.get().pk),
        region=str(region.pk),
        title="IT-Projektkoordinator:in in Bochum",
        as_of="2026-11-01",
    )
    add_band(data, "entry", 3000, 3400)
    second = add_band(data, "entry", 3100, 3500)
    response = logged_in.post(url, data)
    assert response.status_code == 200
    assert "kommt doppelt vor" in " ".join(row_errors(response, second)["level"])
    assert not CareerProfile.objects.filter(region=region).exists()


def test_a_band_can_be_replaced_by_a_new_one_of_the_same_level(logged_in):
    profile = duisburg()
    data = admin_form_data(open_form(logged_in, profile))
    row = band_row(data, "entry")
    data[f"salary_bands-{row}-DELETE"] = "on"
    add_band(data, "entry", 3300, 3700)
    response = logged_in.post(change_url(profile), data)
    assert response.status_code == 302
    entry = profile.salary_bands.get(level="entry")
    assert (entry.min_eur, entry.max_eur) == (3300, 3700)


def test_correcting_a_band_saves_it(logged_in):
    profile = duisburg()
    data = admin_form_data(open_form(logged_in, profile))
    data[f"salary_bands-{band_row(data, 'experienced')}-max_eur"] = "5200"
    response = logged_in.post(change_url(profile), data)
    assert response.status_code == 302
    assert profile.salary_bands.get(level="experienced").max_eur == 5200


def test_duplicate_slug_is_refused_at_the_slug(logged_in):
    response = logged_in.post(
        reverse("admin:regions_region_add"),
        {"name": "Duisburg-Nord", "slug": "duisburg", "state": "NRW", "area": "Ruhrgebiet"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Kürzel in der URL" in " ".join(errors["slug"])
    assert not Region.objects.filter(name="Duisburg-Nord").exists()


def test_empty_slug_is_made_from_the_name_with_german_transliteration(logged_in):
    response = logged_in.post(
        reverse("admin:regions_region_add"),
        {"name": "Mülheim an der Ruhr", "slug": "", "state": "NRW", "area": "Ruhrgebiet"},
    )
    assert response.status_code == 302
    assert Region.objects.get(name="Mülheim an der Ruhr").slug == "muelheim-an-der-ruhr"


def test_slug_field_is_prefilled_with_german_transliteration(logged_in):
    response = logged_in.get(reverse("admin:regions_region_add"))
    assert "js/german-urlify.js" in response.content.decode()


def test_changelist_shows_city_occupation_bands_and_state(logged_in):
    response = logged_in.get(reverse("admin:regions_careerprofile_changelist"))
    text = response.content.decode()
    assert "Duisburg" in text and "IT-Projektkoordinator:in" in text
    assert "Einstieg: 3200–3600 €; Mit Berufserfahrung: 4000–5000 €" in text


def test_changelist_queries_do_not_grow_with_the_profiles(logged_in):
    url = reverse("admin:regions_careerprofile_changelist")
    logged_in.get(url)  # warm up sessions, content types

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert logged_in.get(url).status_code == 200
        return len(captured)

    few = queries()
    occupation = Occupation.objects.get()
    for index in range(10):
        make_profile(
            occupation=occupation,
            region=make_region(f"Stadt {index}"),
            bands=[("entry", 3000, 3500), ("senior", 5000, 6000)],
        )
    assert queries() == few
    assert few <= 12


def test_publish_and_withdraw_actions(logged_in):
    profile = duisburg()
    url = reverse("admin:regions_careerprofile_changelist")
    response = logged_in.post(url, {"action": "unpublish", "_selected_action": [profile.pk]})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert not profile.published
    logged_in.post(url, {"action": "publish", "_selected_action": [profile.pk]})
    profile.refresh_from_db()
    assert profile.published


def test_drafts_are_visible_to_staff_only(editor, ruhr_content):
    from django.contrib.auth.models import AnonymousUser

    CareerProfile.objects.filter(region__slug="duisburg").update(published=False)
    public = CareerProfile.objects.visible_to(AnonymousUser())
    assert set(public.values_list("region__slug", flat=True)) == {"oberhausen"}
    staff = CareerProfile.objects.visible_to(editor)
    assert set(staff.values_list("region__slug", flat=True)) == {"oberhausen", "duisburg"}


def test_view_on_site_leads_a_draft_to_its_public_address(logged_in):
    profile = duisburg()
    profile.published = False
    profile.save()
    response = logged_in.get(change_url(profile))
    assert "Auf der Website ansehen" in response.content.decode()
    assert _view_on_site_url(profile) in response.content.decode()
    response = logged_in.get(_view_on_site_url(profile))
    assert response.status_code == 302
    assert response["Location"].endswith("/berufe/it-projektkoordinator/duisburg/")
    preview = logged_in.get(response["Location"])
    assert preview.status_code == 200
    assert "Entwurf" in preview.content.decode()


def _view_on_site_url(profile):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(CareerProfile)
    return reverse("admin:view_on_site", args=[content_type.pk, profile.pk])


def test_two_bands_can_trade_levels_in_one_save(logged_in):
    profile = duisburg()
    data = admin_form_data(open_form(logged_in, profile))
    entry, experienced = band_row(data, "entry"), band_row(data, "experienced")
    data[f"salary_bands-{entry}-level"] = "experienced"
    data[f"salary_bands-{experienced}-level"] = "entry"
    response = logged_in.post(change_url(profile), data)
    assert response.status_code == 302
    bands = {b.level: (b.min_eur, b.max_eur) for b in profile.salary_bands.all()}
    assert bands == {"experienced": (3200, 3600), "entry": (4000, 5000)}


def test_a_band_can_take_the_level_of_a_deleted_one(logged_in):
    profile = duisburg()
    data = admin_form_data(open_form(logged_in, profile))
    entry, experienced = band_row(data, "entry"), band_row(data, "experienced")
    data[f"salary_bands-{experienced}-DELETE"] = "on"
    data[f"salary_bands-{entry}-level"] = "experienced"
    response = logged_in.post(change_url(profile), data)
    assert response.status_code == 302
    bands = {b.level: (b.min_eur, b.max_eur) for b in profile.salary_bands.all()}
    assert bands == {"experienced": (3200, 3600)}


def test_overlong_teaser_is_refused_at_the_field(logged_in):
    profile = duisburg()
    form = open_form(logged_in, profile)
    assert 'maxlength="500"' in form.content.decode()
    data = admin_form_data(form, teaser="Viel Text. " * 50)
    response = logged_in.post(change_url(profile), data)
    assert response.status_code == 200
    assert "höchstens 500 Zeichen" in " ".join(response.context["adminform"].form.errors["teaser"])
    profile.refresh_from_db()
    assert len(profile.teaser) < 500


def test_overlong_section_is_refused_at_the_field(logged_in):
    profile = duisburg()
    data = admin_form_data(open_form(logged_in, profile), **{"sections-0-body": "x" * 20_001})
    response = logged_in.post(change_url(profile), data)
    assert response.status_code == 200
    inline = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "sections"
    )
    assert "höchstens 20000 Zeichen" in " ".join(inline.formset.forms[0].errors["body"])
    assert len(profile.sections.order_by("position", "pk").first().body) < 20_000


def tomorrow():
    import datetime

    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=1)


def test_a_stand_in_the_future_is_refused_at_the_field(logged_in):
    profile = duisburg()
    data = admin_form_data(open_form(logged_in, profile), as_of=tomorrow().isoformat())
    response = logged_in.post(change_url(profile), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["as_of"]
    assert "liegt in der Zukunft" in " ".join(errors)
    profile.refresh_from_db()
    assert profile.as_of.isoformat() == "2026-11-20"


def test_a_source_retrieved_in_the_future_is_refused_at_the_field(logged_in):
    profile = duisburg()
    data = admin_form_data(
        open_form(logged_in, profile), **{"sources-0-retrieved": tomorrow().isoformat()}
    )
    response = logged_in.post(change_url(profile), data)
    assert response.status_code == 200
    inline = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "sources"
    )
    assert "liegt in der Zukunft" in " ".join(inline.formset.forms[0].errors["retrieved"])
    assert profile.sources.get().retrieved.isoformat() == "2026-11-20"
