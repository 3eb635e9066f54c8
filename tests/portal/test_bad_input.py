"""Property-based: no input on any public URL yields a 5xx, a traceback or reflected markup.

Runs on SQLite and, in the PostgreSQL pass of `make test`, on PostgreSQL, where an
integer out of range or a NUL byte would raise in the database if it ever got there.
"""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "q",
    "beruf",
    "region",
    "stufe",
    "gehalt_min",
    "gehalt_max",
    "band",
    "werkzeug",
    "branche",
    "sortierung",
    "seite",
]
NASTY = [
    "",
    " ",
    str(10**30),
    str(-(10**30)),
    "9" * 5000,
    "1e309",
    "NaN",
    "-0",
    "3.500",
    "3,500",
    "0x10",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "' OR 1=1 --",
    "%",
    "einstieg",
    "erfahren",
    "jira",
    "duisburg",
    "it-projektkoordinator",
    "3000-3500",
    "gehalt",
    "-gehalt",
]
SETTINGS = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
values = st.one_of(
    st.sampled_from(NASTY),
    text,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)
queries = st.lists(st.tuples(st.sampled_from(PARAMETERS), values), max_size=8)
slugs = st.one_of(
    st.sampled_from(["duisburg", "oberhausen", "it-projektkoordinator", "x" * 300]),
    st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True),
)

PAGES = [
    "/",
    "/regionen/",
    "/regionen/duisburg/",
    "/berufe/",
    "/berufe/it-projektkoordinator/",
    "/berufe/it-projektkoordinator/duisburg/",
    "/vergleich/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/daten/",
    "/daten/revier-it-karriere.json",
    "/daten/gehaltsspannen.csv",
    "/aenderungen/",
    "/feeds/aktualisierungen/",
    "/vergleich/csv/",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
    "/readyz",
]


def check(response):
    assert response.status_code < 500, response.status_code
    body = response.content.decode(errors="replace")
    assert "Traceback" not in body
    assert "<script>alert" not in body
    assert "<svg onload" not in body


@pytest.mark.parametrize("page", PAGES)
@SETTINGS
@given(query=queries)
def test_any_query_string_is_answered_without_error(client, ruhr_content, page, query):
    check(client.get(f"{page}?{urlencode(query)}"))


@SETTINGS
@given(raw=st.binary(max_size=60))
def test_raw_bytes_in_the_query_string_are_harmless(client, ruhr_content, raw):
    check(client.get(f"/regionen/?q={quote(raw)}&gehalt_min={quote(raw)}&region={quote(raw)}"))
    check(client.get(f"/vergleich/?beruf={quote(raw)}&region={quote(raw)}"))
    check(client.get(f"/vergleich/csv/?beruf={quote(raw)}&region={quote(raw)}"))


@SETTINGS
@given(occupation=slugs, region=slugs)
def test_any_slug_in_the_path_is_answered_without_error(client, ruhr_content, occupation, region):
    for path in (
        f"/berufe/{occupation}/{region}/",
        f"/berufe/{occupation}/",
        f"/regionen/{region}/",
    ):
        check(client.get(path))
