from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from common.methods import read_only
from portal.models import LegalPage
from regions import selectors
from regions.filters import BAND_CHOICES, LEVEL_CHOICES


class HomeView(TemplateView):
    """/: what the portal is, the cities at a glance, a quick salary filter."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            cities=selectors.region_cards(),
            occupations=selectors.occupation_cards(),
            level_choices=LEVEL_CHOICES,
            band_choices=BAND_CHOICES,
        )
        return context


class LegalPageView(TemplateView):
    """/impressum/, /datenschutz/: texts the editors maintain in the admin."""

    template_name = "portal/legal_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = get_object_or_404(LegalPage, slug=kwargs["page"])
        return context


def _plain(text, status=200):
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@read_only
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("portal:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Allow: /", f"Sitemap: {sitemap}", ""]
    return _plain("\n".join(lines))
