"""Every content change moves the content version once it is committed."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from common import content_version
from regions.models import CareerProfile
from tests.conftest import SEED_FILE, admin_form_data

pytestmark = pytest.mark.django_db


def test_bump_moves_the_version_on():
    before = content_version.current()
    assert content_version.bump() > before
    assert content_version.current() > before


def test_the_version_lives_in_the_shared_cache(tmp_path, settings):
    from django.core.cache import cache

    # Any cache shared between processes (Redis in production); a file cache here.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    first = content_version.current()
    assert cache.get(content_version.KEY) == first
    assert content_version.bump() == first + 1
    cache.delete(content_version.KEY)  # evicted: starts again from the clock, not from 1
    assert content_version.current() > first + 1


def test_import_bumps_once_after_commit(django_capture_on_commit_callbacks):
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_content", str(SEED_FILE), stdout=open("/dev/null", "w"))  # noqa: SIM115
    # One import, one transaction: the version moves on once, however many rows it wrote.
    assert content_version.current() == before + 1


def test_nothing_moves_before_the_commit(ruhr_content, django_capture_on_commit_callbacks):
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=False):
        CareerProfile.objects.update(title="x")  # no signal: not our path
        profile = CareerProfile.objects.first()
        profile.save()
        assert content_version.current() == before


def test_admin_save_bumps(client, editor, ruhr_content, django_capture_on_commit_callbacks):
    client.force_login(editor)
    profile = CareerProfile.objects.get(region__slug="duisburg")
    url = reverse("admin:regions_careerprofile_change", args=[profile.pk])
    data = admin_form_data(client.get(url), title="Neu")
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert content_version.current() > before


def test_admin_restore_bumps(client, editor, ruhr_content, django_capture_on_commit_callbacks):
    from reversion.models import Version

    client.force_login(editor)
    profile = CareerProfile.objects.get(region__slug="duisburg")
    version = Version.objects.get_for_object(profile).first()
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:regions_careerprofile_restore", args=[profile.pk, version.pk]))
    assert content_version.current() > before


def test_vocabulary_and_m2m_changes_bump(ruhr_content, django_capture_on_commit_callbacks):
    from jobs.models import Tool

    profile = CareerProfile.objects.get(region__slug="duisburg")
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        profile.tools.add(Tool.objects.create(name="Power BI"))
    assert content_version.current() > before


def test_other_models_do_not_bump(django_user_model, django_capture_on_commit_callbacks):
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        django_user_model.objects.create_user("someone")
    assert content_version.current() == before


def test_a_rolled_back_savepoint_does_not_swallow_the_bump(django_capture_on_commit_callbacks):
    from django.db import transaction

    from jobs.models import Tool

    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                Tool.objects.create(name="Verworfen")
                raise RuntimeError
        except RuntimeError:
            pass
        Tool.objects.create(name="Behalten")
    assert content_version.current() > before


def test_a_bump_moves_on_a_version_a_reader_put_back_meanwhile(monkeypatch):
    from django.core.cache import caches

    cache = caches["default"]
    cache.delete(content_version.KEY)  # evicted
    add, seen = cache.add, {}

    def reader_first(*args, **kwargs):
        # A request reads the version between the bump's failed increment and its add.
        monkeypatch.setattr(cache, "add", add)
        seen["reader"] = content_version.current()
        return add(*args, **kwargs)

    monkeypatch.setattr(cache, "add", reader_first)
    content_version.bump()
    assert content_version.current() > seen["reader"]
