"""Property-based: no input on any public URL yields a 5xx, a traceback or reflected markup.

Runs on SQLite and, in the PostgreSQL pass of `make test`, on PostgreSQL, where an
integer out of range or a NUL byte would raise in the database if it ever got there.
"""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobs.forms import HONEYPOT_FIELD, POSTING_FIELDS
from tests.conftest import HTML_PAGES, OTHER_PUBLIC_URLS

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
    "arbeitsort",
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
    "neu",
    "remote",
    "vor-ort",
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

# Bare paths: the tests add their own query strings.
PAGES = list(dict.fromkeys(url.split("?")[0] for url in HTML_PAGES + OTHER_PUBLIC_URLS))


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
    check(client.get(f"/stellen/?q={quote(raw)}&gehalt_min={quote(raw)}&arbeitsort={quote(raw)}"))
    check(client.get(f"/feeds/stellen/?werkzeug={quote(raw)}&gehalt_min={quote(raw)}"))


@SETTINGS
@given(occupation=slugs, region=slugs)
def test_any_slug_in_the_path_is_answered_without_error(client, ruhr_content, occupation, region):
    for path in (
        f"/berufe/{occupation}/{region}/",
        f"/berufe/{occupation}/",
        f"/regionen/{region}/",
        f"/stellen/{region}/",
        f"/stellen/1-{region}/",
    ):
        check(client.get(path))


header_values = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80),
)
HEADERS = [
    "Host",
    "X-Forwarded-Proto",
    "X-Forwarded-For",
    "X-Request-ID",
    "If-None-Match",
    "If-Modified-Since",
    "Accept-Language",
    "Accept-Encoding",
    "Cookie",
    "Referer",
    "User-Agent",
    "Range",
]


@SETTINGS
@given(
    page=st.sampled_from(PAGES),
    headers=st.dictionaries(st.sampled_from(HEADERS), header_values, max_size=5),
)
def test_any_header_is_answered_without_error(client, ruhr_content, page, headers):
    response = client.get(page, headers=headers)
    check(response)
    # A request id from outside is only echoed when it is harmless.
    assert "<" not in response.get("X-Request-ID", "")


@SETTINGS
@given(
    page=st.sampled_from(PAGES),
    method=st.sampled_from(["post", "put", "patch", "delete", "options", "head"]),
    body=st.binary(max_size=200),
)
def test_other_methods_are_refused_without_error(client, ruhr_content, page, method, body):
    if method in ("head", "options"):
        response = getattr(client, method)(page)
    else:
        response = getattr(client, method)(page, data=body, content_type="application/octet-stream")
    assert response.status_code < 500
    if method in ("post", "put", "patch", "delete"):
        assert response.status_code == 405
        assert "POST" not in response["Allow"]


@SETTINGS
@given(path=st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=80))
def test_any_path_is_answered_without_error(client, ruhr_content, path):
    check(client.get("/" + quote(path.lstrip("/"), safe="/")))


def test_sql_looking_input_changes_nothing(client, ruhr_content):
    from portal.exchange import export_content

    before = export_content()
    for attack in ("'; DROP TABLE regions_region; --", "1 OR 1=1", "duisburg' --"):
        check(client.get("/regionen/", {"q": attack, "region": attack, "gehalt_min": attack}))
        check(client.get("/vergleich/", {"beruf": attack, "region": [attack, "duisburg"]}))
    assert export_content() == before
    assert client.get("/regionen/", {"q": "Duisburg"}).status_code == 200


# The employer submission (SPEC §10): any form data and any token, never an error.
SUBMISSION_FIELDS = [
    *POSTING_FIELDS,
    "contact_email",
    "consent",
    "schritt",
    "aktion",
    "days",
    HONEYPOT_FIELD,
]
form_data = st.dictionaries(st.sampled_from(SUBMISSION_FIELDS), values, max_size=12)
tokens = st.one_of(
    st.sampled_from(["x", ".eJyrVkpUslIqS8wpTVWqBQAekgRg:1v9xyz:abc", "a:b:c", "0" * 300]),
    st.from_regex(r"[-a-zA-Z0-9_:.]{1,120}", fullmatch=True),
)


@SETTINGS
@given(data=form_data)
def test_any_submission_form_data_is_answered_without_error(client, ruhr_content, data):
    from jobs.models import JobPosting

    before = JobPosting.objects.count()
    check(client.post("/stellen/einreichen/", data))
    # Random data never passes the consent, the preview and the rules in one go.
    assert JobPosting.objects.count() == before


@SETTINGS
@given(token=tokens, data=form_data)
def test_any_link_token_is_answered_without_error(client, ruhr_content, token, data):
    for path in (
        f"/stellen/bestaetigen/{token}/",
        f"/stellen/verwalten/{token}/",
        f"/stellen/verwalten/{token}/bearbeiten/",
        f"/stellen/einreichen/danke/{token}/",
    ):
        check(client.get(path))
        check(client.post(path, data))
