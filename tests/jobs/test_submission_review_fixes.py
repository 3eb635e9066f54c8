"""Employer submissions (SPEC §10), the review's findings: the mail outbox, restoring from
the history, the editors' mails after an edit, the limits, the daily secret, concurrent
link use, the management link's end and the purge of postings stuck in review."""

import datetime
import hashlib
import hmac
import smtplib
import threading
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from common.outages import DeadlineExceeded
from common.text import today
from jobs import links, services
from jobs.forms import EditForm, SubmissionForm
from jobs.models import (
    SUBMISSION_FIELDS,
    DailySecret,
    JobPosting,
    MailKind,
    SubmissionAttempt,
    UnsentMail,
)
from tests.conftest import admin_form_data, confirm_action, make_posting, text_of
from tests.jobs.test_submission import CONTACT, EDITORS, SUBMIT, form_data, publish


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.POSTINGS_REVIEW_EMAIL = [EDITORS]
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
        page = admin_client.post(
            reverse("admin:jobs_jobposting_changelist"),
            {"action": "approve", "_selected_action": [posting.pk for posting in postings]},
        )
        confirm_action(admin_client, page)
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


# --- S1: the editors' mails after a change ------------------------------------------------------


def test_editors_are_mailed_when_a_posting_comes_into_review_not_for_each_change(
    client, confirmed, django_capture_on_commit_callbacks
):
    posting, manage = confirmed
    edit = manage + "bearbeiten/"
    for title in ("IT-Projektleiter:in (m/w/d)", "IT-Projektleitung (m/w/d)"):
        data = form_data(title=title, contact_email=None, consent=None)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(edit, data).status_code == 302
    posting.refresh_from_db()
    assert posting.title == "IT-Projektleitung (m/w/d)" and posting.status == "in-review"
    assert mail.outbox == []  # in review since the confirmation, whose mail went out
    # Published and then changed: back into review, and the editors learn of it once.
    publish(posting)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, form_data(contact_email=None, consent=None))
    assert [message.to for message in mail.outbox] == [[EDITORS]]


# --- S5: two requests on one posting -------------------------------------------------------------


def test_two_confirmations_at_once_send_one_review_mail(
    client, submitted, django_capture_on_commit_callbacks
):
    posting, confirm = submitted
    token = confirm.rstrip("/").split("/")[-1]
    # Both requests read the unconfirmed posting before either confirms.
    first, second = links.confirmable(token), links.confirmable(token)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(first, "http://testserver/")
    with pytest.raises(links.LinkError), django_capture_on_commit_callbacks(execute=True):
        services.confirm(second, "http://testserver/")
    assert [message.to for message in mail.outbox] == [[EDITORS]]


def test_withdraw_and_extend_recheck_the_posting_they_change(client, confirmed):
    posting, manage = confirmed
    publish(posting)
    stale = JobPosting.objects.get(pk=posting.pk)
    assert services.extend(posting, 10) is not None
    assert services.extend(stale, 10) is None  # extended meanwhile: once only
    assert services.withdraw(posting) is not None
    assert services.withdraw(stale) is None
    stale.refresh_from_db()
    assert stale.extended and stale.status == "withdrawn"


def test_a_change_after_a_withdrawal_in_another_tab_changes_nothing(client, confirmed):
    posting, manage = confirmed
    edit = manage + "bearbeiten/"
    form = EditForm(form_data(title="Neu (m/w/d)"), instance=posting)
    assert form.is_valid()
    services.withdraw(JobPosting.objects.get(pk=posting.pk))
    assert services.resubmit(form, "http://testserver/") is None
    posting.refresh_from_db()
    assert posting.status == "withdrawn" and posting.title != "Neu (m/w/d)"
    assert client.get(edit).status_code == 302


# --- S6: the management link after a change ---------------------------------------------------


def test_a_change_never_ends_the_management_link_in_use(
    client, confirmed, django_capture_on_commit_callbacks
):
    posting, _ = confirmed
    long_ago = timezone.now() - datetime.timedelta(days=100)
    JobPosting.objects.filter(pk=posting.pk).update(
        submitted_at=long_ago,
        consent_at=long_ago,
        confirmed_at=long_ago + datetime.timedelta(hours=1),
    )
    posting.refresh_from_db()
    posting.approve(today() - datetime.timedelta(days=40))
    posting.save()
    manage = reverse("jobs:submission_manage", args=[links.management_token(posting)])
    assert client.get(manage).status_code == 200  # 30 days after its end
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(manage + "bearbeiten/", form_data(contact_email=None, consent=None))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and "prüft die Anzeige erneut" in text_of(page)
    posting.refresh_from_db()
    assert links.management_deadline(posting) == today() + links.MANAGE_BEFORE_END


# --- S7: the confirmation's age, postings stuck in review -----------------------------------------


def test_a_late_confirmation_link_cannot_confirm_an_old_submission(client, submitted):
    posting, _ = submitted
    JobPosting.objects.filter(pk=posting.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(hours=70)
    )
    posting.refresh_from_db()
    # A confirmation mail sent again just now carries a fresh link.
    fresh = reverse("jobs:submission_confirm", args=[links.confirmation_token(posting)])
    response = client.post(fresh)
    assert response.status_code == 410
    posting.refresh_from_db()
    assert posting.confirmed_at is None and posting.status == "draft"


def test_purge_clears_the_contact_of_a_posting_stuck_in_review_or_set_back_to_draft(
    ruhr_content, capsys
):
    now = timezone.now()
    stuck = in_review("Vergessen (m/w/d)", confirmed_at=now - datetime.timedelta(days=91))
    waiting = in_review("Wartet (m/w/d)", confirmed_at=now - datetime.timedelta(days=89))
    # Confirmed, then set back to draft by an editor and forgotten there.
    parked = in_review(
        "Zurückgestellt (m/w/d)", status="draft", confirmed_at=now - datetime.timedelta(days=91)
    )
    UnsentMail.objects.create(posting=stuck, kind=MailKind.REVIEW)
    call_command("purge_postings")
    assert "2 Kontaktadressen gelöscht" in capsys.readouterr().out
    emails = dict(JobPosting.objects.values_list("pk", "contact_email"))
    assert emails[stuck.pk] == emails[parked.pk] == "" and emails[waiting.pk]
    assert not UnsentMail.objects.exists()
    assert JobPosting.objects.get(pk=stuck.pk).status == "in-review"  # the posting stays


# --- S2: the daily limits ------------------------------------------------------------------------


def post_from(client, capture, address, **changes):
    with capture(execute=True):
        return client.post(SUBMIT, form_data(**changes), REMOTE_ADDR=address)


def test_an_ipv6_client_is_counted_by_its_64(
    client, ruhr_content, settings, django_capture_on_commit_callbacks
):
    settings.SUBMISSIONS_PER_ADDRESS_PER_DAY = 1
    capture = django_capture_on_commit_callbacks
    assert post_from(client, capture, "2001:db8:1:2::1").status_code == 302
    same_64 = post_from(client, capture, "2001:db8:1:2:ffff:1:2:3", contact_email="b@x.example")
    assert same_64.status_code == 429
    other_64 = post_from(client, capture, "2001:db8:1:3::1", contact_email="c@x.example")
    assert other_64.status_code == 302
    assert services.client_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert JobPosting.objects.count() == 2


def test_the_count_and_the_check_are_one_step(ruhr_content, settings):
    """Two requests that both passed the form's early check: only one is stored."""
    settings.SUBMISSIONS_PER_ADDRESS_PER_DAY = 1
    forms = [SubmissionForm(form_data(contact_email=f"{n}@x.example")) for n in range(2)]
    assert all(form.is_valid() for form in forms)
    assert not services.over_daily_limit("192.0.2.7")
    services.submit(forms[0], "192.0.2.7", "http://testserver/")
    with pytest.raises(services.DailyLimitReached):
        services.submit(forms[1], "192.0.2.7", "http://testserver/")
    assert JobPosting.objects.count() == 1


def test_a_contact_address_gets_at_most_its_daily_confirmation_mails(
    client, ruhr_content, settings, django_capture_on_commit_callbacks
):
    settings.SUBMISSIONS_PER_CONTACT_PER_DAY = 2
    capture = django_capture_on_commit_callbacks
    for number in range(2):
        title = f"Stelle {number} (m/w/d)"
        assert post_from(client, capture, f"192.0.2.{number}", title=title).status_code == 302
    # Another client, the same inbox in other spelling.
    response = post_from(client, capture, "198.51.100.9", contact_email=CONTACT.upper())
    assert response.status_code == 429
    assert "Für diese Kontaktadresse" in text_of(response)
    assert int(response["Retry-After"]) > 0
    assert len(mail.outbox) == 2 and JobPosting.objects.count() == 2
    assert (
        post_from(client, capture, "198.51.100.9", contact_email="b@x.example").status_code == 302
    )


# --- S3: the daily secret -----------------------------------------------------------------------


def test_the_hashes_key_is_random_kept_for_its_day_and_purged_after_it(
    client, ruhr_content, django_capture_on_commit_callbacks
):
    assert post_from(client, django_capture_on_commit_callbacks, "192.0.2.7").status_code == 302
    (secret,) = DailySecret.objects.all()
    assert secret.day == today() and len(secret.secret) == 64
    key = secret.secret.encode()
    expected = hmac.new(key, b"client:192.0.2.7", hashlib.sha256).hexdigest()
    assert SubmissionAttempt.objects.filter(address_hash=expected, count=1).exists()
    yesterday = today() - datetime.timedelta(days=1)
    DailySecret.objects.create(day=yesterday, secret="f" * 64)
    call_command("purge_postings")
    assert list(DailySecret.objects.values_list("day", flat=True)) == [today()]


# --- S2, S5 on PostgreSQL: requests that really run at once -------------------------------------


def at_once(*calls):
    """Run ``calls`` in threads (each with its own database connection) started together;
    their results or exceptions, in order."""
    assert connection.vendor == "postgresql", "concurrent writers need the PostgreSQL pass"
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - handed back to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# SQLite writes one transaction at a time: these run in the PostgreSQL pass only, never
# skipped (`make test-sqlite` leaves the marker out).
postgres_only = pytest.mark.postgres


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_never_pass_the_daily_limit(ruhr_content, settings):
    settings.SUBMISSIONS_PER_ADDRESS_PER_DAY = 2
    forms = [SubmissionForm(form_data(contact_email=f"{n}@x.example")) for n in range(6)]
    assert all(form.is_valid() for form in forms)
    calls = [
        lambda form=form: services.submit(form, "192.0.2.7", "http://testserver/") for form in forms
    ]
    results = at_once(*calls)
    assert sum(isinstance(result, JobPosting) for result in results) == 2
    assert all(isinstance(result, (JobPosting, services.DailyLimitReached)) for result in results)
    assert JobPosting.objects.count() == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_confirmations_send_one_review_mail(ruhr_content):
    posting = make_posting(
        contact_email=CONTACT, submitted_at=timezone.now(), consent_at=timezone.now()
    )
    token = links.confirmation_token(posting)
    all_read = threading.Barrier(3)

    def confirm():
        # Each request finds the link unused before any confirms.
        confirmable = links.confirmable(token)
        all_read.wait()
        return services.confirm(confirmable, "http://testserver/")

    results = at_once(confirm, confirm, confirm)
    assert sum(isinstance(result, JobPosting) for result in results) == 1
    assert all(isinstance(result, (JobPosting, links.LinkError)) for result in results)
    assert [message.to for message in mail.outbox] == [[EDITORS]]


# --- Nits: a refused recipient, no address in the logs -------------------------------------------


def test_a_refused_recipient_is_not_kept_for_sending_again_and_not_logged(
    client, ruhr_content, caplog, django_capture_on_commit_callbacks
):
    refused = smtplib.SMTPRecipientsRefused({CONTACT: (550, b"5.1.1 no such user")})
    with mock.patch.object(EmailMessage, "send", side_effect=refused):
        assert post_from(client, django_capture_on_commit_callbacks, "192.0.2.7").status_code == 302
    assert not UnsentMail.objects.exists()
    assert "recipient was refused" in caplog.text and CONTACT not in caplog.text


def test_a_mail_server_error_is_kept_and_logged_without_the_address(
    client, ruhr_content, caplog, django_capture_on_commit_callbacks
):
    failure = smtplib.SMTPDataError(451, f"try again later, {CONTACT}".encode())
    with mock.patch.object(EmailMessage, "send", side_effect=failure):
        assert post_from(client, django_capture_on_commit_callbacks, "192.0.2.7").status_code == 302
    assert list(UnsentMail.objects.values_list("kind", flat=True)) == [MailKind.CONFIRMATION]
    assert "was not accepted: 451" in caplog.text and CONTACT not in caplog.text
