from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common import content_version


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Berufe und Qualifikationen")

    def ready(self):
        # Occupations and the vocabularies are on the public pages.
        content_version.watch(*self.get_models())
