"""An editor who never saw the code adds a third city with its profile and publishes it."""

import pytest
from django.urls import reverse

from common.text import format_eur_range
from jobs.models import Occupation
from regions.models import CareerProfile, Region
from tests.conftest import admin_form_data, links_inside

pytestmark = pytest.mark.django_db


def test_add_a_city_and_publish_its_profile(client, editor, ruhr_content):
    client.force_login(editor)
    add_region = reverse("admin:regions_region_add")
    data = admin_form_data(client.get(add_region), name="Mülheim an der Ruhr", slug="")
    assert client.post(add_region, data).status_code == 302
    region = Region.objects.get(name="Mülheim an der Ruhr")
    assert region.slug == "muelheim-an-der-ruhr"

    add_profile = reverse("admin:regions_careerprofile_add")
    data = admin_form_data(
        client.get(add_profile),
        occupation=str(Occupation.objects.get(slug="it-projektkoordinator").pk),
        region=str(region.pk),
        title="IT-Projektkoordinator:in in Mülheim an der Ruhr",
        as_of="2026-11-21",
        published="on",
    )
    data.update(
        {
            "salary_bands-TOTAL_FORMS": "1",
            "salary_bands-0-level": "entry",
            "salary_bands-0-min_eur": "3100",
            "salary_bands-0-max_eur": "3500",
        }
    )
    response = client.post(add_profile, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    profile = CareerProfile.objects.get(region=region)

    client.logout()
    page = client.get(profile.get_absolute_url())
    assert page.status_code == 200
    assert format_eur_range(3100, 3500) in page.content.decode()
    finder = client.get(reverse("regions:list"), {"stufe": "einstieg", "gehalt_min": 3450})
    assert profile.get_absolute_url() in links_inside(finder)
