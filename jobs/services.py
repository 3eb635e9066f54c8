"""The multi-step writes of an employer's submission (SPEC §10) and the mails they send.

Each write is one transaction; its mail is recorded in it as an ``UnsentMail`` row (the
outbox) and goes out after the commit (``transaction.on_commit``), so no mail ever names a
state that was rolled back, and one that cannot be sent (the mail server is away, or the
request deadline cut it short) stays recorded: the page that follows says so and offers to
send it again (``resend``), ``manage.py send_mails`` sends whatever is left, and the
submission itself is never lost. A mail is always written from the posting's current
state, so one sent again later carries fresh links; one whose occasion has passed (a
decision overtaken by another) is dropped instead, and so is one whose recipient the mail
server refused for good: the page that follows says so.
"""

import datetime
import enum
import hashlib
import hmac
import ipaddress
import logging
import secrets
import smtplib

import reversion
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.text import format_day, format_eur_range, today
from jobs import links
from jobs.choices import (
    REVIEW_QUEUE_PARAMETER,
    REVIEW_QUEUE_VALUE,
    UNDATED_STATUSES,
    PostingStatus,
)
from jobs.models import (
    DAILY_SECRET_LENGTH,
    DailySecret,
    JobPosting,
    MailKind,
    SubmissionAttempt,
    UnsentMail,
)

logger = logging.getLogger(__name__)

# Which state each mail belongs to: sent again only while the posting is still in it.
_DUE_WHEN = {
    MailKind.CONFIRMATION: lambda posting: (
        posting.status == PostingStatus.DRAFT and posting.confirmed_at is None
    ),
    MailKind.REVIEW: lambda posting: posting.status == PostingStatus.IN_REVIEW,
    MailKind.PUBLISHED: lambda posting: posting.status == PostingStatus.PUBLISHED,
    MailKind.REJECTED: lambda posting: posting.status == PostingStatus.REJECTED,
}
EMPLOYER_MAILS = (MailKind.CONFIRMATION, MailKind.PUBLISHED, MailKind.REJECTED)


# --- The daily limits per client address and per contact address ---------------------------


class DailyLimitReached(Exception):
    """Today's submissions from this client address, or to this contact address, are used
    up; ``per_contact`` says which."""

    def __init__(self, per_contact=False):
        super().__init__()
        self.per_contact = per_contact


def _daily_secret(day):
    """The random key of ``day``'s address hashes, made at its first use; purge() deletes
    it the next day."""
    secret, _ = DailySecret.objects.get_or_create(
        day=day, defaults={"secret": secrets.token_hex(DAILY_SECRET_LENGTH // 2)}
    )
    return secret.secret


def client_key(address):
    """What the limit counts of the client ``address``: an IPv6 address by its /64 (one
    connection usually holds a whole /64), an IPv4 one (also mapped into IPv6) as it is."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def address_hash(value, day=None):
    """``value`` as an HMAC-SHA256 under ``day``'s random secret: the same value gives the
    same hash on one day only, and once the secret is deleted none can be reversed."""
    day = day or today()
    key = _daily_secret(day).encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def _client_hash(address, day):
    return address_hash(f"client:{client_key(address)}", day)


def _contact_hash(contact_email, day):
    return address_hash(f"contact:{contact_email.strip().lower()}", day)


def over_daily_limit(address):
    """Whether ``address`` has used up today's submissions (the early check of the form;
    ``submit`` counts within its transaction)."""
    day = today()
    return SubmissionAttempt.objects.filter(
        day=day,
        address_hash=_client_hash(address, day),
        count__gte=settings.SUBMISSIONS_PER_ADDRESS_PER_DAY,
    ).exists()


def _count(hashed, day, limit):
    """Count one more for ``hashed`` on ``day`` unless it reached ``limit``: whether it was
    counted. The conditional UPDATE locks the row, so parallel requests take turns."""
    row, _ = SubmissionAttempt.objects.get_or_create(day=day, address_hash=hashed)
    counted = SubmissionAttempt.objects.filter(pk=row.pk, count__lt=limit).update(
        count=F("count") + 1
    )
    return counted == 1


# --- Mails ---------------------------------------------------------------------------------


def _absolute(base_url, path):
    return f"{base_url.rstrip('/')}{path}"


def _message(posting, kind, base_url):
    """The German plain-text mail ``kind`` about ``posting``, or None without a recipient."""
    manage_url = _absolute(
        base_url, reverse("jobs:submission_manage", args=[links.management_token(posting)])
    )
    context = {
        "posting": posting,
        "city": posting.region.name,
        "pay": format_eur_range(posting.min_eur, posting.max_eur),
        "manage_url": manage_url,
        "manage_until": format_day(links.management_deadline(posting)),
    }
    if kind == MailKind.CONFIRMATION:
        recipients = [posting.contact_email]
        subject = _("Bitte bestätigen Sie Ihre Stellenanzeige „%(title)s“")
        context["confirm_url"] = _absolute(
            base_url, reverse("jobs:submission_confirm", args=[links.confirmation_token(posting)])
        )
    elif kind == MailKind.REVIEW:
        recipients = list(settings.POSTINGS_REVIEW_EMAIL)
        subject = _("Stellenanzeige zur Prüfung: „%(title)s“")
        context["admin_url"] = _absolute(
            base_url, reverse("admin:jobs_jobposting_change", args=[posting.pk])
        )
        queue = reverse("admin:jobs_jobposting_changelist")
        context["queue_url"] = _absolute(
            base_url, f"{queue}?{REVIEW_QUEUE_PARAMETER}={REVIEW_QUEUE_VALUE}"
        )
    elif kind == MailKind.PUBLISHED:
        recipients = [posting.contact_email]
        subject = _("Ihre Stellenanzeige „%(title)s“ ist veröffentlicht")
        context["public_url"] = _absolute(base_url, posting.get_absolute_url())
        context["valid_through"] = format_day(posting.valid_through)
    else:
        recipients = [posting.contact_email]
        subject = _("Ihre Stellenanzeige „%(title)s“ wurde nicht veröffentlicht")
    recipients = [address for address in recipients if address]
    if not recipients:
        return None
    body = render_to_string(f"jobs/mail/{kind}.txt", context)
    # A title may hold anything up to 200 characters; a subject is one line.
    title = " ".join(posting.title.split())[:120]
    return EmailMessage(subject % {"title": title}, body, to=recipients)


class Delivery(enum.Enum):
    """What became of a mail sent (``send()``)."""

    SENT = "sent"
    SKIPPED = "skipped"  # nothing sent: another sender has it, or no recipient is left
    FAILED = "failed"  # the mail server is away or failed: kept in the outbox
    DEFERRED = "deferred"  # the recipient's server refused it or the message: kept
    REFUSED = "refused"  # the recipient's server refused it for good (5xx): dropped

    @property
    def kept(self):
        return self in (Delivery.FAILED, Delivery.DEFERRED)


def send(posting, kind, base_url):
    """Send mail ``kind`` now if it is in the outbox (logged if that fails): its
    ``Delivery``. A failed mail stays in the outbox for sending again, unless the server
    refused every recipient for good.

    The mail's ``UnsentMail`` row is recorded before (``send_after_commit``) and stays
    locked while the mail is sent; it goes only once the mail is out. So a request cut
    short while the mail server dawdles (the request deadline) leaves it to be sent again,
    and a second sender at the same time (a double click, the admin's action beside
    ``send_mails``) skips it instead of sending it twice.
    """
    message = _message(posting, kind, base_url)
    with transaction.atomic():
        mail = (
            UnsentMail.objects.select_for_update(skip_locked=True)
            .filter(posting=posting, kind=kind)
            .first()
        )
        if mail is None:  # sent meanwhile, or being sent now, by another request
            return Delivery.SKIPPED
        if message is None:
            if kind == MailKind.REVIEW:
                logger.warning(
                    "POSTINGS_REVIEW_EMAIL is empty: no editor learns of %s.", posting.pk
                )
            mail.delete()
            return Delivery.SKIPPED
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused as error:
            # Logged without the addresses (personal data). Refused for good (5xx) the
            # mail leaves the outbox: sending again cannot help; refused for now (4xx, as
            # greylisting does) it stays.
            if all(reply[0] >= 500 for reply in error.recipients.values()):
                logger.error("Mail %s for posting %s: its recipient was refused.", kind, posting.pk)
                mail.delete()
                if kind == MailKind.CONFIRMATION:
                    # An address that cannot be reached can never confirm: it goes now
                    # (the thank-you page says why), and the draft, deleted after 48
                    # hours, is no longer taken for a submission sent again.
                    posting.contact_email = ""
                    JobPosting.objects.filter(pk=posting.pk).update(contact_email="")
                return Delivery.REFUSED
            logger.error(
                "Mail %s for posting %s: its recipient was refused for now.", kind, posting.pk
            )
            return Delivery.DEFERRED
        except smtplib.SMTPDataError as error:
            # The server took the connection and the recipient but not this message (a
            # spam filter, a size limit): kept, and tried again, but it does not stop the
            # mails after it (send_mails stops only when the server itself fails).
            logger.error(
                "Mail %s for posting %s was not accepted: %s.", kind, posting.pk, error.smtp_code
            )
            return Delivery.DEFERRED
        except (smtplib.SMTPException, OSError) as error:
            # The mail server is away or failed: kept for sending again. Without the
            # traceback, whose SMTP error texts may name the recipient.
            logger.error(
                "Mail %s for posting %s could not be sent: %s.",
                kind,
                posting.pk,
                type(error).__name__,
            )
            return Delivery.FAILED
        mail.delete()
    return Delivery.SENT


def refused_summary(count):
    """The German line for ``count`` mails dropped because their recipient was refused."""
    return (
        ngettext(
            "%d E-Mail verworfen: Der Mailserver des Empfängers hat die Adresse abgewiesen.",
            "%d E-Mails verworfen: Der Mailserver des Empfängers hat die Adresse abgewiesen.",
            count,
        )
        % count
    )


def send_after_commit(posting, kind, base_url, on_failure=None):
    """Record mail ``kind`` in the outbox (an ``UnsentMail`` row) within the current
    transaction and send it once that commits; ``on_failure(delivery)`` if it was not
    sent.

    Every mail of a transaction is recorded before any is sent, so a send that fails or
    is cut short (the request deadline) leaves the others recorded for the resend paths.
    """

    def deliver():
        delivery = send(posting, kind, base_url)
        if delivery not in (Delivery.SENT, Delivery.SKIPPED) and on_failure is not None:
            on_failure(delivery)

    # Another occasion's mail that never went out is overtaken by this one.
    UnsentMail.objects.filter(posting=posting).exclude(kind=kind).filter(
        kind__in=[k for k in MailKind if not _DUE_WHEN[k](posting)]
    ).delete()
    UnsentMail.objects.get_or_create(posting=posting, kind=kind)
    transaction.on_commit(deliver)


def unsent(posting):
    """The mails of ``posting`` still waiting to be sent again, as their kinds."""
    return [
        MailKind(kind)
        for kind in UnsentMail.objects.filter(posting=posting).values_list("kind", flat=True)
    ]


def resend(posting, base_url, kinds=None):
    """Send the unsent mails of ``posting`` (of ``kinds``) again; those whose occasion has
    passed are dropped. Returns the ``Delivery`` of each mail sent, by its kind."""
    deliveries = {}
    for mail in UnsentMail.objects.filter(posting=posting):
        kind = MailKind(mail.kind)
        if kinds is not None and kind not in kinds:
            continue
        if not _DUE_WHEN[kind](posting):
            mail.delete()
        else:
            deliveries[kind] = send(posting, kind, base_url)
    return deliveries


# --- The steps of a submission ----------------------------------------------------------


class _AlreadyStored(Exception):
    def __init__(self, posting):
        super().__init__()
        self.posting = posting


# How long an identical submission counts as the same one sent twice (a double click on
# "Absenden", a reload of the answer): it is not stored, counted or mailed again.
SAME_SUBMISSION_WITHIN = datetime.timedelta(minutes=10)


def _stored_before(form, now):
    """The unconfirmed submission of the last ``SAME_SUBMISSION_WITHIN`` with every value
    of ``form`` (the same contact address in any case), or None."""
    fields, sets = {}, {}
    for field in (*JobPosting._meta.concrete_fields, *JobPosting._meta.many_to_many):
        if field.name not in form.cleaned_data:
            continue
        value = form.cleaned_data[field.name]
        if field.many_to_many:
            sets[field.name] = {term.pk for term in value}
        elif field.name == "contact_email":
            fields["contact_email__iexact"] = value
        else:
            fields[field.name] = value
    candidates = JobPosting.objects.filter(
        **fields, confirmed_at__isnull=True, submitted_at__gte=now - SAME_SUBMISSION_WITHIN
    ).prefetch_related(*sets)
    for posting in candidates:
        if all(
            {term.pk for term in getattr(posting, name).all()} == pks for name, pks in sets.items()
        ):
            return posting
    return None


def submit(form, address, base_url):
    """Store the valid submission ``form`` as an unconfirmed draft, count it for the client
    ``address`` and for its contact address, and mail the confirmation link after the
    commit. ``DailyLimitReached`` (nothing
    stored) if either has used up today's. The same submission sent again within
    ``SAME_SUBMISSION_WITHIN`` is the one stored before, returned as it is."""
    now = timezone.now()
    day = today()
    try:
        with transaction.atomic():
            # The count's UPDATE locks the client's row: a second click waits here until
            # the first is committed, and then finds it.
            counted = _count(
                _client_hash(address, day), day, settings.SUBMISSIONS_PER_ADDRESS_PER_DAY
            )
            stored = _stored_before(form, now)
            if stored is not None:
                raise _AlreadyStored(stored)  # and the count is rolled back
            if not counted:
                raise DailyLimitReached()
            contact = _contact_hash(form.cleaned_data["contact_email"], day)
            if not _count(contact, day, settings.SUBMISSIONS_PER_CONTACT_PER_DAY):
                raise DailyLimitReached(per_contact=True)
            posting = form.save(commit=False)
            posting.status = PostingStatus.DRAFT
            posting.published_on = posting.valid_through = None
            posting.submitted_at = posting.consent_at = now
            posting.save()
            form.save_m2m()
            send_after_commit(posting, MailKind.CONFIRMATION, base_url)
    except _AlreadyStored as already:
        return already.posting
    return posting


def _locked(posting):
    """``posting`` as it is now, its row locked until the transaction ends: two requests
    on one posting (a double click, two tabs) take turns and the second sees the first's
    result."""
    return JobPosting.objects.select_for_update().select_related("region").get(pk=posting.pk)


def confirm(posting, base_url):
    """The employer confirmed: into the editors' review queue, and the editors are mailed.
    ``links.LinkError`` (used) if it was confirmed meanwhile."""
    with transaction.atomic():
        posting = _locked(posting)
        if posting.confirmed_at is not None or posting.status != PostingStatus.DRAFT:
            raise links.LinkError(links.Problem.USED)
        posting.status = PostingStatus.IN_REVIEW
        posting.confirmed_at = timezone.now()
        # The first version in the history: what the employer submitted.
        with reversion.create_revision(atomic=False):
            reversion.set_comment(_("Vom Arbeitgeber eingereicht und bestätigt."))
            posting.save()
        send_after_commit(posting, MailKind.REVIEW, base_url)
    return posting


def can_edit(posting):
    return posting.confirmed_at is not None and posting.status in (
        PostingStatus.IN_REVIEW,
        PostingStatus.PUBLISHED,
        PostingStatus.REJECTED,
    )


def resubmit(form, base_url):
    """The employer changed the posting: back to review (off the site until approved
    again). The editors are mailed when it comes into review, not again for each change
    while it waits there. None if it can no longer be changed (withdrawn meanwhile)."""
    with transaction.atomic():
        current = _locked(form.instance)
        if not can_edit(current):
            return None
        posting = form.save(commit=False)
        # The form's changes on top of the row as it is now, not as it was read.
        for field in JobPosting._meta.concrete_fields:
            if field.name not in form.fields:
                setattr(posting, field.attname, getattr(current, field.attname))
        posting.status = PostingStatus.IN_REVIEW
        posting.published_on = posting.valid_through = None
        posting.rejection_reason = ""
        posting.expired = False
        # The queue is ordered by confirmation: a changed posting queues as of now (and
        # its management link counts from now while it has no end: links.py).
        posting.confirmed_at = timezone.now()
        # A version in the history, so the editors see what the employer changed.
        with reversion.create_revision(atomic=False):
            reversion.set_comment(_("Vom Arbeitgeber über den Verwaltungslink geändert."))
            posting.save()
            form.save_m2m()
        if current.status != PostingStatus.IN_REVIEW:
            send_after_commit(posting, MailKind.REVIEW, base_url)
    return posting


def can_withdraw(posting):
    return posting.confirmed_at is not None and posting.status in (
        PostingStatus.IN_REVIEW,
        PostingStatus.PUBLISHED,
    )


def withdraw(posting):
    """Off the site at once: from the next request on its public address answers 410 if it
    was ever approved, else 404. None if it cannot be withdrawn (any more)."""
    with transaction.atomic():
        posting = _locked(posting)
        if not can_withdraw(posting):
            return None
        posting.withdraw(today())
        # Withdrawing revokes the consent (the Datenschutz page says so): the contact
        # address goes at once, and with it any mail still waiting.
        posting.contact_email = ""
        with reversion.create_revision(atomic=False):
            reversion.set_comment(_("Vom Arbeitgeber zurückgezogen."))
            posting.save()
        UnsentMail.objects.filter(posting=posting).delete()
    return posting


def can_extend(posting, day=None):
    return (
        not posting.extended
        and posting.is_open(day)
        and posting.latest_extension() > posting.valid_through
    )


def extend(posting, days):
    """Extend the open ``posting`` once by up to ``days`` (at most 30, and never past 90
    days after publication). Returns the new end, or None if it cannot be extended."""
    with transaction.atomic():
        posting = _locked(posting)
        if not can_extend(posting):
            return None
        posting.valid_through = min(
            posting.valid_through + datetime.timedelta(days=days), posting.latest_extension()
        )
        posting.extended = True
        posting.expired = False
        with reversion.create_revision(atomic=False):
            reversion.set_comment(_("Vom Arbeitgeber verlängert."))
            posting.save()
    return posting.valid_through


def decided(posting, base_url, on_failure=None):
    """An editor approved or rejected ``posting`` (admin action or change form): mail a
    submission's employer after the commit."""
    if not posting.is_submission:
        return
    kind = {
        PostingStatus.PUBLISHED: MailKind.PUBLISHED,
        PostingStatus.REJECTED: MailKind.REJECTED,
    }.get(posting.status)
    if kind is not None:
        send_after_commit(posting, kind, base_url, on_failure)


# --- The daily purge ------------------------------------------------------------------------

PERSONAL_DATA_KEPT = datetime.timedelta(days=30)
# A confirmed posting no editor decided on for this long after its confirmation (or last
# change), waiting in review or set back to draft, loses its contact address: nobody is
# going to write to it any more.
STUCK_IN_REVIEW = datetime.timedelta(days=90)


def purge(now=None):
    """Delete what SPEC §10 keeps no longer; idempotent. Returns the counts
    ``(unconfirmed submissions deleted, contact addresses deleted, address hashes deleted)``.

    A posting ends on its ``valid_through``, or when it was withdrawn or rejected (its last
    change) if that came first; 30 days later its contact address goes. So does that of a
    posting still in review (or set back to draft) 90 days after its confirmation or last
    change.
    """
    now = now or timezone.now()
    day = timezone.localdate(now, timezone.get_default_timezone())
    with transaction.atomic():
        _, deleted = JobPosting.objects.filter(
            status=PostingStatus.DRAFT,
            submitted_at__lt=now - links.CONFIRM_MAX_AGE,
            confirmed_at__isnull=True,
        ).delete()
        ended = JobPosting.objects.filter(contact_email__gt="").filter(
            Q(status=PostingStatus.PUBLISHED, valid_through__lt=day - PERSONAL_DATA_KEPT)
            | Q(
                Q(valid_through__lt=day - PERSONAL_DATA_KEPT)
                | Q(updated_at__lt=now - PERSONAL_DATA_KEPT),
                status__in=[PostingStatus.WITHDRAWN, PostingStatus.REJECTED],
            )
            | Q(status__in=UNDATED_STATUSES, confirmed_at__lt=now - STUCK_IN_REVIEW)
        )
        UnsentMail.objects.filter(posting__in=ended).delete()
        contacts = ended.update(contact_email="")
        hashes, _ = SubmissionAttempt.objects.filter(day__lt=day).delete()
        DailySecret.objects.filter(day__lt=day).delete()
    return deleted.get(JobPosting._meta.label, 0), contacts, hashes
