"""The data steps of the jobs migrations on rows that existed before them."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("jobs", "0006_employer_submissions")]
AFTER = [("jobs", "0007_first_published_on")]


def test_first_published_on_marks_only_postings_known_to_have_been_approved():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    posting = apps.get_model("jobs", "JobPosting")
    occupation = apps.get_model("jobs", "Occupation").objects.create(name="Beruf", slug="beruf")
    region = apps.get_model("regions", "Region").objects.create(name="Essen", slug="essen")
    day = datetime.date(2026, 11, 2)
    now = timezone.now()
    dated = {"published_on": day, "valid_through": day}
    submitted = {"submitted_at": now, "consent_at": now, "confirmed_at": now}

    def make(ref, status, **fields):
        return posting.objects.create(
            ref=ref,
            status=status,
            title="Stelle",
            employer_name="Firma",
            occupation=occupation,
            region=region,
            level="entry",
            min_eur=3300,
            max_eur=3700,
            workplace="hybrid",
            description="Text",
            apply_url="https://example.org/",
            rejection_reason="Grund" if status == "rejected" else "",
            **fields,
        ).pk

    expected = {
        make("published", "published", **dated): day,
        make("editors-withdrawn", "withdrawn", **dated): day,
        make("editors-rejected", "rejected", **dated): day,
        make("submission-withdrawn", "withdrawn", **dated, **submitted): None,
        make("submission-rejected", "rejected", **dated, **submitted): None,
        make("submission-published", "published", **dated, **submitted): day,
        make("in-review", "in-review", **submitted): None,
        make("draft", "draft"): None,
    }
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        migrated = executor.loader.project_state(AFTER).apps.get_model("jobs", "JobPosting")
        assert dict(migrated.objects.values_list("pk", "first_published_on")) == expected
    finally:
        posting.objects.all().delete()
        occupation.delete()
        region.delete()
        call_command("migrate", verbosity=0)
