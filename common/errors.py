"""Error pages: German pages of the site (templates/jinja2/400.html … 503.html).

Django's own error views render 400, 403, 404 and the CSRF failure (403_csrf.html) from
these templates; this module adds what Django has no view for. A lost or hung database is
not a bug: it answers a friendly 503, not a 500 (common/outages.py). The pages need neither
the database nor the request, so they render while the database is away and for a refused
host.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _

from common import outages

RETRY_AFTER_SECONDS = 30

logger = logging.getLogger(__name__)

# What a visitor reads when even the error page cannot be built (a broken template or
# engine): plain text, so nothing more can fail.
LAST_RESORT = {
    500: _("Fehler auf dem Server. Bitte versuchen Sie es in einigen Minuten noch einmal."),
    503: _(
        "Revier IT-Karriere ist gerade kurz nicht erreichbar. Bitte laden Sie die Seite in einer halben Minute neu."
    ),
}


def error_page(status):
    """The German page for ``status``, as HTML text."""
    return loader.render_to_string(f"{status}.html")


def _server_fault(status):
    try:
        return HttpResponse(error_page(status), status=status)
    except Exception:
        logger.exception("The error page %s could not be built", status)
        return HttpResponse(
            str(LAST_RESORT[status]), status=status, content_type="text/plain; charset=utf-8"
        )


def server_error(request):
    """handler500: Django calls it inside its except block, so the exception is at hand."""
    error = sys.exc_info()[1]
    if outages.is_outage(error):
        outages.database_failed()
    if isinstance(error, OperationalError | InterfaceError) or outages.deadline_exceeded(error):
        return service_unavailable(request)
    return _server_fault(500)


def service_unavailable(request):
    response = _server_fault(503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
