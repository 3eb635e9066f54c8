"""What the published profiles add up to, kept beside them for the public lists.

The home page lists every city and occupation with its salary span, and the finder and
the comparison offer every city, occupation, tool and sector that a published profile
uses. Worked out from the profiles on every request, those lists cost the database a pass
over every profile and band (with 1,000 profiles, more than the rest of the home page),
and the cost grows with the content. So they are also kept, ready to show, in
``CatalogueEntry`` rows, and a page reads them with one small query (and each process keeps
what it read per content version, portal.per_version, so most requests read nothing).

Never stale, by construction:

* Every content change leaves a ``CatalogueChange`` row inside its own transaction
  (``mark_changed``, called where the content version is bumped), and the entries count
  only while there is no such row; a reader checks that in the same statement that reads
  them. While they do not count (from the commit of a change until they are worked out
  again, or when that failed) the pages work the lists out from the profiles, as they
  always could. Writers only insert rows: no lock is shared between content transactions.
* After the commit, ``refresh`` works the entries out again: under the lock row (so one
  refresh at a time) it reads which changes are waiting, computes the entries from the
  profiles, and in one transaction replaces the entries and deletes exactly those
  changes. A change that commits meanwhile keeps its row and refreshes after its own
  commit.

Entries and changes are written with raw statements and bulk_create, and the three models
are not content (``portal.content_version.is_content``): a refresh is never a change.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from regions.querysets import SALARY_SPAN_ANNOTATIONS

logger = logging.getLogger(__name__)

SPAN_KINDS = ("region", "occupation")
VOCABULARY_ONLY_KINDS = ("tool", "sector")
# The columns of an entry, in the order the lists read them.
COLUMNS = ("owner_id", "name", "slug", "summary", *SALARY_SPAN_ANNOTATIONS)
READ = """
SELECT kind, {columns} FROM regions_catalogueentry
WHERE kind IN ({kinds})
  AND NOT EXISTS (SELECT 1 FROM regions_cataloguechange)
UNION ALL
SELECT 'valid', {nothing} FROM regions_cataloguelock
WHERE NOT EXISTS (SELECT 1 FROM regions_cataloguechange)
""".replace("{columns}", ", ".join(COLUMNS)).replace(
    "{nothing}", ", ".join(["NULL"] * len(COLUMNS))
)


def installed(using=DEFAULT_DB_ALIAS):
    """Whether the catalogue's tables exist (a migration back before them removes them)."""
    from regions.models import CatalogueChange

    return CatalogueChange._meta.db_table in connections[using].introspection.table_names()


def mark_changed(using=DEFAULT_DB_ALIAS):
    """Note a content change, in the transaction that makes it."""
    with connections[using].cursor() as cursor:
        cursor.execute("INSERT INTO regions_cataloguechange DEFAULT VALUES")


def read(kinds, using=DEFAULT_DB_ALIAS):
    """``{kind: [row, …]}`` of the entries of ``kinds`` (rows as in COLUMNS, unordered),
    or None while the entries are not valid."""
    statement = READ.replace("{kinds}", ", ".join(["%s"] * len(kinds)))
    with connections[using].cursor() as cursor:
        cursor.execute(statement, list(kinds))
        rows = cursor.fetchall()
    entries = {kind: [] for kind in kinds}
    valid = False
    for kind, *values in rows:
        if kind == "valid":
            valid = True
        else:
            entries[kind].append(values)
    return entries if valid else None


def refresh(using=DEFAULT_DB_ALIAS):
    """Work the entries out again from the profiles, unless they are up to date.

    Runs after the commit of a content change, ahead of the content-version bump. Any
    failure is logged and leaves the entries not counting, so the pages go on working the
    lists out themselves, and the bump still happens.
    """
    try:
        _refresh(using)
    except Exception:
        logger.exception("The catalogue of published profiles could not be refreshed.")


def _refresh(using):
    from regions.models import CatalogueEntry, CatalogueLock
    from regions.querysets import live_salary_span_rows, live_vocabulary_rows

    with transaction.atomic(using=using):
        if CatalogueLock.objects.using(using).select_for_update().filter(pk=1).first() is None:
            CatalogueLock.objects.using(using).get_or_create(pk=1)
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT id FROM regions_cataloguechange")
            waiting = [row[0] for row in cursor.fetchall()]
        if not waiting:
            return
        # Read after the changes: the profiles are at least as new as every change seen.
        entries = []
        for kind, values in live_salary_span_rows(SPAN_KINDS, using):
            entries.append(CatalogueEntry(kind=kind, **dict(zip(COLUMNS, values, strict=True))))
        for kind, (owner_id, name, slug) in live_vocabulary_rows(VOCABULARY_ONLY_KINDS, using):
            entries.append(CatalogueEntry(kind=kind, owner_id=owner_id, name=name, slug=slug))
        with connections[using].cursor() as cursor:
            cursor.execute("DELETE FROM regions_catalogueentry")
            for start in range(0, len(waiting), 500):
                chunk = waiting[start : start + 500]
                cursor.execute(
                    "DELETE FROM regions_cataloguechange WHERE id IN ({})".format(  # noqa: S608
                        ", ".join(["%s"] * len(chunk))
                    ),
                    chunk,
                )
        CatalogueEntry.objects.using(using).bulk_create(entries)
