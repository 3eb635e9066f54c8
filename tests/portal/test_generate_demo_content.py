"""manage.py generate_demo_content: synthetic data for the benchmark, postings included."""

import io

import pytest
from django.core.management import call_command

from jobs.models import JobPosting
from regions.models import CareerProfile

pytestmark = pytest.mark.django_db


def test_postings_are_open_and_keep_every_rule():
    call_command(
        "generate_demo_content",
        "--regions",
        "3",
        "--occupations",
        "2",
        "--postings",
        "40",
        stdout=io.StringIO(),
    )
    assert CareerProfile.objects.count() == 6
    assert JobPosting.objects.open().count() == 40
    for posting in JobPosting.objects.all():
        posting.full_clean()  # the model's rules, minimum wage and pay spread included
        assert posting.tools.count() == 2


def test_no_postings_by_default():
    call_command(
        "generate_demo_content", "--regions", "1", "--occupations", "1", stdout=io.StringIO()
    )
    assert not JobPosting.objects.exists()
