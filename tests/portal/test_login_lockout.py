"""Login lockout: after AXES_FAILURE_LIMIT failures the admin login says so, in German."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from common.login_throttle import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-und-lang-genug"


def login(client, password, address="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": "redakteurin", "password": password},
        REMOTE_ADDR=address,
    )


def test_lockout_after_the_configured_number_of_failures(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = login(client, "falsch")
        assert response.status_code == 200  # the login form with its error
    response = login(client, "falsch")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in text
    assert "in 15 Minuten erneut" in text
    # Even the right password does not help during the cool-off ...
    assert login(client, PASSWORD).status_code == 429
    # ... but the same account from another address is not locked out.
    assert login(client, PASSWORD, address="198.51.100.1").status_code == 302


def test_the_lockout_is_a_german_page_of_the_site_without_cookie(client, editor):
    for _ in range(5):
        response = login(client, "falsch")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert 'aria-label="Hauptnavigation"' in html and "<footer" in html
    assert "Anmeldung vorübergehend gesperrt" in html
    assert "in 15 Minuten erneut" in html
    assert 'href="/admin/login/"' in html
    assert not response.cookies


def test_an_unsafe_next_after_login_lands_on_the_admin_index(client, editor):
    response = client.post(
        reverse("admin:login") + "?next=https://evil.example/",
        {"username": "redakteurin", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_a_safe_next_after_login_is_followed(client, editor):
    target = reverse("admin:regions_region_changelist")
    response = client.post(
        reverse("admin:login") + f"?next={target}",
        {"username": "redakteurin", "password": PASSWORD, "next": target},
    )
    assert response["Location"] == target


def test_success_resets_the_count(client, editor):
    for _ in range(4):
        login(client, "falsch")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "falsch").status_code == 200


def test_public_requests_get_no_cookie(client):
    response = client.get("/eine-oeffentliche-seite/")
    assert not response.cookies


def test_client_address_without_proxy_is_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.2"


def test_client_address_behind_one_proxy_ignores_forged_entries(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert client_ip(request) == "203.0.113.9"
