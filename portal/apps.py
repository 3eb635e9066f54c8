from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        # The one place where content changes have side effects (see content_version).
        from portal import content_version

        content_version.connect()
