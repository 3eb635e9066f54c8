"""The Redaktion group, made by a migration on a fresh database."""

import pytest
from django.contrib.auth.models import Group, Permission

pytestmark = pytest.mark.django_db

CONTENT_MODELS = {
    "regions": {"region", "sector", "careerprofile", "salaryband", "profilesection", "source"},
    "jobs": {"occupation", "tool", "certification", "skill", "jobposting"},
    "portal": {"legalpage"},
}


def test_redaktion_has_exactly_the_content_permissions():
    group = Group.objects.get(name="Redaktion")
    granted = {
        (p.content_type.app_label, p.codename)
        for p in group.permissions.select_related("content_type")
    }
    expected = {
        (app, f"{action}_{model}")
        for app, models in CONTENT_MODELS.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    }
    assert granted == expected


def test_redaktion_cannot_touch_accounts_or_groups():
    group = Group.objects.get(name="Redaktion")
    assert not group.permissions.filter(content_type__app_label__in=["auth", "axes"]).exists()


def test_every_content_permission_exists_for_the_group():
    # Guards against a new content model whose permissions the group lacks.
    content = Permission.objects.filter(content_type__app_label__in=CONTENT_MODELS)
    assert set(content) == set(Group.objects.get(name="Redaktion").permissions.all())


def test_an_editor_can_restore_with_only_the_group(client, editor, ruhr_content):
    from django.urls import reverse
    from reversion.models import Version

    from regions.models import CareerProfile

    client.force_login(editor)
    profile = CareerProfile.objects.get(region__slug="oberhausen")
    version = Version.objects.get_for_object(profile).first()
    url = reverse("admin:regions_careerprofile_restore", args=[profile.pk, version.pk])
    assert client.post(url).status_code == 302


# Transactional tests run last (pytest-django orders them so), and the flush after them
# drops the group; none of them relies on it.
@pytest.mark.django_db(transaction=True)
def test_the_migration_runs_backwards_and_forwards():
    from django.core.management import call_command

    call_command("migrate", "regions", "0001", verbosity=0)
    assert not Group.objects.filter(name="Redaktion").exists()
    call_command("migrate", verbosity=0)
    assert Group.objects.get(name="Redaktion").permissions.count() == 44 + 4
