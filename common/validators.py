"""Validators the content models share."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.text import format_day, today


def not_in_future(day):
    """A "Stand" or retrieval date is at most today, as the day is in Berlin (TIME_ZONE)
    whatever time zone a request activated.

    Only a validator (the admin form and the import run it), no database constraint: a
    CHECK against the current date is not a fixed property of the row. PostgreSQL takes
    CHECK conditions as immutable and may re-check them at any time (a restore, a
    ``VALIDATE CONSTRAINT``) under another clock; and the database's current date is
    that of its session, which Django keeps in UTC (SQLite's ``date('now')`` is UTC too), so
    it would refuse Berlin's "today" between midnight and one or two in the morning.
    """
    if day is not None and day > (now := today()):
        raise ValidationError(
            _("Das Datum liegt in der Zukunft; heute ist der %(today)s.")
            % {"today": format_day(now)},
            code="future",
        )
