from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from jobs.models import Occupation
from regions import selectors
from regions.charts import Row, Segment, range_chart
from regions.models import SalaryLevel


class OccupationListView(TemplateView):
    """/berufe/: every occupation with published profiles and its salary span."""

    template_name = "jobs/occupation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["occupations"] = selectors.occupation_cards()
        return context


class OccupationDetailView(TemplateView):
    """/berufe/<occupation>/: one occupation across all cities, sorted by salary."""

    template_name = "jobs/occupation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        occupation = get_object_or_404(Occupation, slug=kwargs["occupation"])
        profiles = selectors.occupation_profiles(occupation)
        levels = [
            level
            for level in SalaryLevel
            if any(band.level == level for p in profiles for band in p.bands)
        ]
        chart_rows = [
            Row(
                f"{p.city}: " + " · ".join(band.range_text for band in p.bands),
                [Segment(band.min_eur, band.max_eur, band.level) for band in p.bands],
            )
            for p in profiles
        ]
        context.update(
            occupation=occupation,
            levels=levels,
            rows=[(p, {band.level: band for band in p.bands}) for p in profiles],
            chart=range_chart(
                _("Gehaltsspannen %(occupation)s nach Stadt") % {"occupation": occupation.name},
                _("Je Stadt eine Zeile, Balken je Stufe; die Zahlen stehen in der Tabelle."),
                [(None, chart_rows)],
            )
            if chart_rows
            else None,
            compare_url=selectors.compare_url(occupation.slug, [p.city_slug for p in profiles[:2]])
            if len(profiles) >= 2
            else "",
            picker_url=selectors.compare_url(occupation.slug, []),
        )
        return context
