"""The deploy checks of the postings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility, deploy=True)
def review_address(app_configs, **kwargs):
    """Someone must learn of a confirmed submission, or it waits unseen (SPEC §10)."""
    if settings.POSTINGS_REVIEW_EMAIL:
        return []
    return [
        checks.Warning(
            "POSTINGS_REVIEW_EMAIL ist leer: Keine Redakteurin und kein Redakteur erfährt "
            "per E-Mail von bestätigten oder geänderten Einreichungen.",
            hint="POSTINGS_REVIEW_EMAIL=redaktion@example.org setzen (mehrere mit Komma).",
            id="jobs.W001",
        )
    ]
