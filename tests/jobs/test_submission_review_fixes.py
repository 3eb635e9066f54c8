"""Employer submissions (SPEC §10), the review's findings: the mail outbox, restoring from
the history, the editors' mails after an edit, the limits, the daily secret, concurrent
link use, the management link's end and the purge of postings stuck in review."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from common.outages import DeadlineExceeded
from jobs.models import SUBMISSION_FIELDS, JobPosting, MailKind, UnsentMail
from tests.conftest import admin_form_data, make_posting


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.POSTINGS_REVIEW_EMAIL = ["redaktion@example.org"]
    settings.SUBMISSIONS_PER_ADDRESS_PER_DAY = 5


def in_review(title, **fields):
    now = timezone.now()
    values = {
        "status": "in-review",
        "contact_email": f"{abs(hash(title)) % 10**6}@firma.example",
        "submitted_at": now - datetime.timedelta(hours=3),
        "consent_at": now - datetime.timedelta(hours=3),
        "confirmed_at": now - datetime.timedelta(hours=2),
        **fields,
    }
    return make_posting(title=title, **values)


# --- B3: the outbox ------------------------------------------------------------------------


def test_a_batch_approval_cut_short_in_its_second_mail_loses_none(
    admin_client, ruhr_content, django_capture_on_commit_callbacks
):
    postings = [in_review(f"Stelle {number} (m/w/d)") for number in range(3)]
    sent = []

    def send_or_hit_the_deadline(message, *args, **kwargs):
        if len(sent) == 1:
            sent.append(None)
            raise DeadlineExceeded()
        sent.append(message)
        return 1

    with (
        mock.patch.object(EmailMessage, "send", send_or_hit_the_deadline),
        pytest.raises(DeadlineExceeded),
        django_capture_on_commit_callbacks(execute=True),
    ):
        admin_client.post(
            reverse("admin:jobs_jobposting_changelist"),
            {"action": "approve", "_selected_action": [posting.pk for posting in postings]},
        )
    assert JobPosting.objects.filter(status="published").count() == 3
    (delivered,) = [message for message in sent if message is not None]
    unsent = UnsentMail.objects.all()
    assert len(unsent) == 2 and {mail.kind for mail in unsent} == {MailKind.PUBLISHED}
    recipients = {posting.contact_email for posting in postings}
    assert recipients == set(delivered.to) | {mail.posting.contact_email for mail in unsent}
    # The admin's resend action sends the two.
    admin_client.post(
        reverse("admin:jobs_jobposting_changelist"),
        {"action": "resend_mails", "_selected_action": [posting.pk for posting in postings]},
    )
    assert len(mail.outbox) == 2 and not UnsentMail.objects.exists()


# --- B4: restoring from the history -----------------------------------------------------------


def test_restoring_a_submission_keeps_its_submission_data_and_extension(editor, ruhr_content):
    client = Client()
    client.force_login(editor)
    posting = in_review("Stelle (m/w/d)")
    change = reverse("admin:jobs_jobposting_change", args=[posting.pk])
    assert client.post(change, admin_form_data(client.get(change))).status_code == 302
    data = admin_form_data(client.get(change), min_eur="3400")
    assert client.post(change, data).status_code == 302
    JobPosting.objects.filter(pk=posting.pk).update(extended=True)
    kept = JobPosting.objects.values(*SUBMISSION_FIELDS, "extended").get(pk=posting.pk)
    assert all(kept.values())

    older = Version.objects.get_for_object(posting).order_by("pk").first()
    restore = reverse("admin:jobs_jobposting_restore", args=[posting.pk, older.pk])
    assert client.post(restore).status_code == 302
    posting.refresh_from_db()
    assert posting.min_eur == 3300
    assert JobPosting.objects.values(*SUBMISSION_FIELDS, "extended").get(pk=posting.pk) == kept
