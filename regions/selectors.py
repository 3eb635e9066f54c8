"""What the pages read about regions and career profiles.

Each function takes plain arguments (slugs, a queryset of profiles, a page number) and
returns small typed objects for the templates, with a fixed number of queries however
much content there is. The lists every page shares (choices, salary spans, the cities of
an occupation) are kept per content version (common.per_version): read on the first
request after a change, then from memory.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import CharField, Count, Max, Min, Q, Value
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.paging import page_bounds
from common.per_version import kept_per_version
from common.text import format_day, format_eur, format_eur_range
from regions.models import (
    CareerProfile,
    Region,
    SalaryBand,
    SalaryLevel,
    Sector,
    in_level_order,
    pay_position,
    stale_before,
)

PAGE_SIZE = 20
MAX_COMPARED = 4
# Open postings the profile and city pages list (SPEC §9).
POSTINGS_ON_PAGES = 5
# The vocabularies a profile lists, in the order the pages show them.
TERM_KINDS = ("tools", "sectors", "certifications", "skills")
# Models of the jobs app, reached through the profile's relations: regions sits below jobs
# and imports nothing from it (README, "Layers").
_OCCUPATION = CareerProfile._meta.get_field("occupation").related_model


@dataclass(slots=True)
class Band:
    level: str
    min_eur: int
    max_eur: int
    note: str
    label: str
    range_text: str
    # In the finder: whether the band matches the visitor's wished salary.
    matches: bool = False

    @property
    def midpoint(self):
        return (self.min_eur + self.max_eur) // 2

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
    """A city or an occupation with the salary span of its published profiles, and the
    card's texts (written when the cards are, once per content version and language)."""

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
    range_text: str = ""
    meta: str = ""
    stand: str = ""
    sources_label: str = ""


@dataclass(slots=True)
class FinderPage:
    results: list[ProfileSummary]
    count: int
    number: int
    total: int


@dataclass(slots=True)
class Benchmark:
    """The published profile a job posting's pay is set against: its page, Stand, sources
    and bands by level."""

    url: str
    as_of: datetime.date
    bands: dict[str, Band]
    sources: list[SourceRef]


@dataclass(slots=True)
class PayVerdict:
    """A posting's pay against the band of its level in the published profile of its
    occupation and city; ``position`` is a PayPosition, or "" when there is no such band."""

    position: str = ""
    label: str = ""
    band: Band | None = None
    benchmark: Benchmark | None = None


@dataclass(slots=True)
class PostingSummary:
    """An open job posting as lists show it (/stellen/, the profile and city pages)."""

    pk: int
    url: str
    title: str
    employer: str
    city: str
    city_slug: str
    occupation: str
    occupation_slug: str
    level_label: str
    pay_text: str
    employment_label: str
    workplace: str
    workplace_label: str
    published_on: datetime.date
    valid_through: datetime.date
    verdict: PayVerdict


def compare_url(occupation_slug, region_slugs, view="regions:compare"):
    """The comparison (or its CSV file) of an occupation in ``region_slugs``."""
    query = urlencode([("beruf", occupation_slug), *(("region", slug) for slug in region_slugs)])
    return f"{reverse(view)}?{query}"


# What a profile in a list shows of itself, its occupation and its city.
SUMMARY_COLUMNS = (
    "pk",
    "title",
    "teaser",
    "as_of",
    "occupation__name",
    "occupation__slug",
    "region__name",
    "region__slug",
)


def _summaries(rows):
    """``{profile id: ProfileSummary}`` (in the order of ``rows``, values of
    SUMMARY_COLUMNS), each with its bands: one query."""
    stale = stale_before()
    summaries = {}
    for pk, title, teaser, as_of, occupation, occupation_slug, city, city_slug in rows:
        summaries[pk] = ProfileSummary(
            url=reverse(
                "regions:profile", kwargs={"occupation": occupation_slug, "region": city_slug}
            ),
            title=title,
            teaser=teaser,
            occupation=occupation,
            occupation_slug=occupation_slug,
            city=city,
            city_slug=city_slug,
            as_of=as_of,
            is_stale=as_of < stale,
            bands=[],
        )
    for profile_id, bands in _bands_of(summaries).items():
        summaries[profile_id].bands = bands
    return summaries


# The rows that belong to profiles (bands, sources, sections, the four vocabularies) are
# read with these plain statements rather than ORM querysets: compiling the querysets cost
# about 0.5 ms each, several times what the database took to answer them (in-process A/B
# with 1,000 profiles: profile page ×1.53–1.85, comparison ×1.15–1.36; docs/performance.md).
# ``{ids}`` becomes one placeholder per profile id; every value is a parameter.
BANDS = "SELECT profile_id, level, min_eur, max_eur, note FROM regions_salaryband WHERE profile_id IN ({ids})"
SOURCES = (
    "SELECT profile_id, title, url, retrieved FROM regions_source "
    "WHERE profile_id IN ({ids}) ORDER BY position, id"
)
# A profile page reads its sources and sections together: one statement fewer keeps the
# page within six queries now that it lists open postings too (SPEC §8).
SOURCES_AND_SECTIONS = (
    "SELECT 'source', title, url, retrieved, position, id FROM regions_source "
    "WHERE profile_id IN ({ids}) "
    "UNION ALL "
    "SELECT 'section', heading, body, NULL, position, id FROM regions_profilesection "
    "WHERE profile_id IN ({ids}) "
    "ORDER BY 1, 5, 6"
)
# The vocabularies' tables: tools, certifications and skills are the jobs app's.
TOOLS = (
    "SELECT link.careerprofile_id, term.name FROM regions_careerprofile_tools link "
    "INNER JOIN jobs_tool term ON term.id = link.tool_id "
    "WHERE link.careerprofile_id IN ({ids})"
)
TERMS = """
SELECT 'tools', link.careerprofile_id, term.name FROM regions_careerprofile_tools link
INNER JOIN jobs_tool term ON term.id = link.tool_id WHERE link.careerprofile_id IN ({ids})
UNION ALL
SELECT 'sectors', link.careerprofile_id, term.name FROM regions_careerprofile_sectors link
INNER JOIN regions_sector term ON term.id = link.sector_id WHERE link.careerprofile_id IN ({ids})
UNION ALL
SELECT 'certifications', link.careerprofile_id, term.name
FROM regions_careerprofile_certifications link INNER JOIN jobs_certification term
ON term.id = link.certification_id WHERE link.careerprofile_id IN ({ids})
UNION ALL
SELECT 'skills', link.careerprofile_id, term.name FROM regions_careerprofile_skills link
INNER JOIN jobs_skill term ON term.id = link.skill_id WHERE link.careerprofile_id IN ({ids})
"""


def _rows(statement, ids, repeat=1):
    """The rows of ``statement`` for the profiles ``ids`` (``repeat``: how often the
    statement names ``{ids}``)."""
    ids = list(ids)
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(statement.format(ids=", ".join(["%s"] * len(ids))), ids * repeat)
        return cursor.fetchall()


def _date(value):
    # SQLite hands a date from a plain statement back as text.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _bands_of(ids):
    """``{profile id: [Band, …]}`` in level order, for the profiles ``ids``: one query."""
    bands = {}
    labels = {level.value: str(level.label) for level in SalaryLevel}
    for profile_id, level, low, high, note in _rows(BANDS, ids):
        band = Band(level, low, high, note, labels[level], format_eur_range(low, high))
        bands.setdefault(profile_id, []).append(band)
    return {profile_id: in_level_order(found) for profile_id, found in bands.items()}


def _sources_of(ids):
    """``{profile id: [SourceRef, …]}`` in position order, for the profiles ``ids``."""
    sources = {}
    for profile_id, title, url, retrieved in _rows(SOURCES, ids):
        sources.setdefault(profile_id, []).append(SourceRef(title, url, _date(retrieved)))
    return sources


def _with_sources(summaries):
    for profile_id, sources in _sources_of(summaries).items():
        summaries[profile_id].sources = sources
    return list(summaries.values())


def terms_of(ids):
    """``{profile id: {"tools": [name, …], "sectors": …, "certifications": …, "skills": …}}``
    for the profiles ``ids``, names sorted; one query for all four vocabularies."""
    terms = {}
    for kind, profile_id, name in _rows(TERMS, ids, repeat=len(TERM_KINDS)):
        terms.setdefault(profile_id, _no_terms())[kind].append(name)
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


# What a span card takes from its city or occupation, with the aggregates below.
SPAN_COLUMNS = (
    "name",
    "slug",
    "summary",
    "profile_count",
    "salary_low",
    "salary_high",
    "entry_low",
    "as_of_oldest",
    "as_of_newest",
)


def _span_cards(model, count_text):
    """A ``SpanCard`` for each ``model`` (Region or Occupation) with published profiles,
    ``count_text(n)`` saying what its number of profiles means; one query."""
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
    cards = []
    for row in rows:
        card = SpanCard(
            url=row.get_absolute_url(),
            **{name: getattr(row, name) for name in SPAN_COLUMNS},
        )
        if card.salary_low is not None:
            card.range_text = format_eur_range(card.salary_low, card.salary_high)
        meta = [count_text(card.profile_count) % {"count": card.profile_count}]
        if card.entry_low is not None:
            meta.insert(0, _("Einstieg ab %(amount)s") % {"amount": format_eur(card.entry_low)})
        card.meta = " · ".join(meta)
        oldest, newest = format_day(card.as_of_oldest), format_day(card.as_of_newest)
        card.stand = (
            _("Stand: %(date)s") % {"date": oldest}
            if oldest == newest
            else _("Stand: %(oldest)s bis %(newest)s") % {"oldest": oldest, "newest": newest}
        )
        card.sources_label = _("der Angaben für %(name)s") % {"name": card.name}
        cards.append(card)
    return sorted(cards, key=lambda card: card.name.casefold())


def region_cards():
    """The cities with published profiles and their salary spans, in name order."""
    return _region_cards(translation.get_language())


@kept_per_version()
def _region_cards(language):
    return _span_cards(
        Region, lambda n: ngettext("%(count)s Berufsprofil", "%(count)s Berufsprofile", n)
    )


def occupation_cards():
    """The occupations with published profiles and their salary spans, in name order."""
    return _occupation_cards(translation.get_language())


@kept_per_version()
def _occupation_cards(language):
    return _span_cards(
        _OCCUPATION, lambda n: ngettext("in %(count)s Stadt", "in %(count)s Städten", n)
    )


# --- Pages --------------------------------------------------------------------------------


def finder_page(queryset, number):
    """Page ``number`` (past the end: the last one) of the profiles of ``queryset`` (the
    finder's filtered and ordered profiles), each with its bands and tools: four queries."""
    count = queryset.count()
    number, total, start = page_bounds(count, number, PAGE_SIZE)
    summaries = _summaries(queryset.values_list(*SUMMARY_COLUMNS)[start : start + PAGE_SIZE])
    for profile_id, name in _rows(TOOLS, summaries):
        summaries[profile_id].tools.append(name)
    for summary in summaries.values():
        summary.tools.sort(key=str.casefold)
    return FinderPage(list(summaries.values()), count, number, total)


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
    profile = profiles.select_related("occupation", "region").first()
    if profile is None:
        return None
    _name, cities = published_cities_of(occupation_slug)
    sources, sections = [], []
    for kind, first, second, retrieved, _position, _id in _rows(
        SOURCES_AND_SECTIONS, [profile.pk], repeat=2
    ):
        if kind == "source":
            sources.append(SourceRef(first, second, _date(retrieved)))
        else:
            sections.append(Section(first, second))
    return ProfileDetail(
        profile=profile,
        bands=_bands_of([profile.pk]).get(profile.pk, []),
        sources=sources,
        sections=sections,
        terms=terms_of([profile.pk]).get(profile.pk, _no_terms()),
        other_cities=[city for city in cities if city.slug != region_slug],
    )


def compared_profiles(occupation_slug, region_slugs):
    """The published profiles of an occupation in ``region_slugs``, in that order, with
    bands, sources and terms."""
    rows = (
        CareerProfile.objects.published()
        .filter(occupation__slug=occupation_slug, region__slug__in=region_slugs)
        .values_list(*SUMMARY_COLUMNS)
    )
    summaries = _summaries(rows)
    terms = terms_of(list(summaries))
    for profile_id, summary in summaries.items():
        summary.terms = terms.get(profile_id, _no_terms())
    by_region = {summary.city_slug: summary for summary in _with_sources(summaries)}
    return [by_region[slug] for slug in region_slugs if slug in by_region]


def profile_summaries(profiles):
    """``profiles`` (a queryset of published profiles, ordered) as ``ProfileSummary`` with
    bands and sources: three queries."""
    return _with_sources(_summaries(profiles.values_list(*SUMMARY_COLUMNS)))


def region_profiles(region):
    """The published profiles of ``region`` by occupation, and the sectors they name as
    ``[(slug, name), …]`` sorted by name."""
    published = region.profiles.published()
    profiles = profile_summaries(published.order_by("occupation__name"))
    sectors = Sector.objects.filter(profiles__in=published).distinct().values_list("slug", "name")
    return profiles, sorted(sectors, key=lambda pair: pair[1].casefold())


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


# --- Job postings ------------------------------------------------------------------------
# Postings belong to the jobs app, which sits above this one: these pages reach them only
# through the reverse relations of their foreign keys (``region.postings``,
# ``occupation.postings``), whose managers carry the posting queryset's methods (``open()``,
# ``newest_first()``), and read them through the model's own methods.


def pay_verdict(min_eur, max_eur, level, benchmark):
    """The ``PayVerdict`` of a pay range at ``level`` against ``benchmark`` (or None)."""
    band = benchmark.bands.get(level) if benchmark else None
    if band is None:
        return PayVerdict()
    position = pay_position(min_eur, max_eur, band)
    return PayVerdict(position.value, str(position.label), band, benchmark)


def benchmark_of(profile):
    """The ``Benchmark`` of a ``ProfileSummary`` with its sources."""
    return Benchmark(
        profile.url, profile.as_of, {band.level: band for band in profile.bands}, profile.sources
    )


def benchmarks():
    """``{(occupation id, region id): Benchmark}`` of every published profile with salary
    bands: the figures each posting's pay verdict is set against, kept per content version
    (two queries on the first request after a change, none after it)."""
    return _benchmarks(translation.get_language())


@kept_per_version()
def _benchmarks(language):
    rows = SalaryBand.objects.filter(profile__published=True).values_list(
        "profile_id",
        "profile__occupation_id",
        "profile__region_id",
        "profile__as_of",
        "profile__occupation__slug",
        "profile__region__slug",
        "level",
        "min_eur",
        "max_eur",
        "note",
    )
    labels = {level.value: str(level.label) for level in SalaryLevel}
    by_profile, found = {}, {}
    for profile_id, occupation_id, region_id, as_of, occupation, city, *band in rows:
        benchmark = by_profile.get(profile_id)
        if benchmark is None:
            url = reverse("regions:profile", kwargs={"occupation": occupation, "region": city})
            benchmark = by_profile[profile_id] = Benchmark(url, as_of, {}, [])
            found[(occupation_id, region_id)] = benchmark
        level, low, high, note = band
        benchmark.bands[level] = Band(
            level, low, high, note, labels[level], format_eur_range(low, high)
        )
    for profile_id, sources in _sources_of(by_profile).items():
        by_profile[profile_id].sources = sources
    return found


def employment_label(posting):
    """'Vollzeit', or 'Teilzeit, 20 Stunden pro Woche'."""
    label = posting.get_employment_display()
    if posting.weekly_hours is None:
        return label
    return _("%(employment)s, %(hours)s Stunden pro Woche") % {
        "employment": label,
        "hours": posting.weekly_hours,
    }


def posting_summary(posting, benchmark):
    """A ``PostingSummary`` of a posting (its occupation and region selected with it), its
    verdict against ``benchmark`` (a ``Benchmark`` or None)."""
    return PostingSummary(
        pk=posting.pk,
        url=posting.get_absolute_url(),
        title=posting.title,
        employer=posting.employer_name,
        city=posting.region.name,
        city_slug=posting.region.slug,
        occupation=posting.occupation.name,
        occupation_slug=posting.occupation.slug,
        level_label=posting.get_level_display(),
        pay_text=format_eur_range(posting.min_eur, posting.max_eur),
        employment_label=employment_label(posting),
        workplace=posting.workplace,
        workplace_label=posting.get_workplace_display(),
        published_on=posting.published_on,
        valid_through=posting.valid_through,
        verdict=pay_verdict(posting.min_eur, posting.max_eur, posting.level, benchmark),
    )


def _latest_open(postings):
    return list(
        postings.open().newest_first().select_related("occupation", "region")[:POSTINGS_ON_PAGES]
    )


def profile_postings(profile, bands, sources):
    """Up to five open postings of the profile's occupation in its city, newest first, with
    their verdicts against the profile (its ``bands`` and ``sources``): one query."""
    benchmark = Benchmark(
        profile.get_absolute_url(), profile.as_of, {band.level: band for band in bands}, sources
    )
    postings = profile.region.postings.filter(occupation_id=profile.occupation_id)
    return [posting_summary(posting, benchmark) for posting in _latest_open(postings)]


def region_postings(region, profiles):
    """Up to five open postings in ``region``, newest first, with their verdicts against
    the city's published ``profiles`` (summaries with bands and sources): one query."""
    by_occupation = {profile.occupation_slug: benchmark_of(profile) for profile in profiles}
    return [
        posting_summary(posting, by_occupation.get(posting.occupation.slug))
        for posting in _latest_open(region.postings.all())
    ]
