"""`make audit`: Lighthouse on the key pages of a production-configured local server.

Serves the site under gunicorn with production settings (DEBUG off, whitenoise, collected
static files) on a scratch SQLite database holding the seed content and the example
postings (content/demo-postings.json), with the HTTPS redirect off (Lighthouse fetches
robots.txt without extra headers). Runs Lighthouse (npm, Debian's Chromium) on home,
finder, a profile, a comparison, the postings and one posting, prints the scores
and exits 1 below 100 in accessibility, best practices and SEO or below 95 in performance
(the median of five runs where the first falls short).
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-quic"
)
PAGES = {
    "Startseite": "/",
    "Profilsuche": "/regionen/?stufe=einstieg&gehalt_min=3500",
    "Berufsprofil": "/berufe/it-projektkoordinator/duisburg/",
    "Vergleich": "/vergleich/?beruf=it-projektkoordinator&region=oberhausen&region=duisburg",
    "Stellen": "/stellen/",
    # "Stelle": the first posting the list links to, found once the server runs.
}
MINIMUM = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium or not LIGHTHOUSE.exists():
        raise SystemExit("audit needs Chromium and `npm ci` (make audit installs both)")
    workdir = Path(tempfile.mkdtemp(prefix="audit-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{workdir / 'audit.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESSLOG": "",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["import_content", "content/ruhr.json"],
        ["import_content", "content/demo-postings.json"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603
        [python, "-m", "gunicorn", "--config", "gunicorn.conf.py", "portal.wsgi"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://localhost:{port}"
    failures = []
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz")  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        pages = {**PAGES, "Stelle": first_posting(base)}
        print(f"{'Seite':<14}" + "".join(f"{name:>16}" for name in MINIMUM))
        for label, path in pages.items():
            scores = audit_page(base + path, chromium, workdir / f"{label}.json")
            print(f"{label:<14}" + "".join(f"{scores[name]:>16}" for name in MINIMUM))
            failures += [
                f"{label}: {name} {scores[name]} < {floor}"
                for name, floor in MINIMUM.items()
                if scores[name] < floor
            ]
    finally:
        server.terminate()
        server.wait(timeout=30)
    if failures:
        print("Audit failed:\n" + "\n".join(f"- {failure}" for failure in failures))
        print(f"Reports: {workdir}")
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    print("Audit passed.")
    return 0


def first_posting(base):
    """The path of the first posting /stellen/ lists (its id depends on the import)."""
    html = urllib.request.urlopen(f"{base}/stellen/").read().decode()  # noqa: S310
    found = re.search(r'href="(/stellen/\d+-[^"/]+/)"', html)
    if found is None:
        raise SystemExit("/stellen/ lists no posting: was content/demo-postings.json imported?")
    return found[1]


# The performance score is a simulation over one page load's trace; on a 2-core machine
# it drifts by several points from run to run (a busy core shows up as Total Blocking
# Time even on a page without JavaScript). Lighthouse's documentation advises the median
# of several runs for that, so a page below the performance floor is loaded four more
# times and judged by the median of the five; the other categories do not drift and are taken
# from the first run.
PERFORMANCE_RUNS = 5


def audit_page(url, chromium, output):
    scores = lighthouse(url, chromium, output)
    if scores["performance"] >= MINIMUM["performance"]:
        return scores
    runs = [scores["performance"]]
    for run in range(2, PERFORMANCE_RUNS + 1):
        again = output.with_name(f"{output.stem}-{run}{output.suffix}")
        runs.append(lighthouse(url, chromium, again)["performance"])
    median = sorted(runs)[len(runs) // 2]
    print(f"  performance in {len(runs)} runs: {', '.join(map(str, runs))}; median {median}")
    return {**scores, "performance": median}


# Lighthouse now and then fails to record the page load trace (NO_NAVSTART) on a busy
# machine; that is Lighthouse's own hiccup, not a finding, so a run is tried again.
ATTEMPTS = 3


def lighthouse(url, chromium, output):
    for attempt in range(1, ATTEMPTS + 1):
        result = subprocess.run(  # noqa: S603
            [
                str(LIGHTHOUSE),
                url,
                f"--chrome-flags={CHROME_FLAGS}",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--output=json",
                f"--output-path={output}",
                "--quiet",
            ],
            env={**os.environ, "CHROME_PATH": chromium},
            check=False,
        )
        if result.returncode == 0:
            break
        print(f"  Lighthouse failed on {url} (attempt {attempt} of {ATTEMPTS})")
    else:
        raise SystemExit(f"Lighthouse could not audit {url} in {ATTEMPTS} attempts")
    report = json.loads(output.read_text(encoding="utf-8"))
    for category in report["categories"].values():
        if category["score"] is not None and category["score"] < 1:
            for ref in category["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                    print(f"  {category['id']}: {audit['id']} – {audit['title']}")
    return {
        key: round((category["score"] or 0) * 100) for key, category in report["categories"].items()
    }


if __name__ == "__main__":
    sys.exit(main())
