import datetime
import functools
import json
from types import MappingProxyType

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import (
    CharField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)

from portal.display import Item
from portal.fields import Choices
from portal.links import fast_reverse
from portal.per_version import kept_per_version
from portal.text import german_slugify

# Free-text search looks at no more words than this; more only cost time.
MAX_SEARCH_WORDS = 6


def may_preview_drafts(user):
    """Staff who may see profiles get a preview of drafts; everybody else a 404."""
    return user.is_active and user.is_staff and user.has_perm("regions.view_careerprofile")


class CareerProfileQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def stale(self):
        """Profiles whose "Stand" is older than STALE_AFTER_DAYS (see ``stale_before``)."""
        from regions.models import stale_before

        return self.filter(as_of__lt=stale_before())

    def visible_to(self, user):
        """Published profiles; drafts too for staff who may see profiles (the preview)."""
        return self if may_preview_drafts(user) else self.published()

    def with_bands(self):
        from regions.models import SalaryBand

        return self.prefetch_related(
            Prefetch("salary_bands", queryset=SalaryBand.objects.order_by("min_eur"))
        )

    def overlapping(self, level=None, low=None, high=None):
        """Profiles with a salary band (of ``level``, if given) overlapping [low, high].

        A band overlaps when ``band.max >= low`` and ``band.min <= high``; an open end
        (None) matches everything on that side.
        """
        from regions.models import SalaryBand

        bands = SalaryBand.objects.filter(profile=OuterRef("pk"))
        if level:
            bands = bands.filter(level=level)
        if low is not None:
            bands = bands.filter(max_eur__gte=low)
        if high is not None:
            bands = bands.filter(min_eur__lte=high)
        return self.filter(Exists(bands))

    def with_all_tools(self, slugs):
        """Profiles listing every one of the tools ``slugs``."""
        through = self.model.tools.through
        qs = self
        for slug in slugs:
            qs = qs.filter(
                Exists(through.objects.filter(careerprofile=OuterRef("pk"), tool__slug=slug))
            )
        return qs

    def in_any_sector(self, slugs):
        """Profiles naming at least one of the sectors ``slugs``."""
        through = self.model.sectors.through
        return self.filter(
            Exists(through.objects.filter(careerprofile=OuterRef("pk"), sector__slug__in=slugs))
        )

    def matching_text(self, text):
        """Every word of ``text`` in the title, region, occupation or a tool of the profile.

        Each word is also compared as a slug, so "muelheim" finds "Mülheim" and the other
        way round, whatever the database's idea of case-insensitive umlauts.
        """
        through = self.model.tools.through
        qs = self
        for word in text.split()[:MAX_SEARCH_WORDS]:
            slug = german_slugify(word)
            tool_match = Q(tool__name__icontains=word)
            match = (
                Q(title__icontains=word)
                | Q(region__name__icontains=word)
                | Q(occupation__name__icontains=word)
            )
            if slug:
                tool_match |= Q(tool__slug__icontains=slug)
                match |= Q(region__slug__icontains=slug) | Q(occupation__slug__icontains=slug)
            tools = through.objects.filter(tool_match, careerprofile=OuterRef("pk"))
            qs = qs.filter(match | Exists(tools))
        return qs

    def with_salary_midpoint(self, level):
        """Annotate ``salary_midpoint``: the midpoint of the band of ``level`` (or None)."""
        # A join on (profile, level), unique, so one row per profile as before; sorting the
        # finder by salary then costs one hash join instead of one subquery per profile.
        return self.annotate(
            sort_band=FilteredRelation("salary_bands", condition=Q(salary_bands__level=level)),
            salary_midpoint=(F("sort_band__min_eur") + F("sort_band__max_eur")) / 2,
        )


def _kind(name):
    return Value(name, output_field=CharField())


TERM_FIELDS = ("tools", "sectors", "certifications", "skills")


# Profiles for the pages that show them whole (the profile page, the comparison): each
# profile with its occupation and region, and with everything listed in it (bands, sources,
# sections, tools, sectors, certifications, skills, and on the profile page the other
# cities of the occupation) as JSON lists in its own row, all in one statement. Built by
# the ORM, with select_related and seven prefetches, the same rows cost several times more
# to compile than the database took to send them (SQL compilation was over 40 % of the
# profile page's time), and every further statement costs a round trip to the database.
# As lists rather than as a row per entry, because the database driver's cost per row is
# more than that of its values; as text, decoded here, because psycopg's decoding of
# PostgreSQL's json cost more again. The statements are written out once per process (the
# columns of the three models and the many-to-many lists from their metadata, the rest by
# hand); values are always parameters.
PROFILE_WITH_OWNERS = """
SELECT {columns}, {lists}
FROM regions_careerprofile p
INNER JOIN jobs_occupation o ON o.id = p.occupation_id
INNER JOIN regions_region r ON r.id = p.region_id
WHERE {where}
ORDER BY r.name
"""
# A list in a row: a JSON list with an entry for each row of ``source`` (as text).
LIST_COLUMN = "CAST((SELECT {json_list}({entry}) FROM {source}) AS TEXT)"
# The lists of rows that belong to a profile: where they come from, and the values of each
# entry (in the order in which load_profiles takes them).
PROFILE_LISTS = {
    "bands": (
        "regions_salaryband WHERE profile_id = p.id",
        ("level", "note", "min_eur", "max_eur"),
    ),
    "sources": (
        "regions_source WHERE profile_id = p.id",
        ("id", "position", "title", "url", "retrieved"),
    ),
}
SECTION_LIST = (
    "regions_profilesection WHERE profile_id = p.id",
    ("id", "position", "heading", "body"),
)
# The other published cities of the occupation of a profile (the profile page's links).
OTHER_CITIES = (
    "regions_careerprofile other INNER JOIN regions_region city ON city.id = other.region_id "
    "WHERE other.published = %s AND other.occupation_id = p.occupation_id AND other.id <> p.id",
    ("city.name", "city.slug"),
)
# The JSON functions of the lists: PostgreSQL's, and SQLite's (its JSON1 functions).
JSON_FUNCTIONS = {
    "postgresql": {"json_list": "json_agg", "json_row": "json_build_array"},
    "sqlite": {"json_list": "json_group_array", "json_row": "json_array"},
}


# Lists of plain values as text, the values separated by spaces (decoded by str.split):
# cheaper for the database to write and for Python to read than JSON, for values that hold
# no space themselves (whole numbers, the salary levels' codes).
TEXT_LIST_COLUMN = "(SELECT {text_list}({value}, ' ') FROM {source})"
TEXT_LIST_FUNCTIONS = {"postgresql": "string_agg", "sqlite": "group_concat"}


def text_list_column(vendor, source, *values):
    """TEXT_LIST_COLUMN for the database ``vendor``: for each row of ``source`` the SQL
    ``values`` (none of which may contain a space), one after the other; NULL for none."""
    value = " || ' ' || ".join(f"CAST({value} AS TEXT)" for value in values)
    return TEXT_LIST_COLUMN.format(
        text_list=TEXT_LIST_FUNCTIONS[vendor], value=value, source=source
    )


def list_column(vendor, source, *values):
    """LIST_COLUMN for the database ``vendor``: each entry is the one SQL value in
    ``values``, or a JSON list of several (decode it with ``json_list``)."""
    functions = JSON_FUNCTIONS[vendor]
    entry = values[0] if len(values) == 1 else f"{functions['json_row']}({', '.join(values)})"
    return LIST_COLUMN.format(json_list=functions["json_list"], entry=entry, source=source)


CITIES_OF_OCCUPATION = """
SELECT o.name, r.slug, r.name
FROM regions_careerprofile p
INNER JOIN jobs_occupation o ON o.id = p.occupation_id
INNER JOIN regions_region r ON r.id = p.region_id
WHERE p.published = %s AND o.slug = %s
ORDER BY r.name
"""


@kept_per_version(maxsize=256)
def published_cities_of(occupation_slug):
    """``(occupation name, Choices((region slug, region name), …))`` of the published
    profiles of an occupation, the cities in name order; ``(None, Choices(()))`` when it
    has none. Kept per content version (portal.per_version)."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(CITIES_OF_OCCUPATION, [True, occupation_slug])
        rows = cursor.fetchall()
    cities = Choices((slug, name) for _occupation, slug, name in rows)
    return (rows[0][0] if rows else None), cities


@functools.cache
def _profile_statement(vendor, sections, other_cities):
    """The columns of profile, occupation and region (``[(model, field names), …]``), the
    names of the lists after them, and the statement with ``{where}`` to fill in."""
    from jobs.models import Occupation
    from regions.models import CareerProfile, Region

    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    owners, columns = [], []
    for alias, model in (("p", CareerProfile), ("o", Occupation), ("r", Region)):
        names = [field.attname for field in model._meta.concrete_fields]
        owners.append((model, names))
        columns += [f"{alias}.{quote(name)}" for name in names]
    lists = dict(PROFILE_LISTS)
    if sections:
        lists["sections"] = SECTION_LIST
    for field_name in TERM_FIELDS:
        field = CareerProfile._meta.get_field(field_name)
        link, target = field.remote_field.through._meta.db_table, field.related_model
        source_column, target_column = field.m2m_column_name(), field.m2m_reverse_name()
        lists[field_name] = (
            f"{quote(link)} l INNER JOIN {quote(target._meta.db_table)} t "
            f"ON t.{quote(target._meta.pk.column)} = l.{quote(target_column)} "
            f"WHERE l.{quote(source_column)} = p.id",
            (f"t.{quote('name')}", f"t.{quote('slug')}"),
        )
    if other_cities:
        lists["cities"] = OTHER_CITIES
    written = [list_column(vendor, source, *values) for source, values in lists.values()]
    statement = PROFILE_WITH_OWNERS.format(
        columns=", ".join(columns), lists=", ".join(written), where="{where}"
    )
    return owners, list(lists), statement


def json_list(text):
    """A list written by JSON_FUNCTIONS (as text): none at all on PostgreSQL (NULL) for a
    profile without entries, an empty one on SQLite."""
    return json.loads(text) if text else []


def load_profiles(where, params, other_cities=False, sections=True):
    """Profiles matching the SQL condition ``where`` (over ``p``, the profile, ``o``, its
    occupation, and ``r``, its region; values as ``%s`` in ``params``), in city order.

    Each comes with ``occupation`` and ``region`` loaded and with ``bands`` (in level
    order), ``source_list`` and ``section_list`` (in position order) and ``terms``:
    ``{"tools": [(name, slug), …], "sectors": …, "certifications": …, "skills": …}``
    sorted by name. With ``other_cities=True`` ``terms["cities"]`` holds the other
    published cities of its occupation as (name, slug) pairs; with ``sections=False``,
    ``section_list`` stays empty. One query, whatever the number of profiles.
    """
    from regions.models import LEVEL_ORDER, ProfileSection, SalaryBand, Source

    database = DEFAULT_DB_ALIAS
    connection = connections[database]
    owners, list_names, statement = _profile_statement(
        connection.vendor, bool(sections), bool(other_cities)
    )
    # The other cities' condition comes before ``where`` in the statement.
    with connection.cursor() as cursor:
        cursor.execute(
            statement.replace("{where}", where), [True, *params] if other_cities else params
        )
        rows = cursor.fetchall()
    profiles = []
    width = sum(len(names) for _model, names in owners)
    for row in rows:
        loaded, start = [], 0
        for model, names in owners:
            loaded.append(model.from_db(database, names, row[start : start + len(names)]))
            start += len(names)
        profile, profile.occupation, profile.region = loaded
        lists = dict(zip(list_names, (json_list(text) for text in row[width:]), strict=True))
        profile.bands = sorted(
            (
                SalaryBand(profile_id=profile.pk, level=level, note=note, min_eur=low, max_eur=high)
                for level, note, low, high in lists["bands"]
            ),
            key=lambda band: LEVEL_ORDER.get(band.level, len(LEVEL_ORDER)),
        )
        profile.source_list = sorted(
            (
                Source(
                    id=pk,
                    profile_id=profile.pk,
                    position=position,
                    title=title,
                    url=url,
                    retrieved=_as_date(retrieved),
                )
                for pk, position, title, url, retrieved in lists["sources"]
            ),
            key=lambda source: (source.position, source.pk),
        )
        profile.section_list = sorted(
            (
                ProfileSection(
                    id=pk, profile_id=profile.pk, position=position, heading=heading, body=body
                )
                for pk, position, heading, body in lists.get("sections", ())
            ),
            key=lambda section: (section.position, section.pk),
        )
        profile.terms = {
            kind: sorted(
                ((name, slug) for name, slug in lists.get(kind, ())),
                key=lambda entry: entry[0].casefold(),
            )
            for kind in (*TERM_FIELDS, "cities")
        }
        profiles.append(profile)
    return profiles


def _used_by_published(model, field_name, target):
    """``model`` rows linked to a published profile through the many-to-many ``field_name``
    (``target``: the link table's column for ``model``).

    Per row, one walk along the link table's (target, profile) index in profile order that
    stops at the first published profile: a few index entries per tool or sector, and none
    for an unused one. As a semi-join (EXISTS), PostgreSQL hashed every link of every
    profile instead whenever the small vocabulary tables had no statistics yet (too small
    for autovacuum to analyze them). The ORDER BY keeps the walk on the index; the published
    flag is a scalar subquery so that it never turns into a join over all profiles.
    """
    from regions.models import CareerProfile

    through = getattr(CareerProfile, field_name).through
    published = (
        CareerProfile.objects.filter(pk=OuterRef("careerprofile_id")).order_by().values("published")
    )
    first_use = (
        through.objects.filter(**{target: OuterRef("pk")})
        .alias(published=Subquery(published))
        .filter(published=True)
        .order_by("careerprofile_id")
        .values("pk")[:1]
    )
    return model.objects.alias(first_use=Subquery(first_use)).filter(first_use__isnull=False)


def _listed(kinds, live_rows):
    """``{kind: [row, …]}`` from the catalogue (regions.catalogue) while it is up to date,
    else worked out from the profiles by ``live_rows(kinds)``."""
    from regions import catalogue

    entries = catalogue.read(kinds)
    if entries is None:
        entries = {kind: [] for kind in kinds}
        for kind, values in live_rows(kinds):
            entries[kind].append(values)
    return entries


VOCABULARY_KINDS = ("occupations", "regions", "tools", "sectors")
# The catalogue's name for the entries of each list (regions.catalogue).
VOCABULARY_ENTRIES = {
    "occupations": "occupation",
    "regions": "region",
    "tools": "tool",
    "sectors": "sector",
}


@functools.cache
def _vocabulary_statement(vendor):
    """SQL and parameters of the live vocabulary, compiled once per process.

    The statement has no input, and compiling its four-part UNION of subqueries cost the
    ORM several times what the database needs to answer it.
    """
    from jobs.models import Occupation, Tool
    from regions.models import CareerProfile, Region, Sector

    published = CareerProfile.objects.published()
    used = {
        # Indexes on the profile's foreign keys make these semi-joins cheap in any case.
        "occupations": Occupation.objects.filter(
            Exists(published.filter(occupation=OuterRef("pk")))
        ),
        "regions": Region.objects.filter(Exists(published.filter(region=OuterRef("pk")))),
        "tools": _used_by_published(Tool, "tools", "tool"),
        "sectors": _used_by_published(Sector, "sectors", "sector"),
    }
    parts = [
        used[kind]
        .annotate(kind=_kind(VOCABULARY_ENTRIES[kind]))
        .values_list("kind", "pk", "name", "slug")
        .order_by()
        for kind in VOCABULARY_KINDS
    ]
    return parts[0].union(*parts[1:], all=True).order_by().query.sql_with_params()


def live_vocabulary_rows(kinds, using=DEFAULT_DB_ALIAS):
    """(kind, (id, name, slug)) of every entry of ``kinds`` ("region", "occupation",
    "tool", "sector") used by a published profile, worked out from the profiles."""
    sql, params = _vocabulary_statement(connections[using].vendor)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [(kind, values) for kind, *values in rows if kind in kinds]


@kept_per_version()
def published_vocabulary():
    """What the published profiles use, for choice lists, in one query at most: the lists
    are kept per content version (portal.per_version), so only the first request after a
    change reads them.

    Returns ``{"occupations": Choices((slug, name), …), "regions": …, "tools": …,
    "sectors": …}`` (read-only), each sorted by name; only entries that at least one
    published profile uses. Also ``"tool_names"``: ``{tool id: name}`` of those tools, for
    lists of published profiles' tools read as ids (the finder). Read from the catalogue
    (regions.catalogue) while it is up to date, else from the profiles.
    """
    kinds = tuple(VOCABULARY_ENTRIES.values())
    entries = _listed(kinds, live_vocabulary_rows)
    return _vocabulary(
        tuple(frozenset((row[0], row[2], row[1]) for row in entries[kind]) for kind in kinds)
    )


@functools.lru_cache(maxsize=4)
def _vocabulary(entries):
    """The choice lists of ``entries`` (per kind, the set of (id, slug, name) read just
    now): the same entries give the same lists, sorted and with their options written once
    (portal.fields.Choices), so that is done once per state of the content, not per
    request. Nothing is kept but what was read: the key is the entries themselves."""
    vocabulary = {}
    rows_of = dict(zip(VOCABULARY_ENTRIES, entries, strict=True))
    for name, rows in rows_of.items():
        pairs = [(slug, label) for _pk, slug, label in rows]
        vocabulary[name] = Choices(sorted(pairs, key=lambda entry: (entry[1].casefold(), entry[0])))
    vocabulary["tool_names"] = MappingProxyType(
        {pk: label for pk, _slug, label in rows_of["tools"]}
    )
    return MappingProxyType(vocabulary)


# The salary span of the cities and occupations. The bands are summed up per profile first
# (lowest, highest, entry), then per city or occupation: hash aggregates only, instead of
# a COUNT(DISTINCT) over a profiles x bands join that had to sort every band of every
# profile (less than half the database time on PostgreSQL with 1,000 profiles). A page
# showing both lists gets them from one statement that sums up the bands once. The ORM
# cannot join a grouped subquery, hence raw SQL (the same on PostgreSQL and SQLite).
SALARY_SPAN_PROFILES = """
WITH span_profile AS (
    SELECT profile.region_id, profile.occupation_id, profile.as_of,
           band.low, band.high, band.entry_low
    FROM regions_careerprofile profile
    LEFT JOIN (
        SELECT profile_id,
               MIN(min_eur) AS low,
               MAX(max_eur) AS high,
               MIN(CASE WHEN level = %s THEN min_eur END) AS entry_low
        FROM regions_salaryband
        GROUP BY profile_id
    ) band ON band.profile_id = profile.id
    WHERE profile.published
)
"""
SALARY_SPAN_OWNERS = """
SELECT {kind} AS kind, owner.id, owner.name, owner.slug, owner.summary,
       span.profile_count, span.salary_low, span.salary_high, span.entry_low,
       span.as_of_oldest, span.as_of_newest
FROM {table} owner
INNER JOIN (
    SELECT {column} AS owner_id,
           COUNT(*) AS profile_count,
           MIN(low) AS salary_low,
           MAX(high) AS salary_high,
           MIN(entry_low) AS entry_low,
           MIN(as_of) AS as_of_oldest,
           MAX(as_of) AS as_of_newest
    FROM span_profile
    GROUP BY {column}
) span ON span.owner_id = owner.id
"""
SALARY_SPAN_ANNOTATIONS = (
    "profile_count",
    "salary_low",
    "salary_high",
    "entry_low",
    "as_of_oldest",
    "as_of_newest",
)
# What a city or occupation card shows, and the page it links to.
SPAN_COLUMNS = ("id", "name", "slug", "summary", *SALARY_SPAN_ANNOTATIONS)
SPAN_PAGES = {
    "region": ("regions:detail", "region"),
    "occupation": ("jobs:occupation", "occupation"),
}


def _as_date(value):
    # SQLite hands MIN/MAX of a date column back as text.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def live_salary_span_rows(owners, using=DEFAULT_DB_ALIAS):
    """(owner, values) for each city or occupation (``owners``: "region", "occupation")
    with published profiles, worked out from the profiles; values as in
    ``regions.catalogue.COLUMNS``. One statement for all owners."""
    from jobs.models import Occupation
    from regions.models import Region, SalaryLevel

    models_by_owner = {"region": Region, "occupation": Occupation}
    sql = SALARY_SPAN_PROFILES + "UNION ALL".join(
        SALARY_SPAN_OWNERS.format(
            kind=kind,
            table=models_by_owner[owner]._meta.db_table,
            column=f"{owner}_id",
        )
        for kind, owner in enumerate(owners)
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [SalaryLevel.ENTRY])
        rows = cursor.fetchall()
    # SQLite hands MIN/MAX of a date column back as text; the catalogue stores days.
    return [(owners[kind], [*values[:-2], *map(_as_date, values[-2:])]) for kind, *values in rows]


@kept_per_version()
def _salary_spans(*owners):
    """For each of ``owners`` ("region", "occupation"), the ones with published profiles
    in name order, as items with ``id``, ``name``, ``slug``, ``summary``, ``url``,
    ``profile_count``, ``salary_low``,
    ``salary_high``, ``entry_low`` (lowest entry band, or None), ``as_of_oldest`` and
    ``as_of_newest`` (the Stand dates behind the span). One query for all of them: from
    the catalogue (regions.catalogue) while it is up to date, else from the profiles; and
    none while they are kept for the current content version (portal.per_version). The
    items are shared between requests: read them, never change them."""
    entries = _listed(owners, live_salary_span_rows)
    results = []
    for owner in owners:
        view, argument = SPAN_PAGES[owner]
        items = []
        for values in sorted(entries[owner], key=lambda values: values[1].casefold()):
            item = Item(**dict(zip(SPAN_COLUMNS, values, strict=True)))
            # The catalogue's read is a UNION: SQLite gives its days back as text.
            item.as_of_oldest, item.as_of_newest = map(
                _as_date, (item.as_of_oldest, item.as_of_newest)
            )
            item.url = fast_reverse(view, **{argument: item.slug})
            items.append(item)
        results.append(items)
    return results


def regions_with_salary_span():
    """Regions with published profiles, annotated with their count and salary span."""
    return _salary_spans("region")[0]


def occupations_with_salary_span():
    """Occupations with published profiles, annotated like ``regions_with_salary_span``."""
    return _salary_spans("occupation")[0]


def salary_spans():
    """``(regions_with_salary_span(), occupations_with_salary_span())`` in one statement."""
    return tuple(_salary_spans("region", "occupation"))
