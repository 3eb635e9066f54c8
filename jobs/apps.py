from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common import cache, content_version


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Berufe und Qualifikationen")

    def ready(self):
        from common.paging import PAGE_PARAMETER
        from jobs import checks  # noqa: F401 - registers the deploy checks
        from jobs.filters import TEXT_PARAMETER, PostingFilter

        # Occupations and the vocabularies are on the public pages. Job postings move a
        # version of their own, so that approving one leaves the cached pages without
        # postings cached (SPEC §9; common.cache.mark_shows_postings).
        # Named one by one: the bookkeeping of submissions (unsent mails, the daily
        # counts) is on no page, and moving a version for it would expire every cached
        # page at each anonymous submission or mail attempt.
        content_version.watch(
            *(self.get_model(name) for name in ("Occupation", "Tool", "Certification", "Skill"))
        )
        # Only a posting that is or was on the site changes a page: one nobody approved yet
        # (a submission, a draft, an edit waiting in review) moves no version, so
        # submitting or editing never expires the cached pages.
        content_version.watch(
            self.get_model("JobPosting"),
            key=content_version.POSTINGS,
            shown=lambda posting: posting.was_public or posting.is_public,
        )
        # The list's and the feed's pages may be cached with their parameters, except a
        # free-text search (made-up words would fill the cache).
        posting_parameters = set(PostingFilter.base_filters) - {TEXT_PARAMETER}
        cache.accept_query_parameters(*posting_parameters, PAGE_PARAMETER)
