"""Migrations stop with a clear message, and change nothing, where existing data would
break them."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_LIMITS = [("regions", "0005_remove_catalogue"), ("jobs", "0002_text_length_limits")]


def test_texts_over_the_new_limit_stop_the_migration_by_name():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_LIMITS)
    old_region = executor.loader.project_state(BEFORE_LIMITS).apps.get_model("regions", "Region")
    region = old_region.objects.create(name="Essen", slug="essen", summary="x" * 2_001)
    try:
        with pytest.raises(
            CommandError, match=rf"region.summary: .*mehr als 2000 Zeichen.*{region.pk}"
        ):
            call_command("migrate", "regions", "0006_text_length_limits", verbosity=0)
        old_region.objects.filter(pk=region.pk).update(summary="x" * 2_000)
        call_command("migrate", "regions", "0006_text_length_limits", verbosity=0)
    finally:
        old_region.objects.filter(pk=region.pk).delete()
        call_command("migrate", verbosity=0)
