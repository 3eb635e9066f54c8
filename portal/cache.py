"""Page cache for anonymous visitors, keyed on the content version.

Every content change bumps the content version (``portal.content_version``), and the
version is part of every key, so an edit is on the public pages at the next request on
every process and instance; old entries simply expire. Pages are cached only for
requests without cookies (visitors never get one; editors and staff previews carry the
session cookie and always see fresh pages) and only when the response sets no cookie.

Every cacheable answer carries an ETag; a matching ``If-None-Match`` gets a 304.
``DJANGO_PAGE_CACHE=0`` (setting ``PAGE_CACHE_ENABLED``) switches the storage off but
keeps ETags, so the uncached path can be measured on its own.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from portal import content_version

# Headers a fresh answer of the view gets again on the way out, or that belong to one
# answer only; every other header the view set is stored with the page.
NOT_STORED = {"set-cookie", "date", "content-length", "etag", "cache-control", "vary"}
BYPASS_PREFIXES = ("/admin/", "/static/", "/healthz", "/readyz")
# Query parameters the public pages understand. A request with any other parameter is
# answered uncached, so made-up parameters cannot fill the cache with copies of a page.
KNOWN_PARAMETERS = frozenset(
    {"beruf", "region", "stufe", "gehalt_min", "gehalt_max", "band", "werkzeug", "branche"}
    | {"q", "sortierung", "seite"}
)


def _cacheable_request(request):
    return (
        request.method == "GET"
        and not request.COOKIES
        and not request.path.startswith(BYPASS_PREFIXES)
        and KNOWN_PARAMETERS.issuperset(request.GET)
    )


def _cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def _key(request, version):
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{version}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _etag(content):
    return f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"'


def _not_modified(request, etag):
    wanted = request.headers.get("If-None-Match")
    return bool(wanted) and (etag in parse_etags(wanted) or wanted.strip() == "*")


def _finish(request, response, etag):
    response["ETag"] = etag
    # Browsers revalidate every time (cheaply, with the ETag), so no visitor keeps
    # yesterday's salary figure.
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Cookie"])
    if _not_modified(request, etag):
        not_modified = HttpResponseNotModified()
        for header in ("ETag", "Cache-Control", "Vary"):
            not_modified[header] = response[header]
        return not_modified
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.PAGE_CACHE_SECONDS

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        enabled = settings.PAGE_CACHE_ENABLED
        key = _key(request, content_version.current()) if enabled else None
        entry = cache.get(key) if enabled else None
        if entry is not None:
            content, headers, etag = entry
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return _finish(request, response, etag)

        response = self.get_response(request)
        if not _cacheable_response(response):
            return response
        etag = _etag(response.content)
        if enabled:
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in NOT_STORED
            ]
            cache.set(key, (response.content, headers, etag), self.timeout)
        return _finish(request, response, etag)
