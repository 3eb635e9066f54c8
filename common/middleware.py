import re
import secrets

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotAllowed

from common import content_version, outages
from common.errors import error_page, service_unavailable
from common.logs import request_id
from common.methods import allowed_methods

# A proxy's request id is taken over only when it looks like one.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id (the proxy's X-Request-ID or a new one) for logs and response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # META rather than request.headers, and random hex rather than a UUID object: this
        # runs before the page cache, so its cost is on every cached answer.
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.id = incoming if _VALID_REQUEST_ID.match(incoming) else secrets.token_hex(16)
        token = request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response


class PermissionsPolicyMiddleware:
    """Switch off browser features the portal never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ProbesMiddleware:
    """Answer the probes before anything else: no host check, no session, no page cache.

    Load balancers and orchestrators probe by IP address, which is not an allowed host.
    ``/healthz`` (liveness) touches nothing, so it never fails because the database is
    away. ``/readyz`` (readiness) asks the database: 503 when it does not answer. Its body
    also names the state of the shared cache; without the cache the pages are made
    uncached, slower but right, so the instance stays in rotation (200).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in ("/healthz", "/readyz"):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"], content=error_page(405))
        if request.path == "/healthz":
            return _probe_answer("ok")
        return _readiness()


def _probe_answer(text, status=200):
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def _readiness():
    database = "database: ok"
    if outages.database_paused():
        database = "database: unavailable"
    else:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            database = "database: unavailable"
            if outages.is_outage(error):
                outages.database_failed()
    cache = "cache: ok"
    if content_version.current() is None:
        cache = "cache: unreachable, pages are made uncached"
    if database == "database: ok":
        return _probe_answer(f"ready\n{database}\n{cache}\n")
    return _probe_answer(f"not ready\n{database}\n{cache}\n", status=503)


class DatabaseOutageMiddleware:
    """While this process pauses the lost database (common.outages), answer every request
    that got this far, and so would need it, with the German 503 at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if outages.database_paused():
            return service_unavailable(request)
        return self.get_response(request)


class AllowedMethodsMiddleware:
    """Answer a method the view does not take with 405, its ``Allow`` and the German page.

    Sits before the CSRF check, which would otherwise answer a POST to a read-only page
    with its 403 first; it only ever refuses, so the check still guards every view that
    takes the method. Views that do not say what they take (the admin's) answer for
    themselves, and an empty 405 or 410 from them gets the German page too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (405, 410) and not response.streaming and not response.content:
            response.content = error_page(response.status_code)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        allowed = allowed_methods(view_func)
        if allowed is not None and request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        return None
