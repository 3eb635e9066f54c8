"""Values derived from the published content, kept per content version and process.

For the lists many requests share (the finder's choices, the cities' and occupations'
salary spans): worked out on the first request after a change and then read from memory
until the content version (common.content_version) moves on. The setting
``PER_VERSION_MEMO`` switches it off, for the benchmark's A/B (docs/performance.md).
"""

import functools

from django.conf import settings
from django.db import connection

from common import content_version

# Every kept value of this process, one dict per decorated function (``forget``).
_ALL_KEPT = []


def forget():
    """Drop every kept value of this process: the next calls work them out again."""
    for kept in _ALL_KEPT:
        kept.clear()


def kept_per_version(maxsize=64):
    """Keep what a function of committed content returns, per content version.

    The version is read before the function runs, so what is kept is at least as new as
    its key. Inside a transaction the function always runs: the transaction may see
    changes of its own that are not committed, or committed but not bumped yet. The
    ``maxsize`` most recent argument tuples are kept (the arguments must be hashable).
    """

    def decorator(function):
        kept = {}
        _ALL_KEPT.append(kept)

        @functools.wraps(function)
        def wrapper(*args):
            if connection.in_atomic_block or not settings.PER_VERSION_MEMO:
                return function(*args)
            version = content_version.current()
            if version is None:  # the cache is away: nothing to tell which content is current
                return function(*args)
            entry = kept.get(args)
            if entry is not None and entry[0] == version:
                return entry[1]
            value = function(*args)
            kept.pop(args, None)
            if len(kept) >= maxsize:
                del kept[next(iter(kept))]
            kept[args] = (version, value)
            return value

        return wrapper

    return decorator
