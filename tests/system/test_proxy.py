"""The project's Caddyfile run by a real Caddy in front of a real gunicorn.

Caddy terminates TLS as in production, here with a certificate of its own local authority
for 127.0.0.1 (the test trusts that authority), on loopback ports chosen by the test.
"""

import gzip
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import ROOT, SEED_FILE
from tests.system.browserless import FormParser
from tests.system.conftest import free_port

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@dataclass
class Proxy:
    port: int
    http_port: int
    context: ssl.SSLContext

    def connection(self):
        return http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context, timeout=10)

    def get(self, path, headers=None):
        connection = self.connection()
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response, response.read()


@pytest.fixture
def app(start_instance):
    """gunicorn as compose runs it: HTTPS required, one trusted proxy (here on 127.0.0.1)."""
    base = start_instance(
        DJANGO_SECURE_SSL_REDIRECT="1",
        DJANGO_TRUSTED_PROXY_COUNT="1",
        FORWARDED_ALLOW_IPS="127.0.0.1",
        WEB_CONCURRENCY="1",
    )
    return int(base.rsplit(":", 1)[1])


@pytest.fixture
def proxy(app, tmp_path):
    binary = shutil.which("caddy")
    if binary is None:
        pytest.fail("caddy is missing (Debian: caddy); make test installs it")
    port, http_port = free_port(), free_port()
    environment = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "SITE_ADDRESS": "127.0.0.1",
        "CADDY_HTTPS_PORT": str(port),
        "CADDY_HTTP_PORT": str(http_port),
        "UPSTREAM": f"127.0.0.1:{app}",
    }
    log = (tmp_path / "caddy.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [binary, "run", "--config", str(ROOT / "Caddyfile"), "--adapter", "caddyfile"],
        env=environment,
        stdout=log,
        stderr=log,
    )
    root = tmp_path / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                raise RuntimeError((tmp_path / "caddy.log").read_text())
            try:
                context = ssl.create_default_context(cafile=str(root))
                Proxy(port, http_port, context).get("/healthz")
                break
            except (OSError, ssl.SSLError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield Proxy(port, http_port, context)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_html_csv_and_json_are_compressed(proxy):
    call_command("import_content", str(SEED_FILE))
    for path, start in [
        ("/", b"<!doctype html>"),
        ("/daten/gehaltsspannen.csv", None),
        ("/daten/revier-it-karriere.json", b"{"),
    ]:
        response, body = proxy.get(path, {"Accept-Encoding": "gzip"})
        assert response.status == 200, path
        assert response.getheader("Content-Encoding") == "gzip", path
        assert "Accept-Encoding" in response.getheader("Vary", ""), path
        text = gzip.decompress(body)
        assert len(text) > len(body)
        if start:
            assert text.lstrip().lower().startswith(start), path
    uncompressed, body = proxy.get("/daten/gehaltsspannen.csv")
    assert uncompressed.getheader("Content-Encoding") is None
    assert body == gzip.decompress(
        proxy.get("/daten/gehaltsspannen.csv", {"Accept-Encoding": "gzip"})[1]
    )


def test_the_app_sees_https_only_through_the_proxy(proxy, app):
    # Through the proxy the app knows the request came over HTTPS: no redirect, and HSTS.
    response, _ = proxy.get("/admin/login/")
    assert response.status == 200
    assert "max-age=" in response.getheader("Strict-Transport-Security")
    # Plain HTTP never reaches the app: the proxy redirects it.
    plain = http.client.HTTPConnection("127.0.0.1", proxy.http_port, timeout=10)
    plain.request("GET", "/admin/login/")
    assert plain.getresponse().status in (301, 308)
    # Straight to gunicorn from an address that is not the proxy, a forged header is not
    # believed: the app redirects to HTTPS as for any plain request.
    direct = http.client.HTTPConnection(
        "127.0.0.1", app, timeout=10, source_address=("127.0.0.2", 0)
    )
    direct.request("GET", "/admin/login/", headers={"X-Forwarded-Proto": "https"})
    redirect = direct.getresponse()
    assert redirect.status == 301
    assert redirect.getheader("Location").startswith("https://")


def test_a_rotating_forwarded_for_cannot_escape_the_login_lockout(proxy):
    response, page = proxy.get("/admin/login/")
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie"))[1]
    parser = FormParser("login-form")
    parser.feed(page.decode())
    fields = dict(parser.fields)
    statuses = []
    for guess in range(6):
        fields.update(username="chefin", password=f"falsch-{guess}")
        connection = proxy.connection()
        connection.request(
            "POST",
            "/admin/login/",
            body=urllib.parse.urlencode(fields),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie}",
                "Referer": f"https://127.0.0.1:{proxy.port}/admin/login/",
                # Every guess claims to come from somewhere else.
                "X-Forwarded-For": f"198.51.100.{guess + 1}",
            },
        )
        statuses.append(connection.getresponse().status)
    # AXES_FAILURE_LIMIT is 5: the fifth failure locks the pair out, the sixth stays out.
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_the_proxy_gives_every_request_its_own_id(proxy):
    forged = "abc12345-chosen-by-the-client"
    first, _ = proxy.get("/admin/login/", {"X-Request-ID": forged})
    second, _ = proxy.get("/admin/login/", {"X-Request-ID": forged})
    ids = {first.getheader("X-Request-ID"), second.getheader("X-Request-ID")}
    assert len(ids) == 2 and forged not in ids
    assert all(re.fullmatch(r"[0-9a-f-]{36}", request_id) for request_id in ids)


def test_slow_clients_do_not_hold_the_worker(proxy):
    # gunicorn runs one sync worker here. Clients sending their request head a line a
    # second would each hold it for as long; the proxy keeps them until the head is whole.
    stop = threading.Event()

    def slow_client():
        raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=10)
        with proxy.context.wrap_socket(raw, server_hostname="127.0.0.1") as sock:
            sock.sendall(b"GET /admin/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while not stop.wait(1):
                sock.sendall(b"X-Slow: 1\r\n")

    clients = [threading.Thread(target=slow_client, daemon=True) for _ in range(4)]
    for client in clients:
        client.start()
    try:
        time.sleep(1)
        for _ in range(3):
            started = time.monotonic()
            response, _ = proxy.get("/admin/login/")
            assert response.status == 200
            # Held by the slow clients it would wait for ever; a loaded machine may take seconds.
            assert time.monotonic() - started < 5
            time.sleep(0.5)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=5)


def test_the_caddyfile_is_valid_for_the_production_site(tmp_path):
    binary = shutil.which("caddy")
    if binary is None:
        pytest.fail("caddy is missing (Debian: caddy); make test installs it")
    result = subprocess.run(  # noqa: S603
        [binary, "adapt", "--config", str(ROOT / "Caddyfile"), "--adapter", "caddyfile"],
        env={**os.environ, "HOME": str(tmp_path), "SITE_ADDRESS": "karriere.example"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"karriere.example"' in result.stdout
    assert '"dial":"web:8000"' in result.stdout
    assert (
        Path(ROOT / "Caddyfile").read_text()
        == subprocess.run(  # noqa: S603
            [binary, "fmt", str(ROOT / "Caddyfile")], capture_output=True, text=True, check=True
        ).stdout
    )
