from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from jobs import structured_data
from jobs.models import Occupation
from portal.display import Item
from portal.links import fast_reverse
from regions.cards import occupation_cards
from regions.charts import Row, Segment, range_chart
from regions.models import SalaryLevel
from regions.querysets import (
    load_profiles,
    may_preview_drafts,
    occupations_with_salary_span,
)
from regions.views import LEVEL_CSS, TERM_KINDS, compare_url


class OccupationListView(TemplateView):
    """/berufe/: every occupation with published profiles and its salary span."""

    template_name = "jobs/occupation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["occupations"] = occupation_cards(occupations_with_salary_span())
        return context


class OccupationDetailView(TemplateView):
    """/berufe/<occupation>/: one occupation across all cities, sorted by salary."""

    template_name = "jobs/occupation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        occupation = get_object_or_404(Occupation, slug=kwargs["occupation"])
        profiles = list(
            occupation.profiles.published()
            .select_related("region")
            .with_bands()
            .prefetch_related("sources")
            .order_by("region__name")
        )
        profiles.sort(key=self._sort_key)
        levels = [
            level
            for level in SalaryLevel
            if any(band.level == level for p in profiles for band in p.salary_bands.all())
        ]
        rows = []
        chart_rows = []
        for profile in profiles:
            by_level = {band.level: band for band in profile.salary_bands.all()}
            rows.append(
                Item(
                    city=profile.region.name,
                    url=profile.get_absolute_url(),
                    as_of=profile.as_of,
                    is_stale=profile.is_stale,
                    sources=list(profile.sources.all()),
                    cells=[
                        by_level[level].range_display if level in by_level else ""
                        for level in levels
                    ],
                )
            )
            bands = profile.levelled_bands()
            chart_rows.append(
                Row(
                    f"{profile.region.name}: " + " · ".join(band.range_display for band in bands),
                    [Segment(b.min_eur, b.max_eur, LEVEL_CSS[b.level]) for b in bands],
                )
            )
        context.update(
            occupation=occupation,
            levels=[level.label for level in levels],
            legend=[(LEVEL_CSS[level], level.label) for level in levels],
            rows=rows,
            chart=range_chart(
                _("Gehaltsspannen %(occupation)s nach Stadt") % {"occupation": occupation.name},
                _("Je Stadt eine Zeile, Balken je Stufe; die Zahlen stehen in der Tabelle."),
                [(None, chart_rows)],
            )
            if chart_rows
            else None,
            compare_url=compare_url(occupation.slug, [p.region.slug for p in profiles[:2]])
            if len(profiles) >= 2
            else "",
            picker_url=compare_url(occupation.slug, []),
        )
        return context

    @staticmethod
    def _sort_key(profile):
        by_level = {band.level: band for band in profile.salary_bands.all()}
        for level in SalaryLevel:
            if level in by_level:
                return (0, -by_level[level].midpoint, profile.region.name)
        return (1, 0, profile.region.name)


class ProfileDetailView(TemplateView):
    """/berufe/<occupation>/<region>/: the career profile; drafts only for staff."""

    template_name = "jobs/profile_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Drafts: 404 to the public, a preview for staff allowed to see profiles.
        where, params = "o.slug = %s AND r.slug = %s", [kwargs["occupation"], kwargs["region"]]
        if not may_preview_drafts(self.request.user):
            where += " AND p.published = %s"
            params.append(True)
        profiles = load_profiles(where, params, other_cities=True)
        if not profiles:
            raise Http404(_("Dieses Berufsprofil gibt es nicht."))
        profile = profiles[0]
        terms, bands = profile.terms, profile.bands
        occupation, region = profile.occupation, profile.region
        context.update(
            json_ld_data=structured_data.occupation(
                profile,
                bands,
                skills=[name for name, _slug in terms["skills"]],
                qualifications=[name for name, _slug in terms["certifications"]],
                page_url=self.request.build_absolute_uri(profile.get_absolute_url()),
            )
            if profile.published
            else None,
            profile=profile,
            occupation=occupation,
            region=region,
            bands=bands,
            sources=profile.source_list,
            sections=profile.section_list,
            terms=[(label, [name for name, _slug in terms[kind]]) for kind, label in TERM_KINDS],
            chart=range_chart(
                _("Gehaltsspannen %(title)s") % {"title": profile.title},
                _("Monatliche Bruttogehälter je Stufe; die Zahlen stehen in der Tabelle."),
                [
                    (
                        None,
                        [
                            Row(
                                f"{band.get_level_display()}: {band.range_display}",
                                [Segment(band.min_eur, band.max_eur, LEVEL_CSS[band.level])],
                            )
                            for band in bands
                        ],
                    )
                ],
            )
            if bands
            else None,
            other_cities=[
                Item(
                    city=name,
                    url=fast_reverse("jobs:profile", occupation=occupation.slug, region=slug),
                    compare_url=compare_url(occupation.slug, [region.slug, slug]),
                )
                for name, slug in terms["cities"]
            ],
            compare_all_url=compare_url(
                occupation.slug, [region.slug, *[slug for _n, slug in terms["cities"][:3]]]
            )
            if len(terms["cities"]) > 1
            else "",
        )
        return context
