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


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor}"


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
