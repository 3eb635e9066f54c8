"""Two gunicorn instances, one PostgreSQL, one Redis: they never disagree after an edit."""

import pytest
from django.core.management import call_command

from common.text import format_eur_range
from regions.models import CareerProfile
from tests.conftest import SEED_FILE
from tests.system.browserless import Browser
from tests.system.conftest import create_editor

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PROFILE = "/berufe/it-projektkoordinator/duisburg/"


def set_band_max(fields, level, value):
    fields = list(fields)
    prefix = next(
        name.removesuffix("-level")
        for name, current in fields
        if name.startswith("salary_bands-") and name.endswith("-level") and current == level
    )
    return [
        (name, str(value) if name == f"{prefix}-max_eur" else current) for name, current in fields
    ]


def test_an_edit_through_one_instance_is_read_from_the_other(start_instance, redis_url):
    call_command("import_content", str(SEED_FILE))
    create_editor()
    first = start_instance(REDIS_URL=redis_url)
    second = start_instance(REDIS_URL=redis_url)
    visitor_a, visitor_b = Browser(first), Browser(second)
    before, after = format_eur_range(4000, 5000), format_eur_range(4000, 5200)
    # Both instances have the page in the shared cache before the edit.
    for visitor in (visitor_a, visitor_b):
        for _ in range(3):
            assert before in visitor.get(PROFILE)

    editor = Browser(first)
    editor.login("chefin", "ein-langes-passwort")
    profile = CareerProfile.objects.get(region__slug="duisburg")
    change = f"/admin/regions/careerprofile/{profile.pk}/change/"
    fields = set_band_max(editor.form(change, "careerprofile_form"), "experienced", 5200)
    url, _ = editor.post(change, fields)
    assert url.endswith("/admin/regions/careerprofile/")

    assert profile.salary_bands.get(level="experienced").max_eur == 5200
    for _ in range(4):  # every worker of both instances
        for visitor in (visitor_b, visitor_a):
            page = visitor.get(PROFILE)
            assert after in page and before not in page
