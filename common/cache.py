"""Page cache for anonymous visitors, valid for one content version.

Every content change bumps the content version (``common.content_version``), and a page
is stored with the version it was made at: a hit is a page whose version is the current
one, so an edit is on the public pages at the next request on every process and
instance. Version and page are read together (``get_many``: one MGET on Redis), so a hit
costs one round trip to a shared cache. Pages are cached only for
requests without cookies (visitors never get one; editors and staff previews carry the
session cookie and always see fresh pages) and only when the response sets no cookie.

The middleware sits right after the request id, ahead of the security, CSP, host and
common middleware, so a hit costs little more than Django's own request handling. What
those middleware would add is not lost: a page is stored as the whole stack answered it,
with its final headers (security headers, CSP, Vary, Content-Type …), and a hit replays
them; only what belongs to one answer (Set-Cookie, Date, X-Request-ID) is left out. What
they would refuse never reaches an entry: the key holds scheme, host and full path, a bad
host falls through to the stack's 400, and only 200 answers are stored, so a plain-http
request under SSL redirect gets its redirect and a bad host its 400.

A page that shows job postings (a view marks it with ``mark_shows_postings``) depends on the
postings' own version too, and on the day: a posting is open until its ``valid_through``,
decided when the page is made, so such a page is stored with the postings version and the
date (Europe/Berlin) as well, and is a hit only while both are still current. All versions
and the page are read in the same ``get_many``, so a hit still costs one round trip.

When the cache cannot be reached (common.outages), pages are made uncached until it answers
again, and the versions move on then.

Every cacheable answer carries an ETag; a matching ``If-None-Match`` gets a 304. HEAD is
answered like GET, without the body. ``DJANGO_PAGE_CACHE=0`` (setting
``PAGE_CACHE_ENABLED``) switches the storage off but keeps ETags, so the uncached path
can be measured on its own.
"""

import contextlib
import hashlib
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from common import content_version
from common.outages import CacheUnreachable, cache_call
from common.text import today

# Headers that belong to one answer only; every other final header is stored with the
# page. Content-Length is taken from the stored body instead.
PER_ANSWER = frozenset({"set-cookie", "date", "x-request-id", "content-length"})
# Describe the body, so a 304 (which has none) leaves them out (RFC 9110, 15.4.5).
REPRESENTATION = frozenset({"content-type", "content-length", "content-language"})
BYPASS_PREFIXES = ("/admin/", "/static/")
# Query parameters the public pages understand, named by the apps that read them
# (``accept_query_parameters``). A request with any other parameter is answered uncached,
# so made-up parameters cannot fill the cache with copies of a page.
_known_parameters = set()


def accept_query_parameters(*names):
    """Let pages with the query parameters ``names`` be stored (from AppConfig.ready())."""
    _known_parameters.update(names)


def _cacheable_request(request):
    # Cheapest tests first: this runs ahead of every request, static files included.
    return (
        not request.path.startswith(BYPASS_PREFIXES)
        and request.method in ("GET", "HEAD")
        and not request.COOKIES
        and (not request.META.get("QUERY_STRING") or _known_parameters.issuperset(request.GET))
    )


def _cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def _address(request):
    """Scheme, host and full path; None for a host that is not allowed.

    Such a request goes down the stack uncached, where the host check answers 400 (and
    logs it without this lookup chained to it).
    """
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return f"{request.scheme}://{host}{request.get_full_path()}"


def _key(release, address):
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"page:{release}:{digest}"


def _etag(content):
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _not_modified(request, etag):
    # The weak comparison of RFC 9110, 13.1.2, which is the one for GET and HEAD: a
    # proxy that compresses the page passes its ETag on as W/"…".
    wanted = request.META.get("HTTP_IF_NONE_MATCH")
    if not wanted:
        return False
    return wanted.strip() == "*" or etag in (tag.removeprefix("W/") for tag in parse_etags(wanted))


def _page(response):
    """The answer to store: body and final headers, without what belongs to one answer.

    Stored as a ready response, as Django's own cache middleware does: a hit then costs
    one unpickling instead of validating every header again.
    """
    page = HttpResponse(
        response.content,
        headers=[
            (name, value) for name, value in response.items() if name.lower() not in PER_ANSWER
        ],
    )
    page["Content-Length"] = str(len(page.content))
    return page


def _answer(request, page):
    """A stored or fresh page as this request should get it: 304, without body, or whole."""
    if _not_modified(request, page["ETag"]):
        return HttpResponseNotModified(
            headers=[
                (name, value) for name, value in page.items() if name.lower() not in REPRESENTATION
            ]
        )
    if request.method == "HEAD":
        # The headers of the GET (Content-Length included), no body.
        page.content = b""
    return page


def release_fingerprint():
    """A digest of what this process runs: Django, the code, the templates, static files.

    Part of every key, so a deploy never serves a page stored by the release before it
    (links to static files that are gone, old headers, a pickled response of an older
    Django) from a shared cache; the old entries expire.
    """
    digest = hashlib.blake2b(django.get_version().encode(), digest_size=8)
    base = Path(settings.BASE_DIR)
    paths = [
        path
        for folder in ("common", "portal", "regions", "jobs", "templates")
        for path in (base / folder).rglob("*")
        if path.suffix in (".py", ".html") and path.is_file()
    ]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    for path in sorted(paths) + ([manifest] if manifest.is_file() else []):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.PAGE_CACHE_SECONDS
        self.release = release_fingerprint()

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        # Read per request, not in __init__: tests switch it on a running server.
        enabled = settings.PAGE_CACHE_ENABLED
        if enabled:
            address = _address(request)
            if address is None:
                return self.get_response(request)
            key = _key(self.release, address)
            try:
                found = cache_call(cache.get_many, [*content_version.KEYS, key])
            except CacheUnreachable:
                found = None
            if found is None:
                enabled = False  # made uncached until the cache answers again
            else:
                version, entry = found.get(content_version.KEY), found.get(key)
                postings = found.get(content_version.POSTINGS)
                if version is None:
                    version = content_version.current()
                    enabled = version is not None
                elif _is_current(entry, version, postings):
                    return _answer(request, entry[2])

        response = self.get_response(request)
        if not _cacheable_response(response):
            return response
        response["ETag"] = _etag(response.content)
        # Browsers revalidate every time (cheaply, with the ETag), so no visitor keeps
        # yesterday's salary figure.
        response["Cache-Control"] = "no-cache"
        patch_vary_headers(response, ["Cookie"])
        if enabled:
            # Under the versions read before the page was made: a change committed while
            # it was made leaves it out of date, never the other way round.
            stamp = None
            if getattr(response, "shows_postings", False):
                if postings is None:
                    postings = content_version.current(content_version.POSTINGS)
                stamp = _postings_stamp(postings)
            if stamp is None or stamp[0] is not None:
                with contextlib.suppress(CacheUnreachable):
                    cache_call(cache.set, key, (version, stamp, _page(response)), self.timeout)
        return _answer(request, response)


def _is_current(entry, version, postings):
    """Whether a stored ``(version, postings stamp, page)`` is the page to serve now."""
    return (
        entry is not None
        and entry[0] == version
        and (entry[1] is None or entry[1] == _postings_stamp(postings))
    )


def _postings_stamp(postings_version):
    """What a page that shows postings is valid for: their version and today's date."""
    return (postings_version, today().isoformat())


def mark_shows_postings(response):
    """Mark ``response`` as a page that shows job postings: it is stored with the postings'
    version and the day, and made anew when either has moved on."""
    response.shows_postings = True
    return response
