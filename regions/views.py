import datetime
import functools
import re
from collections import Counter
from urllib.parse import urlencode

from django.db import connection
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from markupsafe import Markup, escape

from jobs.models import Tool
from portal.display import Item
from portal.downloads import csv_text, download, sources_text
from portal.fields import flagged
from portal.links import fast_reverse, link_format
from portal.text import format_day, format_eur_difference, format_eur_range, text_of
from regions.charts import Row, Segment, range_chart
from regions.filters import ProfileFilter, finder_statements
from regions.models import (
    LEVEL_ORDER,
    CareerProfile,
    Region,
    SalaryLevel,
    stale_before,
)
from regions.querysets import (
    load_profiles,
    published_cities_of,
    published_vocabulary,
    text_list_column,
)

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
PAGE_SIZE = 20
# What a finder result shows of its profile (ProfileFinderView._result).
RESULT_FIELDS = (
    "pk",
    "title",
    "as_of",
    "occupation_id",
    "occupation__name",
    "occupation__slug",
    "region__name",
    "region__slug",
)
MAX_COMPARED = 4
MAX_NAMED_UNKNOWN = 5
LEVEL_CSS = {
    SalaryLevel.ENTRY: "chart-bar chart-bar--entry",
    SalaryLevel.EXPERIENCED: "chart-bar chart-bar--experienced",
    SalaryLevel.SENIOR: "chart-bar chart-bar--senior",
}
TERM_KINDS = [
    ("tools", gettext_lazy("Werkzeuge")),
    ("sectors", gettext_lazy("Branchen")),
    ("certifications", gettext_lazy("Zertifikate und Weiterbildung")),
    ("skills", gettext_lazy("Kompetenzen")),
]


# A cell of the comparison's grids; Markup.format escapes what it fills in.
MARK_CELL = Markup(  # noqa: S704 - a literal
    '<td class="mark"><span aria-hidden="true">{}</span>'
    '<span class="visually-hidden">{}</span></td>'
)
# The finder's page, the number of all profiles its filter finds, and the bands and tools
# of the page's profiles, in one statement (one round trip):
#
# * the ORM's page statement (regions.filters.statements_of) limited to the page, as a
#   common table expression with named columns, its rows numbered in their order;
# * with each of the page's profiles, its bands (level, min, max, …) and its tools' ids
#   as lists in text, separated by spaces (regions.querysets.TEXT_LIST_COLUMN), each read
#   through an index from the profile's id;
# * the count, as a row of its own.
#
# The bands and tools come as two lists per profile rather than as a row each: turning a
# row of the result into Python costs the database driver more than its values, and the
# rows of the bands and tools had been two thirds of the statement's time on the client.
# As text rather than JSON, which took the driver or json.loads longer than the rows had.
# The tools' names come from the vocabulary (``tool_names``, kept per content version):
# looked up per tool in the statement, through the small tools table, they were a third
# of its time on PostgreSQL.
# The limit and offset are written into the SQL (as whole numbers): as parameters, they
# kept PostgreSQL planning the statement again for every request instead of using the plan
# of its prepared statement, and planning took as long as running it.
FINDER_PAGE = """
WITH page (id, title, as_of, occupation_id, occupation_name, occupation_slug, region_name,
           region_slug) AS ({page} LIMIT {limit:d} OFFSET {offset:d})
SELECT 0, ROW_NUMBER() OVER () AS position, page.*, {bands}, {tools}
FROM page
UNION ALL
SELECT 1, NULL, ({count}), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
ORDER BY 1, 2
"""
PAGE_ROW, COUNT_ROW = range(2)


@functools.cache
def _result_lists(vendor):
    """FINDER_PAGE's two lists for the database ``vendor``."""
    return {
        "bands": text_list_column(
            vendor,
            "regions_salaryband band WHERE band.profile_id = page.id",
            "band.level",
            "band.min_eur",
            "band.max_eur",
        ),
        "tools": text_list_column(
            vendor,
            "regions_careerprofile_tools link WHERE link.careerprofile_id = page.id",
            "link.tool_id",
        ),
    }


def _bands_of(text):
    """A profile's bands from FINDER_PAGE's list, as (level, min, max) in level order."""
    values = text.split() if text else ()
    bands = [
        (values[start], int(values[start + 1]), int(values[start + 2]))
        for start in range(0, len(values), 3)
    ]
    bands.sort(key=lambda band: LEVEL_ORDER[band[0]])
    return bands


def _tool_names(texts, known):
    """``[[name, …], …]``: the names of the tools listed by id in each of ``texts``
    (FINDER_PAGE's lists), sorted by name. ``known`` (the vocabulary's ``tool_names``)
    holds every tool of the published profiles; one a concurrent edit has just added is
    read from the database (a query only then)."""
    ids = [[int(value) for value in text.split()] if text else [] for text in texts]
    missing = {pk for profile_ids in ids for pk in profile_ids if pk not in known}
    if missing:
        known = {**known, **dict(Tool.objects.filter(pk__in=missing).values_list("pk", "name"))}
    return [
        sorted((known[pk] for pk in profile_ids if pk in known), key=str.casefold)
        for profile_ids in ids
    ]


# A page number beyond this is past the end of any finder (and of any OFFSET).
FURTHEST_PAGE = 10**6


def _page_count(count):
    return max(1, -(-count // PAGE_SIZE))


def _requested_page(raw):
    """The page number asked for by the parameter ``raw`` and a notice when it is not
    usable as it is (the last page is only known with the results)."""
    if raw is None or raw.strip() in ("", "1"):
        return 1, ""
    try:
        number = int(raw)
    except ValueError:
        return 1, _("Die Seitenangabe ist keine Zahl; gezeigt wird Seite 1.")
    if number < 1:
        return 1, _("Seiten beginnen bei 1; gezeigt wird Seite 1.")
    return min(number, FURTHEST_PAGE), ""


def _past_the_end(last):
    return _("So viele Seiten gibt es nicht; gezeigt wird die letzte Seite (%(last)s).") % {
        "last": last
    }


def _as_date(value):
    # SQLite hands a date back as text from a statement like FINDER_PAGE.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def compare_url(occupation_slug, region_slugs, view="regions:compare"):
    query = urlencode([("beruf", occupation_slug), *(("region", slug) for slug in region_slugs)])
    return f"{fast_reverse(view)}?{query}"


def salary_span(profiles):
    """'3.000–5.000 €' over all bands of ``profiles`` (bands prefetched), or ''."""
    amounts = [
        amount
        for profile in profiles
        for band in profile.salary_bands.all()
        for amount in (band.min_eur, band.max_eur)
    ]
    return format_eur_range(min(amounts), max(amounts)) if amounts else ""


class ProfileFinderView(TemplateView):
    """/regionen/: every published profile, filtered, sorted and paginated."""

    template_name = "regions/profile_finder.html"

    def get(self, request, *args, **kwargs):
        vocabulary = published_vocabulary()
        filterset = ProfileFilter(
            request.GET,
            queryset=CareerProfile.objects.all(),
            vocabulary=vocabulary,
        )
        context = self.get_context_data(filter=filterset, form=filterset.form)
        query = filterset.data
        context["is_filtered"] = bool(query)
        if not filterset.is_valid():
            # Nothing is filtered while any field is wrong: no half-applied filter.
            context["invalid"] = True
            return self.render_to_response(context, status=400)

        rows, count, number, notice, bands, tools = self._page(
            filterset, request.GET.get("seite"), vocabulary["tool_names"]
        )
        salary_range = filterset.salary_range
        stale = stale_before()
        # What every result writes the same way, worked out once for the page.
        language = translation.get_language()
        text = {
            "levels": {level: text_of(level.label, language) for level in SalaryLevel},
            "source_line": _("Stand: %(date)s · Quellen im Profil"),
            "language": language,
            "profile_url": link_format("jobs:profile", "occupation", "region"),
        }
        context.update(
            page_notice=notice,
            count=count,
            count_text=ngettext("%(count)s Profil gefunden", "%(count)s Profile gefunden", count)
            % {"count": count},
            results=[
                self._result(row, bands[row["pk"]], tools[row["pk"]], salary_range, stale, text)
                for row in rows
            ],
            pages=self._page_links(query, number, _page_count(count)),
            compare_link=self._compare_link(rows),
            salary_range=salary_range,
            canonical_path=self._canonical(request.path, query, number),
        )
        return self.render_to_response(context)

    @staticmethod
    def _page(filterset, raw, tool_names):
        """The rows of the requested page, the number of all results, the page number shown,
        a notice when it is not the one asked for, and the bands (``{profile id: [(level,
        min, max), …]}`` in level order) and tools (``{profile id: [name, …]}``, names
        from ``tool_names``, see ``_tool_names``) of the page's profiles."""
        count_sql, count_params, page_sql, page_params = finder_statements(
            filterset, connection.vendor
        )
        number, notice = _requested_page(raw)
        with connection.cursor() as cursor:
            while True:
                statement = FINDER_PAGE.format(
                    page=page_sql,
                    count=count_sql,
                    limit=PAGE_SIZE,
                    offset=(number - 1) * PAGE_SIZE,
                    **_result_lists(connection.vendor),
                )
                cursor.execute(statement, [*page_params, *count_params])
                found = cursor.fetchall()
                count = next(row[2] for row in found if row[0] == COUNT_ROW)
                last = _page_count(count)
                if number <= last:
                    break
                # Past the end: the last page instead (with a second statement).
                number, notice = last, _past_the_end(last)
        rows, bands, tool_lists = [], {}, []
        for values in found:
            if values[0] != PAGE_ROW:
                continue
            row = dict(zip(RESULT_FIELDS, values[2:-2], strict=True))
            row["as_of"] = _as_date(row["as_of"])
            rows.append(row)
            bands[row["pk"]] = _bands_of(values[-2])
            tool_lists.append(values[-1])
        tools = dict(
            zip((row["pk"] for row in rows), _tool_names(tool_lists, tool_names), strict=True)
        )
        return rows, count, number, notice, bands, tools

    @staticmethod
    def _result(row, bands, tools, salary_range, stale, text):
        level, low, high = salary_range or (None, None, None)
        shown = []
        for band_level, band_min, band_max in bands:
            matches = (
                salary_range is not None
                and (level is None or band_level == level)
                and (low is None or band_max >= low)
                and (high is None or band_min <= high)
            )
            shown.append(
                (text["levels"][band_level], format_eur_range(band_min, band_max), matches)
            )
        return Item(
            url=text["profile_url"].format(
                occupation=row["occupation__slug"], region=row["region__slug"]
            ),
            title=row["title"],
            source_line=text["source_line"] % {"date": format_day(row["as_of"], text["language"])},
            is_stale=row["as_of"] < stale,
            region=row["region__name"],
            occupation=row["occupation__name"],
            bands=shown,
            tools=", ".join(tools),
        )

    @staticmethod
    def _page_links(query, number, total):
        if total < 2:
            return None
        pairs = _pairs(query)

        def link(number):
            encoded = _with_page(pairs, number)
            return f"?{encoded}" if encoded else "?"

        return Item(
            previous=link(number - 1) if number > 1 else "",
            next=link(number + 1) if number < total else "",
            number=number,
            total=total,
        )

    @staticmethod
    def _compare_link(rows):
        """A ready comparison when the results hold one occupation in several cities."""
        counts = Counter(row["occupation_id"] for row in rows)
        if not counts:
            return None
        occupation_id, count = counts.most_common(1)[0]
        if count < 2:
            return None
        chosen = [row for row in rows if row["occupation_id"] == occupation_id][:MAX_COMPARED]
        return Item(
            url=compare_url(chosen[0]["occupation__slug"], [row["region__slug"] for row in chosen]),
            label=_("%(occupation)s in %(cities)s vergleichen")
            % {
                "occupation": chosen[0]["occupation__name"],
                "cities": ", ".join(row["region__name"] for row in chosen),
            },
        )

    @staticmethod
    def _canonical(path, query, number):
        encoded = _with_page(_pairs(query), number)
        return f"{path}?{encoded}" if encoded else path


def _pairs(query):
    # The finder's parameters (filters.normalise: without "seite") as (name, value) pairs
    # in their order, as QueryDict.urlencode writes them.
    return [(name, value) for name, values in query.lists() for value in values]


def _with_page(pairs, number):
    """The query string of ``pairs`` on page ``number`` (page 1 without "seite")."""
    return urlencode([*pairs, ("seite", number)] if number > 1 else pairs)


class RegionDetailView(TemplateView):
    """/regionen/<region>/: a city, its profiles and employer sectors."""

    template_name = "regions/region_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = get_object_or_404(Region, slug=kwargs["region"])
        profiles = list(
            region.profiles.published()
            .select_related("occupation")
            .with_bands()
            .prefetch_related("sectors", "sources")
            .order_by("occupation__name")
        )
        sectors = {sector.slug: sector.name for p in profiles for sector in p.sectors.all()}
        context.update(
            region=region,
            profiles=[
                Item(
                    url=profile.get_absolute_url(),
                    title=profile.title,
                    occupation=profile.occupation.name,
                    teaser=profile.teaser,
                    bands=[
                        (band.get_level_display(), band.range_display)
                        for band in profile.levelled_bands()
                    ],
                    compare_url=compare_url(profile.occupation.slug, [region.slug]),
                    as_of=profile.as_of,
                    is_stale=profile.is_stale,
                    sources=list(profile.sources.all()),
                )
                for profile in profiles
            ],
            sectors=sorted(sectors.items(), key=lambda item: item[1].casefold()),
            salary_span=salary_span(profiles),
            finder_url=f"{reverse('regions:list')}?region={region.slug}",
        )
        return context


def _write_city_checkboxes(cities):
    written = []
    for slug, name in cities:
        slug_html, name_html = escape(slug), escape(name)
        written.append(
            (
                slug,
                f'<li><input type="checkbox" name="region" value="{slug_html}" '
                f'id="stadt-{slug_html}"',
                f'> <label for="stadt-{slug_html}">{name_html}</label></li>',
            )
        )
    return written


def _city_checkboxes(cities, selected):
    """The comparison's checkbox per city (``cities``: Choices of (slug, name)), the
    ``selected`` ones checked; each written once per list (portal.fields.Choices)."""
    written = cities.written("compare-cities", _write_city_checkboxes)
    # Safe: every value in the pieces was escaped when they were written.
    return Markup(flagged(written, " checked", selected))  # noqa: S704


class CompareView(TemplateView):
    """/vergleich/?beruf=…&region=…: 2 to 4 cities of one occupation side by side."""

    template_name = "regions/compare.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data()
        context.update(self.compare(request.GET))
        return self.render_to_response(context, status=context.pop("status", 200))

    def compare(self, params):
        occupation_slug = (params.getlist("beruf") or [""])[-1].strip()
        wanted = []
        for slug in params.getlist("region"):
            slug = slug.strip()
            if slug and slug not in wanted:
                wanted.append(slug)

        # Only slug-shaped input reaches the database (PostgreSQL refuses NUL bytes).
        occupation_name, available = (
            published_cities_of(occupation_slug) if SLUG.fullmatch(occupation_slug) else (None, ())
        )
        cities = dict(available)
        chosen = [slug for slug in wanted if slug in cities]
        unknown = [slug for slug in wanted if slug not in cities]
        result = {
            "occupation_slug": occupation_slug,
            "unknown": [slug[:60] for slug in unknown[:MAX_NAMED_UNKNOWN]],
            "unknown_more": max(len(unknown) - MAX_NAMED_UNKNOWN, 0),
            "selected": set(chosen),
        }
        if available:
            result["occupation"] = {"slug": occupation_slug, "name": occupation_name}
            result["city_choices"] = available
            result["city_checkboxes"] = _city_checkboxes(available, result["selected"])
        else:
            result["occupation_unknown"] = bool(occupation_slug)
            result["occupation_choices"] = published_vocabulary()["occupations"]
            return result
        if len(chosen) > MAX_COMPARED:
            result["too_many"] = len(chosen)
            result["status"] = 400
            return result
        if len(chosen) < 2:
            return result
        profiles = self._load(occupation_slug, chosen)
        # A profile withdrawn between the two statements leaves fewer than asked for.
        if len(profiles) >= 2:
            result.update(self._comparison(profiles))
        return result

    @staticmethod
    def _load(occupation_slug, region_slugs):
        """The published profiles of the occupation in ``region_slugs``, in that order."""
        placeholders = ", ".join(["%s"] * len(region_slugs))
        profiles = load_profiles(
            f"p.published = %s AND o.slug = %s AND r.slug IN ({placeholders})",
            [True, occupation_slug, *region_slugs],
            sections=False,
        )
        by_region = {profile.region.slug: profile for profile in profiles}
        return [by_region[slug] for slug in region_slugs if slug in by_region]

    def _comparison(self, profiles):
        first, occupation = profiles[0], profiles[0].occupation
        language = translation.get_language()
        levels = [
            level
            for level in SalaryLevel
            if any(level in {b.level for b in p.bands} for p in profiles)
        ]
        salary_rows = []
        chart_groups = []
        for level in levels:
            cells = []
            first_band = next((b for b in first.bands if b.level == level), None)
            chart_rows = []
            for profile in profiles:
                band = next((b for b in profile.bands if b.level == level), None)
                if band is None:
                    cells.append(None)
                    continue
                difference = ""
                if profile is not first and first_band is not None:
                    difference = format_eur_difference(band.midpoint - first_band.midpoint)
                cells.append(
                    Item(
                        range=band.range_display,
                        midpoint=band.midpoint_display,
                        difference=difference,
                        note=band.note,
                    )
                )
                chart_rows.append(
                    Row(
                        f"{profile.region.name}: {band.range_display}",
                        [Segment(band.min_eur, band.max_eur, LEVEL_CSS[level])],
                    )
                )
            label = text_of(level.label, language)
            salary_rows.append(Item(level=label, cells=cells))
            chart_groups.append((label, chart_rows))

        cities = ", ".join(p.region.name for p in profiles)
        chart = range_chart(
            _("Gehaltsspannen %(occupation)s: %(cities)s")
            % {
                "occupation": occupation.name,
                "cities": cities,
            },
            _("Monatliche Bruttogehälter je Stufe und Stadt; die Zahlen stehen in der Tabelle."),
            chart_groups,
        )
        grids = []
        total = len(profiles)
        # What a row of the grids writes, by the columns that have its entry: the scope
        # ("in allen", "nur Duisburg", "2 von 4") and the mark cells, each written once
        # per page (the cells as markup already), not once per row or cell.
        in_all, only_in, some_of = _("in allen"), _("nur %(city)s"), _("%(count)s von %(total)s")
        only_in_city = [only_in % {"city": profile.region.name} for profile in profiles]
        some_of_total = {
            count: some_of % {"count": count, "total": total} for count in range(2, total)
        }
        cell = {True: MARK_CELL.format("✓", _("ja")), False: MARK_CELL.format("–", _("nein"))}
        written = {}

        def row_of(name, owners):
            key = frozenset(owners)
            if key not in written:
                if len(owners) == total:
                    scope = in_all
                elif len(owners) == 1:
                    scope = only_in_city[next(iter(owners))]
                else:
                    scope = some_of_total[len(owners)]
                # Safe: each cell is markup already; joined as text, marked safe once.
                cells = Markup("".join([cell[column in owners] for column in range(total)]))  # noqa: S704
                written[key] = (cells, scope, len(owners) == total)
            cells, scope, shared = written[key]
            return Item(name=name, cells=cells, scope=scope, shared=shared, count=len(owners))

        for kind, label in TERM_KINDS:
            present = {}
            for column, profile in enumerate(profiles):
                for name, slug in profile.terms[kind]:
                    present.setdefault(slug, (name, set()))[1].add(column)
            rows = [row_of(name, owners) for name, owners in present.values()]
            # Shared entries first, then by how many cities have them, then by name.
            rows.sort(key=lambda row: (-row.count, row.name.casefold()))
            grids.append(Item(label=text_of(label, language), rows=rows))

        return {
            "profiles": [
                Item(
                    city=profile.region.name,
                    url=profile.get_absolute_url(),
                    as_of=profile.as_of,
                    is_stale=profile.is_stale,
                    sources=profile.source_list,
                )
                for profile in profiles
            ],
            "csv_url": compare_url(
                occupation.slug, [p.region.slug for p in profiles], view="regions:compare_csv"
            ),
            "cities": cities,
            "salary_rows": salary_rows,
            "chart": chart,
            "grids": grids,
            "canonical_path": compare_url(occupation.slug, [p.region.slug for p in profiles]),
        }


class CompareCsvView(CompareView):
    """/vergleich/csv/?beruf=…&region=…: the salary rows of a comparison as a CSV file.

    Anything that is not a valid comparison goes to the comparison page with the same
    parameters, which explains what is wrong and offers the picker.
    """

    HEADER = [
        "Beruf",
        "Stadt",
        "Stufe",
        "von (EUR brutto/Monat)",
        "bis (EUR brutto/Monat)",
        "Mitte (EUR brutto/Monat)",
        "Unterschied der Mitte zur ersten Stadt (EUR)",
        "Stand",
        "Quellen",
        "Profil",
    ]

    def get(self, request, *args, **kwargs):
        profiles = self.compare(request.GET).get("compared")
        if not profiles:
            query = request.GET.urlencode()
            return HttpResponseRedirect(
                f"{reverse('regions:compare')}?{query}" if query else reverse("regions:compare")
            )
        first = {band.level: band for band in profiles[0].bands}
        rows = []
        for level in SalaryLevel:
            for profile in profiles:
                band = next((b for b in profile.bands if b.level == level), None)
                if band is None:
                    continue
                difference = ""
                if profile is not profiles[0] and level in first:
                    difference = band.midpoint - first[level].midpoint
                rows.append(
                    [
                        profile.occupation.name,
                        profile.region.name,
                        level.label,
                        band.min_eur,
                        band.max_eur,
                        band.midpoint,
                        difference,
                        profile.as_of.isoformat(),
                        sources_text(profile.source_list),
                        request.build_absolute_uri(profile.get_absolute_url()),
                    ]
                )
        slugs = "-".join(profile.region.slug for profile in profiles)
        return download(
            csv_text(self.HEADER, rows),
            "text/csv; charset=utf-8",
            f"vergleich-{profiles[0].occupation.slug}-{slugs}.csv",
        )

    def _comparison(self, profiles):
        return {"compared": profiles}
