import datetime
import functools

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

from portal.text import german_slugify

# Free-text search looks at no more words than this; more only cost time.
MAX_SEARCH_WORDS = 6


class CareerProfileQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def stale(self):
        """Profiles whose "Stand" is older than STALE_AFTER_DAYS (see ``stale_before``)."""
        from regions.models import stale_before

        return self.filter(as_of__lt=stale_before())

    def visible_to(self, user):
        """Published profiles; drafts too for staff who may see profiles (the preview)."""
        if user.is_active and user.is_staff and user.has_perm("regions.view_careerprofile"):
            return self
        return self.published()

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


@functools.cache
def _profile_terms_sql(vendor):
    """The statement behind ``profile_terms``, written out from the models' metadata once.

    Built by the ORM, this UNION of five parts cost more to compile on every request than
    the database took to answer it; the text only depends on the models. ``{ids}`` is
    filled with one placeholder per profile id, ``{cities}`` with the optional part for the
    other cities (its second column is replaced by the owner in Python).
    """
    from regions.models import CareerProfile

    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    parts = []
    for field_name in TERM_FIELDS:
        field = CareerProfile._meta.get_field(field_name)
        link, target = field.remote_field.through._meta.db_table, field.related_model
        source_column, target_column = field.m2m_column_name(), field.m2m_reverse_name()
        # Identifiers come from the models and are quoted; values are parameters.
        parts.append(
            f"SELECT '{field_name}', l.{quote(source_column)}, t.{quote('name')}, "  # noqa: S608
            f"t.{quote('slug')} FROM {quote(link)} l INNER JOIN "
            f"{quote(target._meta.db_table)} t ON t.{quote(target._meta.pk.column)} = "
            f"l.{quote(target_column)} WHERE l.{quote(source_column)} IN ({{ids}})"
        )
    profile, region = CareerProfile._meta, CareerProfile._meta.get_field("region")
    cities = (
        f" UNION ALL SELECT 'cities', p.{quote(profile.pk.column)}, r.{quote('name')}, "  # noqa: S608
        f"r.{quote('slug')} FROM {quote(profile.db_table)} p INNER JOIN "
        f"{quote(region.related_model._meta.db_table)} r ON "
        f"r.{quote(region.related_model._meta.pk.column)} = p.{quote(region.column)} "
        f"WHERE p.{quote('published')} = %s AND "
        f"p.{quote(profile.get_field('occupation').column)} = %s "
        f"AND p.{quote(profile.pk.column)} <> %s"
    )
    return " UNION ALL ".join(parts) + "{cities}", cities


def profile_terms(profile_ids, other_cities_of=None):
    """Tools, sectors, certifications and skills of several profiles in ONE query.

    Returns ``{profile_id: {"tools": [(name, slug), …], "sectors": …, …}}``, each list
    sorted by name. With ``other_cities_of=profile`` the same query also brings the other
    published profiles of that profile's occupation under the key "cities", as
    (region name, region slug) pairs.
    """
    terms = {pk: {kind: [] for kind in (*TERM_FIELDS, "cities")} for pk in profile_ids}
    if not profile_ids:
        return terms
    connection = connections[DEFAULT_DB_ALIAS]
    statement, cities = _profile_terms_sql(connection.vendor)
    ids = ", ".join(["%s"] * len(profile_ids))
    params = [*profile_ids] * len(TERM_FIELDS)
    if other_cities_of is None:
        cities = ""
    else:
        params += [True, other_cities_of.occupation_id, other_cities_of.pk]
    with connection.cursor() as cursor:
        cursor.execute(statement.format(ids=ids, cities=cities), params)
        rows = cursor.fetchall()
    for kind, profile_id, name, slug in rows:
        if kind == "cities":
            profile_id = other_cities_of.pk
        terms[profile_id][kind].append((name, slug))
    for by_kind in terms.values():
        for entries in by_kind.values():
            entries.sort(key=lambda entry: entry[0].casefold())
    return terms


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


VOCABULARY_KINDS = ("occupations", "regions", "tools", "sectors")


@functools.cache
def _vocabulary_statement(vendor):
    """SQL and parameters of ``published_vocabulary``, compiled once per process.

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
        used[kind].annotate(kind=_kind(kind)).values_list("kind", "slug", "name").order_by()
        for kind in VOCABULARY_KINDS
    ]
    return parts[0].union(*parts[1:], all=True).order_by().query.sql_with_params()


def published_vocabulary():
    """What the published profiles use, for choice lists, in ONE query.

    Returns ``{"occupations": [(slug, name), …], "regions": …, "tools": …, "sectors": …}``,
    each sorted by name; only entries that at least one published profile uses.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    sql, params = _vocabulary_statement(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    vocabulary = {kind: [] for kind in VOCABULARY_KINDS}
    for kind, slug, name in rows:
        vocabulary[kind].append((slug, name))
    for entries in vocabulary.values():
        entries.sort(key=lambda entry: entry[1].casefold())
    return vocabulary


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
# What a city or occupation card needs; other fields stay deferred (loaded on access).
SALARY_SPAN_FIELDS = ["id", "name", "slug", "summary"]
SALARY_SPAN_ANNOTATIONS = [
    "profile_count",
    "salary_low",
    "salary_high",
    "entry_low",
    "as_of_oldest",
    "as_of_newest",
]


def _as_date(value):
    # SQLite hands MIN/MAX of a date column back as text.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _salary_spans(*owners):
    """For each of ``owners`` ("region", "occupation"), its instances with published
    profiles in name order, annotated with ``profile_count``, ``salary_low``,
    ``salary_high``, ``entry_low`` (lowest entry band, or None), ``as_of_oldest`` and
    ``as_of_newest`` (the Stand dates behind the span). One statement for all of them."""
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
    database = Region.objects.db
    results = [[] for _owner in owners]
    with connections[database].cursor() as cursor:
        cursor.execute(sql + "ORDER BY 1, 3", [SalaryLevel.ENTRY])
        for kind, *values in cursor.fetchall():
            model = models_by_owner[owners[kind]]
            loaded = dict(zip(SALARY_SPAN_FIELDS, values, strict=False))
            # from_db() wants the loaded fields in the model's field order.
            names = [f.attname for f in model._meta.concrete_fields if f.attname in loaded]
            instance = model.from_db(database, names, [loaded[name] for name in names])
            annotations = values[len(SALARY_SPAN_FIELDS) :]
            for name, value in zip(SALARY_SPAN_ANNOTATIONS, annotations, strict=True):
                setattr(instance, name, _as_date(value) if name.startswith("as_of") else value)
            results[kind].append(instance)
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
