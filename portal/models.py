from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common import history


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
    body = models.TextField(_("Text"), help_text=_("Markdown: **fett**, *kursiv*, Listen, Links."))
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
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:legal", kwargs={"page": self.slug})
