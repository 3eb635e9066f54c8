from django.contrib import admin
from django.urls import include, path, re_path

from common.methods import read_only
from portal import changes, open_data, views
from portal.models import LegalPage
from portal.sitemaps import SITEMAPS, sitemap_view

admin.site.site_header = "Revier IT-Karriere – Redaktion"
admin.site.site_title = "Revier IT-Karriere"
admin.site.index_title = "Inhalte pflegen"

portal_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", read_only(sitemap_view), {"sitemaps": SITEMAPS}, name="sitemap"),
    re_path(
        rf"^(?P<page>{'|'.join(LegalPage.Kind.values)})/$",
        views.LegalPageView.as_view(),
        name="legal",
    ),
    path("daten/", open_data.OpenDataView.as_view(), name="open_data"),
    path("daten/revier-it-karriere.json", open_data.content_json, name="open_data_json"),
    path("daten/gehaltsspannen.csv", open_data.salary_bands_csv, name="open_data_csv"),
    path("aenderungen/", changes.ChangesView.as_view(), name="changes"),
    path("feeds/aktualisierungen/", read_only(changes.UpdatesFeed()), name="feed"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((portal_patterns, "portal"))),
    path("", include("regions.urls")),
    path("", include("jobs.urls")),
]

# Django's own views answer 400, 403 (the CSRF failure too) and 404 with the German pages
# templates/jinja2/400.html, 403.html, 403_csrf.html and 404.html.
handler500 = "common.errors.server_error"
