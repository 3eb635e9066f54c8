"""reverse() for pages that link to hundreds of profiles and cities.

Django's reverse() costs tens of microseconds a call, and a city list or the finder calls
it for every card. The URL patterns do not change while the process runs, so each named
pattern is reversed once with placeholders and then filled in.
"""

import functools
import re

from django.urls import get_script_prefix, reverse


@functools.cache
def _pattern(name, prefix, keys):
    return reverse(name, kwargs={key: f"__{key}__" for key in keys})


def fast_reverse(name, **kwargs):
    """reverse(name, kwargs=kwargs) for slug arguments, from a pattern reversed once."""
    url = _pattern(name, get_script_prefix(), tuple(sorted(kwargs)))
    # One pass, so a value that looks like a placeholder is never filled in again.
    return _PLACEHOLDER.sub(lambda match: kwargs[match.group(1)], url)


_PLACEHOLDER = re.compile(r"__([a-z_]+?)__")
