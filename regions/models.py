from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common import history
from common.models import SUMMARY_MAX_LENGTH, SluggedModel, bounded_text, length_check
from common.validators import not_in_future
from regions.querysets import CareerProfileQuerySet, stale_before

# No monthly gross salary in this portal is anywhere near this; larger figures are typos.
MAX_MONTHLY_EUR = 100_000

# A profile's teaser is "one, two sentences" for lists and previews (the seed's are about
# 150 characters); a text section a few paragraphs of Markdown (the seed's about 700).
TEASER_MAX_LENGTH = 500
SECTION_MAX_LENGTH = 20_000

salary_validators = [MinValueValidator(1), MaxValueValidator(MAX_MONTHLY_EUR)]


class SalaryLevel(models.TextChoices):
    """The levels of experience a salary band is for, in the order pages list them."""

    ENTRY = "entry", _("Einstieg")
    EXPERIENCED = "experienced", _("Mit Berufserfahrung")
    SENIOR = "senior", _("Senior")


_LEVEL_RANK = {level: rank for rank, level in enumerate(SalaryLevel.values)}


def in_level_order(items, level=lambda item: item.level):
    """``items`` (salary bands, or anything ``level`` finds a level in) sorted entry,
    experienced, senior; stable, so items of one level keep their order."""
    return sorted(items, key=lambda item: _LEVEL_RANK.get(level(item), len(_LEVEL_RANK)))


@dataclass(frozen=True, slots=True)
class SalaryWish:
    """A wished monthly salary: a band matches when it overlaps [low, high] (SPEC §4.1),
    ``band.max >= low`` and ``band.min <= high``, and is of ``level`` if one is given. An
    open end (None) matches everything on that side."""

    level: str | None = None
    low: int | None = None
    high: int | None = None

    def band_filter(self):
        """The rule as a Q object over salary bands."""
        condition = models.Q()
        if self.level:
            condition &= models.Q(level=self.level)
        if self.low is not None:
            condition &= models.Q(max_eur__gte=self.low)
        if self.high is not None:
            condition &= models.Q(min_eur__lte=self.high)
        return condition

    def matches(self, band):
        """The same rule for one band in memory."""
        return (
            (not self.level or band.level == self.level)
            and (self.low is None or band.max_eur >= self.low)
            and (self.high is None or band.min_eur <= self.high)
        )


class PayPosition(models.TextChoices):
    """Where an offered monthly pay range lies against a salary band (SPEC §9)."""

    ABOVE = "above", _("über der Spanne")
    WITHIN = "within", _("innerhalb der Spanne")
    BELOW = "below", _("unter der Spanne")


def pay_position(min_eur, max_eur, band):
    """The pay verdict's rule: above the band when even the lower end of the offer lies
    above the band's maximum, below it when even the upper end lies below the band's
    minimum, else within (the ranges overlap)."""
    if min_eur > band.max_eur:
        return PayPosition.ABOVE
    if max_eur < band.min_eur:
        return PayPosition.BELOW
    return PayPosition.WITHIN


@history.register()
class Region(SluggedModel):
    state = models.CharField(_("Bundesland"), max_length=80, default="Nordrhein-Westfalen")
    area = models.CharField(_("Gebiet"), max_length=80, default="Ruhrgebiet")
    summary = bounded_text(_("Kurzbeschreibung"), SUMMARY_MAX_LENGTH, blank=True)

    class Meta(SluggedModel.Meta):
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="region_unique_slug"),
            models.UniqueConstraint(fields=["name"], name="region_unique_name"),
            length_check("region", "summary", SUMMARY_MAX_LENGTH),
        ]

    def get_absolute_url(self):
        return reverse("regions:detail", kwargs={"region": self.slug})


@history.register()
class Sector(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("Branche")
        verbose_name_plural = _("Branchen")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="sector_unique_slug"),
            models.UniqueConstraint(fields=["name"], name="sector_unique_name"),
        ]


# History keeps a profile together with its inline rows: a revert brings back the bands too.
@history.register(follow=["salary_bands", "sections", "sources"])
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
    teaser = bounded_text(_("Anreißer"), TEASER_MAX_LENGTH, blank=True)
    as_of = models.DateField(
        _("Stand"),
        validators=[not_in_future],
        help_text=_("Datum, auf das sich die Gehaltsangaben beziehen; höchstens heute."),
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
            length_check("careerprofile", "teaser", TEASER_MAX_LENGTH),
        ]
        indexes = [
            models.Index(fields=["published", "region"], name="careerprofile_pub_region_idx"),
        ]

    def __str__(self):
        return f"{self.occupation} in {self.region}"

    def get_absolute_url(self):
        return reverse(
            "regions:profile",
            kwargs={"occupation": self.occupation.slug, "region": self.region.slug},
        )

    @property
    def is_stale(self):
        """True when the "Stand" is older than STALE_AFTER_DAYS."""
        return self.as_of < stale_before()


@history.register()
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

    def clean(self):
        super().clean()
        if self.min_eur is not None and self.max_eur is not None and self.min_eur > self.max_eur:
            raise ValidationError(
                {"max_eur": _("Die Obergrenze muss mindestens so hoch sein wie die Untergrenze.")}
            )


@history.register()
class ProfileSection(models.Model):
    """An editorial text section of a profile, in Markdown, shown in position order."""

    profile = models.ForeignKey(CareerProfile, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    heading = models.CharField(_("Überschrift"), max_length=200)
    body = bounded_text(
        _("Text"), SECTION_MAX_LENGTH, help_text=_("Markdown: **fett**, *kursiv*, Listen, Links.")
    )

    class Meta:
        verbose_name = _("Textabschnitt")
        verbose_name_plural = _("Textabschnitte")
        ordering = ["position", "pk"]
        constraints = [length_check("profilesection", "body", SECTION_MAX_LENGTH)]

    def __str__(self):
        return self.heading


@history.register()
class Source(models.Model):
    """Where a profile's facts and figures come from."""

    profile = models.ForeignKey(CareerProfile, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    title = models.CharField(_("Titel"), max_length=300)
    url = models.URLField(_("Adresse"), blank=True)
    retrieved = models.DateField(
        _("abgerufen am"), null=True, blank=True, validators=[not_in_future]
    )

    class Meta:
        verbose_name = _("Quelle")
        verbose_name_plural = _("Quellen")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title
