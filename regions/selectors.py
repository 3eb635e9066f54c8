"""What the pages read about regions and career profiles.

Each function takes plain arguments (slugs, a queryset of profiles, a page number) and
returns small typed objects for the templates, with a fixed number of queries however
much content there is. The lists every page shares (choices, salary spans, the cities of
an occupation) are kept per content version (common.per_version): read on the first
request after a change, then from memory.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field, fields
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import CharField, Count, Max, Min, Prefetch, Q, Value
from django.urls import reverse
from django.utils.translation import gettext as _

from common.per_version import kept_per_version
from common.text import format_eur, format_eur_range
from regions.models import (
    CareerProfile,
    Region,
    SalaryBand,
    SalaryLevel,
    in_level_order,
    stale_before,
)

PAGE_SIZE = 20
MAX_COMPARED = 4
# The vocabularies a profile lists, in the order the pages show them.
TERM_KINDS = ("tools", "sectors", "certifications", "skills")
# Models of the jobs app, reached through the profile's relations: regions sits below jobs
# and imports nothing from it (README, "Layers").
_OCCUPATION = CareerProfile._meta.get_field("occupation").related_model
_TOOLS = CareerProfile._meta.get_field("tools").related_model


@dataclass(slots=True)
class Band:
    level: str
    min_eur: int
    max_eur: int
    note: str = ""
    # In the finder: whether the band matches the visitor's wished salary.
    matches: bool = False

    @property
    def label(self):
        return SalaryLevel(self.level).label

    @property
    def midpoint(self):
        return (self.min_eur + self.max_eur) // 2

    @property
    def range_text(self):
        return format_eur_range(self.min_eur, self.max_eur)

    @property
    def midpoint_text(self):
        return format_eur(self.midpoint)


@dataclass(slots=True)
class SourceRef:
    title: str
    url: str
    retrieved: datetime.date | None


@dataclass(slots=True)
class Section:
    heading: str
    body: str


@dataclass(slots=True)
class City:
    name: str
    slug: str


@dataclass(slots=True)
class ProfileSummary:
    """A published profile as lists, tables and the comparison show it."""

    url: str
    title: str
    teaser: str
    occupation: str
    occupation_slug: str
    city: str
    city_slug: str
    as_of: datetime.date
    is_stale: bool
    bands: list[Band]
    sources: list[SourceRef] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    # The comparison's terms: {"tools": [name, …], "sectors": …, …}, names sorted.
    terms: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class ProfileDetail:
    """A profile as its own page shows it (drafts too, for the staff preview)."""

    profile: CareerProfile
    bands: list[Band]
    sources: list[SourceRef]
    sections: list[Section]
    terms: dict[str, list[str]]
    other_cities: list[City]


@dataclass(slots=True)
class SpanCard:
    """A city or an occupation with the salary span of its published profiles."""

    name: str
    slug: str
    url: str
    summary: str
    profile_count: int
    salary_low: int | None
    salary_high: int | None
    entry_low: int | None
    as_of_oldest: datetime.date
    as_of_newest: datetime.date

    @property
    def range_text(self):
        if self.salary_low is None:
            return ""
        return format_eur_range(self.salary_low, self.salary_high)

    @property
    def entry_text(self):
        return "" if self.entry_low is None else format_eur(self.entry_low)


@dataclass(slots=True)
class FinderPage:
    results: list[ProfileSummary]
    count: int
    number: int
    total: int


def compare_url(occupation_slug, region_slugs, view="regions:compare"):
    """The comparison (or its CSV file) of an occupation in ``region_slugs``."""
    query = urlencode([("beruf", occupation_slug), *(("region", slug) for slug in region_slugs)])
    return f"{reverse(view)}?{query}"


def _bands(profile):
    return in_level_order(
        Band(band.level, band.min_eur, band.max_eur, band.note)
        for band in profile.salary_bands.all()
    )


def _sources(profile):
    return [SourceRef(s.title, s.url, s.retrieved) for s in profile.sources.all()]


def _with_parts(queryset, *parts):
    """``queryset`` with occupation and region, bands and the named ``parts`` (prefetched
    relations such as "sources") loaded: one query for each."""
    return queryset.select_related("occupation", "region").prefetch_related(
        Prefetch("salary_bands", queryset=SalaryBand.objects.order_by()), *parts
    )


def _summary(profile, stale):
    return ProfileSummary(
        url=profile.get_absolute_url(),
        title=profile.title,
        teaser=profile.teaser,
        occupation=profile.occupation.name,
        occupation_slug=profile.occupation.slug,
        city=profile.region.name,
        city_slug=profile.region.slug,
        as_of=profile.as_of,
        is_stale=profile.as_of < stale,
        bands=_bands(profile),
    )


def terms_of(profiles):
    """``{profile id: {"tools": [name, …], "sectors": …, "certifications": …, "skills": …}}``
    for ``profiles`` (ids, or a queryset of profiles), names sorted; one query for all four
    vocabularies."""
    parts = []
    for kind in TERM_KINDS:
        relation = CareerProfile._meta.get_field(kind)
        term = relation.related_model._meta.model_name
        parts.append(
            relation.remote_field.through.objects.filter(careerprofile__in=profiles)
            .annotate(kind=Value(kind, output_field=CharField()))
            .values_list("kind", "careerprofile_id", f"{term}__name")
            .order_by()
        )
    terms = {}
    for kind, profile_id, name in parts[0].union(*parts[1:], all=True).order_by():
        terms.setdefault(profile_id, {kind: [] for kind in TERM_KINDS})[kind].append(name)
    for by_kind in terms.values():
        for names in by_kind.values():
            names.sort(key=str.casefold)
    return terms


def _no_terms():
    return {kind: [] for kind in TERM_KINDS}


# --- Lists kept per content version ------------------------------------------------------


@kept_per_version()
def published_vocabulary():
    """The occupations, cities, tools and sectors that published profiles use, as
    ``{"occupations": ((slug, name), …), "regions": …, "tools": …, "sectors": …}``, each
    sorted by name: the finder's choices. One query for all four."""
    published = CareerProfile.objects.published()

    def used(queryset, kind, path):
        return (
            queryset.annotate(kind=Value(kind, output_field=CharField()))
            .values_list("kind", f"{path}__slug", f"{path}__name")
            .order_by()
            .distinct()
        )

    tools = CareerProfile.tools.through.objects.filter(careerprofile__published=True)
    sectors = CareerProfile.sectors.through.objects.filter(careerprofile__published=True)
    parts = [
        used(published, "occupations", "occupation"),
        used(published, "regions", "region"),
        used(tools, "tools", "tool"),
        used(sectors, "sectors", "sector"),
    ]
    found = {"occupations": [], "regions": [], "tools": [], "sectors": []}
    for kind, slug, name in parts[0].union(*parts[1:], all=True).order_by():
        found[kind].append((slug, name))
    return {
        kind: tuple(sorted(pairs, key=lambda pair: (pair[1].casefold(), pair[0])))
        for kind, pairs in found.items()
    }


@kept_per_version(maxsize=256)
def published_cities_of(occupation_slug):
    """``(occupation name, (City, …))`` of the published profiles of an occupation, the
    cities in name order; ``(None, ())`` when it has none."""
    rows = (
        CareerProfile.objects.published()
        .filter(occupation__slug=occupation_slug)
        .order_by("region__name")
        .values_list("occupation__name", "region__name", "region__slug")
    )
    rows = list(rows)
    return (rows[0][0] if rows else None), tuple(City(name, slug) for _, name, slug in rows)


def _span_cards(model):
    """A ``SpanCard`` for each ``model`` (Region or Occupation) with published profiles;
    one query."""
    profiles = Q(profiles__published=True)
    rows = (
        model.objects.filter(profiles)
        .annotate(
            profile_count=Count("profiles", filter=profiles, distinct=True),
            salary_low=Min("profiles__salary_bands__min_eur", filter=profiles),
            salary_high=Max("profiles__salary_bands__max_eur", filter=profiles),
            entry_low=Min(
                "profiles__salary_bands__min_eur",
                filter=profiles & Q(profiles__salary_bands__level=SalaryLevel.ENTRY),
            ),
            as_of_oldest=Min("profiles__as_of", filter=profiles),
            as_of_newest=Max("profiles__as_of", filter=profiles),
        )
        .order_by()
    )
    columns = [column.name for column in fields(SpanCard) if column.name != "url"]
    cards = [
        SpanCard(url=row.get_absolute_url(), **{name: getattr(row, name) for name in columns})
        for row in rows
    ]
    return sorted(cards, key=lambda card: card.name.casefold())


@kept_per_version()
def region_cards():
    """The cities with published profiles and their salary spans, in name order."""
    return _span_cards(Region)


@kept_per_version()
def occupation_cards():
    """The occupations with published profiles and their salary spans, in name order."""
    return _span_cards(_OCCUPATION)


# --- Pages --------------------------------------------------------------------------------


def finder_page(queryset, number):
    """Page ``number`` (past the end: the last one) of the profiles of ``queryset`` (the
    finder's filtered and ordered profiles), each with its bands and tools: four queries."""
    paginator = Paginator(
        queryset.select_related("occupation", "region").prefetch_related(
            Prefetch("salary_bands", queryset=SalaryBand.objects.order_by()),
            Prefetch("tools", queryset=_TOOLS.objects.order_by("name")),
        ),
        PAGE_SIZE,
    )
    page = paginator.page(min(number, paginator.num_pages))
    stale = stale_before()
    results = []
    for profile in page.object_list:
        result = _summary(profile, stale)
        result.tools = [tool.name for tool in profile.tools.all()]
        results.append(result)
    return FinderPage(results, paginator.count, page.number, paginator.num_pages)


def mark_matches(results, wish):
    """Mark the bands of ``results`` that match the ``SalaryWish`` ``wish``."""
    for result in results:
        for band in result.bands:
            band.matches = wish.matches(band)


def compare_link(results):
    """``(url, occupation, [city, …])`` of a ready comparison when ``results`` hold one
    occupation in several cities, else None."""
    counts = Counter(result.occupation_slug for result in results)
    if not counts:
        return None
    occupation_slug, count = counts.most_common(1)[0]
    if count < 2:
        return None
    chosen = [r for r in results if r.occupation_slug == occupation_slug][:MAX_COMPARED]
    return (
        compare_url(occupation_slug, [r.city_slug for r in chosen]),
        chosen[0].occupation,
        [r.city for r in chosen],
    )


def profile_detail(occupation_slug, region_slug, include_drafts=False):
    """The profile of an occupation in a city with everything its page shows, or None
    (also for a draft unless ``include_drafts``)."""
    profiles = CareerProfile.objects.filter(
        occupation__slug=occupation_slug, region__slug=region_slug
    )
    if not include_drafts:
        profiles = profiles.published()
    profile = _with_parts(profiles, "sources", "sections").first()
    if profile is None:
        return None
    _name, cities = published_cities_of(occupation_slug)
    return ProfileDetail(
        profile=profile,
        bands=_bands(profile),
        sources=_sources(profile),
        sections=[Section(s.heading, s.body) for s in profile.sections.all()],
        terms=terms_of([profile.pk]).get(profile.pk, _no_terms()),
        other_cities=[city for city in cities if city.slug != region_slug],
    )


def compared_profiles(occupation_slug, region_slugs):
    """The published profiles of an occupation in ``region_slugs``, in that order, with
    bands, sources and terms."""
    profiles = list(
        _with_parts(
            CareerProfile.objects.published().filter(
                occupation__slug=occupation_slug, region__slug__in=region_slugs
            ),
            "sources",
        )
    )
    terms = terms_of([profile.pk for profile in profiles])
    stale = stale_before()
    by_region = {}
    for profile in profiles:
        summary = _summary(profile, stale)
        summary.sources = _sources(profile)
        summary.terms = terms.get(profile.pk, _no_terms())
        by_region[profile.region.slug] = summary
    return [by_region[slug] for slug in region_slugs if slug in by_region]


def profile_summaries(profiles, *parts):
    """``profiles`` (a queryset of published profiles, ordered) as ``ProfileSummary`` with
    bands and sources, and sectors among ``parts`` if asked for: one query each."""
    stale = stale_before()
    summaries = []
    for profile in _with_parts(profiles, "sources", *parts):
        summary = _summary(profile, stale)
        summary.sources = _sources(profile)
        if "sectors" in parts:
            summary.terms = {"sectors": [(s.slug, s.name) for s in profile.sectors.all()]}
        summaries.append(summary)
    return summaries


def region_profiles(region):
    """The published profiles of ``region`` by occupation, and the sectors they name as
    ``[(slug, name), …]`` sorted by name."""
    profiles = profile_summaries(
        region.profiles.published().order_by("occupation__name"), "sectors"
    )
    sectors = dict(pair for profile in profiles for pair in profile.terms["sectors"])
    return profiles, sorted(sectors.items(), key=lambda pair: pair[1].casefold())


def occupation_profiles(occupation):
    """The published profiles of ``occupation`` (an Occupation), highest salary first:
    by the midpoint of the lowest level they have, cities without bands last."""

    def key(profile):
        if not profile.bands:
            return (1, 0, profile.city)
        return (0, -profile.bands[0].midpoint, profile.city)

    profiles = profile_summaries(occupation.profiles.published().order_by("region__name"))
    return sorted(profiles, key=key)


def salary_span(profiles):
    """'3.000–5.000 €' over all bands of ``profiles`` (summaries), or ''."""
    amounts = [amount for p in profiles for b in p.bands for amount in (b.min_eur, b.max_eur)]
    return format_eur_range(min(amounts), max(amounts)) if amounts else ""


# --- Downloads ------------------------------------------------------------------------------

BAND_TABLE_HEADER = [
    "Beruf",
    "Stadt",
    "Stufe",
    "von (EUR brutto/Monat)",
    "bis (EUR brutto/Monat)",
    "Mitte (EUR brutto/Monat)",
    "Anmerkung",
    "Stand",
    "Quellen",
    "Profil",
]
# The comparison's file says how each city's midpoint differs from the first city's.
DIFFERENCE_COLUMN = "Unterschied der Mitte zur ersten Stadt (EUR)"


def sources_text(sources):
    """All sources of a profile in one cell: 'Titel (URL, abgerufen 2026-11-20); …'."""
    parts = []
    for source in sources:
        details = [source.url] if source.url else []
        if source.retrieved:
            details.append(_("abgerufen %(date)s") % {"date": source.retrieved.isoformat()})
        parts.append(f"{source.title} ({', '.join(details)})" if details else source.title)
    return "; ".join(parts) or _("redaktionelle Recherche")


def band_table(profiles, absolute_uri, compared=False):
    """``(header, rows)``: a row per salary band of ``profiles`` (summaries with sources),
    for a CSV file. ``compared``: the comparison's file, levels first, with each band's
    difference to the first profile's band of the same level."""
    header = list(BAND_TABLE_HEADER)
    if compared:
        header.insert(header.index("Stand"), DIFFERENCE_COLUMN)
    entries = [(profile, band) for profile in profiles for band in profile.bands]
    if compared:
        # Level by level, the cities in their order within each level.
        entries = in_level_order(entries, level=lambda entry: entry[1].level)
    first = {band.level: band for band in profiles[0].bands} if profiles else {}
    rows = []
    for profile, band in entries:
        row = [
            profile.occupation,
            profile.city,
            str(band.label),
            band.min_eur,
            band.max_eur,
            band.midpoint,
            band.note,
            profile.as_of.isoformat(),
            sources_text(profile.sources),
            absolute_uri(profile.url),
        ]
        if compared:
            before = first.get(band.level)
            difference = ""
            if profile is not profiles[0] and before is not None:
                difference = band.midpoint - before.midpoint
            row.insert(header.index(DIFFERENCE_COLUMN), difference)
        rows.append(row)
    return header, rows


def published_profile_stats():
    """How many published profiles and bands there are, and their oldest and newest
    Stand: ``{"profiles", "bands", "oldest", "newest"}``."""
    return CareerProfile.objects.published().aggregate(
        profiles=Count("pk", distinct=True),
        bands=Count("salary_bands"),
        oldest=Min("as_of"),
        newest=Max("as_of"),
    )
