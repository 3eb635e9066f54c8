"""Values derived from the published content, kept per content version.

The content version (portal.content_version) moves on after every committed content
change; a value kept under it is therefore never older than the page cache would be.
"""

import functools

from django.db import DEFAULT_DB_ALIAS, connections

# Every kept value of this process, one dict per decorated function (``forget``).
_ALL_KEPT = []


def forget():
    """Drop every kept value of this process: the next calls work them out again, as the
    first request after a content change does (for measurements such as `make bench`)."""
    for kept in _ALL_KEPT:
        kept.clear()


def kept_per_version(maxsize=64):
    """Keep what a function of committed content returns, per content version and process.

    For lists derived from the published content that many requests share (the finder's
    choice lists, the cities' and occupations' salary spans). Every content change bumps
    the version after its commit, so a kept value is as fresh as a page cached under the
    same version: an edit is visible at the next request, on every process. The version is
    read before the function runs, so what is kept is at least as new as its key.

    Inside a transaction the function always runs: the transaction may see changes of its
    own that are not committed, or committed but not bumped yet. The ``maxsize`` most
    recent argument tuples are kept (the arguments must be hashable).
    """

    def decorator(function):
        kept = {}
        _ALL_KEPT.append(kept)

        @functools.wraps(function)
        def wrapper(*args):
            if connections[DEFAULT_DB_ALIAS].in_atomic_block:
                return function(*args)
            from portal import content_version  # it imports the regions app

            version = content_version.current()
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
