import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "content" / "ruhr.json"
SEED_ARTICLES = ROOT.parent / "shared" / "seeds"
IN_CI = os.environ.get("CI") == "true"


def pytest_configure(config):
    from django.conf import settings

    # The manifest storage of production needs collectstatic first; tests render
    # templates straight from static/.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Deliberately slow password hashing would dominate the run time of login tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor}"


@pytest.fixture(autouse=True)
def _empty_cache():
    # The local-memory cache outlives a test's rolled-back database.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def seed_document():
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def ruhr_content(db):
    """The seed content, loaded the way `make run` loads it."""
    call_command("import_content", str(SEED_FILE), stdout=open(os.devnull, "w"))  # noqa: SIM115


def make_occupation(name="Softwareentwickler:in", **fields):
    from jobs.models import Occupation

    return Occupation.objects.create(name=name, **fields)


def make_region(name="Essen", **fields):
    from regions.models import Region

    return Region.objects.create(name=name, **fields)


def make_profile(occupation=None, region=None, bands=(), published=True, **fields):
    """A profile with bands given as (level, min_eur, max_eur) triples."""
    import datetime

    from regions.models import CareerProfile

    occupation = occupation or make_occupation()
    region = region or make_region()
    fields.setdefault("title", f"{occupation.name} in {region.name}")
    fields.setdefault("as_of", datetime.date(2026, 11, 1))
    profile = CareerProfile.objects.create(
        occupation=occupation, region=region, published=published, **fields
    )
    for level, low, high in bands:
        profile.salary_bands.create(level=level, min_eur=low, max_eur=high)
    return profile


@pytest.fixture
def editor(db, django_user_model):
    """A member of the Redaktion group, logged in nowhere yet."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        "redakteurin", password="geheim-und-lang-genug", is_staff=True, first_name="Rita"
    )
    user.groups.add(Group.objects.get(name="Redaktion"))
    return user


@pytest.fixture
def other_editor(db, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        "redakteur", password="auch-geheim-und-lang", is_staff=True, first_name="Karl"
    )
    user.groups.add(Group.objects.get(name="Redaktion"))
    return user


def admin_form_data(response, **changes):
    """POST data of an admin change form as the browser would send it unchanged.

    ``changes`` override single fields by their full name (``salary_bands-0-max_eur``).
    """
    import datetime

    def put(data, name, value):
        if value is None or value is False:
            return
        if value is True:
            value = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
            return
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = str(value)

    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        put(data, form.add_prefix(name), form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            put(data, management.add_prefix(name), management[name].value())
        for row in formset.forms:
            for name in row.fields:
                put(data, row.add_prefix(name), row[name].value())
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
