import datetime

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.links import fast_reverse
from portal.models import SluggedModel
from portal.text import format_eur, format_eur_range
from regions.querysets import CareerProfileQuerySet

# No monthly gross salary in this portal is anywhere near this; larger figures are typos.
MAX_MONTHLY_EUR = 100_000

salary_validators = [MinValueValidator(1), MaxValueValidator(MAX_MONTHLY_EUR)]


def stale_before():
    """Profiles with a "Stand" before this date count as possibly out of date.

    Computed at every call (never at import), from today in the site's time zone.
    """
    return timezone.localdate() - datetime.timedelta(days=settings.STALE_AFTER_DAYS)


@reversion.register()
class Region(SluggedModel):
    state = models.CharField(_("Bundesland"), max_length=80, default="Nordrhein-Westfalen")
    area = models.CharField(_("Gebiet"), max_length=80, default="Ruhrgebiet")
    summary = models.TextField(_("Kurzbeschreibung"), blank=True)

    class Meta(SluggedModel.Meta):
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="region_unique_slug"),
            models.UniqueConstraint(fields=["name"], name="region_unique_name"),
        ]

    def get_absolute_url(self):
        return fast_reverse("regions:detail", region=self.slug)


@reversion.register()
class Sector(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("Branche")
        verbose_name_plural = _("Branchen")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="sector_unique_slug"),
            models.UniqueConstraint(fields=["name"], name="sector_unique_name"),
        ]


# History keeps a profile together with its inline rows: a revert brings back the bands too.
@reversion.register(follow=["salary_bands", "sections", "sources"])
class CareerProfile(models.Model):
    """One occupation in one region: the portal's main content."""

    occupation = models.ForeignKey(
        "jobs.Occupation",
        verbose_name=_("Beruf"),
        on_delete=models.PROTECT,
        related_name="profiles",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.PROTECT, related_name="profiles"
    )
    title = models.CharField(_("Titel"), max_length=200)
    teaser = models.TextField(_("Anreißer"), blank=True)
    as_of = models.DateField(
        _("Stand"), help_text=_("Datum, auf das sich die Gehaltsangaben beziehen.")
    )
    published = models.BooleanField(
        _("veröffentlicht"),
        default=False,
        help_text=_("Nur veröffentlichte Profile sind öffentlich sichtbar."),
    )
    tools = models.ManyToManyField(
        "jobs.Tool", verbose_name=_("Werkzeuge"), blank=True, related_name="profiles"
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("Branchen"), blank=True, related_name="profiles"
    )
    certifications = models.ManyToManyField(
        "jobs.Certification",
        verbose_name=_("Zertifikate und Weiterbildungen"),
        blank=True,
        related_name="profiles",
    )
    skills = models.ManyToManyField(
        "jobs.Skill", verbose_name=_("Kompetenzen"), blank=True, related_name="profiles"
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = CareerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("Berufsprofil")
        verbose_name_plural = _("Berufsprofile")
        ordering = ["occupation__name", "region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "region"],
                name="careerprofile_one_per_occupation_region",
                violation_error_message=_(
                    "Für diesen Beruf gibt es in dieser Region schon ein Profil."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["published", "region"], name="careerprofile_pub_region_idx"),
        ]

    def __str__(self):
        return f"{self.occupation} in {self.region}"

    def get_absolute_url(self):
        return fast_reverse(
            "jobs:profile", occupation=self.occupation.slug, region=self.region.slug
        )

    @property
    def is_stale(self):
        """True when the "Stand" is older than STALE_AFTER_DAYS."""
        return self.as_of < stale_before()

    def levelled_bands(self):
        """The bands in level order (entry, experienced, senior); uses prefetched bands."""
        by_level = {band.level: band for band in self.salary_bands.all()}
        return [by_level[level] for level in SalaryLevel.values if level in by_level]


class SalaryLevel(models.TextChoices):
    ENTRY = "entry", _("Einstieg")
    EXPERIENCED = "experienced", _("Mit Berufserfahrung")
    SENIOR = "senior", _("Senior")


# Position of each level in the order pages, files and the admin list bands in.
LEVEL_ORDER = {level: index for index, level in enumerate(SalaryLevel.values)}


@reversion.register()
class SalaryBand(models.Model):
    Level = SalaryLevel

    profile = models.ForeignKey(
        CareerProfile, on_delete=models.CASCADE, related_name="salary_bands"
    )
    level = models.CharField(_("Stufe"), max_length=16, choices=Level)
    min_eur = models.PositiveIntegerField(
        _("von (€)"),
        validators=salary_validators,
        help_text=_("Bruttomonatsgehalt in Euro, untere Grenze."),
    )
    max_eur = models.PositiveIntegerField(
        _("bis (€)"),
        validators=salary_validators,
        help_text=_("Bruttomonatsgehalt in Euro, obere Grenze."),
    )
    note = models.CharField(
        _("Anmerkung"),
        max_length=300,
        blank=True,
        help_text=_("Wovon die Spanne abhängt, z. B. Zertifikat oder Verantwortung."),
    )

    class Meta:
        verbose_name = _("Gehaltsspanne")
        verbose_name_plural = _("Gehaltsspannen")
        ordering = ["min_eur"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_eur__lte=F("max_eur")),
                name="salaryband_min_lte_max",
                violation_error_message=_("Die Untergrenze darf nicht über der Obergrenze liegen."),
            ),
            models.CheckConstraint(
                condition=Q(min_eur__gt=0) & Q(max_eur__gt=0),
                name="salaryband_amounts_positive",
                violation_error_message=_("Gehaltsbeträge müssen größer als 0 sein."),
            ),
            models.CheckConstraint(
                condition=Q(level__in=SalaryLevel.values),
                name="salaryband_level_valid",
            ),
            models.UniqueConstraint(
                fields=["profile", "level"],
                name="salaryband_one_per_level",
                violation_error_message=_("Für diese Stufe gibt es schon eine Gehaltsspanne."),
            ),
        ]
        indexes = [
            models.Index(fields=["level", "min_eur", "max_eur"], name="salaryband_level_range_idx"),
        ]

    def __str__(self):
        return f"{self.get_level_display()}: {self.min_eur}–{self.max_eur} €"

    def get_level_display(self):
        """The level's label. Replaces Django's generated method, which rebuilds a dict of
        all choices at every call (the finder asks 60 times per page)."""
        try:
            return SalaryLevel(self.level).label
        except ValueError:
            return self.level

    @property
    def midpoint(self):
        return (self.min_eur + self.max_eur) // 2

    @property
    def range_display(self):
        return format_eur_range(self.min_eur, self.max_eur)

    @property
    def midpoint_display(self):
        return format_eur(self.midpoint)

    def clean(self):
        super().clean()
        if self.min_eur is not None and self.max_eur is not None and self.min_eur > self.max_eur:
            raise ValidationError(
                {"max_eur": _("Die Obergrenze muss mindestens so hoch sein wie die Untergrenze.")}
            )


@reversion.register()
class ProfileSection(models.Model):
    """An editorial text section of a profile, in Markdown, shown in position order."""

    profile = models.ForeignKey(CareerProfile, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    heading = models.CharField(_("Überschrift"), max_length=200)
    body = models.TextField(_("Text"), help_text=_("Markdown: **fett**, *kursiv*, Listen, Links."))

    class Meta:
        verbose_name = _("Textabschnitt")
        verbose_name_plural = _("Textabschnitte")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.heading


@reversion.register()
class Source(models.Model):
    """Where a profile's facts and figures come from."""

    profile = models.ForeignKey(CareerProfile, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    title = models.CharField(_("Titel"), max_length=300)
    url = models.URLField(_("Adresse"), blank=True)
    retrieved = models.DateField(_("abgerufen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Quelle")
        verbose_name_plural = _("Quellen")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class CatalogueEntry(models.Model):
    """A city, occupation, tool or sector with published profiles, as the public lists show
    it: derived from the profiles by ``regions.catalogue``, never edited, not versioned."""

    kind = models.CharField(max_length=16)
    owner_id = models.BigIntegerField()
    name = models.CharField(max_length=120)
    slug = models.CharField(max_length=120)
    summary = models.TextField(blank=True)
    # Cities and occupations only: their published profiles and salary span.
    profile_count = models.PositiveIntegerField(null=True)
    salary_low = models.PositiveIntegerField(null=True)
    salary_high = models.PositiveIntegerField(null=True)
    entry_low = models.PositiveIntegerField(null=True)
    as_of_oldest = models.DateField(null=True)
    as_of_newest = models.DateField(null=True)

    class Meta:
        # Nobody edits derived rows: no permissions, so the Redaktion group stays exact.
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["kind", "owner_id"], name="catalogue_one_per_owner")
        ]

    def __str__(self):
        return f"{self.kind}: {self.name}"


class CatalogueChange(models.Model):
    """A content change the catalogue entries do not include yet (see regions.catalogue)."""

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"content change {self.pk}"


class CatalogueLock(models.Model):
    """One row, locked by a refresh of the catalogue so that refreshes run one at a time."""

    class Meta:
        default_permissions = ()

    def __str__(self):
        return "catalogue lock"
