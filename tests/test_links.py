import pytest
from django.urls import reverse, set_script_prefix

from portal.links import fast_reverse, link_format


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("regions:detail", {"region": "muelheim-an-der-ruhr"}),
        ("jobs:occupation", {"occupation": "it-projektkoordinator"}),
        ("jobs:profile", {"occupation": "it-projektkoordinator", "region": "duisburg"}),
        ("jobs:profile", {"region": "essen", "occupation": "a_b-1"}),
        ("jobs:profile", {"occupation": "x__region__", "region": "oberhausen"}),
    ],
)
def test_fast_reverse_is_reverse(name, kwargs):
    assert fast_reverse(name, **kwargs) == reverse(name, kwargs=kwargs)


def test_a_link_format_is_reverse_under_the_script_prefix_of_its_request():
    set_script_prefix("/karriere/")
    try:
        profile = link_format("jobs:profile", "occupation", "region")
        assert profile.format(occupation="it-projektkoordinator", region="duisburg") == (
            reverse(
                "jobs:profile", kwargs={"occupation": "it-projektkoordinator", "region": "duisburg"}
            )
        )
        assert profile.startswith("/karriere/")
    finally:
        set_script_prefix("/")
    assert link_format("jobs:profile", "occupation", "region").startswith("/berufe/")
