"""Editors approve, reject and withdraw job postings, so Redaktion gets their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    app_config = apps.get_app_config("jobs")
    # Permissions only exist after post_migrate; create them now (idempotent).
    app_config.models_module = True
    try:
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    finally:
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name="Redaktion")
    group.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label="jobs",
            codename__in=[f"{action}_jobposting" for action in ACTIONS],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.using(schema_editor.connection.alias).filter(name="Redaktion").first()
    if group:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="jobs", content_type__model="jobposting")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0003_job_postings"),
        ("regions", "0002_redaktion_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
