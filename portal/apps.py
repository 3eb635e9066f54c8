from django.apps import AppConfig

from common import content_version


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal.models import LegalPage

        # The legal pages are public content like the profiles.
        content_version.watch(LegalPage)
