from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common import cache, content_version


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Berufe und Qualifikationen")

    def ready(self):
        from common.paging import PAGE_PARAMETER
        from jobs.filters import TEXT_PARAMETER, PostingFilter

        # Occupations and the vocabularies are on the public pages. Job postings are not
        # watched: the pages that show them say so (common.cache.mark_shows_postings), so
        # that approving a posting leaves the cached pages without postings cached (SPEC §9).
        postings = self.get_model("JobPosting")
        content_version.watch(*(model for model in self.get_models() if model is not postings))
        # The list's and the feed's pages may be cached with their parameters, except a
        # free-text search (made-up words would fill the cache).
        posting_parameters = set(PostingFilter.base_filters) - {TEXT_PARAMETER}
        cache.accept_query_parameters(*posting_parameters, PAGE_PARAMETER)
