from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from common import paging
from common.cache import mark_shows_postings
from common.text import today
from jobs import selectors, structured_data
from jobs.filters import PostingFilter
from jobs.models import JobPosting, Occupation
from regions import selectors as regions
from regions.charts import Row, Segment, range_chart
from regions.models import SalaryLevel


class OccupationListView(TemplateView):
    """/berufe/: every occupation with published profiles and its salary span."""

    template_name = "jobs/occupation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["occupations"] = regions.occupation_cards()
        return context


class OccupationDetailView(TemplateView):
    """/berufe/<occupation>/: one occupation across all cities, sorted by salary."""

    template_name = "jobs/occupation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        occupation = get_object_or_404(Occupation, slug=kwargs["occupation"])
        profiles = regions.occupation_profiles(occupation)
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
            compare_url=regions.compare_url(occupation.slug, [p.city_slug for p in profiles[:2]])
            if len(profiles) >= 2
            else "",
            picker_url=regions.compare_url(occupation.slug, []),
        )
        return context


class PostingListView(TemplateView):
    """/stellen/: the open postings, filtered, sorted and paginated, each with its verdict."""

    template_name = "jobs/posting_list.html"

    def get(self, request, *args, **kwargs):
        filterset = PostingFilter(request.GET, queryset=JobPosting.objects.all())
        query = filterset.data.urlencode()
        context = self.get_context_data(
            filter=filterset,
            form=filterset.form,
            is_filtered=bool(filterset.data),
            feed_url=f"{reverse('jobs:feed')}?{query}" if query else reverse("jobs:feed"),
        )
        if not filterset.is_valid():
            # Nothing is filtered while any field is wrong: no half-applied filter.
            context["invalid"] = True
            return mark_shows_postings(self.render_to_response(context, status=400))
        number, notice = paging.requested_page(request.GET.get(paging.PAGE_PARAMETER))
        page = selectors.postings_page(filterset.qs, number)
        if page.number < number:
            notice = paging.past_end_notice(page.number)
        context.update(
            paging.paging_context(request, filterset.data, page),
            page=page,
            page_notice=notice,
        )
        return mark_shows_postings(self.render_to_response(context))


class PostingDetailView(TemplateView):
    """/stellen/<id>-<slug>/: an open posting; 410 once it has ended, 404 before approval."""

    template_name = "jobs/posting_detail.html"
    gone_template_name = "jobs/posting_gone.html"

    def get(self, request, *args, **kwargs):
        posting = selectors.find_posting(kwargs["pk"])
        if posting is None or not posting.is_public:
            raise Http404(_("Diese Stellenanzeige gibt es nicht."))
        if kwargs.get("slug") != posting.slug:
            return HttpResponsePermanentRedirect(posting.get_absolute_url())
        day = today()
        if not posting.is_open(day):
            context = self.get_context_data(ended=selectors.ended_posting(posting, day))
            response = self.response_class(
                request, self.gone_template_name, context, using=self.template_engine, status=410
            )
            return mark_shows_postings(response)
        detail = selectors.posting_detail(posting, day)
        context = self.get_context_data(
            detail=detail,
            posting=posting,
            structured_data=structured_data.job_posting(
                posting, request.build_absolute_uri(posting.get_absolute_url())
            ),
        )
        return mark_shows_postings(self.render_to_response(context))
