"""The mail outbox (SPEC §10): a recipient refused for now or for good, and what the employer
and the editors are told."""

import smtplib
from unittest import mock

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse

from jobs import links
from jobs.models import MailKind, UnsentMail
from tests.conftest import text_of
from tests.jobs.test_submission import CONTACT, EDITORS, form_data, publish
from tests.jobs.test_submission_review_fixes import in_review, post_from


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.POSTINGS_REVIEW_EMAIL = [EDITORS]
    settings.SUBMISSIONS_PER_ADDRESS_PER_DAY = 5


def refusal(*codes):
    """The error of a mail server that refused each recipient with one of ``codes``."""
    return smtplib.SMTPRecipientsRefused(
        {f"{number}@firma.example": (code, b"refused") for number, code in enumerate(codes)}
    )


# --- Refused for now or for good -------------------------------------------------------------


@pytest.mark.parametrize(
    ("codes", "kept"),
    [((450,), True), ((550, 451), True), ((550,), False), ((550, 553), False)],
)
def test_a_refusal_keeps_the_mail_unless_every_recipient_is_refused_for_good(
    client, ruhr_content, caplog, django_capture_on_commit_callbacks, codes, kept
):
    with mock.patch.object(EmailMessage, "send", side_effect=refusal(*codes)):
        assert post_from(client, django_capture_on_commit_callbacks, "192.0.2.7").status_code == 302
    assert UnsentMail.objects.filter(kind=MailKind.CONFIRMATION).exists() == kept
    assert "@firma.example" not in caplog.text


# Outside a test transaction, as on a server: the mail goes out within the request.
@pytest.mark.django_db(transaction=True)
def test_the_thank_you_page_says_the_address_was_refused(client, ruhr_content):
    with mock.patch.object(EmailMessage, "send", side_effect=refusal(550)):
        response = client.post("/stellen/einreichen/", form_data())
    assert response.status_code == 302
    page = text_of(client.get(response["Location"]))
    assert "hat unsere E-Mail mit dem Bestätigungslink abgewiesen" in page
    assert "mit einer korrekten Adresse erneut ein" in page
    assert "Wir haben eine E-Mail" not in page


@pytest.mark.django_db(transaction=True)
def test_a_temporary_refusal_is_offered_again_on_the_thank_you_page(client, ruhr_content):
    with mock.patch.object(EmailMessage, "send", side_effect=refusal(450)):
        response = client.post("/stellen/einreichen/", form_data())
    page = text_of(client.get(response["Location"]))
    assert "konnte gerade nicht gesendet werden" in page and "abgewiesen" not in page


def test_a_resend_from_the_thank_you_page_whose_address_is_refused_says_so(
    client, ruhr_content, django_capture_on_commit_callbacks
):
    with mock.patch.object(EmailMessage, "send", side_effect=OSError("Connection refused")):
        received = post_from(client, django_capture_on_commit_callbacks, "192.0.2.7")["Location"]
    with mock.patch.object(EmailMessage, "send", side_effect=refusal(550)):
        response = client.post(received, follow=True)
    assert not UnsentMail.objects.exists()
    page = text_of(response)
    assert "hat unsere E-Mail mit dem Bestätigungslink abgewiesen" in page
    assert "E-Mail erneut senden" not in page


def test_a_resend_from_the_management_page_whose_address_is_refused_says_so(client, ruhr_content):
    posting = in_review("Stelle (m/w/d)", contact_email=CONTACT)
    publish(posting)
    UnsentMail.objects.create(posting=posting, kind=MailKind.PUBLISHED)
    manage = reverse("jobs:submission_manage", args=[links.management_token(posting)])
    page = text_of(client.get(manage))
    assert "Eine E-Mail an Sie konnte gerade nicht gesendet werden" in page
    with mock.patch.object(EmailMessage, "send", side_effect=refusal(550)):
        response = client.post(manage, {"aktion": "erneut-senden"}, follow=True)
    page = text_of(response)
    assert f"Der Mailserver Ihrer Adresse {CONTACT} hat die E-Mail abgewiesen" in page
    assert "Die E-Mail ist jetzt gesendet." not in page
    assert not UnsentMail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_admin_says_when_the_employers_address_was_refused(admin_client, ruhr_content):
    posting = in_review("Stelle (m/w/d)")
    with mock.patch.object(EmailMessage, "send", side_effect=refusal(550)):
        response = admin_client.post(
            reverse("admin:jobs_jobposting_changelist"),
            {"action": "approve", "_selected_action": [posting.pk]},
            follow=True,
        )
    page = text_of(response)
    assert "hat die Kontaktadresse abgewiesen" in page
    assert "Mailserver nicht erreichbar" not in page
    assert not UnsentMail.objects.exists()
