"""`make bench`: the portal under gunicorn on PostgreSQL, measured against Django's "ok".

Run by `scripts/with-postgres`, which provides DATABASE_URL. Steps: migrate, load the seed
content plus 1,000 synthetic profiles, start a throwaway `redis-server` and five gunicorn
servers with the same configuration, differing only in their environment (SERVERS below,
plus the minimal "ok" reference), load each page with wrk over loopback in rounds (each run
of a page bracketed by "ok" runs), count SQL queries, bytes and Redis commands per page,
print a table of the rounds' medians and an A/B table of the speed mechanisms, write both
to docs/performance.md (between its bench markers), and exit 1 when a budget is missed.
"""

import datetime
import gzip
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import inprocess

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DURATION = os.environ.get("BENCH_DURATION", "5s")
# Each page is measured in this many rounds, and reported by the median of its rounds: on
# this machine the throughput drifts by a fifth and more within seconds (other guests of the
# host take their share of the cores; "ok" has measured anything from 1,500 to 5,300 req/s
# within a minute), and one pair of runs showed that drift as often as the page. Every run
# of a page is bracketed by "ok" runs, right before and right after it, and compared with
# their mean: a drift during the run moves both, instead of only the page.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# The A/B servers only answer "how much does this mechanism gain": two rounds keep the whole
# bench near a quarter of an hour, and a gain worth keeping a mechanism for is larger than
# what a third round would settle.
AB_ROUNDS = min(ROUNDS, int(os.environ.get("BENCH_AB_ROUNDS", "2")))
CONNECTIONS = 32
# Sequential requests whose Redis commands are counted: enough that one stray command
# elsewhere would show as a fraction, not as a whole command per hit.
REDIS_HITS = 50
# Overridable so that a trial run need not overwrite the committed report.
REPORT = Path(os.environ.get("BENCH_REPORT", ROOT / "docs" / "performance.md"))
# The generated part of REPORT; prose around it is kept.
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"

BUDGET_WARM_RATIO = 0.75
BUDGET_REDIS_RATIO = 0.3
BUDGET_REDIS_COMMANDS = 1
BUDGET_COLD_RATIO = 0.06
BUDGET_P99_MS = 50.0
BUDGET_QUERIES = 6
BUDGET_PROFILE_KB = 60

# The settings the columns stand for are never inherited from the caller's environment: a
# REDIS_URL or DJANGO_CACHE_DIR exported in the shell would otherwise make the "local" column
# measure another cache.
NOT_INHERITED = (
    "REDIS_URL",
    "DJANGO_CACHE_DIR",
    "DJANGO_PAGE_CACHE",
    "DJANGO_PER_VERSION_MEMO",
)
ENV = {
    **{name: value for name, value in os.environ.items() if name not in NOT_INHERITED},
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_LOG_LEVEL": "WARNING",
    "GUNICORN_ACCESSLOG": "",
    # Five gunicorn servers starting and stopping would bury the table under their start-up lines.
    "GUNICORN_LOGLEVEL": "warning",
    "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
}

# The portal servers, by the name of their column. "redis" gets REDIS_URL once the Redis
# server is up. The last one exists for the A/B table only (SPEC §8: a mechanism that exists
# only for speed is listed with its measured gain); each switches one mechanism off on the
# uncached path, where that mechanism works.
SERVERS = {
    "warm": {"DJANGO_PAGE_CACHE": "1"},
    "redis": {"DJANGO_PAGE_CACHE": "1"},
    "cold": {"DJANGO_PAGE_CACHE": "0"},
    "no_memo": {"DJANGO_PAGE_CACHE": "0", "DJANGO_PER_VERSION_MEMO": "0"},
}
AB_ONLY = ("no_memo",)
NAMES = {
    "warm": "warm local",
    "redis": "warm Redis",
    "cold": "uncached",
    "no_memo": "uncached without memo",
}

PAGES = [
    ("Home /", "/"),
    ("Finder /regionen/", "/regionen/"),
    ("Finder, filtered by salary", "/regionen/?stufe=einstieg&gehalt_min=3500"),
    ("Profile page", "/berufe/it-projektkoordinator/duisburg/"),
    (
        "Comparison, 4 cities",
        "/vergleich/?beruf=beispielberuf-01&region=beispielstadt-01&region=beispielstadt-02"
        "&region=beispielstadt-03&region=beispielstadt-04",
    ),
    ("Postings /stellen/", "/stellen/"),
    ("Postings, filtered by salary and city", "/stellen/?gehalt_min=4000&region=beispielstadt-01"),
    # The first of the generated postings: a fresh database numbers it 1.
    ("Posting page", "/stellen/1-synthetische-stelle-1-mwd/"),
]


def manage(*args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True)  # noqa: S603


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(processes, app, extra_env):
    port = free_port()
    env = {**ENV, **extra_env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py", app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    processes.append(process)
    base = f"http://127.0.0.1:{port}"
    probe = f"{base}/healthz" if "portal" in app else f"{base}/ok"
    for _ in range(150):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn for {app} exited with {process.returncode}")
        try:
            urllib.request.urlopen(probe)  # noqa: S310
            return base
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn for {app} did not start")


def ensure_redis_server():
    if shutil.which("redis-server"):
        return
    # As the Makefile's test-deps does, so that `make bench` needs no extra step on Debian.
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit("redis-server is missing (Debian: apt-get install redis-server)")
    subprocess.run(["apt-get", "update", "-qq"], check=True)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-qq", "redis-server"], check=True)  # noqa: S607


def start_redis(processes):
    """A throwaway Redis on a free port, nothing written to disk; returns its port."""
    ensure_redis_server()
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]  # noqa: S607
        + ["--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    processes.append(process)
    for _ in range(100):
        if process.poll() is not None:
            raise SystemExit(f"redis-server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(64).startswith(b"+PONG"):
                    return port
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("redis-server did not start")


def stop(processes):
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RedisCounter:
    """The Redis server's own count of the commands it has processed (`INFO stats`).

    Read over a raw socket rather than a client library, so that nothing but the INFO
    command itself reaches the server, and on one connection, so that no connection set-up
    is counted either.
    """

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.reader = self.sock.makefile("rb")
        # The INFO command counts itself in the next reading: learn by how much.
        first = self.read()
        self.own = self.read() - first

    def read(self):
        self.sock.sendall(b"INFO stats\r\n")
        length = int(self.reader.readline()[1:])  # a bulk string: b"$<length>\r\n"
        body = self.reader.read(length + 2)
        return int(re.search(rb"total_commands_processed:(\d+)", body).group(1))

    def per_request(self, url, requests=REDIS_HITS):
        before = self.read()
        for _ in range(requests):
            status, _ = fetch(url)
            if status != 200:
                raise SystemExit(f"{url} answered {status}")
        return (self.read() - before - self.own) / requests

    def close(self):
        self.reader.close()
        self.sock.close()


def fetch(url, encoding="identity"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})  # noqa: S310
    with urllib.request.urlopen(request) as response:  # noqa: S310
        return response.status, response.read()


def wrk(url):
    result = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+([\d.]+\w+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+([\d.]+\w+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def _ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def count_queries(path):
    """SQL queries of an uncached request, counted inside Django: ``(first, later)``, for
    the first request after a content change (nothing kept per content version yet,
    common/per_version.py) and for the requests after it."""
    os.environ.update({**ENV, "DJANGO_PAGE_CACHE": "0"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from common import per_version

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)  # warm connection and lazy imports
    counts = []
    per_version.forget()
    for _request in ("first", "later"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        counts.append(len(queries))
    return tuple(counts)


def stylesheet_path(base):
    _, html = fetch(base + "/")
    match = re.search(rb'<link rel="stylesheet" href="([^"]+)"', html)
    return match.group(1).decode() if match else None


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}"


def versions():
    import django
    import gunicorn

    postgres = (
        subprocess.run(  # noqa: S603
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from django.db import connection as c; cur = c.cursor(); "
                "cur.execute('SHOW server_version'); print(cur.fetchone()[0])",
            ],
            cwd=ROOT,
            env=ENV,
            capture_output=True,
            text=True,
            check=False,
        )
        .stdout.strip()
        # Django's shell may print a line about its automatic imports first.
        .rsplit("\n", 1)[-1]
        or "?"
    )
    wrk_version = subprocess.run(
        ["wrk", "--version"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    redis_version = subprocess.run(
        ["redis-server", "--version"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    redis = re.search(r"v=(\S+)", redis_version.stdout)
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__} ({ENV['WEB_CONCURRENCY']} sync workers), "
        f"PostgreSQL {postgres.split()[0]}, Redis {redis.group(1) if redis else '?'}, "
        f"wrk {(wrk_version.stdout or wrk_version.stderr).split()[1]}"
    )


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing (Debian: apt-get install wrk); `make bench` installs it.")
    if "DATABASE_URL" not in os.environ or not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("run me through scripts/with-postgres (make bench)")
    # A plain `kill` (or with-postgres being stopped) would otherwise end this process without
    # its `finally`, and leave the servers it started running.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda received, _frame: sys.exit(128 + received))
    print(
        "Preparing: migrate, seed content, 1,000 synthetic profiles, 10,000 postings, "
        "collectstatic …",
        flush=True,
    )
    manage("migrate", "--noinput", "-v0")
    manage("import_content", "content/ruhr.json")
    manage("generate_demo_content", "--regions", "50", "--occupations", "20", "--postings", "10000")
    # Statistics for the planner now, as after any bulk load: otherwise autovacuum takes
    # them at some point during the runs, and the pages before it are measured on plans
    # made without them.
    manage(
        "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')"
    )
    manage("collectstatic", "--noinput", "-v0")

    processes = []
    try:
        redis_port = start_redis(processes)
        ok_base = start_gunicorn(
            processes,
            "django.core.wsgi:get_wsgi_application()",
            {"DJANGO_SETTINGS_MODULE": "bench.reference"},
        )
        SERVERS["redis"]["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        bases = {
            kind: start_gunicorn(processes, "portal.wsgi", extra_env)
            for kind, extra_env in SERVERS.items()
        }
        css = stylesheet_path(bases["warm"])
        pages = [*PAGES, ("Stylesheet (static)", css)] if css else PAGES
        counter = RedisCounter(redis_port)

        print(
            f"Loading each URL for {DURATION} at {CONNECTIONS} connections, {ROUNDS} rounds "
            f"({AB_ROUNDS} for the A/B servers) …",
            flush=True,
        )
        ok_runs = []
        rows = []
        for label, path in pages:
            print(f"  {label}", flush=True)
            is_static = path.startswith("/static/")
            # Static files bypass the page cache: one column tells all there is to know.
            kinds = ["warm"] if is_static else list(SERVERS)
            for kind in kinds:
                status, _ = fetch(bases[kind] + path)
                if status != 200:
                    raise SystemExit(f"{bases[kind]}{path} answered {status}")
            # "ok", warm, "ok", Redis, "ok", uncached, "ok", …: the yardstick right before
            # and right after each run of the page, so each ratio compares the page with "ok"
            # at its time (each "ok" run serves the run before it and the one after it).
            ok_runs.append(wrk(ok_base + "/ok"))
            runs = {kind: [] for kind in kinds}
            for round_number in range(ROUNDS):
                for kind in kinds:
                    if kind in AB_ONLY and round_number >= AB_ROUNDS:
                        continue
                    run = wrk(bases[kind] + path)
                    ok_runs.append(wrk(ok_base + "/ok"))
                    run["ratio"] = run["rps"] / statistics.mean(r["rps"] for r in ok_runs[-2:])
                    runs[kind].append(run)
            _, raw = fetch(bases["warm"] + path)
            _, compressed = fetch(bases["warm"] + path, "gzip")
            wire = len(compressed) if compressed != raw else len(gzip.compress(raw, 6))
            rows.append(
                {
                    "label": label,
                    "static": is_static,
                    "runs": {kind: summarise(kind_runs) for kind, kind_runs in runs.items()},
                    # The page has been served by the Redis server for a while: every request
                    # now is a hit, as for a visitor of a page someone has already seen.
                    "redis_commands": (
                        None if is_static else counter.per_request(bases["redis"] + path)
                    ),
                    "wire": wire,
                    "queries": None if is_static else count_queries(path),
                }
            )
        counter.close()
    finally:
        stop(processes)

    return report(rows, ok_runs)


def summarise(runs):
    """The median over the rounds' ``runs`` of one server: throughput, its ratio to the mean
    of the "ok" runs right before and after it (and the lowest and highest of those ratios),
    p50 and p99, and the error responses of all rounds."""
    ratios = [run["ratio"] for run in runs]
    return {
        "rps": statistics.median(run["rps"] for run in runs),
        "ratio": statistics.median(ratios),
        "ratio_range": (min(ratios), max(ratios)),
        "p50": statistics.median(run["p50"] for run in runs),
        "p99": statistics.median(run["p99"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "socket_errors": "; ".join(run["socket_errors"] for run in runs if run["socket_errors"]),
    }


def check_budgets(row):
    label, runs = row["label"], row["runs"]
    failures = []
    for kind, run in runs.items():
        if run["errors"]:
            failures.append(f"{label}, {NAMES[kind]}: {run['errors']} error responses")
        if run["socket_errors"]:
            failures.append(f"{label}, {NAMES[kind]}: socket errors {run['socket_errors']}")
    if runs["warm"]["p99"] >= BUDGET_P99_MS:
        failures.append(f"{label}: p99 {runs['warm']['p99']:.1f} ms ≥ {BUDGET_P99_MS} ms warm")
    if row["static"]:
        return failures
    for kind, budget in (
        ("warm", BUDGET_WARM_RATIO),
        ("redis", BUDGET_REDIS_RATIO),
        ("cold", BUDGET_COLD_RATIO),
    ):
        if runs[kind]["ratio"] < budget:
            failures.append(f"{label}: {NAMES[kind]} {runs[kind]['ratio']:.3f} × ok < {budget}")
    if row["redis_commands"] > BUDGET_REDIS_COMMANDS:
        failures.append(
            f"{label}: {row['redis_commands']:.2f} Redis commands per hit > {BUDGET_REDIS_COMMANDS}"
        )
    if max(row["queries"]) > BUDGET_QUERIES:
        failures.append(f"{label}: {max(row['queries'])} queries > {BUDGET_QUERIES}")
    return failures


def main_table(rows, ok_runs):
    lines = [
        "| page | warm local × ok | p99 warm ms | warm Redis × ok | Redis commands per hit "
        "| uncached × ok (lowest–highest round) | queries first / later |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        f'| minimal Django view "ok" | 1.00 '
        f"| {statistics.median(run['p99'] for run in ok_runs):.1f} | 1.00 | | | |",
    ]
    for row in rows:
        runs = row["runs"]
        cells = [row["label"], f"{runs['warm']['ratio']:.2f}", f"{runs['warm']['p99']:.1f}"]
        if row["static"]:
            cells += ["", "", "", ""]
        else:
            low, high = runs["cold"]["ratio_range"]
            cells += [
                f"{runs['redis']['ratio']:.2f}",
                f"{row['redis_commands']:.2f}",
                f"{runs['cold']['ratio']:.3f} ({low:.3f}–{high:.3f})",
                "{} / {}".format(*row["queries"]),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ab_table(rows):
    """Each mechanism's gain: the "× ok" of the server with it over the one without it, both
    medians of their rounds, so a drift of the machine between the two cancels out."""
    comparisons = [
        ("page cache on / off", "warm", "cold"),
        ("per-version memo on / off", "cold", "no_memo"),
    ]
    lines = [
        "| page | " + " | ".join(name for name, _, _ in comparisons) + " |",
        "| --- |" + " ---: |" * len(comparisons),
    ]
    gains = {name: [] for name, _, _ in comparisons}
    for row in rows:
        if row["static"]:
            continue
        cells = [row["label"]]
        for name, with_it, without_it in comparisons:
            gain = row["runs"][with_it]["ratio"] / row["runs"][without_it]["ratio"]
            gains[name].append(gain)
            cells.append(f"{gain:.2f}")
        lines.append("| " + " | ".join(cells) + " |")
    medians = [f"{statistics.median(gains[name]):.2f}" for name, _, _ in comparisons]
    lines.append("| median over the pages | " + " | ".join(medians) + " |")
    return "\n".join(lines)


def report(rows, ok_runs):
    failures = [failure for row in rows for failure in check_budgets(row)]
    profile = next(row for row in rows if row["label"] == "Profile page")
    weight = profile["wire"] + sum(row["wire"] for row in rows if row["static"])
    if weight >= BUDGET_PROFILE_KB * 1000:
        failures.append(f"Profile page weighs {weight} B ≥ {BUDGET_PROFILE_KB} KB")

    tables = (
        main_table(rows, ok_runs)
        + "\n\nA/B, same run, under load (wrk against gunicorn):\n\n"
        + ab_table(rows)
        + "\n\nA/B, same run, in this process (Django's test client, page cache off; see "
        + "bench/inprocess.py):\n\n"
        + inprocess.ab_table(PAGES)
    )
    ok_spread = ", ".join(f"{run['rps']:,.0f}" for run in ok_runs)
    summary = (
        f"Profile page over the wire (HTML + CSS, gzip, no images): {weight / 1000:.1f} KB "
        f'(budget {BUDGET_PROFILE_KB} KB). "ok" runs, in order (one before each page, '
        f"one after each run of a page): {ok_spread} req/s."
    )
    verdict = (
        "All budgets met."
        if not failures
        else "Budgets missed:\n" + "\n".join(f"- {f}" for f in failures)
    )
    print()
    print(tables)
    print()
    print(summary)
    print(verdict)
    write_report(tables, summary, verdict)
    return 1 if failures else 0


def write_report(tables, summary, verdict):
    section = f"""{MARK_START}
Measured by `make bench` on {datetime.datetime.now(datetime.UTC).date().isoformat()}: {machine()};
{versions()}. Data: the seed content plus 1,000 synthetic profiles (50 regions × 20
occupations). Each URL loaded with `wrk -t2 -c{CONNECTIONS} -d{DURATION} --latency` over
loopback, in {ROUNDS} rounds ({AB_ROUNDS} for the servers that exist for the A/B table only),
each run bracketed by runs of "ok" right before and after it; every figure is the median of
the rounds. The servers share one gunicorn configuration and differ only in their
environment:

- "warm local": the portal with its page cache in each process's memory (no `REDIS_URL`);
- "warm Redis": the same with `REDIS_URL` pointing at a throwaway local `redis-server`, as
  the compose file runs it. "Redis commands per hit" is the growth of that server's
  `total_commands_processed` (`INFO stats`) over {REDIS_HITS} sequential requests for the page
  once it is cached, divided by {REDIS_HITS}, the INFO commands themselves taken out;
- "uncached": `DJANGO_PAGE_CACHE=0`;
- for the A/B table only, one more uncached server, with `DJANGO_PER_VERSION_MEMO=0`.

"× ok" is the throughput as a ratio to a minimal Django view answering "ok"
(`bench/reference.py`), served by the same gunicorn configuration in the same run: to the
mean of the "ok" runs just before and after (for the uncached runs the lowest and highest of
the rounds' ratios in brackets), so a drift of the machine during the runs moves both —
compare ratios, not absolute figures, across runs and machines. Queries are counted for an
uncached request, "first / later": the first request after a content change, and the
requests after it, which find the lists derived from the content (choice lists, salary
spans, an occupation's cities) kept for the current content version in their process
(`common/per_version.py`). The uncached load runs are "later" requests. An A/B cell is the
"× ok" of the server with the mechanism over that of the server without it: 1.35 means the
mechanism makes the page 35 % faster.

Budgets (SPEC §8): warm local ≥ {BUDGET_WARM_RATIO} × ok, warm Redis ≥ {BUDGET_REDIS_RATIO} × ok
with at most {BUDGET_REDIS_COMMANDS} Redis command per hit, uncached ≥ {BUDGET_COLD_RATIO} × ok,
p99 < {BUDGET_P99_MS:.0f} ms warm, ≤ {BUDGET_QUERIES} queries,
profile page < {BUDGET_PROFILE_KB} KB.

{tables}

{summary}

{verdict}
{MARK_END}"""
    current = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    start, end = current.find(MARK_START), current.find(MARK_END)
    if 0 <= start < end:
        text = current[:start] + section + current[end + len(MARK_END) :]
    else:
        text = f"# Performance\n\n{section}\n"
    REPORT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
