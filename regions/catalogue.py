"""What the published profiles add up to, kept beside them for the public lists.

The home page lists every city and occupation with its salary span, and the finder and
the comparison offer every city, occupation, tool and sector that a published profile
uses. Worked out from the profiles on every request, those lists cost the database a pass
over every profile and band (with 1,000 profiles, more than the rest of the home page),
and the cost grows with the content. So they are also kept, ready to show, in
``CatalogueEntry`` rows, and a page reads them with one small query.

Never stale, by construction:

* Every content change counts itself in ``CatalogueState.changes`` inside its own
  transaction (``mark_changed``, called where the content version is bumped), and the
  entries are valid only while ``summarized`` equals ``changes``. A reader checks that in
  the same statement that reads the entries; while they are not valid (from the commit of
  a change until they are worked out again, or before they ever were) the page works the
  lists out from the profiles, as it always could.
* After the commit, ``refresh`` works them out again: it locks the state row, reads the
  count of changes, computes the entries from the profiles and writes entries and
  ``summarized`` in one transaction. A change that commits meanwhile has counted itself
  beyond what was read and refreshes again after its own commit.

Nothing here sends model signals (raw statements and bulk_create), and the two models are
not content (``portal.content_version.is_content``), so a refresh is never a change.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

from regions.querysets import SALARY_SPAN_ANNOTATIONS

logger = logging.getLogger(__name__)

SPAN_KINDS = ("region", "occupation")
TERM_KINDS = ("tool", "sector")
# The columns of an entry, in the order the lists read them.
COLUMNS = ("owner_id", "name", "slug", "summary", *SALARY_SPAN_ANNOTATIONS)
READ = """
SELECT kind, {columns} FROM regions_catalogueentry
WHERE kind IN ({kinds})
  AND EXISTS (SELECT 1 FROM regions_cataloguestate WHERE changes = summarized)
UNION ALL
SELECT 'valid', {nothing} FROM regions_cataloguestate WHERE changes = summarized
""".replace("{columns}", ", ".join(COLUMNS)).replace(
    "{nothing}", ", ".join(["NULL"] * len(COLUMNS))
)


def installed(using=DEFAULT_DB_ALIAS):
    """Whether the catalogue's tables exist (a migration back before them removes them)."""
    from regions.models import CatalogueState

    return CatalogueState._meta.db_table in connections[using].introspection.table_names()


def mark_changed(using=DEFAULT_DB_ALIAS):
    """Count a content change, in the transaction that makes it."""
    with connections[using].cursor() as cursor:
        cursor.execute("UPDATE regions_cataloguestate SET changes = changes + 1")


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

    Runs after the commit of a content change. A failure is logged and leaves the
    entries invalid, so the pages go on working the lists out themselves.
    """
    try:
        _refresh(using)
    except DatabaseError:
        logger.exception("The catalogue of published profiles could not be refreshed.")


def _refresh(using):
    from regions.models import CatalogueEntry, CatalogueState
    from regions.querysets import live_salary_span_rows, live_vocabulary_rows

    with transaction.atomic(using=using):
        state = CatalogueState.objects.using(using).select_for_update().first()
        if state is None:
            state = CatalogueState.objects.using(using).create(changes=1, summarized=0)
        if state.summarized == state.changes:
            return
        entries = []
        for kind, values in live_salary_span_rows(SPAN_KINDS, using):
            entries.append(CatalogueEntry(kind=kind, **dict(zip(COLUMNS, values, strict=True))))
        for kind, (owner_id, name, slug) in live_vocabulary_rows(TERM_KINDS, using):
            entries.append(CatalogueEntry(kind=kind, owner_id=owner_id, name=name, slug=slug))
        with connections[using].cursor() as cursor:
            cursor.execute("DELETE FROM regions_catalogueentry")
            cursor.execute(
                "UPDATE regions_cataloguestate SET summarized = %s WHERE id = %s",
                [state.changes, state.pk],
            )
        CatalogueEntry.objects.using(using).bulk_create(entries)
