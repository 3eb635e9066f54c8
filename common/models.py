"""Abstract models and field helpers the apps share."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import MaxLengthValidator
from django.db import migrations, models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from common.text import german_slugify

# A city's or an occupation's summary: "two, three sentences" in the admin's words; the
# seed's longest is under 300 characters.
SUMMARY_MAX_LENGTH = 2_000


def bounded_text(verbose_name, max_length, **options):
    """A TextField of at most ``max_length`` characters wherever Django validates.

    Django's TextField hands ``max_length`` only to its form field (the admin's message and
    the textarea's ``maxlength``); the validator makes ``full_clean()`` check it too, which
    is what the content import runs. The database's bound is ``length_check()``.
    """
    return models.TextField(
        verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)], **options
    )


def length_check(model_name, field, max_length):
    """A named CHECK that ``field`` holds at most ``max_length`` characters (LENGTH counts
    characters on SQLite and PostgreSQL alike), for the Meta of the field's model."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), max_length),
        name=f"{model_name}_{field}_max_length",
        violation_error_message=format_lazy(
            _("Der Text ist zu lang: höchstens {} Zeichen."), max_length
        ),
    )


def refuse_overlong(app_label, model_name, field, max_length):
    """A migration step ahead of a ``length_check``: with rows longer than the new limit in
    the database, the migration stops naming them (and nothing is changed) instead of
    failing on the constraint; an editor shortens them, then ``migrate`` runs again."""

    def check(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        rows = model.objects.using(schema_editor.connection.alias).annotate(length=Length(field))
        too_long = list(rows.filter(length__gt=max_length).values_list("pk", flat=True)[:20])
        if too_long:
            raise CommandError(
                f"{model_name}.{field}: Texte mit mehr als {max_length} Zeichen in den "
                f"Datensätzen {', '.join(map(str, too_long))}. Bitte kürzen, dann erneut "
                "migrieren; die Datenbank ist unverändert."
            )

    return migrations.RunPython(check, migrations.RunPython.noop)


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
