"""The database goes away under load and comes back: 503s while it is gone, never a 500."""

import os
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import SEED_FILE

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/regionen/?stufe=einstieg&gehalt_min=3500",
    "/berufe/it-projektkoordinator/duisburg/",
    "/readyz",
]


def pg_ctl(*args):
    command = [os.path.join(os.environ["PG_BINDIR"], "pg_ctl"), "-D", os.environ["PG_DATADIR"]]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run([*command, *args], check=True, capture_output=True)  # noqa: S603


def hammer(base, stop, statuses, bodies):
    while not stop.is_set():
        for page in PAGES:
            try:
                with urllib.request.urlopen(base + page, timeout=10) as response:  # noqa: S310
                    statuses[response.status] += 1
            except urllib.error.HTTPError as error:
                statuses[error.code] += 1
                if error.code >= 500 and page != "/readyz":
                    bodies[error.code] = error.read().decode()[:300]
                    if error.code == 503:
                        bodies["retry-after"] = error.headers.get("Retry-After")
            except OSError:
                statuses["connection error"] += 1


def test_database_vanishes_and_returns_under_load(start_instance):
    if "PG_DATADIR" not in os.environ:
        pytest.fail("needs the cluster of scripts/with-postgres (PG_BINDIR, PG_DATADIR)")
    call_command("import_content", str(SEED_FILE))
    base = start_instance(DJANGO_PAGE_CACHE="0")
    statuses, bodies, stop = Counter(), {}, threading.Event()
    workers = [
        threading.Thread(target=hammer, args=(base, stop, statuses, bodies)) for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    try:
        time.sleep(1.5)
        before = statuses[200]
        connection.close()
        pg_ctl("-m", "fast", "-w", "stop")
        time.sleep(3)
        pg_ctl("-l", os.environ["PG_LOGFILE"], "-w", "start")
        at_restart = statuses[200]
        time.sleep(3)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
    print(f"requests: {sum(statuses.values())}, by status: {dict(statuses)}")
    assert before > 0
    assert statuses[503] > 0, "the outage must show as 503"
    assert set(statuses) <= {200, 503}, statuses
    # The start of the German 503 page (bodies keeps the first 300 characters).
    assert "<title>Vorübergehend nicht erreichbar – Revier IT-Karriere</title>" in bodies[503]
    assert bodies["retry-after"] == "30"
    # Recovered by itself: successful answers again once the database returned.
    assert statuses[200] > at_restart
