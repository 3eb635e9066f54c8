"""Abstract models the apps share."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.text import german_slugify


class SluggedModel(models.Model):
    """A named thing with a unique, German-transliterated URL slug."""

    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(
        _("Kürzel in der URL"),
        max_length=120,
        blank=True,
        db_index=False,
        help_text=_("Wird aus dem Namen gebildet, wenn leer (ä → ae, ß → ss)."),
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Deriving a field is all save() does.
        if not self.slug:
            self.slug = german_slugify(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = german_slugify(self.name)
        if not self.slug:
            raise ValidationError({"name": _("Der Name muss Buchstaben oder Ziffern enthalten.")})
