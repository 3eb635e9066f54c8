"""Employer submissions (SPEC §10) through the test client: the form and its preview, the
signed links, the mails, the management page, the editors' queue, abuse and the purge."""

import datetime
import io
import re
import smtplib
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from common import content_version
from common.text import today
from jobs import links, services
from jobs.models import JobPosting, MailKind, Occupation, SubmissionAttempt, Tool, UnsentMail
from regions.models import Region
from tests.conftest import confirm_action, make_posting, text_of

SUBMIT = "/stellen/einreichen/"
CONTACT = "personal@firma.example"
EDITORS = "redaktion@example.org"
LINK = re.compile(r"http://testserver(/\S+)")


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.POSTINGS_REVIEW_EMAIL = [EDITORS]
    settings.SUBMISSIONS_PER_ADDRESS_PER_DAY = 5


def form_data(**changes):
    data = {
        "title": "IT-Projektkoordinator:in (m/w/d)",
        "employer_name": "Hafen Duisburg GmbH",
        "employer_website": "https://hafen.example/",
        "occupation": Occupation.objects.get(slug="it-projektkoordinator").pk,
        "region": Region.objects.get(slug="duisburg").pk,
        "level": "entry",
        "min_eur": "3300",
        "max_eur": "3700",
        "employment": "full-time",
        "weekly_hours": "",
        "workplace": "hybrid",
        "description": "Sie koordinieren **IT-Projekte** im Hafen & an Land.",
        "apply_url": "https://hafen.example/bewerben",
        "apply_email": "",
        "contact_email": CONTACT,
        "consent": "on",
        "fax": "",
        "schritt": "absenden",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def links_in(message):
    return LINK.findall(message.body)


def submit(client, capture, **changes):
    with capture(execute=True):
        response = client.post(SUBMIT, form_data(**changes))
    return response


@pytest.fixture
def submitted(client, ruhr_content, django_capture_on_commit_callbacks):
    """A submission stored and its confirmation mail sent: (posting, confirmation link)."""
    response = submit(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    posting = JobPosting.objects.get(contact_email=CONTACT)
    (message,) = mail.outbox
    confirm = next(url for url in links_in(message) if "/bestaetigen/" in url)
    mail.outbox.clear()
    return posting, confirm


@pytest.fixture
def confirmed(client, submitted, django_capture_on_commit_callbacks):
    """The submission confirmed: (posting, management link)."""
    posting, confirm = submitted
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm)
    assert response.status_code == 302
    mail.outbox.clear()
    posting.refresh_from_db()
    return posting, response["Location"].split("?")[0]


# --- The form ------------------------------------------------------------------------------


def test_the_form_sets_the_csrf_cookie_and_only_it(client, ruhr_content):
    response = client.get(SUBMIT)
    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    # A session cookie, as the Datenschutzerklärung says (CSRF_COOKIE_AGE = None).
    assert response.cookies["csrftoken"]["max-age"] == ""
    assert response.cookies["csrftoken"]["expires"] == ""
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    page = text_of(response)
    assert "Geschlechtsneutral" in page  # the title's reminder
    assert 'href="/datenschutz/"' in response.content.decode()
    assert 'class="honeypot" aria-hidden="true"' in response.content.decode()
    assert not client.get("/stellen/").cookies


def test_preview_shows_the_posting_with_its_verdict_and_stores_nothing(client, ruhr_content):
    response = client.post(SUBMIT, form_data(schritt="vorschau"))
    assert response.status_code == 200
    page = text_of(response)
    assert "Vorschau Ihrer Stellenanzeige" in page
    assert "3.300–3.700" in page
    assert "Gehalt innerhalb der Spanne" in page
    assert "Absenden" in page and "Ändern" in page
    # Every value travels on in hidden fields, escaped.
    assert (
        'name="description" value="Sie koordinieren **IT-Projekte** im Hafen &amp; an Land."'
        in (response.content.decode())
    )
    assert not JobPosting.objects.exists()
    # "Ändern" brings the filled form back.
    response = client.post(SUBMIT, form_data(schritt="aendern"))
    assert 'value="Hafen Duisburg GmbH"' in response.content.decode()
    assert not JobPosting.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"max_eur": "7000"}, "höchstens doppelt so hoch"),
        ({"min_eur": "1000", "max_eur": "1500"}, "gesetzlichen Mindestlohn"),
        ({"apply_url": ""}, "Web-Adresse oder eine E-Mail-Adresse für Bewerbungen"),
        ({"employment": "part-time"}, "Bei Teilzeit bitte die Wochenstunden angeben."),
        ({"consent": None}, "Ohne Ihre Einwilligung"),
        ({"contact_email": "kein-mail"}, "gültige E-Mail-Adresse"),
        ({"title": "x" * 201}, "höchstens 200 Zeichen"),
    ],
)
def test_the_models_rules_are_german_messages_at_the_fields(client, ruhr_content, changes, message):
    response = client.post(SUBMIT, form_data(**changes))
    assert response.status_code == 200
    assert message in text_of(response)
    assert 'aria-invalid="true"' in response.content.decode()
    assert not JobPosting.objects.exists()


def test_submission_is_an_unconfirmed_draft_and_mails_the_confirmation(
    client, ruhr_content, django_capture_on_commit_callbacks
):
    response = submit(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    posting = JobPosting.objects.get()
    assert posting.status == JobPosting.Status.DRAFT
    assert posting.submitted_at and posting.consent_at and posting.confirmed_at is None
    assert posting.contact_email == CONTACT
    (message,) = mail.outbox
    assert message.to == [CONTACT]
    assert "Bitte bestätigen Sie" in message.subject
    assert "48 Stunden" in message.body
    assert "&amp;" not in message.body
    assert any("/bestaetigen/" in url for url in links_in(message))
    assert any("/verwalten/" in url for url in links_in(message))
    thanks = client.get(response["Location"])
    assert "Bitte prüfen Sie Ihr Postfach" in text_of(thanks)
    assert CONTACT in text_of(thanks)
    # Not public, and not in the editors' list.
    assert client.get(posting.get_absolute_url()).status_code == 404


def test_absenden_pressed_twice_stores_counts_and_mails_once(
    client, ruhr_content, django_capture_on_commit_callbacks
):
    first = submit(client, django_capture_on_commit_callbacks)
    second = submit(client, django_capture_on_commit_callbacks)
    assert first.status_code == second.status_code == 302

    def receipt(response):
        return links.received(response["Location"].rstrip("/").rsplit("/", 1)[-1])

    assert receipt(second) == receipt(first)
    assert JobPosting.objects.count() == 1 and len(mail.outbox) == 1
    assert list(SubmissionAttempt.objects.values_list("count", flat=True)) == [1, 1]
    # Anything changed (a text, the tools) is another submission.
    submit(client, django_capture_on_commit_callbacks, description="Anders beschrieben.")
    submit(client, django_capture_on_commit_callbacks, tools=[Tool.objects.first().pk])
    assert JobPosting.objects.count() == 3 and len(mail.outbox) == 3


def test_the_contact_address_is_never_public_nor_in_the_history(
    client, confirmed, admin_client, django_capture_on_commit_callbacks
):
    posting, _ = confirmed
    with django_capture_on_commit_callbacks(execute=True):
        approve_in_admin(admin_client, posting)
    page = client.get(posting.get_absolute_url())
    assert page.status_code == 200 and CONTACT not in page.content.decode()
    assert CONTACT not in client.get("/feeds/stellen/").content.decode()
    assert CONTACT not in client.get("/daten/revier-it-karriere.json").content.decode()
    from reversion.models import Version

    assert all(CONTACT not in version.serialized_data for version in Version.objects.all())


def test_a_too_large_body_is_refused(client, ruhr_content):
    response = client.post(SUBMIT, form_data(description="ä" * 150_000))
    assert response.status_code == 413
    assert "zu umfangreich" in text_of(response)
    assert not JobPosting.objects.exists()


# --- Abuse -----------------------------------------------------------------------------------


def test_the_honeypot_refuses_in_german_and_stores_nothing(
    client, ruhr_content, django_capture_on_commit_callbacks
):
    response = submit(client, django_capture_on_commit_callbacks, fax="+49 201 123")
    assert response.status_code == 400
    assert "nur automatische Programme" in text_of(response)
    assert not JobPosting.objects.exists() and not SubmissionAttempt.objects.exists()
    assert mail.outbox == []


def test_the_daily_limit_per_address_answers_429_and_keeps_no_address(
    client, ruhr_content, settings, django_capture_on_commit_callbacks
):
    settings.SUBMISSIONS_PER_ADDRESS_PER_DAY = 2
    for number in range(2):
        title = f"Stelle {number} (m/w/d)"
        assert submit(client, django_capture_on_commit_callbacks, title=title).status_code == 302
    response = submit(client, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "Zu viele Einreichungen für heute" in text_of(response)
    assert int(response["Retry-After"]) > 0
    assert JobPosting.objects.count() == 2
    # One count of two under a hash, which is not the address (another address: the next
    # test), next to the contact address's count.
    client_hash = services.address_hash("client:127.0.0.1")
    counts = dict(SubmissionAttempt.objects.values_list("address_hash", "count"))
    assert counts[client_hash] == 2 and len(counts) == 2
    assert all(len(hashed) == 64 for hashed in counts)
    # The key changes daily: the same address hashes differently tomorrow.
    tomorrow = today() + datetime.timedelta(days=1)
    assert services.address_hash("127.0.0.1") != services.address_hash("127.0.0.1", tomorrow)
    # A flood never reaches the editors' queue: unconfirmed ones are not in the admin.
    assert not JobPosting.objects.filter(status=JobPosting.Status.IN_REVIEW).exists()


def test_another_address_has_its_own_limit(
    client, ruhr_content, settings, django_capture_on_commit_callbacks
):
    settings.SUBMISSIONS_PER_ADDRESS_PER_DAY = 1
    assert submit(client, django_capture_on_commit_callbacks).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT, form_data(title="Andere (m/w/d)"), REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302
    # Two client addresses, one contact address.
    assert sorted(SubmissionAttempt.objects.values_list("count", flat=True)) == [1, 1, 2]


# --- The links ---------------------------------------------------------------------------------


def test_confirming_puts_it_in_review_and_mails_the_editors(
    client, submitted, django_capture_on_commit_callbacks
):
    posting, confirm = submitted
    page = client.get(confirm)
    assert page.status_code == 200 and "Jetzt bestätigen" in text_of(page)
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.DRAFT  # opening the link alone confirms nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm)
    assert response.status_code == 302 and "/verwalten/" in response["Location"]
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.IN_REVIEW and posting.confirmed_at
    (message,) = mail.outbox
    assert message.to == [EDITORS]
    assert f"/admin/jobs/jobposting/{posting.pk}/change/" in message.body
    # The queue link opens the queue itself, oldest confirmation first.
    queue = next(url for url in links_in(message) if "/change/" not in url)
    assert queue == "/admin/jobs/jobposting/?pruefliste=ja"
    manage = client.get(response["Location"])
    assert "liegt jetzt der Redaktion zur Prüfung vor" in text_of(manage)
    assert "In Prüfung" in text_of(manage)


def test_submit_confirm_and_resend_leave_the_main_content_version(
    client, ruhr_content, django_capture_on_commit_callbacks
):
    # Bookkeeping (unsent mails, the daily counts) is on no page: pages without postings
    # (the finder, the comparison) stay cached through a whole submission.
    before = content_version.current()
    with mock.patch.object(EmailMessage, "send", side_effect=smtplib.SMTPServerDisconnected):
        response = submit(client, django_capture_on_commit_callbacks)
    assert UnsentMail.objects.exists() and SubmissionAttempt.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"])
    assert not UnsentMail.objects.exists()
    confirm = next(url for url in links_in(mail.outbox[-1]) if "/bestaetigen/" in url)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(confirm).status_code == 302
    assert len(mail.outbox) == 2
    assert content_version.current() == before


def test_only_a_posting_on_the_site_moves_the_postings_version(
    client, submitted, django_capture_on_commit_callbacks
):
    # Submitting, confirming, editing in review and purging touch no page: the cached
    # list, feed, profile and city pages stay cached, however often someone submits.
    def version():
        return content_version.current(content_version.POSTINGS)

    def post(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 302
        return response

    before = version()
    submit(client, django_capture_on_commit_callbacks, contact_email="zweite@firma.example")
    manage = post(submitted[1])["Location"].split("?")[0]
    edit = form_data(contact_email=None, consent=None, title="Neuer Titel (m/w/d)")
    post(manage + "bearbeiten/", edit)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_postings", stdout=io.StringIO())
    posting = JobPosting.objects.get(pk=submitted[0].pk)
    assert posting.title == "Neuer Titel (m/w/d)" and version() == before

    # Approving it, taking it off the site by an edit, and withdrawing it do.
    with django_capture_on_commit_callbacks(execute=True):
        publish(posting)
    assert version() != before
    published = version()
    post(manage + "bearbeiten/", form_data(contact_email=None, consent=None))
    assert client.get(posting.get_absolute_url()).status_code == 404
    assert version() != published
    off_the_site = version()
    with django_capture_on_commit_callbacks(execute=True):
        publish(JobPosting.objects.get(pk=posting.pk))
    post(manage, {"aktion": "zurueckziehen"})
    posting.refresh_from_db()
    assert client.get(posting.get_absolute_url()).status_code == 410
    assert version() != off_the_site


def test_a_used_confirmation_link_cannot_confirm_twice(client, confirmed, submitted):
    _, confirm = submitted
    for response in (client.get(confirm), client.post(confirm)):
        assert response.status_code == 410
        assert "schon bestätigt" in text_of(response)
    assert mail.outbox == []


@pytest.mark.parametrize("kind", ["confirm", "manage"])
def test_a_tampered_link_gives_a_german_400(client, confirmed, submitted, kind):
    posting, manage = confirmed
    url = submitted[1] if kind == "confirm" else manage
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = url.replace(token, token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"))
    response = client.get(forged)
    assert response.status_code == 400
    assert "Dieser Link ist ungültig" in text_of(response)
    # A token signed for another purpose is no good either.
    other = (
        links.confirmation_token(posting) if kind == "manage" else links.management_token(posting)
    )
    assert client.get(url.replace(token, other)).status_code == 400


def test_an_expired_confirmation_link_gives_a_german_410(client, ruhr_content, submitted):
    posting, _ = submitted
    with mock.patch("time.time", return_value=time.time() - 49 * 3600):
        old = links.confirmation_token(posting)
    response = client.get(reverse("jobs:submission_confirm", args=[old]))
    assert response.status_code == 410
    assert "Dieser Link ist abgelaufen" in text_of(response)
    assert "48 Stunden" in text_of(response)


def test_the_management_link_ends_30_days_after_the_posting(client, confirmed):
    posting, manage = confirmed
    day = today()
    posting.approve(day - datetime.timedelta(days=80))
    posting.valid_through = day - datetime.timedelta(days=20)
    posting.save()
    assert client.get(manage).status_code == 200
    posting.valid_through = day - datetime.timedelta(days=31)
    posting.published_on = day - datetime.timedelta(days=90)
    posting.save()
    response = client.get(manage)
    assert response.status_code == 410
    assert "30 Tage nach dem Ende" in text_of(response)


def test_a_link_to_a_deleted_submission_says_so(client, submitted):
    posting, confirm = submitted
    posting.delete()
    response = client.get(confirm)
    assert response.status_code == 410
    assert "gibt es nicht mehr" in text_of(response)


# --- Editors ----------------------------------------------------------------------------------


def test_review_queue_shows_confirmed_submissions_oldest_first(
    admin_client, ruhr_content, confirmed
):
    posting, _ = confirmed
    unconfirmed = make_posting(
        title="Unbestätigt (m/w/d)", submitted_at=timezone.now(), consent_at=timezone.now()
    )
    older = make_posting(
        title="Älter bestätigt (m/w/d)",
        status="in-review",
        contact_email="a@b.example",
        submitted_at=timezone.now() - datetime.timedelta(days=3),
        consent_at=timezone.now() - datetime.timedelta(days=3),
        confirmed_at=timezone.now() - datetime.timedelta(days=2),
    )
    by_editor = make_posting(title="Redaktion (m/w/d)", status="in-review")
    response = admin_client.get(reverse("admin:jobs_jobposting_changelist") + "?pruefliste=ja")
    page = response.content.decode()
    assert page.index(older.title) < page.index(posting.title)
    assert unconfirmed.title not in page and by_editor.title not in page
    assert "2\xa0Tage" in page  # the time since confirmation
    everything = admin_client.get(reverse("admin:jobs_jobposting_changelist")).content.decode()
    assert unconfirmed.title not in everything


def test_approving_mails_the_employer_the_public_link(
    client, admin_client, confirmed, django_capture_on_commit_callbacks
):
    posting, _ = confirmed
    with django_capture_on_commit_callbacks(execute=True):
        approve_in_admin(admin_client, posting)
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.PUBLISHED
    (message,) = mail.outbox
    assert message.to == [CONTACT] and "ist veröffentlicht" in message.subject
    urls = links_in(message)
    assert posting.get_absolute_url() in urls
    assert any("/verwalten/" in url for url in urls)
    assert client.get(posting.get_absolute_url()).status_code == 200


def test_rejecting_mails_the_reason(admin_client, confirmed, django_capture_on_commit_callbacks):
    posting, _ = confirmed
    with django_capture_on_commit_callbacks(execute=True):
        reject_in_admin(admin_client, posting, "Das Gehalt fehlt für die Teilzeit.")
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.REJECTED
    (message,) = mail.outbox
    assert "nicht veröffentlicht" in message.subject
    assert "Das Gehalt fehlt für die Teilzeit." in message.body
    assert any("/verwalten/" in url for url in links_in(message))


def test_approving_in_the_change_form_mails_too(
    admin_client, confirmed, django_capture_on_commit_callbacks
):
    from tests.conftest import admin_form_data

    posting, _ = confirmed
    change = reverse("admin:jobs_jobposting_change", args=[posting.pk])
    data = admin_form_data(admin_client.get(change), status="published")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.PUBLISHED
    (message,) = mail.outbox
    assert "ist veröffentlicht" in message.subject


# --- Management --------------------------------------------------------------------------------


def approve_in_admin(client, posting, follow=False):
    """The admin's approve action as an editor runs it: its page, then "Freigeben"."""
    page = client.post(
        reverse("admin:jobs_jobposting_changelist"),
        {"action": "approve", "_selected_action": [posting.pk]},
    )
    return confirm_action(client, page, follow=follow)


def reject_in_admin(client, posting, reason, follow=False):
    """The admin's reject action as an editor runs it: its page, a reason, "Ablehnen"."""
    page = client.post(
        reverse("admin:jobs_jobposting_changelist"),
        {"action": "reject", "_selected_action": [posting.pk]},
    )
    return confirm_action(client, page, follow=follow, rejection_reason=reason)


def publish(posting):
    posting.approve(today())
    posting.save()


def test_edit_through_the_management_link_goes_back_to_review(
    client, confirmed, django_capture_on_commit_callbacks
):
    posting, manage = confirmed
    publish(posting)
    edit = manage + "bearbeiten/"
    page = client.get(edit)
    assert page.status_code == 200 and 'value="Hafen Duisburg GmbH"' in page.content.decode()
    data = form_data(title="IT-Projektleiter:in (m/w/d)", contact_email=None, consent=None)
    preview = client.post(edit, {**data, "schritt": "vorschau"})
    assert "IT-Projektleiter:in (m/w/d)" in text_of(preview)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, data)
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.title == "IT-Projektleiter:in (m/w/d)"
    assert posting.status == JobPosting.Status.IN_REVIEW and posting.published_on is None
    assert posting.contact_email == CONTACT
    (message,) = mail.outbox
    assert message.to == [EDITORS]
    assert "Bestätigungslink freigegeben" not in message.body
    assert "über seinen Verwaltungslink geändert" in message.body
    assert client.get(posting.get_absolute_url()).status_code == 404
    assert "prüft die Anzeige erneut" in text_of(client.get(response["Location"]))


def test_the_history_shows_the_editors_what_the_employer_changed(
    client, confirmed, django_capture_on_commit_callbacks
):
    from common import history

    posting, manage = confirmed
    publish(posting)
    edit = form_data(contact_email=None, consent=None, title="Neuer Titel (m/w/d)")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage + "bearbeiten/", edit)
    latest, first = history.history(posting)
    assert first.revision.get_comment() == "Vom Arbeitgeber eingereicht und bestätigt."
    assert latest.revision.get_comment() == "Vom Arbeitgeber über den Verwaltungslink geändert."
    changes = {change.label: (change.old, change.new) for change in latest.changes}
    assert changes["Stellentitel"] == ("IT-Projektkoordinator:in (m/w/d)", "Neuer Titel (m/w/d)")
    assert not any("Kontakt" in label for label in changes)  # personal data is not kept


def test_withdraw_answers_410_at_once_and_moves_the_postings_version(
    client, confirmed, django_capture_on_commit_callbacks
):
    posting, manage = confirmed
    publish(posting)
    assert client.get(posting.get_absolute_url()).status_code == 200
    before = content_version.current(content_version.POSTINGS)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(manage, {"aktion": "zurueckziehen"})
    assert response.status_code == 302
    assert content_version.current(content_version.POSTINGS) != before
    assert client.get(posting.get_absolute_url()).status_code == 410
    # Withdrawing revokes the consent: the contact address is gone at once.
    posting.refresh_from_db()
    assert posting.contact_email == ""
    page = client.get(response["Location"])
    assert "zurückgezogen und nicht mehr öffentlich" in text_of(page)
    assert "Anzeige zurückziehen" not in text_of(page)
    # The button of an old page does nothing more.
    assert client.post(manage, {"aktion": "zurueckziehen"}).status_code == 409


def test_a_submission_withdrawn_before_approval_never_has_a_public_page(
    client, confirmed, django_capture_on_commit_callbacks
):
    posting, manage = confirmed
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(manage, {"aktion": "zurueckziehen"}).status_code == 302
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.WITHDRAWN and posting.first_published_on is None
    response = client.get(posting.get_absolute_url())
    assert response.status_code == 404
    assert posting.title not in response.content.decode()
    assert posting.title not in client.get("/stellen/").content.decode()
    assert posting.title not in client.get("/sitemap.xml").content.decode()


def test_a_submission_rejected_before_approval_answers_404(admin_client, client, confirmed):
    posting, _ = confirmed
    reject_in_admin(admin_client, posting, "Kein Gehalt genannt.")
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.REJECTED
    assert client.get(posting.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("end", ["rejected", "withdrawn"])
def test_a_submission_once_published_ends_as_it_was_approved_not_as_edited_since(
    client, confirmed, end, django_capture_on_commit_callbacks
):
    posting, manage = confirmed
    publish(posting)
    approved_address = posting.get_absolute_url()
    first = posting.first_published_on
    assert first == today()
    edit = form_data(
        contact_email=None,
        consent=None,
        title="Jetzt anrufen: 0800 UNGEPRUEFT",
        employer_name="Ungeprüfte Werbung AG",
        region=Region.objects.get(slug="oberhausen").pk,
    )
    client.post(manage + "bearbeiten/", edit)
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.IN_REVIEW and posting.first_published_on == first
    assert posting.title == "Jetzt anrufen: 0800 UNGEPRUEFT"
    assert client.get(approved_address).status_code == 404
    if end == "rejected":
        posting.reject("Werbung statt Stelle.", today())
        posting.save()
    else:
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(manage, {"aktion": "zurueckziehen"}).status_code == 302
    # Its address and its 410 page name it as an editor approved it: title, employer, city.
    assert posting.get_absolute_url() == approved_address
    redirect = client.get(f"/stellen/{posting.pk}-jetzt-anrufen-0800-ungeprueft/")
    assert redirect.status_code == 301 and redirect["Location"] == approved_address
    gone = client.get(approved_address)
    assert gone.status_code == 410
    page = gone.content.decode()
    assert "UNGEPRUEFT" not in page and "Ungeprüfte" not in page
    assert (
        "Die Stellenanzeige „IT-Projektkoordinator:in (m/w/d)“ von Hafen Duisburg GmbH in "
        "Duisburg ist beendet" in text_of(gone)
    )


def test_editors_cannot_publish_again_what_the_employer_withdrew(
    admin_client, client, confirmed, django_capture_on_commit_callbacks
):
    from tests.conftest import admin_form_data

    posting, manage = confirmed
    publish(posting)
    client.post(manage, {"aktion": "zurueckziehen"})
    changelist = reverse("admin:jobs_jobposting_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            changelist, {"action": "approve", "_selected_action": [posting.pk]}, follow=True
        )
    assert "ist eine zurückgezogene Einreichung eines Arbeitgebers" in text_of(response)
    assert "Keine der ausgewählten Stellen kann freigegeben werden" in text_of(response)
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.WITHDRAWN
    change = reverse("admin:jobs_jobposting_change", args=[posting.pk])
    for status in ("published", "in-review"):
        data = admin_form_data(admin_client.get(change), status=status)
        refused = admin_client.post(change, data)
        assert refused.status_code == 200
        assert "Die Redaktion kann sie nicht wieder veröffentlichen" in text_of(refused)
        posting.refresh_from_db()
        assert posting.status == JobPosting.Status.WITHDRAWN
    assert mail.outbox == []


def test_a_refused_or_unknown_action_is_explained_in_german(client, confirmed):
    posting, manage = confirmed
    publish(posting)
    unknown = client.post(manage, {"aktion": "loeschen"})
    assert unknown.status_code == 409
    assert "Diese Aktion ist nicht möglich, weil wir sie nicht kennen" in text_of(unknown)
    client.post(manage, {"aktion": "verlaengern", "days": "10"})
    again = client.post(manage, {"aktion": "verlaengern", "days": "5"})
    assert again.status_code == 409
    assert "weil die Anzeige schon einmal verlängert wurde" in text_of(again)
    client.post(manage, {"aktion": "zurueckziehen"})
    stale = client.post(manage, {"aktion": "zurueckziehen"})
    assert "Diese Aktion ist nicht mehr möglich, weil die Anzeige schon zurückgezogen ist." in (
        text_of(stale)
    )
    edit = client.get(manage + "bearbeiten/", follow=True)
    assert edit.status_code == 200
    assert "nicht mehr möglich, weil die Anzeige schon zurückgezogen ist" in text_of(edit)
    refused = client.post(manage + "bearbeiten/", form_data(contact_email=None), follow=True)
    assert "nicht mehr möglich, weil die Anzeige schon zurückgezogen ist" in text_of(refused)


def test_extend_once_by_up_to_30_days(client, confirmed):
    posting, manage = confirmed
    publish(posting)
    end = posting.valid_through
    assert client.post(manage, {"aktion": "verlaengern", "days": "31"}).status_code == 400
    response = client.post(manage, {"aktion": "verlaengern", "days": "30"})
    assert response.status_code == 302
    posting.refresh_from_db()
    # Published today for 60 days: 30 more reach the 90-day limit exactly.
    assert posting.valid_through == end + datetime.timedelta(days=30)
    assert posting.extended
    assert "Einmal verlängern" not in text_of(client.get(manage))
    assert client.post(manage, {"aktion": "verlaengern", "days": "5"}).status_code == 409


def test_extension_never_passes_90_days_after_publication(client, confirmed):
    posting, manage = confirmed
    posting.approve(today() - datetime.timedelta(days=10))
    posting.valid_through = posting.published_on + datetime.timedelta(days=80)
    posting.save()
    client.post(manage, {"aktion": "verlaengern", "days": "30"})
    posting.refresh_from_db()
    assert posting.valid_through == posting.published_on + datetime.timedelta(days=90)


# --- Mail server away ---------------------------------------------------------------------------


def test_a_confirmation_mail_that_fails_is_kept_and_sent_again(
    client, ruhr_content, django_capture_on_commit_callbacks
):
    with mock.patch.object(EmailMessage, "send", side_effect=smtplib.SMTPServerDisconnected):
        response = submit(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    posting = JobPosting.objects.get()
    assert list(UnsentMail.objects.values_list("kind", flat=True)) == [MailKind.CONFIRMATION]
    page = client.get(response["Location"])
    assert "konnte gerade nicht gesendet werden" in text_of(page)
    assert "E-Mail erneut senden" in text_of(page)
    again = client.post(response["Location"])
    assert again.status_code == 302
    assert not UnsentMail.objects.exists()
    (message,) = mail.outbox
    assert message.to == [posting.contact_email]
    assert "Wir haben eine E-Mail" in text_of(client.get(response["Location"]))


def test_an_editors_mail_that_fails_is_offered_again_on_the_management_page(
    client, submitted, django_capture_on_commit_callbacks
):
    _, confirm = submitted
    with (
        mock.patch.object(EmailMessage, "send", side_effect=OSError("Connection refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(confirm)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Redaktion konnte gerade nicht per E-Mail benachrichtigt werden" in text_of(page)
    manage = response["Location"].split("?")[0]
    client.post(manage, {"aktion": "erneut-senden"})
    assert [message.to for message in mail.outbox] == [[EDITORS]]
    assert "nicht per E-Mail benachrichtigt" not in text_of(client.get(manage))


# Outside a test transaction, as on a server: the mail goes out within the request, so its
# failure reaches the editor's page.
@pytest.mark.django_db(transaction=True)
def test_a_decision_mail_that_fails_is_named_in_the_admin_and_resent_by_action(
    admin_client, confirmed, django_capture_on_commit_callbacks
):
    posting, _ = confirmed
    changelist = reverse("admin:jobs_jobposting_changelist")
    with (
        mock.patch.object(EmailMessage, "send", side_effect=smtplib.SMTPConnectError(421, "x")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = approve_in_admin(admin_client, posting, follow=True)
    assert response.status_code == 200
    assert "konnte nicht gesendet werden" in response.content.decode()
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.PUBLISHED
    admin_client.post(changelist, {"action": "resend_mails", "_selected_action": [posting.pk]})
    (message,) = mail.outbox
    assert "ist veröffentlicht" in message.subject
    assert not UnsentMail.objects.exists()


# --- Purge ----------------------------------------------------------------------------------------


def test_purge_deletes_exactly_the_personal_data_due(ruhr_content, capsys):
    now = timezone.now()
    day = today()

    def submission(title, **fields):
        fields.setdefault("submitted_at", now - datetime.timedelta(days=1))
        fields.setdefault("consent_at", fields["submitted_at"])
        return make_posting(title=title, contact_email=f"{len(title)}@x.example", **fields)

    stale = submission("Unbestätigt alt", submitted_at=now - datetime.timedelta(hours=49))
    fresh = submission("Unbestätigt neu", submitted_at=now - datetime.timedelta(hours=47))
    ended_long_ago = submission(
        "Lange abgelaufen",
        status="published",
        confirmed_at=now - datetime.timedelta(days=100),
        published_on=day - datetime.timedelta(days=95),
        valid_through=day - datetime.timedelta(days=35),
    )
    ended_recently = submission(
        "Kürzlich abgelaufen",
        status="published",
        confirmed_at=now - datetime.timedelta(days=80),
        published_on=day - datetime.timedelta(days=70),
        valid_through=day - datetime.timedelta(days=10),
    )
    still_open = submission(
        "Offen",
        status="published",
        confirmed_at=now - datetime.timedelta(days=5),
        published_on=day - datetime.timedelta(days=3),
        valid_through=day + datetime.timedelta(days=50),
    )
    withdrawn_long_ago = submission(
        "Zurückgezogen",
        status="withdrawn",
        confirmed_at=now - datetime.timedelta(days=50),
        published_on=day - datetime.timedelta(days=45),
        valid_through=day + datetime.timedelta(days=15),
    )
    JobPosting.objects.filter(pk=withdrawn_long_ago.pk).update(
        updated_at=now - datetime.timedelta(days=31)
    )
    SubmissionAttempt.objects.create(address_hash="a" * 64, day=day - datetime.timedelta(days=1))
    SubmissionAttempt.objects.create(address_hash="b" * 64, day=day)

    call_command("purge_postings")
    output = capsys.readouterr().out
    assert "1 unbestätigte Einreichung gelöscht" in output
    assert "2 Kontaktadressen gelöscht" in output
    assert "1 Adress-Prüfsumme vergangener Tage gelöscht" in output
    assert not JobPosting.objects.filter(pk=stale.pk).exists()
    emails = dict(JobPosting.objects.values_list("pk", "contact_email"))
    assert emails[fresh.pk] and emails[ended_recently.pk] and emails[still_open.pk]
    assert emails[ended_long_ago.pk] == "" and emails[withdrawn_long_ago.pk] == ""
    assert list(SubmissionAttempt.objects.values_list("address_hash", flat=True)) == ["b" * 64]
    # The postings themselves stay.
    assert JobPosting.objects.filter(pk=ended_long_ago.pk, title="Lange abgelaufen").exists()

    call_command("purge_postings")
    again = capsys.readouterr().out
    assert "0 unbestätigte Einreichungen" in again and "Nichts weiter zu löschen." in again


def test_the_privacy_page_names_the_form_cookie_and_the_contact_address(client, db):
    page = text_of(client.get("/datenschutz/"))
    assert "beim Lesen der Seiten keine Cookies" in page
    assert "csrftoken" in page
    assert "48 Stunden" in page and "30 Tage nach dem Ende der Anzeige" in page
    assert "spätestens 72 Stunden nach dem Absenden" in page
    assert "Es ist ein Sitzungs-Cookie" in page
    assert "zufälligen, täglich wechselnden Schlüssel" in page
    assert "je IP-Adresse (bei IPv6 je /64-Netz) und je Kontaktadresse" in page
    assert "spätestens 90 Tage nach ihrer letzten Bestätigung oder Änderung" in page
    assert "über den Verwaltungslink zurück, löschen wir die Adresse sofort" in page


@pytest.mark.django_db(transaction=True)
def test_a_rejection_in_the_change_form_whose_mail_fails_says_so(
    admin_client, confirmed, django_capture_on_commit_callbacks
):
    from tests.conftest import admin_form_data

    posting, _ = confirmed
    change = reverse("admin:jobs_jobposting_change", args=[posting.pk])
    data = admin_form_data(
        admin_client.get(change), status="rejected", rejection_reason="Kein Gehalt genannt."
    )
    with mock.patch.object(EmailMessage, "send", side_effect=OSError("Connection refused")):
        response = admin_client.post(change, data, follow=True)
    assert "konnte nicht gesendet werden" in response.content.decode()
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.REJECTED
    assert list(UnsentMail.objects.values_list("kind", flat=True)) == [MailKind.REJECTED]


def test_an_approval_never_overwrites_what_the_employer_did_meanwhile(
    admin_client, client, confirmed, monkeypatch, django_capture_on_commit_callbacks
):
    """The editor's approve action read the posting; the employer withdraws it before the
    action saves: the withdrawal stands and the editor is told why."""
    import jobs.admin

    posting, manage = confirmed
    withdrawn_meanwhile = jobs.admin.withdrawn_by_employer

    def employer_withdraws_while_the_action_runs(seen):
        client.post(manage, {"aktion": "zurueckziehen"})
        return withdrawn_meanwhile(seen)  # still the state the action read: in review

    page = admin_client.post(
        reverse("admin:jobs_jobposting_changelist"),
        {"action": "approve", "_selected_action": [posting.pk]},
    )
    monkeypatch.setattr(
        jobs.admin, "withdrawn_by_employer", employer_withdraws_while_the_action_runs
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm_action(admin_client, page, follow=True)
    assert "Die Anzeige wurde inzwischen geändert" in text_of(response)
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.WITHDRAWN
    assert not [message for message in mail.outbox if "veröffentlicht" in message.subject]


def test_the_submission_pages_read_few_queries_however_much_content(
    client, confirmed, django_assert_max_num_queries
):
    """The form and the management page read at most 6 queries, the preview the same number
    however much content there is (20 more occupations, cities and tools). The preview's
    validation asks the database once per named CHECK constraint (Django's
    Model.validate_constraints), as every form of a posting does."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jobs.models import Occupation, Tool
    from regions.models import Region

    posting, manage = confirmed
    preview = {**form_data(), "schritt": "vorschau"}

    def counts():
        found = []
        for method, path, data in (
            ("get", SUBMIT, None),
            ("post", SUBMIT, preview),
            ("get", manage, None),
        ):
            with CaptureQueriesContext(connection) as queries:
                response = getattr(client, method)(path, data)
            assert response.status_code == 200, (path, response.status_code)
            found.append(len(queries))
        return found

    few = counts()
    form, _, management = few
    assert form <= 6 and management <= 6, few
    Occupation.objects.bulk_create(
        [Occupation(name=f"Beruf {i}", slug=f"b-{i}") for i in range(20)]
    )
    Region.objects.bulk_create([Region(name=f"Stadt {i}", slug=f"s-{i}") for i in range(20)])
    Tool.objects.bulk_create([Tool(name=f"Werkzeug {i}", slug=f"w-{i}") for i in range(20)])
    assert counts() == few


def test_editors_cannot_reject_what_the_employer_withdrew(
    admin_client, client, confirmed, django_capture_on_commit_callbacks
):
    """A rejection would mail the employer and let the posting be changed back into review:
    the employer's withdrawal stands (second review)."""
    posting, manage = confirmed
    client.post(manage, {"aktion": "zurueckziehen"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = reject_in_admin(admin_client, posting, "Passt nicht.", follow=True)
    assert "ist eine zurückgezogene Einreichung eines Arbeitgebers" in text_of(response)
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.WITHDRAWN
    assert mail.outbox == []
