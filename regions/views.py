import re
from urllib.parse import urlencode

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from common import paging
from common.cache import mark_shows_postings
from common.downloads import csv_text, download
from regions import selectors, structured_data
from regions.charts import Row, Segment, range_chart
from regions.filters import (
    COMPARE_PARAMETERS,
    ONE_VALUE,
    ProfileFilter,
    normalise,
    repeated,
)
from regions.models import CareerProfile, Region, SalaryLevel
from regions.querysets import may_preview_drafts

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
MAX_NAMED_UNKNOWN = 5


class ProfileFinderView(TemplateView):
    """/regionen/: every published profile, filtered, sorted and paginated."""

    template_name = "regions/profile_finder.html"

    def get(self, request, *args, **kwargs):
        filterset = ProfileFilter(request.GET, queryset=CareerProfile.objects.published())
        context = self.get_context_data(
            filter=filterset, form=filterset.form, is_filtered=bool(filterset.data)
        )
        if not filterset.is_valid():
            # Nothing is filtered while any field is wrong: no half-applied filter.
            context["invalid"] = True
            return self.render_to_response(context, status=400)

        number, notice = paging.requested_page(request.GET.get(paging.PAGE_PARAMETER))
        page = selectors.finder_page(filterset.qs, number)
        if page.number < number:
            notice = paging.past_end_notice(page.number)
        wish = filterset.salary_wish
        if wish:
            selectors.mark_matches(page.results, wish)
        context.update(
            paging.paging_context(request, filterset.data, page),
            page=page,
            page_notice=notice,
            compare_link=selectors.compare_link(page.results),
            salary_wish=wish,
        )
        return self.render_to_response(context)


class RegionDetailView(TemplateView):
    """/regionen/<region>/: a city, its profiles and employer sectors."""

    template_name = "regions/region_detail.html"

    def get(self, request, *args, **kwargs):
        return mark_shows_postings(super().get(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = get_object_or_404(Region, slug=kwargs["region"])
        profiles, sectors = selectors.region_profiles(region)
        query = urlencode({"region": region.slug})
        context.update(
            region=region,
            profiles=profiles,
            sectors=sectors,
            salary_span=selectors.salary_span(profiles),
            finder_url=f"{reverse('regions:list')}?{query}",
            postings=selectors.region_postings(region, profiles),
            postings_url=f"{reverse('jobs:postings')}?{query}",
        )
        return context


class ProfileDetailView(TemplateView):
    """/berufe/<occupation>/<region>/: the career profile; drafts only for staff."""

    template_name = "regions/profile_detail.html"

    def get(self, request, *args, **kwargs):
        return mark_shows_postings(super().get(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        detail = selectors.profile_detail(
            kwargs["occupation"],
            kwargs["region"],
            include_drafts=may_preview_drafts(self.request.user),
        )
        if detail is None:
            raise Http404(_("Dieses Berufsprofil gibt es nicht."))
        profile = detail.profile
        occupation, region = profile.occupation, profile.region
        cities = [city.slug for city in detail.other_cities]
        context.update(
            detail=detail,
            postings=selectors.profile_postings(profile, detail.bands, detail.sources)
            if profile.published
            else [],
            postings_url=f"{reverse('jobs:postings')}?"
            + urlencode({"beruf": occupation.slug, "region": region.slug}),
            profile=profile,
            occupation=occupation,
            region=region,
            structured_data=structured_data.occupation(
                detail, self.request.build_absolute_uri(profile.get_absolute_url())
            )
            if profile.published
            else None,
            chart=range_chart(
                _("Gehaltsspannen %(title)s") % {"title": profile.title},
                _("Monatliche Bruttogehälter je Stufe; die Zahlen stehen in der Tabelle."),
                [
                    (
                        None,
                        [
                            Row(
                                f"{b.label}: {b.range_text}",
                                [Segment(b.min_eur, b.max_eur, b.level)],
                            )
                            for b in detail.bands
                        ],
                    )
                ],
            )
            if detail.bands
            else None,
            compare_urls={
                slug: selectors.compare_url(occupation.slug, [region.slug, slug]) for slug in cities
            },
            compare_all_url=selectors.compare_url(occupation.slug, [region.slug, *cities[:3]])
            if len(cities) > 1
            else "",
        )
        return context


class CompareView(TemplateView):
    """/vergleich/?beruf=…&region=…: 2 to 4 cities of one occupation side by side."""

    template_name = "regions/compare.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data()
        context.update(self.compare(request.GET))
        if "compared" in context:
            context.update(_comparison(context["compared"]))
        return self.render_to_response(context, status=context.pop("status", 200))

    @staticmethod
    def compare(params):
        """What the comparison of ``params`` shows: the chosen profiles as ``compared``
        when there are two to four, else what to tell and offer the visitor."""
        # The finder's rules for parameters: trimmed, empty ones dropped, repeats merged,
        # and two different occupations refused.
        params = normalise(params, COMPARE_PARAMETERS)
        if repeated(params, ["beruf"]):
            return {
                "occupation_error": ONE_VALUE,
                "occupation_choices": selectors.published_vocabulary()["occupations"],
                "status": 400,
            }
        occupation_slug = params.get("beruf", "")
        wanted = params.getlist("region")

        # Only slug-shaped input reaches the database (PostgreSQL refuses NUL bytes).
        occupation_name, cities = (
            selectors.published_cities_of(occupation_slug)
            if SLUG.fullmatch(occupation_slug)
            else (None, ())
        )
        if not cities:
            # Without a known occupation nothing can be said about the cities yet.
            return {
                "occupation_slug": occupation_slug,
                "occupation_unknown": bool(occupation_slug),
                "occupation_first": bool(wanted) and not occupation_slug,
                "occupation_choices": selectors.published_vocabulary()["occupations"],
            }
        available = {city.slug for city in cities}
        chosen = [slug for slug in wanted if slug in available]
        unknown = [slug for slug in wanted if slug not in available]
        result = {
            "occupation_slug": occupation_slug,
            "unknown": [slug[:60] for slug in unknown[:MAX_NAMED_UNKNOWN]],
            "unknown_more": max(len(unknown) - MAX_NAMED_UNKNOWN, 0),
            "selected": set(chosen),
            "occupation": {"slug": occupation_slug, "name": occupation_name},
            "city_choices": cities,
        }
        if len(chosen) > selectors.MAX_COMPARED:
            result["too_many"] = len(chosen)
            result["status"] = 400
            return result
        if len(chosen) < 2:
            return result
        profiles = selectors.compared_profiles(occupation_slug, chosen)
        # A profile withdrawn between the two reads leaves fewer than asked for.
        if len(profiles) >= 2:
            result["compared"] = profiles
        return result


def _comparison(profiles):
    first = profiles[0]
    levels = [
        level for level in SalaryLevel if any(b.level == level for p in profiles for b in p.bands)
    ]
    salary_rows, chart_groups = [], []
    for level in levels:
        first_band = next((b for b in first.bands if b.level == level), None)
        cells, bands = [], []
        for profile in profiles:
            band = next((b for b in profile.bands if b.level == level), None)
            difference = None
            if band and first_band and profile is not first:
                difference = band.midpoint - first_band.midpoint
            cells.append((band, difference))
            if band:
                bands.append((profile.city, band))
        salary_rows.append((level.label, cells))
        chart_groups.append(
            (
                level.label,
                [
                    Row(f"{city}: {band.range_text}", [Segment(band.min_eur, band.max_eur, level)])
                    for city, band in bands
                ],
            )
        )
    cities = ", ".join(p.city for p in profiles)
    total = len(profiles)
    scopes = {}  # what a row says about the cities that have its entry, per set of cities

    def scope(columns):
        if columns not in scopes:
            if len(columns) == total:
                scopes[columns] = _("in allen")
            elif len(columns) == 1:
                scopes[columns] = _("nur %(city)s") % {"city": profiles[min(columns)].city}
            else:
                scopes[columns] = _("%(count)s von %(total)s") % {
                    "count": len(columns),
                    "total": total,
                }
        return scopes[columns]

    grids = []
    for kind in selectors.TERM_KINDS:
        present = {}
        for column, profile in enumerate(profiles):
            for name in profile.terms[kind]:
                present.setdefault(name, set()).add(column)
        # Shared entries first, then by how many cities have them, then by name.
        rows = [
            (name, columns, scope(frozenset(columns)), len(columns) == total)
            for name, columns in sorted(
                present.items(), key=lambda item: (-len(item[1]), item[0].casefold())
            )
        ]
        grids.append((kind, rows))
    slugs = [p.city_slug for p in profiles]
    return {
        "cities": cities,
        "salary_rows": salary_rows,
        "chart": range_chart(
            _("Gehaltsspannen %(occupation)s: %(cities)s")
            % {"occupation": first.occupation, "cities": cities},
            _("Monatliche Bruttogehälter je Stufe und Stadt; die Zahlen stehen in der Tabelle."),
            chart_groups,
        ),
        "grids": grids,
        "csv_url": selectors.compare_url(first.occupation_slug, slugs, "regions:compare_csv"),
        "canonical_path": selectors.compare_url(first.occupation_slug, slugs),
    }


class CompareCsvView(TemplateView):
    """/vergleich/csv/?beruf=…&region=…: the salary rows of a comparison as a CSV file.

    Anything that is not a valid comparison goes to the comparison page with the same
    parameters, which explains what is wrong and offers the picker.
    """

    def get(self, request, *args, **kwargs):
        profiles = CompareView.compare(request.GET).get("compared")
        if not profiles:
            query = request.GET.urlencode()
            return HttpResponseRedirect(
                f"{reverse('regions:compare')}?{query}" if query else reverse("regions:compare")
            )
        header, rows = selectors.band_table(profiles, request.build_absolute_uri, compared=True)
        slugs = "-".join(profile.city_slug for profile in profiles)
        return download(
            csv_text(header, rows),
            "text/csv; charset=utf-8",
            f"vergleich-{profiles[0].occupation_slug}-{slugs}.csv",
        )
