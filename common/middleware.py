import re
import secrets

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed

from common.logs import request_id

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


class LivenessMiddleware:
    """Answer /healthz before anything else: no host check, no database, no session.

    A container's HEALTHCHECK or a load balancer probes by IP address, which is not an
    allowed host, and a liveness probe must not fail because the database is away.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "HEAD"])
            response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
