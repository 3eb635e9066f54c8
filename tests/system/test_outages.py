"""Redis and PostgreSQL fail under load, stopped and frozen: the site keeps answering.

Real servers throughout: gunicorn instances of the portal, a redis-server, and the
PostgreSQL cluster of scripts/with-postgres, frozen with SIGSTOP (the kernel still accepts
connections and acknowledges data, so a client waits for ever unless it gives up itself).
Each test prints the requests sent and the answers by status (see the closing note of the
hardening issue).
"""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection

from common.text import format_eur_range
from regions.models import CareerProfile
from tests.conftest import ROOT, SEED_FILE
from tests.system.browserless import Browser
from tests.system.conftest import create_editor, database_url
from tests.system.test_scale_out import set_band_max

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PROFILE = "/berufe/it-projektkoordinator/duisburg/"
PAGES = ["/", "/regionen/?stufe=einstieg&gehalt_min=3500", PROFILE, "/vergleich/"]
# Free text is never cached: this page needs the database on every request.
UNCACHED = "/regionen/?q=Jira"


def fetch(url, timeout=20):
    """(status, body, seconds) of a GET; status is "connection error" when there is none."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), time.monotonic() - started
    except OSError:
        return "connection error", "", time.monotonic() - started


class Load:
    """Threads requesting ``paths`` over and over; answers counted per path and status."""

    def __init__(self, base, paths, threads=4):
        self.base, self.paths = base, paths
        self.answers = Counter()
        self.samples = {}
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run) for _ in range(threads)]

    def run(self):
        while not self.stop.is_set():
            for path in self.paths:
                status, body, _ = fetch(self.base + path)
                self.answers[path, status] += 1
                self.samples.setdefault(status, body[:2000])

    def by_status(self):
        statuses = Counter()
        for (_, status), count in self.answers.items():
            statuses[status] += count
        return statuses

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def edit_band(editor, maximum):
    """Save the Duisburg profile's experienced band in the admin; the URL it lands on."""
    profile = CareerProfile.objects.get(region__slug="duisburg")
    change = f"/admin/regions/careerprofile/{profile.pk}/change/"
    fields = set_band_max(editor.form(change, "careerprofile_form"), "experienced", maximum)
    url, _ = editor.post(change, fields)
    return url


def import_with(redis_url, path):
    """import_content in its own process on the servers' database and cache."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "import_content", str(path)],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "system-test-key-" + "x" * 40,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("outage", ["stopped", "frozen"])
def test_pages_answer_and_editors_save_while_redis_is_away(
    start_instance, redis_server, outage, tmp_path
):
    call_command("import_content", str(SEED_FILE))
    create_editor()
    base = start_instance(REDIS_URL=redis_server.url)
    before, during = format_eur_range(4000, 5000), format_eur_range(4000, 5300)
    editor = Browser(base)
    editor.login("chefin", "ein-langes-passwort")
    for _ in range(4):  # cached on both workers
        assert before in fetch(base + PROFILE)[1]
    # An import that changes the Oberhausen profile's title, run during the outage.
    document = SEED_FILE.read_text(encoding="utf-8").replace(
        "IT-Projektkoordinator:in in Oberhausen", "IT-Projektkoordination in Oberhausen", 1
    )
    assert "IT-Projektkoordination in Oberhausen" in document
    changed_file = tmp_path / "changed.json"
    changed_file.write_text(document, encoding="utf-8")

    with Load(base, [*PAGES, "/readyz"]) as load:
        time.sleep(1)
        redis_server.freeze() if outage == "frozen" else redis_server.stop()
        time.sleep(1)
        readiness = fetch(base + "/readyz")
        # The import first: it writes the whole seed, the Duisburg band included.
        imported = import_with(redis_server.url, changed_file)
        landed = edit_band(editor, 5300)
        time.sleep(2)
        during_outage = dict(load.by_status())
        page_during = fetch(base + PROFILE)[1]
        redis_server.resume() if outage == "frozen" else redis_server.start()
        time.sleep(6)  # past the pause after which a process tries the cache again

    statuses = load.by_status()
    print(f"Redis {outage}: {sum(statuses.values())} requests, by status {dict(statuses)}")
    print(f"  during the outage: {during_outage}")
    assert set(statuses) == {200}, (statuses, load.samples)
    assert readiness[0] == 200
    assert "cache: unreachable" in readiness[1]
    # The editor's save went through and was shown the change list, not an error page.
    assert landed.endswith("/admin/regions/careerprofile/")
    assert (
        CareerProfile.objects.get(region__slug="duisburg")
        .salary_bands.get(level="experienced")
        .max_eur
        == 5300
    )
    assert imported.returncode == 0, imported.stderr
    assert "Traceback" not in imported.stderr
    assert during in page_during
    # Once Redis is back, no page is older than the last change, on any worker.
    for _ in range(6):
        page = fetch(base + PROFILE)[1]
        assert during in page and before not in page
        assert "IT-Projektkoordination in Oberhausen" in fetch(base + "/regionen/")[1]
    readiness = fetch(base + "/readyz")
    assert readiness[0] == 200 and "cache: ok" in readiness[1]


def postgres_processes():
    with open(os.path.join(os.environ["PG_DATADIR"], "postmaster.pid")) as pid_file:
        postmaster = int(pid_file.readline())
    children = subprocess.run(  # noqa: S603
        ["pgrep", "-P", str(postmaster)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    return [postmaster, *map(int, children)]


@contextmanager
def postgres_frozen():
    """SIGSTOP the whole cluster of scripts/with-postgres; SIGCONT afterwards, whatever
    happens."""
    if "PG_DATADIR" not in os.environ:
        pytest.fail("needs the cluster of scripts/with-postgres (PG_DATADIR)")
    connection.close()
    processes = postgres_processes()
    for pid in processes:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in processes:
            os.kill(pid, signal.SIGCONT)


def test_a_hung_database_gives_503_in_seconds_and_the_site_recovers(start_instance, redis_url):
    call_command("import_content", str(SEED_FILE))
    base = start_instance(REDIS_URL=redis_url)
    for page in PAGES:  # cached on both workers
        for _ in range(3):
            assert fetch(base + page)[0] == 200
    probes = []

    def probe(stop):
        while not stop.is_set():
            status, _, seconds = fetch(base + "/readyz")
            probes.append((status, seconds))
            time.sleep(0.2)

    stop_probing = threading.Event()
    prober = threading.Thread(target=probe, args=(stop_probing,))
    with Load(base, [*PAGES, UNCACHED]) as load:
        prober.start()
        time.sleep(1)
        with postgres_frozen():
            time.sleep(10)
            during = Counter(load.answers)
            probes_during = list(probes)
        recovered_at = time.monotonic()
        recovered = None
        while time.monotonic() - recovered_at < 15:
            if fetch(base + UNCACHED)[0] == 200:
                recovered = time.monotonic() - recovered_at
                break
            time.sleep(0.2)
        time.sleep(1)
        stop_probing.set()
        prober.join(timeout=30)

    statuses = load.by_status()
    print(f"PostgreSQL frozen 10 s: {sum(statuses.values())} requests, by status {dict(statuses)}")
    print(f"  during the freeze, by page: {dict(during)}")
    print(
        f"  /readyz during the freeze: {len(probes_during)} probes, slowest "
        f"{max(seconds for _, seconds in probes_during):.1f} s; recovered after {recovered} s"
    )
    assert set(statuses) <= {200, 503}, (statuses, load.samples)
    assert "<title>Vorübergehend nicht erreichbar" in load.samples[503]
    # Cached pages kept coming from Redis while the database hung, every one of them.
    for page in PAGES:
        assert during[page, 200] > 0 and during[page, 503] == 0, during
    assert during[UNCACHED, 503] > 0
    # The probe was never starved, and said what it saw.
    assert probes_during and max(seconds for _, seconds in probes_during) < 5
    assert 503 in {status for status, _ in probes_during}
    # Back by itself once the database resumed.
    assert recovered is not None and recovered < 8
    assert fetch(base + "/readyz")[0] == 200


@contextmanager
def profiles_locked():
    """The profiles' table locked by another connection, as a long migration would."""
    holder = connection.copy()
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute("LOCK TABLE regions_careerprofile IN ACCESS EXCLUSIVE MODE")
        yield
    finally:
        holder.rollback()
        holder.close()


def test_a_statement_held_by_a_lock_is_cut_and_fails_only_itself(start_instance):
    call_command("import_content", str(SEED_FILE))
    base = start_instance(DJANGO_PAGE_CACHE="0", WEB_CONCURRENCY="1")
    assert fetch(base + PROFILE)[0] == 200
    with profiles_locked():
        status, body, seconds = fetch(base + PROFILE)
        assert fetch(base + "/healthz")[0] == 200
    print(f"profile page behind a held lock: {status} after {seconds:.1f} s")
    assert status == 503 and "Gleich wieder da" in body
    # The statement timeout (3 s); had the deadline cut it instead, the process would
    # pause the database and the next request below would be a 503.
    assert 2.5 < seconds < 6
    # A slow statement says nothing about the other requests: the next one is served.
    assert fetch(base + PROFILE)[0] == 200


def test_a_request_past_its_deadline_gets_503_and_frees_the_worker(start_instance):
    call_command("import_content", str(SEED_FILE))
    base = start_instance(
        DJANGO_PAGE_CACHE="0",
        WEB_CONCURRENCY="1",
        DJANGO_DB_STATEMENT_TIMEOUT_MS="0",
        DJANGO_REQUEST_DEADLINE_SECONDS="2",
    )
    assert fetch(base + PROFILE)[0] == 200
    with profiles_locked():
        status, body, seconds = fetch(base + PROFILE)
    print(f"profile page past its deadline: {status} after {seconds:.1f} s")
    assert status == 503 and "Gleich wieder da" in body
    assert 1.5 < seconds < 5
    # The same (only) worker answers again once its pause after the lost request is over.
    time.sleep(2.5)
    assert fetch(base + PROFILE)[0] == 200
