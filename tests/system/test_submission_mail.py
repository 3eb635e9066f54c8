"""An employer's submission end to end over real HTTP (gunicorn on PostgreSQL, Redis) and a
real SMTP server (aiosmtpd) that the test starts on a free loopback port, stops to play a
mail outage and starts again: the mails' links are followed as an employer would, and the
outbox's daily drain (``manage.py send_mails``) runs as its own process, as from cron."""

import email
import email.policy
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from jobs.models import JobPosting, Occupation, UnsentMail
from regions.models import Region
from tests.conftest import ROOT, SEED_FILE
from tests.system.browserless import Browser
from tests.system.conftest import INSTANCE_SECRET_KEY, create_editor, database_url, free_port

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

CONTACT = "personal@firma.example"
EDITORS = "redaktion@example.org"
TITLE = "IT-Projektkoordinator:in (m/w/d)"
LINK = re.compile(r"https?://[^/\s]+(/\S*)")


class Inbox:
    """aiosmtpd's handler: every message the server accepted, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def take(self, recipient):
        """The one message to ``recipient`` received since the last take: subject, body."""
        found = [(to, m) for to, m in self.messages if recipient in to]
        assert len(found) == 1, [m["Subject"] for _, m in self.messages]
        self.messages.clear()
        message = found[0][1]
        return message["Subject"], message.get_body(preferencelist=("plain",)).get_content()


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self.inbox = Inbox()
        self.controller = None
        self.start()

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def portal(start_instance, redis_url, smtp_server):
    call_command("import_content", str(SEED_FILE))
    create_editor()
    return start_instance(
        REDIS_URL=redis_url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_server.port}",
        POSTINGS_REVIEW_EMAIL=EDITORS,
        DEFAULT_FROM_EMAIL="Revier IT-Karriere <stellen@revier.example>",
    )


def paths(body):
    return LINK.findall(body)


def status(browser, path):
    try:
        browser.get(path)
    except urllib.error.HTTPError as error:
        return error.code
    return 200


def submit(employer):
    fields = dict(employer.form("/stellen/einreichen/", "einreichen"))
    fields.update(
        title=TITLE,
        employer_name="Hafen Duisburg GmbH",
        occupation=str(Occupation.objects.get(slug="it-projektkoordinator").pk),
        region=str(Region.objects.get(slug="duisburg").pk),
        level="entry",
        min_eur="3300",
        max_eur="3700",
        employment="full-time",
        workplace="hybrid",
        description="Sie koordinieren **IT-Projekte** im Hafen.",
        apply_url="https://hafen.example/bewerben",
        contact_email=CONTACT,
        consent="on",
    )
    url, page = employer.post("/stellen/einreichen/", [*fields.items(), ("schritt", "vorschau")])
    assert "Vorschau Ihrer Stellenanzeige" in page and "Gehalt innerhalb der Spanne" in page
    preview = dict(employer.form("/stellen/einreichen/", "einreichen"))
    hidden = _form_of(page, "vorschau")
    assert dict(hidden)["title"] == TITLE and preview
    return employer.post("/stellen/einreichen/", [*hidden, ("schritt", "absenden")])


def _form_of(page, form_id):
    from tests.system.browserless import FormParser

    parser = FormParser(form_id)
    parser.feed(page)
    return parser.fields


def post_form(browser, path, form_id, *extra):
    url, page = browser.post(path, [*browser.form(path, form_id), *extra])
    return url, page


def admin_action(editor, action, pk, *extra, changelist="/admin/jobs/jobposting/", confirm=False):
    """Run the list action ``action`` on posting ``pk``, and (``confirm``) confirm it on the
    page it shows with the ``extra`` fields filled in: the page that follows."""
    fields = dict(editor.form(changelist, "changelist-form"))
    url, page = editor.post(
        changelist,
        [
            ("csrfmiddlewaretoken", fields["csrfmiddlewaretoken"]),
            ("action", action),
            ("_selected_action", str(pk)),
            ("index", "0"),
        ],
    )
    if not confirm:
        return page
    filled = {name for name, _ in extra}
    confirmation = [
        field for field in _form_of(page, "aktion-bestaetigen") if field[0] not in filled
    ]
    url, page = editor.post(changelist, [*confirmation, *extra, ("apply", "1")])
    return page


def approve(editor, pk):
    return admin_action(
        editor, "approve", pk, changelist="/admin/jobs/jobposting/?pruefliste=ja", confirm=True
    )


def reject(editor, pk, reason):
    return admin_action(editor, "reject", pk, ("rejection_reason", reason), confirm=True)


def send_mails(portal, smtp_server):
    """``manage.py send_mails`` as cron runs it, beside the portal and its mail server."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": INSTANCE_SECRET_KEY,
        "DJANGO_LOG_LEVEL": "ERROR",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "send_mails", f"{portal}/"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_whole_journey_over_http_and_smtp(portal, smtp_server):
    employer, editor, visitor = Browser(portal), Browser(portal), Browser(portal)
    inbox = smtp_server.inbox

    # 1. Submit: form, preview, "Absenden", thank-you page.
    url, page = submit(employer)
    assert "/stellen/einreichen/danke/" in url and "Bitte prüfen Sie Ihr Postfach" in page
    posting = JobPosting.objects.get(title=TITLE)
    assert posting.status == JobPosting.Status.DRAFT

    # 2. The confirmation mail, and its link.
    subject, body = inbox.take(CONTACT)
    assert subject == f"Bitte bestätigen Sie Ihre Stellenanzeige „{TITLE}“"
    confirm = next(path for path in paths(body) if path.startswith("/stellen/bestaetigen/"))
    manage = next(path for path in paths(body) if path.startswith("/stellen/verwalten/"))
    url, page = post_form(employer, confirm, "bestaetigen")
    # The management page (under a link signed now, so its timestamp may differ).
    assert "/stellen/verwalten/" in url and "In Prüfung" in page

    # 3. The editors' mail names the posting in the admin.
    subject, body = inbox.take(EDITORS)
    assert subject == f"Stellenanzeige zur Prüfung: „{TITLE}“"
    assert f"/admin/jobs/jobposting/{posting.pk}/change/" in paths(body)

    # A used confirmation link confirms nothing more.
    assert status(employer, confirm) == 410

    # 4. Approve in the admin: the employer's mail carries the public link.
    editor.login("chefin", "ein-langes-passwort")
    queue = editor.get("/admin/jobs/jobposting/?pruefliste=ja")
    assert TITLE in queue
    approve(editor, posting.pk)
    subject, body = inbox.take(CONTACT)
    assert subject == f"Ihre Stellenanzeige „{TITLE}“ ist veröffentlicht"
    public = next(path for path in paths(body) if path.startswith(f"/stellen/{posting.pk}-"))
    # A fresh management link (signed now) for the same posting.
    assert any(path.startswith("/stellen/verwalten/") for path in paths(body))

    # 5. The posting is on /stellen/ and on its own page.
    assert TITLE in visitor.get("/stellen/")
    assert "Hafen Duisburg GmbH" in visitor.get(public)
    assert CONTACT not in visitor.get(public)

    # 6. Edit through the management link: back in review, off the site, editors mailed.
    edit = manage + "bearbeiten/"
    fields = [
        (name, "IT-Projektleiter:in (m/w/d)" if name == "title" else value)
        for name, value in employer.form(edit, "einreichen")
    ]
    url, page = employer.post(edit, [*fields, ("schritt", "absenden")])
    assert "prüft die Anzeige erneut" in page and "In Prüfung" in page
    subject, body = inbox.take(EDITORS)
    assert "IT-Projektleiter:in (m/w/d)" in subject
    assert status(visitor, public) == 404

    # 7. Withdraw: the public address answers 410 at once.
    approve(editor, posting.pk)
    inbox.take(CONTACT)
    new_public = JobPosting.objects.get(pk=posting.pk).get_absolute_url()
    assert status(visitor, new_public) == 200
    url, page = post_form(employer, manage, "zurueckziehen", ("aktion", "zurueckziehen"))
    assert "zurückgezogen und nicht mehr öffentlich" in page
    assert status(visitor, new_public) == 410
    assert "IT-Projektleiter:in" not in visitor.get("/stellen/")


def test_a_stopped_mail_server_loses_nothing_and_each_mail_can_be_sent_again(portal, smtp_server):
    employer, editor = Browser(portal), Browser(portal)
    inbox = smtp_server.inbox

    # The confirmation mail.
    smtp_server.stop()
    url, page = submit(employer)
    assert "konnte gerade nicht gesendet werden" in page
    received = url.removeprefix(portal)
    posting = JobPosting.objects.get(title=TITLE)
    assert UnsentMail.objects.filter(posting=posting, kind="confirmation").exists()
    smtp_server.start()
    url, page = post_form(employer, received, "erneut-senden")
    assert "Wir haben eine E-Mail" in page
    _, body = inbox.take(CONTACT)
    confirm = next(path for path in paths(body) if path.startswith("/stellen/bestaetigen/"))

    # The editors' mail.
    smtp_server.stop()
    url, page = post_form(employer, confirm, "bestaetigen")
    assert "Redaktion konnte gerade nicht per E-Mail benachrichtigt werden" in page
    assert JobPosting.objects.get(pk=posting.pk).status == JobPosting.Status.IN_REVIEW
    manage = url.removeprefix(portal).split("?")[0]
    smtp_server.start()
    url, page = post_form(employer, manage, "erneut-senden", ("aktion", "erneut-senden"))
    assert "Die E-Mail ist jetzt gesendet." in page
    inbox.take(EDITORS)

    # The decision mail.
    editor.login("chefin", "ein-langes-passwort")
    smtp_server.stop()
    page = approve(editor, posting.pk)
    assert "konnte nicht gesendet werden" in page
    assert JobPosting.objects.get(pk=posting.pk).status == JobPosting.Status.PUBLISHED
    smtp_server.start()
    page = admin_action(editor, "resend_mails", posting.pk)
    assert "Keine E-Mail steht mehr aus." in page
    subject, body = inbox.take(CONTACT)
    assert "ist veröffentlicht" in subject
    assert not UnsentMail.objects.exists()


def test_a_rejection_while_the_mail_server_is_down_is_kept_until_it_is_back(portal, smtp_server):
    employer, editor = Browser(portal), Browser(portal)
    inbox = smtp_server.inbox
    submit(employer)
    posting = JobPosting.objects.get(title=TITLE)
    _, body = inbox.take(CONTACT)
    confirm = next(path for path in paths(body) if path.startswith("/stellen/bestaetigen/"))
    url, page = post_form(employer, confirm, "bestaetigen")
    manage = url.removeprefix(portal).split("?")[0]
    inbox.take(EDITORS)
    editor.login("chefin", "ein-langes-passwort")

    # Rejected while the mail server is away: rejected all the same, the mail is kept and
    # the admin says so in German.
    smtp_server.stop()
    reason = "Bitte nennen Sie den Einsatzort genauer."
    page = reject(editor, posting.pk, reason)
    assert "1 Stelle abgelehnt." in page
    assert "konnte nicht gesendet werden (Mailserver nicht erreichbar)" in page
    assert JobPosting.objects.get(pk=posting.pk).status == JobPosting.Status.REJECTED
    assert list(UnsentMail.objects.values_list("kind", flat=True)) == ["rejected"]
    assert "Eine E-Mail an Sie konnte gerade nicht gesendet werden" in employer.get(manage)

    # The drain finds the server still away: it stops and names what remains.
    drained = send_mails(portal, smtp_server)
    assert drained.returncode == 1, drained.stderr
    assert "abgebrochen. 1 E-Mail steht noch aus." in drained.stderr
    assert UnsentMail.objects.count() == 1

    # Back: the admin's action sends it, with the reason and a working management link.
    smtp_server.start()
    page = admin_action(editor, "resend_mails", posting.pk)
    assert "Keine E-Mail steht mehr aus." in page
    subject, body = inbox.take(CONTACT)
    assert subject == f"Ihre Stellenanzeige „{TITLE}“ wurde nicht veröffentlicht"
    assert reason in body
    manage = next(path for path in paths(body) if path.startswith("/stellen/verwalten/"))
    assert reason in employer.get(manage)
    assert not UnsentMail.objects.exists()

    # Changed, and rejected again while the server is away: this time the drain sends it.
    edit = manage + "bearbeiten/"
    fields = [
        (name, "IT-Projektleiter:in (m/w/d)" if name == "title" else value)
        for name, value in employer.form(edit, "einreichen")
    ]
    employer.post(edit, [*fields, ("schritt", "absenden")])
    inbox.take(EDITORS)
    smtp_server.stop()
    again = "Die Gehaltsspanne passt nicht zur Stufe."
    assert "konnte nicht gesendet werden" in reject(editor, posting.pk, again)
    smtp_server.start()
    drained = send_mails(portal, smtp_server)
    assert drained.returncode == 0, drained.stderr
    assert "1 E-Mail gesendet." in drained.stdout
    assert "Keine E-Mail steht mehr aus." in drained.stdout
    subject, body = inbox.take(CONTACT)
    assert "IT-Projektleiter:in (m/w/d)" in subject and "nicht veröffentlicht" in subject
    assert again in body
    manage = next(path for path in paths(body) if path.startswith("/stellen/verwalten/"))
    page = employer.get(manage)
    assert again in page and "Abgelehnt" in page
    assert not UnsentMail.objects.exists()


def test_a_hung_mail_server_costs_the_mail_timeout_not_the_page(start_instance, redis_url):
    # Accepts connections (the kernel's backlog) and never says a word.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        call_command("import_content", str(SEED_FILE))
        portal = start_instance(
            REDIS_URL=redis_url,
            EMAIL_URL=f"smtp://127.0.0.1:{silent.getsockname()[1]}",
            EMAIL_TIMEOUT="1",
        )
        started = time.monotonic()
        url, page = submit(Browser(portal))
        # Within the request deadline (4 s): the German notice, not the 503.
        assert time.monotonic() - started < 4
        assert "konnte gerade nicht gesendet werden" in page
        assert UnsentMail.objects.filter(kind="confirmation").count() == 1
