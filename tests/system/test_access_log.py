"""gunicorn's access log: one valid JSON object per line, whatever a request contains."""

import json
import socket
import time

import pytest

pytestmark = pytest.mark.system

# gunicorn refuses bytes outside ASCII in the request line; quotes and backslashes pass.
HOSTILE_QUERY = r'q=\"}{"status":200,"x\\&y=%22'
HOSTILE_AGENT = 'Mozilla/5.0 "quoted" \\ back\\slash\tand a tab'
# The form of a management link's token (django.core.signing), with a made-up signature.
SIGNED = ".eJyrVkpUslIqS8wpTVWqBQAekgRg:1v9xyz:Wm9vbWFuYWdlbWVudHRva2VuLWZha2U"


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


def test_every_access_log_line_is_json(tmp_path, start_instance):
    log = tmp_path / "access.log"
    base = start_instance(
        GUNICORN_ACCESSLOG=str(log), WEB_CONCURRENCY="1", DJANGO_LOG_LEVEL="CRITICAL"
    )
    port = int(base.rsplit(":", 1)[1])
    statuses = [
        send(port, f"/healthz?{HOSTILE_QUERY}", HOSTILE_AGENT),
        send(port, f"/gibt-es-nicht/?{HOSTILE_QUERY}", HOSTILE_AGENT),
        send(port, f"/stellen/verwalten/{SIGNED}/", HOSTILE_AGENT),
    ]
    deadline = time.monotonic() + 10
    while log.read_text(encoding="utf-8").count("\n") < 4 and time.monotonic() < deadline:
        time.sleep(0.1)

    assert statuses == [200, 404, 400]
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    hostile = [line for line in lines if line["query"]]
    assert [line["status"] for line in hostile] == [200, 404]
    for line in hostile:
        assert line["query"] == HOSTILE_QUERY
        assert line["user_agent"] == HOSTILE_AGENT
        assert line["method"] == "GET"
    # The liveness probe answers before the request id is made; the page has one.
    assert len(hostile[1]["request_id"]) >= 8
    # A signed link's token never reaches the log, only the page it was for.
    assert SIGNED.split(":")[-1] not in log.read_text(encoding="utf-8")
    assert "/stellen/verwalten/[signiert]/" in [line["path"] for line in lines]
