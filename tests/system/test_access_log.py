"""gunicorn's access log: one valid JSON object per line, whatever a request contains."""

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.system.conftest import database_url, free_port, wait_until_up

pytestmark = pytest.mark.system

# gunicorn refuses bytes outside ASCII in the request line; quotes and backslashes pass.
HOSTILE_QUERY = r'q=\"}{"status":200,"x\\&y=%22'
HOSTILE_AGENT = 'Mozilla/5.0 "quoted" \\ back\\slash\tand a tab'


def send(port, path, user_agent):
    """One request as raw bytes, so nothing on the way escapes or rejects it."""
    head = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {user_agent}\r\n"
        "Connection: close\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head.encode("utf-8"))
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1])


def test_every_access_log_line_is_json(tmp_path, postgres_only, collected_static):
    port = free_port()
    log = tmp_path / "access.log"
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "system-test-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "CRITICAL",
        "GUNICORN_ACCESSLOG": str(log),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "portal.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
        statuses = [
            send(port, f"/healthz?{HOSTILE_QUERY}", HOSTILE_AGENT),
            send(port, f"/gibt-es-nicht/?{HOSTILE_QUERY}", HOSTILE_AGENT),
        ]
        deadline = time.monotonic() + 10
        while log.read_text(encoding="utf-8").count("\n") < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=30)

    assert statuses == [200, 404]
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    hostile = [line for line in lines if line["query"]]
    assert [line["status"] for line in hostile] == [200, 404]
    for line in hostile:
        assert line["query"] == HOSTILE_QUERY
        assert line["user_agent"] == HOSTILE_AGENT
        assert line["method"] == "GET"
    # The liveness probe answers before the request id is made; the page has one.
    assert len(hostile[1]["request_id"]) >= 8
