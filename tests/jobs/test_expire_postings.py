"""`manage.py expire_postings` marks ended published postings for the editors, once."""

import datetime
import io

import pytest
from django.core.management import call_command
from reversion.models import Version

from common.text import today
from jobs.models import JobPosting
from tests.conftest import make_posting

pytestmark = pytest.mark.django_db


def days(number):
    return today() + datetime.timedelta(days=number)


def run():
    out = io.StringIO()
    call_command("expire_postings", stdout=out)
    return out.getvalue()


def test_marks_ended_published_postings_and_nothing_else():
    ended = make_posting(status="published", published_on=days(-30), valid_through=days(-1))
    last_day = make_posting(status="published", published_on=days(-30), valid_through=days(0))
    withdrawn = make_posting(status="withdrawn", published_on=days(-30), valid_through=days(-1))
    draft = make_posting()
    untouched = {p.pk: p.updated_at for p in (last_day, withdrawn, draft)}

    output = run()

    assert output.startswith("1 abgelaufene Stelle markiert (gültig bis vor dem ")
    assert set(JobPosting.objects.filter(expired=True)) == {ended}
    for posting in JobPosting.objects.filter(pk__in=untouched):
        assert posting.updated_at == untouched[posting.pk]
    (version,) = Version.objects.get_for_object(ended)
    assert version.revision.comment == "Abgelaufen (expire_postings)."
    # Already hidden from visitors before the command ran; it only tells the editors.
    assert list(JobPosting.objects.open()) == [last_day]


def test_is_idempotent():
    make_posting(status="published", published_on=days(-30), valid_through=days(-1))
    make_posting(status="published", published_on=days(-40), valid_through=days(-2))
    assert run().startswith("2 abgelaufene Stellen markiert")
    assert run().startswith("0 abgelaufene Stellen markiert")
    assert JobPosting.objects.filter(expired=True).count() == 2
