import json
import logging
import os
import subprocess
import sys

import pytest
from django.test import Client

from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"


def test_security_headers_on_every_response(client):
    response = client.get(ADMIN_LOGIN)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert len(response["X-Request-ID"]) >= 8


def test_request_id_of_the_proxy_is_kept_and_junk_replaced(client):
    assert (
        client.get(ADMIN_LOGIN, headers={"X-Request-ID": "abc12345-proxy"})["X-Request-ID"]
        == "abc12345-proxy"
    )
    replaced = client.get(ADMIN_LOGIN, headers={"X-Request-ID": "<script>"})["X-Request-ID"]
    assert "<" not in replaced


def test_plain_http_is_redirected_and_https_gets_hsts(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()
    redirect = client.get(ADMIN_LOGIN)
    assert redirect.status_code == 301
    assert redirect["Location"].startswith("https://")
    # The scheme comes from the server (gunicorn, which believes only the proxy's
    # X-Forwarded-Proto; tests/system/test_proxy.py), never from a header Django reads.
    assert client.get(ADMIN_LOGIN, headers={"X-Forwarded-Proto": "https"}).status_code == 301
    secure = client.get(ADMIN_LOGIN, secure=True)
    assert secure.status_code == 200
    assert "max-age=31536000" in secure["Strict-Transport-Security"]


def test_unknown_host_is_refused(client):
    assert client.get(ADMIN_LOGIN, headers={"Host": "evil.example"}).status_code == 400


def test_logs_are_json_lines_with_request_id(caplog):
    from common.logs import JsonFormatter, RequestIdFilter, request_id

    token = request_id.set("req-12345678")
    try:
        record = logging.LogRecord("portal", logging.INFO, __file__, 1, "hallo %s", ("welt",), None)
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["message"] == "hallo welt"
    assert line["request_id"] == "req-12345678"


def run_settings(**env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_", "POSTINGS_"))
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_settings(
        DJANGO_SECRET_KEY="x" * 60 + "Yz9!",
        DJANGO_ALLOWED_HOSTS="example.org",
        EMAIL_URL="smtp+tls://portal:geheim@mail.example:587",
        POSTINGS_REVIEW_EMAIL="redaktion@example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_asks_for_the_editors_address():
    # Without it confirmed submissions would wait in the queue with nobody told.
    result = run_settings(
        DJANGO_SECRET_KEY="x" * 60 + "Yz9!",
        DJANGO_ALLOWED_HOSTS="example.org",
        EMAIL_URL="smtp+tls://portal:geheim@mail.example:587",
    )
    assert result.returncode != 0
    assert "jobs.W001" in result.stderr and "POSTINGS_REVIEW_EMAIL ist leer" in result.stderr


def test_the_deploy_check_asks_for_a_mail_server():
    # Without EMAIL_URL mails go to the console, which Django's deploy check refuses.
    result = run_settings(DJANGO_SECRET_KEY="x" * 60 + "Yz9!", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_refuses_to_start_without_secret_key():
    result = run_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_liveness_answers_for_any_host_without_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", headers={"Host": "10.0.0.7:8000"})
    assert response.status_code == 200
    assert response.content == b"ok"
