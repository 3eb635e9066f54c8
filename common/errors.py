"""Error pages. A lost or hung database is not a bug: it answers a friendly 503, not a 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from common import outages

RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request):
    """handler500: Django calls it inside its except block, so the exception is at hand."""
    error = sys.exc_info()[1]
    if outages.is_outage(error):
        outages.database_failed()
    if isinstance(error, OperationalError | InterfaceError | outages.DeadlineExceeded):
        return service_unavailable(request)
    return HttpResponseServerError(loader.render_to_string("500.html"))


def service_unavailable(request):
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
