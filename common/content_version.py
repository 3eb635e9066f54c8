"""The content version: one number that every committed change of public content moves on.

Page caches (common.cache) and the lists kept per version (common.per_version) are only
valid for the version they were made at, so a change is on the public pages at the next
request, on every process and every instance.

The version lives in the default cache. That cache must be shared by every process that
serves pages: Redis (``REDIS_URL``) in production, or a file-based cache
(``DJANGO_CACHE_DIR``) on one host; the local-memory default is right for one process
only (``runserver``, or gunicorn with one worker). A missing value (cold or evicted cache)
starts from the clock, never from 1 again, so a key of an earlier run is never reused.

While the cache cannot be reached (common.outages) there is no version: pages are made
uncached and nothing is kept per version. A change committed meanwhile cannot move the
version on; every process that saw the cache fail moves it on once the cache answers again.

Apps name the models whose changes are public (``watch``, from ``AppConfig.ready()``); every
save, delete or many-to-many change of them, from the admin, an import, a history restore
or the shell, moves the version on once its transaction commits.

Job postings have a version of their own (``POSTINGS``): they change daily and appear on
few pages, so approving one moves only that version on, and the pages that show no
postings (the finder, the comparison, …) stay cached. A page that shows postings depends
on both versions (common.cache).
"""

import logging
import threading
import time

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from common.outages import CacheUnreachable, cache_call, when_cache_returns

logger = logging.getLogger(__name__)

KEY = "content-version"
POSTINGS = "postings-version"
KEYS = (KEY, POSTINGS)

# Model -> (the version its changes move on, which of its rows are public or None: all).
_watched = {}
# Per thread, database and version: how many bumps have run. A change records the count
# when it registers its bump; of the callbacks one commit runs, only the first still sees
# that count and bumps, so a transaction moves a version once however many rows it wrote.
_bumps = threading.local()


def _seed():
    return time.time_ns() // 1000


def current(key=KEY):
    """The version the public pages are rendered at (an opaque, increasing integer), or
    None while the cache cannot be reached. ``key``: ``KEY`` or ``POSTINGS``."""
    try:
        version = cache_call(cache.get, key)
        if version is None:
            cache_call(cache.add, key, _seed(), timeout=None)
            version = cache_call(cache.get, key)
    except CacheUnreachable:
        return None
    return version


def bump(key=KEY):
    """Move a version on (``KEY`` or ``POSTINGS``); returns the new version (None: the
    cache is away)."""
    try:
        try:
            return cache_call(cache.incr, key)
        except ValueError:  # not there yet: start from the clock
            if cache_call(cache.add, key, _seed(), timeout=None):
                return cache_call(cache.get, key)
            # A reader put it there meanwhile, maybe while rendering the old content.
            return cache_call(cache.incr, key)
    except CacheUnreachable:
        # The change itself is committed; it reaches the pages when the cache is back.
        logger.warning("Version %s not moved on: the cache is unreachable.", key)
        return None


def bump_all():
    for key in KEYS:
        bump(key)


def _bump_counts():
    if not hasattr(_bumps, "counts"):
        _bumps.counts = {}
    return _bumps.counts


def _bump_once(using, key, count):
    counts = _bump_counts()
    if counts.get((using, key), 0) == count:
        counts[using, key] = count + 1
        bump(key)


def changed(using=DEFAULT_DB_ALIAS, key=KEY):
    """Note a change of public content in the current transaction of ``using`` (called by
    the signals below; bulk writes, which send none, call it themselves).

    The bump waits for the commit: bumping earlier would let a concurrent request cache
    the old content under the new version. Every change registers its own callback, so a
    savepoint rolled back with one change never takes the bump of another with it.
    """
    count = _bump_counts().get((using, key), 0)
    transaction.on_commit(lambda: _bump_once(using, key, count), using=using)


def watch(*models, key=KEY, shown=None):
    """Treat changes of ``models`` as changes of public content (``key=POSTINGS``: of the
    job postings); with ``shown``, only changes of a row for which ``shown(row)`` is true
    (a row on no page, e.g. a posting nobody approved, moves no version)."""
    _watched.update(dict.fromkeys(models, (key, shown)))


def _note(instance, using):
    key, shown = _watched[type(instance)]
    if shown is None or shown(instance):
        changed(using, key)


def _on_save_or_delete(sender, instance, using, **kwargs):
    if sender in _watched:
        _note(instance, using)


def _on_m2m_changed(sender, instance, action, using, **kwargs):
    if action.startswith("post_") and type(instance) in _watched:
        _note(instance, using)


def _after_migrate(sender, using, **kwargs):
    # A migrate or a flush (which also ends with this signal) changes content without
    # saving models one by one.
    bump_all()


when_cache_returns(bump_all)
post_save.connect(_on_save_or_delete, dispatch_uid="content-version-save")
post_delete.connect(_on_save_or_delete, dispatch_uid="content-version-delete")
m2m_changed.connect(_on_m2m_changed, dispatch_uid="content-version-m2m")
post_migrate.connect(_after_migrate, dispatch_uid="content-version-migrate")
