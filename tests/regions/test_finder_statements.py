"""The finder's statements compiled once per shape of filter give what the ORM gives."""

import pytest
from django.db import connection
from django.http import QueryDict

from portal.fields import Choices
from regions.filters import ProfileFilter, _compiled, finder_statements
from regions.models import CareerProfile
from regions.querysets import published_vocabulary
from regions.views import RESULT_FIELDS
from tests.conftest import make_occupation, make_profile, make_region

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "stufe=einstieg&gehalt_min=3500",
    "gehalt_min=3000&gehalt_max=3300",
    "gehalt_min=0",
    "band=4000-4500&sortierung=gehalt",
    "stufe=erfahren&sortierung=-gehalt",
    "stufe=senior&sortierung=gehalt",
    "region=duisburg&region=essen&region=oberhausen",
    "beruf=it-projektkoordinator&region=oberhausen",
    "werkzeug=jira&werkzeug=ms-project",
    "branche=industrie&branche=logistik&stufe=einstieg&gehalt_max=3100",
    "werkzeug=jira&branche=industrie&sortierung=-gehalt&gehalt_min=3100",
]


@pytest.fixture
def content(ruhr_content):
    developer = make_occupation("Softwareentwickler:in")
    for index, name in enumerate(["Essen", "Bochum", "Hagen", "Herne"]):
        make_profile(
            developer,
            make_region(name),
            bands=[("entry", 3000 + 100 * index, 3600), ("senior", 5000, 6000 + 100 * index)],
        )
    make_profile(make_occupation("Entwurf"), make_region("Witten"), published=False)


def filtered(query):
    filterset = ProfileFilter(
        QueryDict(query),
        queryset=CareerProfile.objects.published(),
        vocabulary=published_vocabulary(),
    )
    assert filterset.is_valid(), filterset.errors
    return filterset


def run(statements, number, size):
    count_sql, count_params, page_sql, page_params = statements
    with connection.cursor() as cursor:
        cursor.execute(count_sql, count_params)
        count = cursor.fetchone()[0]
        cursor.execute(f"{page_sql} LIMIT %s OFFSET %s", [*page_params, size, (number - 1) * size])
        rows = [dict(zip(RESULT_FIELDS, row, strict=True)) for row in cursor.fetchall()]
    return count, rows


def orm(filterset, number, size):
    start = (number - 1) * size
    return filterset.qs.count(), list(filterset.qs.values(*RESULT_FIELDS)[start : start + size])


@pytest.mark.parametrize("query", QUERIES)
def test_same_count_and_rows_in_the_same_order_as_the_orm(content, query):
    filterset = filtered(query)
    statements = finder_statements(filterset, connection.vendor)
    for number, size in ((1, 3), (2, 3), (1, 20)):
        assert run(statements, number, size) == orm(filterset, number, size)


def test_one_compilation_per_shape(content):
    _compiled.cache_clear()
    for low in (3000, 3100, 3200, 3500):
        finder_statements(filtered(f"stufe=einstieg&gehalt_min={low}"), connection.vendor)
    finder_statements(filtered("stufe=erfahren&gehalt_min=3000"), connection.vendor)
    assert _compiled.cache_info().misses == 2
    assert _compiled.cache_info().hits == 3


def test_a_search_text_is_compiled_for_the_request(content):
    _compiled.cache_clear()
    filterset = filtered("q=jira")
    count, rows = run(finder_statements(filterset, connection.vendor), 1, 20)
    assert _compiled.cache_info().currsize == 0
    assert count == filterset.qs.count() > 0
    assert [row["pk"] for row in rows] == [row["pk"] for row in orm(filterset, 1, 20)[1]]


def test_filter_sets_share_no_state_between_requests(content):
    with_jira = ProfileFilter(
        QueryDict("werkzeug=jira&q=koordinator"),
        queryset=CareerProfile.objects.published(),
        vocabulary=published_vocabulary(),
    )
    without_tools = ProfileFilter(
        QueryDict("werkzeug=jira"),
        queryset=CareerProfile.objects.published(),
        vocabulary={**published_vocabulary(), "tools": Choices([])},
    )
    assert with_jira.is_valid()
    assert not without_tools.is_valid()
    assert "werkzeug" in without_tools.errors
    # Each filter set's method filters answer to it: the search text is its own.
    assert with_jira.filters["q"].parent is with_jira
    assert with_jira.qs.count() == 2
