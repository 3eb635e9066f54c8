"""Error pages (SPEC §7): German pages of the site with its navigation, for every status.

Read-only pages answer other methods with 405 and an ``Allow`` header, not with the CSRF
page. No error page sets a cookie or is stored by the page cache.
"""

import pytest
from django.db import OperationalError
from django.http import HttpResponseGone
from django.template import loader
from django.test import Client
from django.urls import path

from portal import urls as portal_urls
from tests.conftest import HTML_PAGES, OTHER_PUBLIC_URLS, make_profile, text_of

# Error views that only a broken server or a future page produces, next to the site's
# own URLs and error handlers, so the pages are built as on the real site.
urlpatterns = [
    path("db-weg/", lambda request: _raise(OperationalError("connection to 127.0.0.1 refused"))),
    path("kaputt/", lambda request: _raise(ValueError("a bug"))),
    path("entfernt/", lambda request: HttpResponseGone()),
    *portal_urls.urlpatterns,
]
handler500 = portal_urls.handler500


def _raise(error):
    raise error


def assert_german_page_of_the_site(response, status, *phrases):
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert html.startswith("<!doctype html>")
    assert '<html lang="de">' in html
    assert '<meta name="robots" content="noindex">' in html
    # The header, navigation and footer of every public page.
    assert 'aria-label="Hauptnavigation"' in html
    assert 'href="/regionen/"' in html and 'href="/berufe/"' in html
    assert "<footer" in html and 'href="/impressum/"' in html
    assert html.count("<h1") == 1
    text = text_of(response)
    for phrase in phrases:
        assert phrase in text
    # Nothing of Django's English defaults.
    for english in ("Not Found", "Bad Request", "Forbidden", "CSRF verification", "Server Error"):
        assert english not in text
    assert not response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/gibt-es-nicht/", "/regionen/gotham/", "/berufe/astronaut/duisburg/"]
)
def test_unknown_addresses_get_the_german_404(client, ruhr_content, url):
    response = client.get(url)
    assert_german_page_of_the_site(response, 404, "Seite nicht gefunden", "Gehälter finden")


@pytest.mark.django_db
def test_a_draft_is_a_german_404_to_visitors(client):
    draft = make_profile(published=False)
    response = client.get(draft.get_absolute_url())
    assert_german_page_of_the_site(response, 404, "Seite nicht gefunden")
    assert draft.title not in response.content.decode()


@pytest.mark.django_db
def test_a_bad_host_gets_the_german_400(client):
    response = client.get("/regionen/", headers={"Host": "evil.example"})
    assert_german_page_of_the_site(response, 400, "Anfrage nicht verstanden")
    assert "evil.example" not in response.content.decode()


@pytest.mark.django_db
def test_an_editor_without_permission_gets_the_german_403(client, editor):
    client.force_login(editor)
    response = client.get("/admin/auth/user/")
    assert_german_page_of_the_site(response, 403, "Kein Zugriff")


@pytest.mark.django_db
def test_a_form_without_csrf_token_gets_the_german_403(editor):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "redakteurin", "password": "x"})
    assert_german_page_of_the_site(
        response, 403, "Formular nicht angenommen", "Seite mit dem Formular neu"
    )


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_page_that_is_gone_gets_the_german_410(client):
    assert_german_page_of_the_site(client.get("/entfernt/"), 410, "gibt es nicht mehr")


# No database access is allowed in these two: the pages must render without one.
@pytest.mark.urls(__name__)
def test_a_bug_gives_the_german_500_without_details():
    response = Client(raise_request_exception=False).get("/kaputt/")
    assert_german_page_of_the_site(response, 500, "schiefgegangen")
    assert "a bug" not in response.content.decode()


@pytest.mark.urls(__name__)
def test_a_lost_database_gives_the_german_503_with_retry_after():
    response = Client(raise_request_exception=False).get("/db-weg/")
    assert_german_page_of_the_site(response, 503, "Gleich wieder da")
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "Traceback" not in body and "127.0.0.1" not in body


@pytest.mark.urls(__name__)
def test_the_500_is_still_german_when_the_page_cannot_be_built(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template engine broken")

    monkeypatch.setattr(loader, "render_to_string", broken)
    response = Client(raise_request_exception=False).get("/kaputt/")
    assert response.status_code == 500
    assert "Fehler auf dem Server" in response.content.decode()


# The probes are answered before the site (common.middleware.ProbesMiddleware), with the
# same German 405 page.
READ_ONLY_URLS = [*HTML_PAGES, *OTHER_PUBLIC_URLS]


@pytest.mark.django_db
@pytest.mark.parametrize("url", READ_ONLY_URLS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_only_pages_refuse_other_methods_with_a_german_405(client, url, method):
    # No CSRF exemption involved: the test client checks CSRF like a browser would.
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(url, data=b"x", content_type="text/plain")
    assert_german_page_of_the_site(response, 405, "nimmt sie nicht an")
    allowed = {name.strip() for name in response["Allow"].split(",")}
    assert {"GET", "HEAD"} <= allowed
    assert not allowed & {"POST", "PUT", "PATCH", "DELETE"}


@pytest.mark.django_db
def test_an_empty_405_of_the_admin_gets_the_german_page(client, editor):
    client.force_login(editor)
    # Restoring a version is a POST-only action of the admin's history.
    response = client.get("/admin/regions/careerprofile/1/history/1/restore/")
    assert_german_page_of_the_site(response, 405, "nimmt sie nicht an")
    assert response["Allow"] == "POST"


@pytest.mark.django_db
def test_the_admin_login_still_checks_csrf_and_works_with_a_token(editor):
    client = Client(enforce_csrf_checks=True)
    form = client.get("/admin/login/")
    token = form.cookies["csrftoken"].value
    response = client.post(
        "/admin/login/",
        {"username": "redakteurin", "password": "geheim-und-lang-genug"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 302
    assert client.post("/admin/logout/").status_code == 403  # no token: refused


@pytest.mark.django_db(transaction=True)
def test_error_pages_are_never_stored_by_the_page_cache(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    assert client.get("/regionen/essen/").status_code == 404
    make_profile()  # Softwareentwickler:in in Essen
    assert client.get("/regionen/essen/").status_code == 200
