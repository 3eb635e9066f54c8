from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common import cache, content_version


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regionen und Berufsprofile")

    def ready(self):
        from common.paging import PAGE_PARAMETER
        from regions.filters import COMPARE_PARAMETERS, TEXT_PARAMETER, ProfileFilter

        # Regions, profiles and everything in them are on the public pages.
        content_version.watch(*self.get_models())
        # The finder's and the comparison's pages may be cached with their parameters;
        # a free-text search is made anew each time, or made-up words would fill the cache.
        finder_parameters = set(ProfileFilter.base_filters) - {TEXT_PARAMETER}
        cache.accept_query_parameters(*finder_parameters, PAGE_PARAMETER)
        cache.accept_query_parameters(*COMPARE_PARAMETERS)
