"""The one place for side effects of content changes: the content version (and the
catalogue of published profiles, regions.catalogue).

Every save or delete of a content model (regions, jobs, legal pages), from the admin, the
import or a history revert, bumps one version number once the transaction commits. Page
caches put ``current()`` into their keys, so a change is on the public pages at the next
request, on every process and every instance.

Where the version lives:

* with a shared cache (Redis, Memcached, database cache) in that cache under
  ``content-version``, so all instances see the same number;
* with a process-local cache (local memory, dummy) in a small file, because a number kept
  in one worker's memory would never reach the other workers.

Neither needs a database query. A missing value (cold or evicted cache, new file) starts
from the clock, never from 1 again, so a key of an earlier run can never be reused. Lists
derived from the content (choice lists, salary spans) are kept per process under the same
version (portal.per_version).
"""

import functools
import hashlib
import os
import tempfile
import time
from pathlib import Path

from django.apps import apps as global_apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from regions import catalogue

KEY = "content-version"
CACHE_ALIAS = "default"

# Models whose changes are visible on public pages: whole apps, and single models of
# apps that hold other things too (portal.LegalPage arrives with the public pages).
CONTENT_APPS = frozenset({"regions", "jobs"})
CONTENT_MODELS = frozenset({"portal.legalpage"})


def _seed():
    return time.time_ns() // 1000


def _cache():
    backend = caches[CACHE_ALIAS]
    if isinstance(backend, LocMemCache | DummyCache):
        return None
    return backend


def _stamp_file():
    return _stamp_path(
        getattr(settings, "CONTENT_VERSION_FILE", None),
        str(settings.BASE_DIR),
        str(connections["default"].settings_dict["NAME"]),
    )


@functools.cache
def _stamp_path(configured, base_dir, database):
    # Read on every cached page view: worked out once per configuration.
    if configured:
        return Path(configured)
    # One file per project and database, so test runs and other checkouts never share it.
    digest = hashlib.sha256(f"{base_dir}|{database}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"revier-content-version-{digest}"


def _read(path):
    # Runs on every cached page view: plain system calls are a fraction of the cost of
    # Path.read_text() and its text layer.
    descriptor = os.open(path, os.O_RDONLY)
    try:
        return int(os.read(descriptor, 64))
    finally:
        os.close(descriptor)


def current():
    """The version the public pages are rendered at (an opaque, increasing integer)."""
    cache = _cache()
    if cache is not None:
        version = cache.get(KEY)
        if version is None:
            cache.add(KEY, _seed(), timeout=None)
            version = cache.get(KEY)
        return version
    try:
        return _read(_stamp_file())
    except (OSError, ValueError):
        return bump()


def bump():
    """Move the content version on; returns the new version."""
    cache = _cache()
    if cache is not None:
        try:
            return cache.incr(KEY)
        except ValueError:  # not there yet: start from the clock
            cache.add(KEY, _seed(), timeout=None)
            return cache.get(KEY)
    target = _stamp_file()
    try:
        previous = _read(target)
    except (OSError, ValueError):
        previous = 0
    # The clock keeps two processes bumping at once from writing the same number.
    version = max(previous + 1, _seed())
    temporary = target.with_name(f"{target.name}.{os.getpid()}")
    temporary.write_text(str(version))
    os.replace(temporary, target)
    return version


# Derived from the content, never content themselves (regions.catalogue).
DERIVED_MODELS = frozenset(
    {"regions.catalogueentry", "regions.cataloguechange", "regions.cataloguelock"}
)


def is_content(model):
    meta = model._meta
    if meta.label_lower in DERIVED_MODELS:
        return False
    return meta.app_label in CONTENT_APPS or meta.label_lower in CONTENT_MODELS


def _bump_after_commit(using, catalogue_exists=True):
    # Bumping before the commit would let a concurrent request cache the old content under
    # the new version. One bump per transaction, however many rows it writes: a bump
    # already waiting is enough unless a savepoint rollback could discard it but not this
    # change (it was registered in a savepoint this change is not inside of).
    #
    # The catalogue of published profiles (regions.catalogue) is derived from the content:
    # the change is noted in the same transaction, so the catalogue is out of date from
    # the commit on, and worked out again after the commit, ahead of the bump.
    connection = connections[using]
    savepoints = set(connection.savepoint_ids)
    for registered_in, callback, _ in getattr(connection, "run_on_commit", []):
        if callback is bump and registered_in <= savepoints:
            return
    if catalogue_exists:
        catalogue.mark_changed(using)
        transaction.on_commit(functools.partial(catalogue.refresh, using), using=using)
    transaction.on_commit(bump, using=using)


def changed_in_bulk(using=DEFAULT_DB_ALIAS):
    """For writes that send no signals (bulk_create): the same as a signalled change."""
    _bump_after_commit(using)


def _current(model):
    # Historical models of data migrations: the catalogue's tables may not exist yet at that
    # point. Their changes are not noted (and a bump registered for one also stands in for
    # later changes of the same migration); every migrate ends with a refresh of its own
    # (_after_migrate), which covers them.
    return model._meta.apps is global_apps


def _on_save_or_delete(sender, using, **kwargs):
    if is_content(sender):
        _bump_after_commit(using, catalogue_exists=_current(sender))


def _on_m2m_changed(sender, instance, action, using, **kwargs):
    if action.startswith("post_") and is_content(type(instance)):
        _bump_after_commit(using, catalogue_exists=_current(type(instance)))


def _after_migrate(sender, using, **kwargs):
    # Once per migrate (sent for every app; the regions app's own signal is enough).
    if sender.label == "regions" and catalogue.installed(using):
        catalogue.mark_changed(using)
        catalogue.refresh(using)
        # A migrate (or a flush, which also ends with this signal) changes content without
        # saving models one by one: what is kept per version must not outlive it.
        bump()


def connect():
    """Called once from PortalConfig.ready()."""
    post_save.connect(_on_save_or_delete, dispatch_uid="content-version-save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="content-version-delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="content-version-m2m")
    post_migrate.connect(_after_migrate, dispatch_uid="content-version-migrate")
