import pytest
from django.urls import reverse

from portal.links import fast_reverse


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
