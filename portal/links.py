"""reverse() for pages that link to hundreds of profiles and cities.

Django's reverse() costs tens of microseconds a call, and a city list or the finder calls
it for every card. The URL patterns do not change while the process runs, so each named
pattern is reversed once with placeholders and then filled in.
"""

import functools
import re

from django.urls import get_script_prefix, reverse


def fast_reverse(name, **kwargs):
    """reverse(name, kwargs=kwargs) for slug arguments, from a pattern reversed once."""
    return link_format(name, *kwargs).format_map(kwargs)


def link_format(name, *keys):
    """reverse(name) for the slug arguments ``keys`` as a format string, for a page that
    writes many links of one kind: ``link_format("jobs:profile", "occupation", "region")
    .format(occupation=…, region=…)``. It holds the current script prefix, so it is
    taken once per request."""
    return _format(name, get_script_prefix(), tuple(sorted(keys)))


@functools.cache
def _format(name, prefix, keys):
    # ``prefix`` is part of the key: reverse() writes the current script prefix.
    url = reverse(name, kwargs={key: f"__{key}__" for key in keys})
    url = url.replace("{", "{{").replace("}", "}}")
    # Filled in by str.format in one pass, so a value that looks like a placeholder is
    # never filled in again.
    return _PLACEHOLDER.sub(lambda match: f"{{{match.group(1)}}}", url)


_PLACEHOLDER = re.compile(r"__([a-z_]+?)__")
