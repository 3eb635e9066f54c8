"""The data step of the Datenschutz migration on the pages that existed before it."""

import importlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


PRIVACY_BEFORE = [("portal", "0005_text_length_limits")]
PRIVACY_AFTER = [("portal", "0006_privacy_employer_submissions")]


def test_the_privacy_section_adds_a_placeholder_only_to_an_unfinished_page():
    executor = MigrationExecutor(connection)
    executor.migrate(PRIVACY_BEFORE)
    page = executor.loader.project_state(PRIVACY_BEFORE).apps.get_model("portal", "LegalPage")
    # The seed's page as portal 0002 writes it (a test outside a transaction that ran
    # before may have emptied the table).
    seed = importlib.import_module("portal.migrations.0002_seed_legal_pages")
    seeded = seed.PRIVACY
    assert "[BITTE ERGÄNZEN" in seeded
    existed = page.objects.filter(slug="datenschutz").first()
    if existed is None:
        page.objects.create(slug="datenschutz", title="Datenschutzerklärung", body=seeded)
    finished = "# Datenschutzerklärung\n\nVerantwortlich: Beispiel GmbH, Essen.\n"
    try:
        for body, placeholder in ((seeded, True), (finished, False)):
            page.objects.filter(slug="datenschutz").update(body=body)
            executor = MigrationExecutor(connection)
            executor.migrate(PRIVACY_AFTER)
            migrated = page.objects.get(slug="datenschutz").body
            assert "## Stellenanzeigen einreichen" in migrated
            assert ("E-Mail-Versand:** [BITTE ERGÄNZEN" in migrated) is placeholder
            assert "[BITTE ERGÄNZEN" in migrated or body == finished
            assert "[BITTE ERGÄNZEN" not in migrated or body == seeded
            executor = MigrationExecutor(connection)
            executor.migrate(PRIVACY_BEFORE)
            assert page.objects.get(slug="datenschutz").body == body
    finally:
        if existed is None:
            page.objects.filter(slug="datenschutz").delete()
        else:
            page.objects.filter(slug="datenschutz").update(body=existed.body)
        call_command("migrate", verbosity=0)
