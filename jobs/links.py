"""The signed links of an employer's submission (SPEC §10), with Django's signing framework.

Every link names the posting and the moment it was submitted, so a link can never reach
another posting that later takes the same id. The confirmation link is valid for 48 hours
and only while the submission is unconfirmed and under 48 hours old (a second use finds it
confirmed); the management link is valid until 30 days after the posting's end, or 90 days
after the last confirmation or change while it has no end. The receipt link is the
thank-you page's own address.
"""

import datetime
import enum

from django.core import signing
from django.utils import timezone

from common.text import today
from jobs.choices import PostingStatus
from jobs.models import JobPosting

CONFIRM_SALT = "jobs.submission.confirm"
MANAGE_SALT = "jobs.submission.manage"
RECEIPT_SALT = "jobs.submission.receipt"
CONFIRM_MAX_AGE = datetime.timedelta(hours=48)
MANAGE_AFTER_END = datetime.timedelta(days=30)
MANAGE_BEFORE_END = datetime.timedelta(days=90)


class Problem(enum.StrEnum):
    TAMPERED = "tampered"
    EXPIRED = "expired"
    USED = "used"
    GONE = "gone"


class LinkError(Exception):
    def __init__(self, problem):
        super().__init__(problem)
        self.problem = problem


def _stamp(posting):
    return int(posting.submitted_at.timestamp())


def _token(posting, salt):
    return signing.dumps({"p": posting.pk, "s": _stamp(posting)}, salt=salt, compress=True)


def confirmation_token(posting):
    return _token(posting, CONFIRM_SALT)


def management_token(posting):
    return _token(posting, MANAGE_SALT)


def receipt_token(posting):
    return _token(posting, RECEIPT_SALT)


def _posting(token, salt, max_age):
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError(Problem.EXPIRED) from None
    except signing.BadSignature:
        raise LinkError(Problem.TAMPERED) from None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        raise LinkError(Problem.TAMPERED)
    posting = (
        JobPosting.objects.select_related("occupation", "region")
        .filter(pk=data["p"], submitted_at__isnull=False)
        .first()
    )
    if posting is None or _stamp(posting) != data.get("s"):
        # Deleted (an unconfirmed submission after 48 hours) or another posting now.
        raise LinkError(Problem.GONE)
    return posting


def confirmable(token):
    """The unconfirmed submission ``token`` confirms, or ``LinkError``."""
    posting = _posting(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    if posting.confirmed_at is not None or posting.status != PostingStatus.DRAFT:
        raise LinkError(Problem.USED)
    # A link mailed again late is younger than the submission it confirms.
    if timezone.now() - posting.submitted_at > CONFIRM_MAX_AGE:
        raise LinkError(Problem.EXPIRED)
    return posting


def received(token):
    """The submission whose thank-you page ``token`` names, or ``LinkError``."""
    return _posting(token, RECEIPT_SALT, CONFIRM_MAX_AGE)


def management_deadline(posting):
    """The last day the management link of ``posting`` works."""
    if posting.valid_through is not None:
        return posting.valid_through + MANAGE_AFTER_END
    # Without an end (in review, or changed and back in review): from the last
    # confirmation, which a change resets, so saving a change never ends the link in use.
    since = posting.confirmed_at or posting.submitted_at
    return timezone.localdate(since, timezone.get_default_timezone()) + MANAGE_BEFORE_END


def manageable(token):
    """The submission ``token`` manages, while its link is valid, or ``LinkError``."""
    posting = _posting(token, MANAGE_SALT, None)
    if today() > management_deadline(posting):
        raise LinkError(Problem.EXPIRED)
    return posting
