"""The data steps of the jobs migrations on rows that existed before them."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("jobs", "0005_posting_order_indexes")]
AFTER = [("jobs", "0006_employer_submissions")]


def test_postings_public_so_far_keep_their_410_page_as_they_are_named_now():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    posting = apps.get_model("jobs", "JobPosting")
    occupation = apps.get_model("jobs", "Occupation").objects.create(name="Beruf", slug="beruf")
    region = apps.get_model("regions", "Region").objects.create(name="Essen", slug="essen")
    day = datetime.date(2026, 11, 2)
    dated = {"published_on": day, "valid_through": day}

    def make(ref, status, **fields):
        return posting.objects.create(
            ref=ref,
            status=status,
            title=f"Stelle {ref}",
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

    public = {
        make(status, status, **dated): status for status in ("published", "withdrawn", "rejected")
    }
    never = [make("in-review", "in-review"), make("draft", "draft")]
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        migrated = executor.loader.project_state(AFTER).apps.get_model("jobs", "JobPosting")
        rows = migrated.objects.values_list(
            "pk", "first_published_on", "public_title", "public_employer_name", "public_region"
        )
        assert {pk: rest for pk, *rest in rows} == {
            **{pk: [day, f"Stelle {ref}", "Firma", region.pk] for pk, ref in public.items()},
            **{pk: [None, "", "", None] for pk in never},
        }
    finally:
        posting.objects.all().delete()
        occupation.delete()
        region.delete()
        call_command("migrate", verbosity=0)
