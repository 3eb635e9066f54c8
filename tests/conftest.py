import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command

from common import outages
from tests.system.browserless import FormParser

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "content" / "ruhr.json"
SEED_ARTICLES = ROOT.parent / "shared" / "seeds"
IN_CI = os.environ.get("CI") == "true"


# Every public URL once, so a new page is added in one place and every check sees it:
# the HTML pages, then downloads, feeds and probes.
HTML_PAGES = [
    "/",
    "/regionen/",
    "/regionen/duisburg/",
    "/berufe/",
    "/berufe/it-projektkoordinator/",
    "/berufe/it-projektkoordinator/duisburg/",
    "/vergleich/?beruf=it-projektkoordinator&region=duisburg&region=oberhausen",
    "/vergleich/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/daten/",
    "/aenderungen/",
    "/stellen/",
]
OTHER_PUBLIC_URLS = [
    "/daten/revier-it-karriere.json",
    "/daten/gehaltsspannen.csv",
    "/vergleich/csv/?beruf=it-projektkoordinator&region=duisburg&region=oberhausen",
    "/feeds/aktualisierungen/",
    "/feeds/stellen/",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
    "/readyz",
]


def pytest_configure(config):
    from django.conf import settings

    # The manifest storage of production needs collectstatic first; tests render
    # templates straight from static/.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Deliberately slow password hashing would dominate the run time of login tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A request of the test client on a busy machine may take longer than the deadline;
    # the deadline is tested on real gunicorn workers (tests/system/test_outages.py).
    settings.REQUEST_DEADLINE_SECONDS = 0


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor}"


@pytest.fixture(autouse=True)
def _empty_cache():
    # The local-memory cache outlives a test's rolled-back database.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_outage_left_over():
    # A test that takes the database or the cache away leaves this process pausing it.
    yield
    outages.reset()


@pytest.fixture
def legal_pages(db):
    """The legal pages a migration seeds: a test outside a transaction empties every table
    when it ends, so tests of that kind that need them put them back."""
    from portal.models import LegalPage

    for kind in LegalPage.Kind:
        LegalPage.objects.get_or_create(slug=kind, defaults={"title": kind.label, "body": "…"})


@pytest.fixture
def seed_document():
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def ruhr_content(db):
    """The seed content, loaded the way `make run` loads it."""
    call_command("import_content", str(SEED_FILE), stdout=open(os.devnull, "w"))  # noqa: SIM115


def make_occupation(name="Softwareentwickler:in", **fields):
    from jobs.models import Occupation

    return Occupation.objects.create(name=name, **fields)


def make_region(name="Essen", **fields):
    from regions.models import Region

    return Region.objects.create(name=name, **fields)


def make_profile(occupation=None, region=None, bands=(), published=True, **fields):
    """A profile with bands given as (level, min_eur, max_eur) triples."""
    import datetime

    from regions.models import CareerProfile

    occupation = occupation or make_occupation()
    region = region or make_region()
    fields.setdefault("title", f"{occupation.name} in {region.name}")
    fields.setdefault("as_of", datetime.date(2026, 11, 1))
    profile = CareerProfile.objects.create(
        occupation=occupation, region=region, published=published, **fields
    )
    for level, low, high in bands:
        profile.salary_bands.create(level=level, min_eur=low, max_eur=high)
    return profile


def make_posting(occupation=None, region=None, tools=(), sectors=(), **fields):
    """A valid full-time draft posting; ``fields`` override the defaults. Without an
    occupation or region it uses (and creates, the first time) Softwareentwickler:in in Essen."""
    from jobs.models import JobPosting, Occupation
    from regions.models import Region

    occupation = occupation or Occupation.objects.get_or_create(name="Softwareentwickler:in")[0]
    region = region or Region.objects.get_or_create(name="Essen")[0]
    values = {
        "title": "IT-Projektkoordinator:in (m/w/d)",
        "employer_name": "Hafen Duisburg GmbH",
        "level": "entry",
        "min_eur": 3300,
        "max_eur": 3700,
        "workplace": "hybrid",
        "description": "Sie koordinieren **IT-Projekte**.",
        "apply_url": "https://example.org/bewerben",
        **fields,
    }
    posting = JobPosting.objects.create(occupation=occupation, region=region, **values)
    posting.tools.set(tools)
    posting.sectors.set(sectors)
    return posting


def make_open_posting(day=None, **fields):
    """A published posting, open from ``day`` (default: today in Berlin) on for 60 days."""
    import datetime

    from common.text import today

    day = day or today()
    fields.setdefault("published_on", day - datetime.timedelta(days=2))
    fields.setdefault("valid_through", day + datetime.timedelta(days=58))
    fields.setdefault("status", "published")
    return make_posting(**fields)


# The postings the seed content gets for the page checks: fixed ids, so the pages have
# fixed addresses. Duisburg's entry band is 3.200–3.600 €, its experienced one 4.000–5.000 €;
# Oberhausen's entry band 3.000–3.400 €.
SEED_POSTING = 9001
ENDED_POSTING = 9003
SEED_POSTING_URL = f"/stellen/{SEED_POSTING}-it-projektkoordinatorin-mwd/"
ENDED_POSTING_URL = f"/stellen/{ENDED_POSTING}-it-projektkoordinatorin-mwd/"


def add_seed_postings():
    """Three open postings and an expired one for the seed's occupation in its two cities."""
    import datetime

    from common.text import today
    from jobs.models import Occupation, Tool
    from regions.models import Region, Sector

    occupation = Occupation.objects.get(slug="it-projektkoordinator")
    duisburg, oberhausen = (Region.objects.get(slug=slug) for slug in ("duisburg", "oberhausen"))
    jira = Tool.objects.get(slug="jira")
    sap = Tool.objects.get(slug="sap")
    logistics = Sector.objects.get(slug="logistik")
    common = {"occupation": occupation, "employer_name": "Beispiel Logistik GmbH (fiktiv)"}
    make_open_posting(
        pk=SEED_POSTING,
        region=duisburg,
        employer_website="https://example.org/",
        tools=[jira, sap],
        sectors=[logistics],
        **common,
    )
    make_open_posting(
        pk=9002,
        region=oberhausen,
        title="Beispiel-Stelle: IT-Projektkoordination (m/w/d)",
        min_eur=3600,
        max_eur=4200,
        workplace="remote",
        tools=[jira],
        apply_url="",
        apply_email="bewerbung@example.org",
        **common,
    )
    make_open_posting(
        pk=ENDED_POSTING,
        region=duisburg,
        day=today() - datetime.timedelta(days=70),
        **common,
    )
    make_open_posting(
        pk=9004,
        region=duisburg,
        title="Beispiel-Stelle: Projektkoordinator:in IT, Teilzeit",
        level="experienced",
        min_eur=2400,
        max_eur=3000,
        employment="part-time",
        weekly_hours=30,
        workplace="on-site",
        **common,
    )


@pytest.fixture
def ruhr_postings(ruhr_content):
    """The seed content with the postings of ``add_seed_postings``."""
    add_seed_postings()


def make_editor(username, password, first_name):
    """A staff account in the Redaktion group, logged in nowhere yet."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username, password=password, is_staff=True, first_name=first_name
    )
    user.groups.add(Group.objects.get(name="Redaktion"))
    return user


@pytest.fixture
def editor(db):
    return make_editor("redakteurin", "geheim-und-lang-genug", "Rita")


@pytest.fixture
def other_editor(db):
    return make_editor("redakteur", "auch-geheim-und-lang", "Karl")


def admin_form_data(response, **changes):
    """POST data of an admin change form as the browser would send it unchanged.

    ``changes`` override single fields by their full name (``salary_bands-0-max_eur``).
    """
    import datetime

    def put(data, name, value):
        if value is None or value is False:
            return
        if value is True:
            value = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
            return
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = str(value)

    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        put(data, form.add_prefix(name), form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            put(data, management.add_prefix(name), management[name].value())
        for row in formset.forms:
            for name in row.fields:
                put(data, row.add_prefix(name), row[name].value())
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def confirm_action(client, page, follow=False, **fields):
    """Sends the form of an admin action's confirmation page (approve, reject) as the browser
    would, with what it carries (the selection, each posting's last change), ``fields``
    filled in and its submit button pressed."""
    parser = FormParser("aktion-bestaetigen")
    parser.feed(page.content.decode())
    assert parser.fields, "no confirmation form on the page"
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    data.update(fields, apply="1")
    return client.post(page.wsgi_request.path, data, follow=follow)


class _LinksInside(HTMLParser):
    """Collects the hrefs of links inside the element with a given id."""

    def __init__(self, element_id):
        super().__init__()
        self.element_id = element_id
        self.depth = 0
        self.found = False
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            if tag not in VOID_TAGS:
                self.depth += 1
            if tag == "a" and attrs.get("href"):
                self.links.append(attrs["href"])
        elif attrs.get("id") == self.element_id:
            self.depth, self.found = 1, True

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID_TAGS:
            self.depth -= 1


VOID_TAGS = {"br", "img", "input", "hr", "meta", "link", "source", "wbr", "area", "col"}


def links_inside(response, element_id="ergebnisse"):
    parser = _LinksInside(element_id)
    parser.feed(response.content.decode())
    assert parser.found, f'no element with id="{element_id}" on the page'
    return parser.links


def region_slugs(response):
    """Region slugs of the profiles listed in the finder's results."""
    return {href.rstrip("/").split("/")[-1] for href in links_inside(response)}


def text_of(response):
    """The page's visible-ish text with tags removed and whitespace collapsed."""
    return visible_text(response.content.decode())


def visible_text(html):
    """``html`` with tags removed and whitespace (no-break spaces too) collapsed."""
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def html_tags(html):
    """Every start tag of ``html`` as (tag, [(attribute, value), …]); escaped text is no tag."""
    parser = _Tags()
    parser.feed(html)
    return parser.found
