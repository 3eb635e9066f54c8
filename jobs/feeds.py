"""/feeds/stellen/: the newest open postings as an Atom feed, filtered like /stellen/ (a
saved search as a feed)."""

import datetime

from django.contrib.syndication.views import Feed
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.cache import mark_shows_postings
from common.text import format_eur_range
from jobs import selectors
from jobs.filters import PostingFilter
from jobs.models import JobPosting


class PostingsFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Revier IT-Karriere: offene IT-Stellen")
    subtitle = gettext_lazy(
        "Die neuesten offenen IT-Stellen im Ruhrgebiet, jede mit ihrer Gehaltsspanne."
    )
    author_name = gettext_lazy("Redaktion Revier IT-Karriere")
    language = "de"

    def __call__(self, request, *args, **kwargs):
        filterset = PostingFilter(request.GET, queryset=JobPosting.objects.all())
        if not filterset.is_valid():
            # The same rule as the list: a German page with the messages, nothing filtered.
            response = TemplateResponse(
                request,
                "jobs/feed_invalid.html",
                {"form": filterset.form, "list_url": reverse("jobs:postings")},
                status=400,
            )
            return mark_shows_postings(response)
        return mark_shows_postings(super().__call__(request, filterset=filterset))

    def get_object(self, request, filterset):
        return filterset

    def link(self, filterset):
        query = filterset.data.urlencode()
        return f"{reverse('jobs:postings')}?{query}" if query else reverse("jobs:postings")

    def items(self, filterset):
        return selectors.feed_postings(filterset.qs)

    def item_title(self, item):
        return _("%(title)s – %(employer)s, %(city)s") % {
            "title": item.title,
            "employer": item.employer_name,
            "city": item.region.name,
        }

    def item_description(self, item):
        return _("%(occupation)s, %(level)s, %(workplace)s: %(pay)s brutto im Monat.") % {
            "occupation": item.occupation.name,
            "level": item.get_level_display(),
            "workplace": item.get_workplace_display(),
            "pay": format_eur_range(item.min_eur, item.max_eur),
        }

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # A tag URI: absolute and stable, whatever host name the site is served under.
        return f"tag:revier-it-karriere,2026:stelle-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.published_on, datetime.time()))

    def item_updateddate(self, item):
        return item.updated_at
