"""Cached pages never outlive a content change, and visitors revalidate with ETags."""

import datetime

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import path

from common.cache import PageCacheMiddleware, mark_shows_postings, release_fingerprint
from common.text import today
from jobs.models import JobPosting
from portal import urls as portal_urls
from regions.models import Region
from tests.conftest import make_posting, make_region

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls(__name__)]


def region_names(request):
    response = HttpResponse(
        ", ".join(Region.objects.order_by("name").values_list("name", flat=True))
    )
    response["X-Robots-Tag"] = "noarchive"
    return response


def sets_cookie(request):
    response = HttpResponse(str(Region.objects.count()))
    response.set_cookie("probe", "1")
    return response


def open_postings(request):
    postings = JobPosting.objects.open().select_related("region").order_by("title")
    return mark_shows_postings(
        HttpResponse(", ".join(f"{p.title} ({p.region.name})" for p in postings))
    )


# The site's own URLs (the admin among them) too: error pages link to its pages.
urlpatterns = [
    path("staedte/", region_names),
    path("stellen/", open_postings),
    path("keks/", sets_cookie),
    *portal_urls.urlpatterns,
]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_second_request_is_served_from_the_cache(client, django_assert_num_queries):
    make_region("Essen")
    assert client.get("/staedte/").content == b"Essen"
    with django_assert_num_queries(0):
        assert client.get("/staedte/").content == b"Essen"


def test_a_content_change_is_visible_at_the_next_request(client):
    region = make_region("Essen")
    assert client.get("/staedte/").content == b"Essen"
    region.name = "Essen (Ruhr)"
    region.save()
    assert client.get("/staedte/").content == b"Essen (Ruhr)"
    Region.objects.create(name="Bochum")
    assert client.get("/staedte/").content == b"Bochum, Essen (Ruhr)"
    region.delete()
    assert client.get("/staedte/").content == b"Bochum"


def test_unchanged_page_answers_304_to_its_etag(client):
    make_region("Essen")
    first = client.get("/staedte/")
    assert first["Cache-Control"] == "no-cache"
    again = client.get("/staedte/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    Region.objects.create(name="Bochum")
    changed = client.get("/staedte/", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_a_weak_etag_of_the_page_answers_304(client):
    # A compressing proxy passes the ETag on as W/"…"; GET compares weakly (RFC 9110).
    make_region("Essen")
    etag = client.get("/staedte/")["ETag"]
    again = client.get("/staedte/", headers={"If-None-Match": f"W/{etag}"})
    assert again.status_code == 304
    other = client.get("/staedte/", headers={"If-None-Match": 'W/"anders"'})
    assert other.status_code == 200


def test_requests_with_cookies_are_never_served_from_the_cache(client, django_assert_num_queries):
    make_region("Essen")
    client.get("/staedte/")
    client.cookies["sessionid"] = "editor"
    with django_assert_num_queries(1):
        client.get("/staedte/")


def test_responses_that_set_cookies_are_not_cached(client, django_assert_num_queries):
    client.get("/keks/")
    with django_assert_num_queries(1):
        client.get("/keks/")


def test_cache_off_still_answers_304(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE_ENABLED = False
    make_region("Essen")
    first = client.get("/staedte/")
    with django_assert_num_queries(1):
        again = client.get("/staedte/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_an_admin_edit_is_visible_at_the_next_request(client, admin_client):
    from django.urls import reverse

    from tests.conftest import admin_form_data

    region = make_region("Essen")
    assert client.get("/staedte/").content == b"Essen"
    url = reverse("admin:regions_region_change", args=[region.pk])
    data = admin_form_data(admin_client.get(url), name="Essen an der Ruhr")
    assert admin_client.post(url, data).status_code == 302
    assert client.get("/staedte/").content == b"Essen an der Ruhr"


def test_made_up_parameters_are_not_cached(client, django_assert_num_queries):
    make_region("Essen")
    client.get("/staedte/?x=1")
    with django_assert_num_queries(1):
        client.get("/staedte/?x=1")
    client.get("/staedte/?seite=2")
    with django_assert_num_queries(0):
        client.get("/staedte/?seite=2")


def test_free_text_searches_are_not_cached(client, django_assert_num_queries):
    # Every spelling would be a page of its own: made-up words must not fill the cache.
    make_region("Essen")
    client.get("/staedte/?q=Jira")
    with django_assert_num_queries(1):
        client.get("/staedte/?q=Jira")
    client.get("/staedte/?stufe=einstieg")
    with django_assert_num_queries(0):
        client.get("/staedte/?stufe=einstieg")


def test_headers_of_the_view_survive_the_cache(client):
    make_region("Essen")
    first = client.get("/staedte/")
    again = client.get("/staedte/")
    assert again["X-Robots-Tag"] == first["X-Robots-Tag"] == "noarchive"
    assert again["Content-Type"] == first["Content-Type"]


PER_ANSWER = {"date", "x-request-id"}


def comparable(response):
    return {
        name.lower(): value
        for name, value in response.headers.items()
        if name.lower() not in PER_ANSWER
    }


def test_a_cached_answer_carries_the_same_headers_as_a_fresh_one(
    client, settings, django_assert_num_queries
):
    settings.SECURE_HSTS_SECONDS = 31536000
    make_region("Essen")
    with django_assert_num_queries(1):
        fresh = client.get("/staedte/", secure=True)
    with django_assert_num_queries(0):
        cached = client.get("/staedte/", secure=True)
    assert comparable(cached) == comparable(fresh)
    for header in ("Content-Security-Policy", "Strict-Transport-Security", "X-Frame-Options"):
        assert header in cached
    assert cached["X-Request-ID"] != fresh["X-Request-ID"]

    # And the 304s, from the cache and from the whole stack.
    revalidate = {"If-None-Match": fresh["ETag"]}
    cached_304 = client.get("/staedte/", secure=True, headers=revalidate)
    cache.clear()
    with django_assert_num_queries(1):
        fresh_304 = client.get("/staedte/", secure=True, headers=revalidate)
    assert cached_304.status_code == fresh_304.status_code == 304
    assert comparable(cached_304) == comparable(fresh_304)
    assert "Content-Security-Policy" in cached_304
    assert "X-Request-ID" in cached_304


def test_head_gets_the_headers_of_the_page_without_its_body(rf, django_assert_num_queries):
    # The middleware alone: the test client would drop a HEAD body by itself.
    make_region("Essen")
    middleware = PageCacheMiddleware(region_names)
    fresh = middleware(rf.head("/staedte/"))
    with django_assert_num_queries(0):
        cached = middleware(rf.head("/staedte/"))
        page = middleware(rf.get("/staedte/"))
    assert fresh.status_code == cached.status_code == 200
    assert fresh.content == cached.content == b""
    assert cached["Content-Length"] == "5"
    assert cached["ETag"] == fresh["ETag"] == page["ETag"]
    assert page.content == b"Essen"


def test_plain_http_is_redirected_with_the_https_page_cached(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    make_region("Essen")
    for _ in range(2):
        assert client.get("/staedte/", secure=True).status_code == 200
    plain = client.get("/staedte/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/staedte/"


def test_unknown_host_is_refused_with_the_page_cached(client, django_assert_num_queries):
    make_region("Essen")
    client.get("/staedte/")
    with django_assert_num_queries(0):
        assert client.get("/staedte/").status_code == 200
    refused = client.get("/staedte/", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    # Answered by the host check of the whole stack, with its security headers.
    assert refused["X-Frame-Options"] == "DENY"


def test_missing_slash_is_still_redirected(client):
    make_region("Essen")
    client.get("/staedte/")
    for _ in range(2):
        redirect = client.get("/staedte")
        assert redirect.status_code == 301
        assert redirect["Location"] == "/staedte/"


def test_a_new_release_never_reads_pages_stored_by_the_one_before(settings, tmp_path):
    """Code, templates and static files are in every key: a deploy starts afresh."""
    template = tmp_path / "templates" / "jinja2" / "page.html"
    template.parent.mkdir(parents=True)
    template.write_text("<p>Release 1</p>")
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    first = release_fingerprint()
    assert release_fingerprint() == first

    template.write_text("<p>Release 2</p>")
    second = release_fingerprint()
    assert second != first

    settings.STATIC_ROOT.mkdir()
    (settings.STATIC_ROOT / "staticfiles.json").write_text('{"paths": {}}')
    assert release_fingerprint() not in (first, second)


def published_posting(title, valid_through=None):
    posting = make_posting(title=title)
    posting.valid_through = valid_through
    posting.approve(today())
    posting.save()
    return posting


def test_a_posting_change_is_on_the_pages_with_postings_at_the_next_request(client):
    first = published_posting("Admin (m/w/d)")
    assert client.get("/stellen/").content == b"Admin (m/w/d) (Essen)"
    second = published_posting("Beraterin (m/w/d)")
    assert client.get("/stellen/").content == b"Admin (m/w/d) (Essen), Beraterin (m/w/d) (Essen)"
    first.withdraw(today())
    first.save()
    assert client.get("/stellen/").content == b"Beraterin (m/w/d) (Essen)"
    second.tools.create(name="Jira")  # a change of its many-to-many fields counts too
    second.region.name = "Essen (Ruhr)"  # and a change of the content it shows
    second.region.save()
    assert client.get("/stellen/").content == b"Beraterin (m/w/d) (Essen (Ruhr))"


def test_a_posting_change_leaves_the_pages_without_postings_cached(
    client, django_assert_num_queries
):
    posting = published_posting("Admin (m/w/d)")  # with its occupation and city
    assert client.get("/staedte/").content == b"Essen"
    posting.withdraw(today())
    posting.save()
    published_posting("Beraterin (m/w/d)")
    with django_assert_num_queries(0):
        assert client.get("/staedte/").content == b"Essen"


def test_a_page_with_postings_is_made_anew_the_next_day(
    client, monkeypatch, django_assert_num_queries
):
    from django.utils import timezone

    published_posting("Admin (m/w/d)", valid_through=today())
    published_posting("Beraterin (m/w/d)")
    both = b"Admin (m/w/d) (Essen), Beraterin (m/w/d) (Essen)"
    assert client.get("/stellen/").content == both
    with django_assert_num_queries(0):
        assert client.get("/stellen/").content == both
    # The first one's last day has passed: no scheduled job ran, no version moved.
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert client.get("/stellen/").content == b"Beraterin (m/w/d) (Essen)"
