"""The benchmark's in-process A/B switches (bench/inprocess.py) keep up with the code: with
a mechanism switched off, every page it measures is the same page."""

import pytest

from bench import inprocess
from tests.conftest import add_seed_postings

pytestmark = pytest.mark.django_db

PAGES = [
    "/regionen/?stufe=einstieg&gehalt_min=3000",
    "/berufe/it-projektkoordinator/duisburg/",
    "/vergleich/?beruf=it-projektkoordinator&region=duisburg&region=oberhausen",
]


@pytest.mark.parametrize(("name", "switched_off"), inprocess.MECHANISMS)
def test_each_switch_gives_the_same_pages(client, ruhr_content, name, switched_off):
    add_seed_postings()
    for path in PAGES:
        with_it = client.get(path, secure=True)
        with switched_off():
            without_it = client.get(path, secure=True)
        assert with_it.status_code == without_it.status_code == 200, path
        assert with_it.content == without_it.content, (name, path)
