"""Headless Debian Chromium driven by Playwright against pytest-django's live server.

Outside CI a missing browser, Java or npm package skips these tests with the reason;
under CI=true it fails them (see scripts/browser-deps, run by `make test`).
"""

import importlib
import os
import shutil

import pytest
from django.apps import apps
from django.core.management import call_command

from tests.conftest import (
    ENDED_POSTING_URL,
    HTML_PAGES,
    IN_CI,
    ROOT,
    SEED_FILE,
    SEED_POSTING_URL,
    add_seed_postings,
)

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# fixtures are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require(available, reason):
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (required under CI=true; `make test` installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    require(executable, "no chromium on PATH (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The seed content with its test postings and the legal pages, served by the live
    server; its base URL."""
    call_command("import_content", str(SEED_FILE), stdout=open(os.devnull, "w"))  # noqa: SIM115
    add_seed_postings()
    # A transactional test starts from an empty database: the data migration's pages are gone.
    for migration in ("0002_seed_legal_pages", "0004_accessibility_statement"):
        importlib.import_module(f"portal.migrations.{migration}").seed(apps, None)
    return live_server.url


@pytest.fixture(scope="session")
def axe_source():
    require(AXE_JS.exists(), f"{AXE_JS.relative_to(ROOT)} missing (npm ci)")
    return AXE_JS.read_text(encoding="utf-8")


PUBLIC_PAGES = [
    *HTML_PAGES,
    "/regionen/?stufe=einstieg&gehalt_min=3500&sortierung=gehalt",
    "/regionen/?gehalt_min=abc&werkzeug=cobol",
    "/vergleich/?beruf=it-projektkoordinator&region=duisburg&region=oberhausen&region=bochum",
    "/vergleich/?beruf=it-projektkoordinator&region=duisburg",
    "/vergleich/?region=duisburg&region=oberhausen",
    "/vergleich/?beruf=it-projektkoordinator&beruf=astronaut",
    # Postings: the list (in HTML_PAGES) filtered and with bad input, a posting, an ended
    # one (410); the profile and city pages in HTML_PAGES list them too.
    "/stellen/?gehalt_min=3500&region=duisburg&region=oberhausen&sortierung=gehalt",
    "/stellen/?gehalt_min=abc&arbeitsort=mond",
    SEED_POSTING_URL,
    ENDED_POSTING_URL,
    # The employer's form (it alone may set a cookie, the CSRF cookie).
    "/stellen/einreichen/",
    # The error pages share one layout (templates/jinja2/error.html); the 404 stands for it.
    "/gibt-es-nicht/",
]
