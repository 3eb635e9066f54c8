from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common import content_version


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Berufe und Qualifikationen")

    def ready(self):
        # Occupations and the vocabularies are on the public pages. Job postings are on
        # none yet; the pages that show them bring their own invalidation, so that approving
        # a posting leaves the cached pages without postings cached (SPEC §9).
        postings = self.get_model("JobPosting")
        content_version.watch(*(model for model in self.get_models() if model is not postings))
