"""The mail outbox (SPEC §10): a recipient refused for now or for good, what the employer
and the editors are told, the drain ``manage.py send_mails`` and resends running at once."""

import io
import smtplib
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command
from django.urls import reverse

from jobs import links, services
from jobs.models import JobPosting, MailKind, UnsentMail
from tests.conftest import confirm_action, text_of
from tests.jobs.test_submission import CONTACT, EDITORS, form_data, publish
from tests.jobs.test_submission_review_fixes import at_once, in_review, post_from

SITE = "https://revier.example/"


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
    # The address is gone, and the same form sent again is a new try, refused again:
    # never a thank-you page for a mail that did not go out.
    assert JobPosting.objects.get().contact_email == ""
    with mock.patch.object(EmailMessage, "send", side_effect=refusal(550)):
        again = client.post("/stellen/einreichen/", form_data(), follow=True)
    assert JobPosting.objects.count() == 2
    assert "hat unsere E-Mail mit dem Bestätigungslink abgewiesen" in text_of(again)


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
    approve = admin_client.post(
        reverse("admin:jobs_jobposting_changelist"),
        {"action": "approve", "_selected_action": [posting.pk]},
    )
    with mock.patch.object(EmailMessage, "send", side_effect=refusal(550)):
        response = confirm_action(admin_client, approve, follow=True)
    page = text_of(response)
    assert "hat die Kontaktadresse abgewiesen" in page
    assert "Mailserver nicht erreichbar" not in page
    assert not UnsentMail.objects.exists()


# --- The drain: manage.py send_mails -------------------------------------------------------------


def test_send_mails_sends_the_due_mails_and_drops_those_whose_occasion_passed(ruhr_content):
    waiting = in_review("Wartet (m/w/d)")
    UnsentMail.objects.create(posting=waiting, kind=MailKind.REVIEW)
    overtaken = in_review("Überholt (m/w/d)")
    UnsentMail.objects.create(posting=overtaken, kind=MailKind.PUBLISHED)
    out = io.StringIO()
    call_command("send_mails", SITE, stdout=out)
    (message,) = mail.outbox
    assert message.to == [EDITORS] and "Wartet" in message.subject
    assert f"{SITE}admin/jobs/jobposting/{waiting.pk}/change/" in message.body
    assert not UnsentMail.objects.exists()
    assert "1 E-Mail gesendet." in out.getvalue()
    assert "Keine E-Mail steht mehr aus." in out.getvalue()


def test_send_mails_counts_as_sent_only_what_went_out(ruhr_content, settings):
    # Without an editors' address the review mail has nobody to go to: dropped, not "sent".
    settings.POSTINGS_REVIEW_EMAIL = []
    UnsentMail.objects.create(posting=in_review("Niemand (m/w/d)"), kind=MailKind.REVIEW)
    out = io.StringIO()
    call_command("send_mails", SITE, stdout=out)
    assert mail.outbox == [] and not UnsentMail.objects.exists()
    assert "0 E-Mails gesendet." in out.getvalue()


def test_send_mails_stops_at_the_first_connection_failure(ruhr_content):
    for number in range(3):
        UnsentMail.objects.create(posting=in_review(f"Stelle {number}"), kind=MailKind.REVIEW)
    with (
        mock.patch.object(EmailMessage, "send", side_effect=ConnectionRefusedError) as send,
        pytest.raises(CommandError, match="3 E-Mails stehen noch aus"),
    ):
        call_command("send_mails", SITE, stdout=io.StringIO())
    assert send.call_count == 1
    assert UnsentMail.objects.count() == 3


def test_send_mails_goes_on_past_a_message_the_server_does_not_accept(ruhr_content):
    # A spam filter's 554 after DATA: that mail stays for the next run, the others go out.
    for number in range(2):
        UnsentMail.objects.create(posting=in_review(f"Stelle {number}"), kind=MailKind.REVIEW)
    spam = smtplib.SMTPDataError(554, b"looks like spam")
    out = io.StringIO()
    with mock.patch.object(EmailMessage, "send", side_effect=[spam, 1]) as send:
        call_command("send_mails", SITE, stdout=out)
    assert send.call_count == 2
    assert "1 E-Mail gesendet." in out.getvalue() and "1 E-Mail steht noch aus." in out.getvalue()
    assert UnsentMail.objects.count() == 1


def test_send_mails_goes_on_past_a_refused_recipient(ruhr_content):
    for number in range(3):
        UnsentMail.objects.create(posting=in_review(f"Stelle {number}"), kind=MailKind.REVIEW)
    out = io.StringIO()
    with mock.patch.object(
        EmailMessage, "send", side_effect=[refusal(450), refusal(550), 1]
    ) as send:
        call_command("send_mails", SITE, stdout=out)
    assert send.call_count == 3
    assert "1 E-Mail gesendet." in out.getvalue()
    assert "1 E-Mail verworfen: Der Mailserver des Empfängers hat die Adresse abgewiesen." in (
        out.getvalue()
    )
    assert "1 E-Mail steht noch aus." in out.getvalue()
    assert UnsentMail.objects.count() == 1


def test_send_mails_needs_the_sites_address(db):
    with pytest.raises(CommandError, match="Adresse der Website"):
        call_command("send_mails", "revier.example")


# --- Two senders at once ---------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_resends_at_once_send_the_mail_once(ruhr_content):
    posting = in_review("Stelle (m/w/d)")
    UnsentMail.objects.create(posting=posting, kind=MailKind.REVIEW)
    sent = []

    def slow_send(message, fail_silently=False):
        time.sleep(0.5)  # the mail server dawdles: the other sender has read the outbox
        sent.append(message)
        return 1

    with mock.patch.object(EmailMessage, "send", slow_send):
        results = at_once(
            lambda: services.resend(posting, SITE),
            lambda: call_command("send_mails", SITE, stdout=io.StringIO()),
        )
    assert not any(isinstance(result, Exception) for result in results), results
    assert len(sent) == 1
    assert not UnsentMail.objects.exists()
