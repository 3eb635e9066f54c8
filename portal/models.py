from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common import history
from common.models import bounded_text, length_check

# An Impressum is short; a complete Datenschutzerklärung can run to some 50,000 characters.
LEGAL_PAGE_MAX_LENGTH = 100_000


@history.register()
class LegalPage(models.Model):
    """A page a German website must (or should) have, maintained by the editors:
    Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit."""

    class Kind(models.TextChoices):
        IMPRINT = "impressum", _("Impressum")
        PRIVACY = "datenschutz", _("Datenschutzerklärung")
        ACCESSIBILITY = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")

    slug = models.SlugField(_("Seite"), max_length=20, choices=Kind, db_index=False)
    title = models.CharField(_("Überschrift"), max_length=200)
    body = bounded_text(
        _("Text"),
        LEGAL_PAGE_MAX_LENGTH,
        help_text=_("Markdown: **fett**, *kursiv*, Listen, Links."),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Rechtliche Seite")
        verbose_name_plural = _("Rechtliche Seiten")
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                name="legalpage_unique_slug",
                violation_error_message=_("Diese Seite gibt es schon."),
            ),
            length_check("legalpage", "body", LEGAL_PAGE_MAX_LENGTH),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:legal", kwargs={"page": self.slug})
