"""The `Redaktion` group: exactly the content permissions, nothing about users or groups.

Permissions are normally created by a post_migrate handler, i.e. only after *all*
migrations ran; on a fresh database they do not exist yet when this migration runs. So it
creates them first (create_permissions is idempotent), for the apps whose models it needs.

A model added to regions or jobs later needs its permissions added to the group by its own
migration (see docs/admin.md).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Redaktion"
CONTENT_APPS = ("regions", "jobs")
ACTIONS = ("add", "change", "delete", "view")


def _ensure_permissions(apps, using):
    for label in CONTENT_APPS:
        app_config = apps.get_app_config(label)
        # Migration state apps have no models module; create_permissions skips those.
        app_config.models_module = True
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = None


def create_group(apps, schema_editor):
    using = schema_editor.connection.alias
    _ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = [
        ContentType.objects.db_manager(using).get_for_model(model)
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
    ]
    codenames = [
        f"{action}_{content_type.model}" for content_type in content_types for action in ACTIONS
    ]
    permissions = Permission.objects.using(using).filter(
        content_type__in=content_types, codename__in=codenames
    )
    group, _ = Group.objects.using(using).get_or_create(name=GROUP)
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
        ("jobs", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
