"""With Redis, a cached page costs one command: version and page are read together."""

import socket
import urllib.request

import pytest
from django.core.management import call_command

from tests.conftest import HTML_PAGES, SEED_FILE

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

HITS = 20


def commands_processed(redis_url):
    """Redis's count of the commands it has processed (INFO stats), by a bare socket."""
    host, port = redis_url.removeprefix("redis://").split("/")[0].split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"INFO stats\r\n")
        reply = b""
        while b"total_commands_processed" not in reply or not reply.endswith(b"\r\n"):
            reply += sock.recv(65536)
    line = next(line for line in reply.split(b"\r\n") if line.startswith(b"total_commands"))
    return int(line.split(b":")[1])


def test_a_cached_page_view_costs_one_redis_command(start_instance, redis_url, legal_pages):
    call_command("import_content", str(SEED_FILE))
    base = start_instance(REDIS_URL=redis_url, WEB_CONCURRENCY="1")
    for page in HTML_PAGES:
        for _ in range(2):  # stored, then served from the cache
            urllib.request.urlopen(base + page, timeout=10).read()  # noqa: S310
        before = commands_processed(redis_url)
        for _ in range(HITS):
            urllib.request.urlopen(base + page, timeout=10).read()  # noqa: S310
        # The INFO of the second count is a command of its own.
        assert commands_processed(redis_url) - before - 1 == HITS, page
