import datetime
import math
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common import history
from common.models import SUMMARY_MAX_LENGTH, SluggedModel, bounded_text, length_check
from common.text import format_day, format_eur, title_slug, today
from jobs.choices import DATED_STATUSES, UNDATED_STATUSES, Employment, PostingStatus, Workplace
from jobs.querysets import JobPostingQuerySet
from regions.models import SalaryLevel, salary_validators


def _unique(model_name):
    return [
        models.UniqueConstraint(fields=["slug"], name=f"{model_name}_unique_slug"),
        models.UniqueConstraint(fields=["name"], name=f"{model_name}_unique_name"),
    ]


@history.register()
class Occupation(SluggedModel):
    summary = bounded_text(_("Kurzbeschreibung"), SUMMARY_MAX_LENGTH, blank=True)

    class Meta(SluggedModel.Meta):
        verbose_name = _("Beruf")
        verbose_name_plural = _("Berufe")
        constraints = [
            *_unique("occupation"),
            length_check("occupation", "summary", SUMMARY_MAX_LENGTH),
        ]

    def get_absolute_url(self):
        return reverse("jobs:occupation", kwargs={"occupation": self.slug})


@history.register()
class Tool(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("Werkzeug")
        verbose_name_plural = _("Werkzeuge")
        constraints = _unique("tool")


@history.register()
class Certification(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("Zertifikat oder Weiterbildung")
        verbose_name_plural = _("Zertifikate und Weiterbildungen")
        constraints = _unique("certification")


@history.register()
class Skill(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("Kompetenz")
        verbose_name_plural = _("Kompetenzen")
        constraints = _unique("skill")


# A posting's texts: a title and an employer's name like a profile's title; a description a
# few paragraphs of Markdown like a profile's text section.
POSTING_TITLE_MAX_LENGTH = 200
EMPLOYER_NAME_MAX_LENGTH = 200
POSTING_URL_MAX_LENGTH = 500
POSTING_EMAIL_MAX_LENGTH = 254
DESCRIPTION_MAX_LENGTH = 20_000
REJECTION_REASON_MAX_LENGTH = 2_000
CONTACT_EMAIL_MAX_LENGTH = 254
# "<region slug>-<year>-<number>" fits with a region slug of its full 120 characters.
REF_MAX_LENGTH = 140
# How often a save takes the next number when another posting took the one it found.
REF_ATTEMPTS = 5

# The pay rules of SPEC §9. A full-time month is 40 h × 52 / 12; part-time uses the
# posting's weekly hours, which lie between these bounds.
FULL_TIME_WEEKLY_HOURS = 40
PART_TIME_WEEKLY_HOURS = (1, FULL_TIME_WEEKLY_HOURS - 1)
WEEKS_PER_YEAR = 52
# The statutory minimum wage of 2026. The database's CHECK can hold only a constant, so it
# uses this as a floor; a higher MINIMUM_WAGE_EUR_PER_HOUR is enforced by clean(), which
# the admin and the import run. The setting can never be lower (portal/settings.py).
MINIMUM_WAGE_FLOOR = Decimal("13.90")
# A range wider than this factor tells an applicant nothing.
MAX_PAY_SPREAD = 2

MAX_VALID_DAYS = 90
DEFAULT_VALID_DAYS = 60
# An employer may extend a published posting once, by at most this many days (and never
# past MAX_VALID_DAYS after publication).
MAX_EXTENSION_DAYS = 30

REJECTION_NEEDS_REASON = _("Eine Ablehnung braucht eine Begründung.")


def minimum_monthly_pay(weekly_hours, wage_per_hour):
    """The smallest whole monthly gross in euros at ``wage_per_hour`` for the hours."""
    return math.ceil(Decimal(weekly_hours) * WEEKS_PER_YEAR * wage_per_hour / 12)


def default_valid_through(published_on):
    return published_on + datetime.timedelta(days=DEFAULT_VALID_DAYS)


def _posting_checks():
    """The named CHECK constraints of a posting (those rules a constraint can express)."""
    weekly_hours = Coalesce(F("weekly_hours"), Value(FULL_TIME_WEEKLY_HOURS))
    floor_cents = int(MINIMUM_WAGE_FLOOR * 100)
    return [
        # No separate "amounts positive": the minimum wage keeps min_eur above 0, and
        # max_eur is at least min_eur.
        models.CheckConstraint(
            condition=Q(min_eur__lte=F("max_eur")),
            name="jobposting_min_lte_max",
            violation_error_message=_("Die Untergrenze darf nicht über der Obergrenze liegen."),
        ),
        models.CheckConstraint(
            condition=Q(max_eur__lte=F("min_eur") * MAX_PAY_SPREAD),
            name="jobposting_max_lte_twice_min",
            violation_error_message=_(
                "Die Obergrenze darf höchstens doppelt so hoch sein wie die Untergrenze."
            ),
        ),
        # min_eur × 12 months ≥ wage × weekly hours × 52 weeks, in cents to stay in integers.
        models.CheckConstraint(
            condition=GreaterThanOrEqual(
                F("min_eur") * 1200, weekly_hours * Value(floor_cents * WEEKS_PER_YEAR)
            ),
            name="jobposting_pays_minimum_wage",
            violation_error_message=_("Das Gehalt liegt unter dem gesetzlichen Mindestlohn."),
        ),
        models.CheckConstraint(
            condition=Q(employment=Employment.FULL_TIME, weekly_hours__isnull=True)
            | Q(
                employment=Employment.PART_TIME,
                # NULL would let the comparisons below pass as unknown.
                weekly_hours__isnull=False,
                weekly_hours__gte=PART_TIME_WEEKLY_HOURS[0],
                weekly_hours__lte=PART_TIME_WEEKLY_HOURS[1],
            ),
            name="jobposting_weekly_hours_for_part_time",
            violation_error_message=_("Wochenstunden gibt es genau bei Teilzeit (1 bis 39)."),
        ),
        models.CheckConstraint(
            condition=Q(level__in=SalaryLevel.values),
            name="jobposting_level_valid",
        ),
        models.CheckConstraint(
            condition=Q(workplace__in=Workplace.values),
            name="jobposting_workplace_valid",
        ),
        models.CheckConstraint(
            condition=~Q(apply_url="", apply_email=""),
            name="jobposting_has_way_to_apply",
            violation_error_message=_("Eine Stelle braucht einen Weg, sich zu bewerben."),
        ),
        models.CheckConstraint(
            condition=~Q(status=PostingStatus.REJECTED, rejection_reason=""),
            name="jobposting_rejection_has_reason",
            violation_error_message=REJECTION_NEEDS_REASON,
        ),
        # Also the check that the status is one of the five.
        models.CheckConstraint(
            condition=Q(
                status__in=UNDATED_STATUSES, published_on__isnull=True, valid_through__isnull=True
            )
            | Q(status__in=DATED_STATUSES, published_on__isnull=False, valid_through__isnull=False),
            name="jobposting_dates_match_status",
            violation_error_message=_(
                "Veröffentlichte, abgelehnte und zurückgezogene Stellen haben ein "
                "Veröffentlichungs- und ein Enddatum, Entwürfe und Stellen in Prüfung keines."
            ),
        ),
        # "At most 90 days after publication" stays in clean() only: date arithmetic in a
        # CHECK is not portable through Django's public API (on SQLite, F() + timedelta
        # becomes a call of a Python function Django registers per connection, which a
        # CHECK must not depend on; PostgreSQL would need date + integer). The order of
        # the two dates is portable and checked here.
        models.CheckConstraint(
            condition=Q(valid_through__gte=F("published_on")),
            name="jobposting_valid_through_after_published_on",
            violation_error_message=_("Das Enddatum liegt vor der Veröffentlichung."),
        ),
        # A submission carries the time of its consent; its contact address is deleted 30
        # days after the end (purge_postings), so no constraint asks for that.
        models.CheckConstraint(
            condition=Q(submitted_at__isnull=True) | Q(consent_at__isnull=False),
            name="jobposting_submission_has_consent",
        ),
        models.CheckConstraint(
            condition=Q(confirmed_at__isnull=True) | Q(submitted_at__isnull=False),
            name="jobposting_confirmed_only_after_submission",
        ),
        # A published posting was approved, and one once public is named by what the site
        # showed (its 410 page): save() records both at each publication.
        models.CheckConstraint(
            condition=(Q(first_published_on__isnull=True) & ~Q(status=PostingStatus.PUBLISHED))
            | (
                Q(first_published_on__isnull=False, public_region__isnull=False)
                & ~Q(public_title="")
            ),
            name="jobposting_public_face_when_published",
            violation_error_message=_(
                "Eine veröffentlichte Stelle braucht den Tag ihrer ersten Freigabe, ihren "
                "veröffentlichten Titel und ihre Region."
            ),
        ),
        # Its message is the field's, so the form shows it at the field.
        models.UniqueConstraint(fields=["ref"], name="jobposting_unique_ref"),
        *(
            length_check("jobposting", name, max_length)
            for name, max_length in [
                ("title", POSTING_TITLE_MAX_LENGTH),
                ("employer_name", EMPLOYER_NAME_MAX_LENGTH),
                ("employer_website", POSTING_URL_MAX_LENGTH),
                ("description", DESCRIPTION_MAX_LENGTH),
                ("apply_url", POSTING_URL_MAX_LENGTH),
                ("apply_email", POSTING_EMAIL_MAX_LENGTH),
                ("rejection_reason", REJECTION_REASON_MAX_LENGTH),
                ("ref", REF_MAX_LENGTH),
                ("contact_email", CONTACT_EMAIL_MAX_LENGTH),
                ("public_title", POSTING_TITLE_MAX_LENGTH),
                ("public_employer_name", EMPLOYER_NAME_MAX_LENGTH),
            ]
        ),
    ]


# The contact address and the submission's times are personal data the history must not
# keep beyond their deletion (manage.py purge_postings).
SUBMISSION_FIELDS = ("contact_email", "consent_at", "submitted_at", "confirmed_at")


# What a restore from the history keeps besides the submission's data (above): the one
# extension, whether and how the posting was last public, and whether it was public as
# read (``was_public``), so that a restore taking it off the site moves the postings'
# version (jobs/apps.py).
PUBLIC_FACE_FIELDS = ("first_published_on", "public_title", "public_employer_name", "public_region")


@history.register(exclude=SUBMISSION_FIELDS, keep=("extended", *PUBLIC_FACE_FIELDS, "was_public"))
class JobPosting(models.Model):
    """An employer's vacancy with its pay range (SPEC §9), public only once approved.

    The history stores the tools and sectors with the posting itself (many-to-many fields
    are part of its version), so a restore brings them back too.
    """

    Status = PostingStatus
    Employment = Employment
    Workplace = Workplace

    title = models.CharField(
        _("Stellentitel"),
        max_length=POSTING_TITLE_MAX_LENGTH,
        help_text=_(
            "Geschlechtsneutral, z. B. „IT-Projektkoordinator:in“ oder "
            "„IT-Projektkoordinator (m/w/d)“."
        ),
    )
    employer_name = models.CharField(_("Arbeitgeber"), max_length=EMPLOYER_NAME_MAX_LENGTH)
    employer_website = models.URLField(
        _("Website des Arbeitgebers"), max_length=POSTING_URL_MAX_LENGTH, blank=True
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("Beruf"), on_delete=models.PROTECT, related_name="postings"
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Region"),
        on_delete=models.PROTECT,
        related_name="postings",
    )
    level = models.CharField(_("Stufe"), max_length=16, choices=SalaryLevel)
    min_eur = models.PositiveIntegerField(
        _("Gehalt von (€)"),
        validators=salary_validators,
        help_text=_("Bruttomonatsgehalt in Euro, untere Grenze."),
    )
    max_eur = models.PositiveIntegerField(
        _("Gehalt bis (€)"),
        validators=salary_validators,
        help_text=_(
            "Bruttomonatsgehalt in Euro, obere Grenze; höchstens das Doppelte der unteren."
        ),
    )
    employment = models.CharField(
        _("Beschäftigung"), max_length=16, choices=Employment, default=Employment.FULL_TIME
    )
    weekly_hours = models.PositiveSmallIntegerField(
        _("Wochenstunden"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(PART_TIME_WEEKLY_HOURS[0]),
            MaxValueValidator(PART_TIME_WEEKLY_HOURS[1]),
        ],
        help_text=_("Nur bei Teilzeit (1 bis 39); Vollzeit rechnet mit 40 Stunden."),
    )
    workplace = models.CharField(_("Arbeitsort"), max_length=16, choices=Workplace)
    tools = models.ManyToManyField(
        Tool, verbose_name=_("Werkzeuge"), blank=True, related_name="postings"
    )
    sectors = models.ManyToManyField(
        "regions.Sector", verbose_name=_("Branchen"), blank=True, related_name="postings"
    )
    description = bounded_text(
        _("Beschreibung"),
        DESCRIPTION_MAX_LENGTH,
        help_text=_("Markdown: **fett**, *kursiv*, Listen, Links."),
    )
    apply_url = models.URLField(
        _("Bewerbung über (Web-Adresse)"), max_length=POSTING_URL_MAX_LENGTH, blank=True
    )
    apply_email = models.EmailField(
        _("Bewerbung an (E-Mail)"),
        max_length=POSTING_EMAIL_MAX_LENGTH,
        blank=True,
        help_text=_("Web-Adresse oder E-Mail, mindestens eines von beiden."),
    )
    status = models.CharField(
        _("Status"), max_length=16, choices=PostingStatus, default=PostingStatus.DRAFT
    )
    rejection_reason = bounded_text(
        _("Ablehnungsgrund"),
        REJECTION_REASON_MAX_LENGTH,
        blank=True,
        help_text=_("Pflicht bei einer Ablehnung."),
    )
    published_on = models.DateField(
        _("veröffentlicht am"),
        null=True,
        blank=True,
        help_text=_(
            "Bei Entwurf und Prüfung leer; beim Freigeben ohne Datum gilt heute. Bei "
            "Ablehnung oder Rückzug ohne Veröffentlichung: der Tag der Entscheidung."
        ),
    )
    valid_through = models.DateField(
        _("gültig bis"),
        null=True,
        blank=True,
        help_text=_("Höchstens 90 Tage nach der Veröffentlichung; leer: 60 Tage danach."),
    )
    expired = models.BooleanField(
        _("abgelaufen"),
        default=False,
        editable=False,
        help_text=_(
            "Veröffentlicht, aber „gültig bis“ ist vorbei: öffentlich nicht mehr sichtbar. "
            "Gesetzt von „manage.py expire_postings“ und bei jedem Speichern."
        ),
    )
    ref = models.SlugField(
        _("Kennung"),
        max_length=REF_MAX_LENGTH,
        blank=True,
        db_index=False,
        error_messages={"unique": _("Diese Kennung hat schon eine andere Stelle.")},
        help_text=_(
            "Eindeutige Kennung für Import und Export, z. B. „duisburg-2026-001“; wird aus "
            "Region und Jahr gebildet, wenn leer."
        ),
    )
    # An employer's own submission (SPEC §10). Personal data, never public, not in the
    # history (common.history) and deleted by "manage.py purge_postings".
    contact_email = models.EmailField(
        _("Kontakt-E-Mail (nicht öffentlich)"),
        max_length=CONTACT_EMAIL_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Nur für Bestätigung, Entscheidung und Verwaltungslink; wird 30 Tage nach dem "
            "Ende der Stelle gelöscht."
        ),
    )
    consent_at = models.DateTimeField(_("Einwilligung am"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True, editable=False)
    # Whether the posting was ever approved: only then may its address answer once it is
    # withdrawn or rejected (410). Unreviewed text never reaches a public page (SPEC §10).
    first_published_on = models.DateField(
        _("zuerst veröffentlicht am"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Der Tag der ersten Freigabe; leer, solange die Stelle nie öffentlich war."),
    )
    # The posting as the site last showed it, which an editor approved: once it has ended,
    # its 410 page and its address name it so, whatever the employer changed since (an
    # edit goes back to review, and may be withdrawn or rejected before anyone read it).
    public_title = models.CharField(
        _("veröffentlichter Stellentitel"),
        max_length=POSTING_TITLE_MAX_LENGTH,
        blank=True,
        editable=False,
    )
    public_employer_name = models.CharField(
        _("veröffentlichter Arbeitgeber"),
        max_length=EMPLOYER_NAME_MAX_LENGTH,
        blank=True,
        editable=False,
    )
    public_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("veröffentlichte Region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    extended = models.BooleanField(
        _("einmal verlängert"),
        default=False,
        editable=False,
        help_text=_("Der Arbeitgeber hat die einmalige Verlängerung genutzt."),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = JobPostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Stellenanzeige")
        verbose_name_plural = _("Stellenanzeigen")
        ordering = ["-created_at", "-pk"]
        constraints = _posting_checks()
        indexes = [
            models.Index(fields=["status", "valid_through"], name="jobposting_status_valid_idx"),
            # The two orders of the list and the feed (JobPostingQuerySet): a page of 20 is
            # read off the index instead of sorting every open posting.
            models.Index(fields=["-published_on", "-id"], name="jobposting_newest_idx"),
            models.Index(fields=["-max_eur", "-published_on", "-id"], name="jobposting_pay_idx"),
            # The editors' review queue, oldest confirmation first.
            models.Index(fields=["status", "confirmed_at"], name="jobposting_review_queue_idx"),
        ]

    # Whether the posting was on a public page as last read or saved (``from_db``, ``save``):
    # a new one was not.
    was_public = False

    def __str__(self):
        return f"{self.title} – {self.employer_name}"

    def save(self, *args, **kwargs):
        # Deriving the ref and the published face is all save() does: a posting saved as
        # published, by whatever path (an action, the form, an import), was approved.
        if self.status == PostingStatus.PUBLISHED:
            self.record_public_face()
        if self.ref or self.region_id is None:
            super().save(*args, **kwargs)
        else:
            self._save_with_next_ref(*args, **kwargs)
        self.was_public = self.is_public

    def get_absolute_url(self):
        return reverse("jobs:posting", kwargs={"pk": self.pk, "slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        posting = super().from_db(db, field_names, values, **kwargs)
        # Read without the fields that tell (``only()``): assume it was.
        posting.was_public = not {"status", "first_published_on"} <= set(field_names) or (
            posting.is_public
        )
        return posting

    def _save_with_next_ref(self, *args, **kwargs):
        # Two postings of one region saved at the same moment may both find the same next
        # number: the unique constraint refuses the second, which then takes the next one.
        for attempt in range(REF_ATTEMPTS):
            self.ref = self.next_ref()
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
                    return
            except IntegrityError:
                taken = JobPosting.objects.filter(ref=self.ref).exists()
                self.ref = ""
                if not taken or attempt == REF_ATTEMPTS - 1:
                    raise

    def record_public_face(self):
        """Note the posting as the site shows it now (``save()`` does at each publication)."""
        self.first_published_on = self.first_published_on or self.published_on
        self.public_title = self.title
        self.public_employer_name = self.employer_name
        self.public_region_id = self.region_id

    @property
    def slug(self):
        """The title as its URL writes it (German transliteration): the published one once
        there is one, so an unreviewed edit never shows in an address."""
        return title_slug(self.public_title or self.title)

    def is_open(self, day=None):
        """What ``JobPostingQuerySet.open()`` says of this posting, in memory."""
        return self.status == PostingStatus.PUBLISHED and self.valid_through >= (day or today())

    @property
    def is_public(self):
        """Published, or withdrawn or rejected after it once was: its address may be
        answered (open, or 410). One never approved has no public page (404)."""
        if self.status == PostingStatus.PUBLISHED:
            return True
        return self.status in DATED_STATUSES and self.first_published_on is not None

    def next_ref(self, day=None):
        """The next free "<region slug>-<year>-<number>" for this posting's region."""
        prefix = f"{self.region.slug}-{(day or today()).year}-"
        taken = JobPosting.objects.filter(ref__startswith=prefix).values_list("ref", flat=True)
        numbers = [int(rest) for ref in taken if (rest := ref.removeprefix(prefix)).isdigit()]
        return f"{prefix}{max(numbers, default=0) + 1:03d}"

    @property
    def weekly_hours_for_pay(self):
        if self.employment == Employment.PART_TIME:
            return self.weekly_hours
        return FULL_TIME_WEEKLY_HOURS

    def clean(self):
        super().clean()
        self.rejection_reason = self.rejection_reason.strip()
        if self.status in DATED_STATUSES:
            # Publishing without dates: today, and the default end.
            if self.published_on is None:
                self.published_on = today()
            if self.valid_through is None:
                self.valid_through = default_valid_through(self.published_on)
        self.expired = self.status == PostingStatus.PUBLISHED and self.valid_through < today()
        if self.status == PostingStatus.PUBLISHED:
            self.record_public_face()  # as save() will, for the constraint's check
        errors = {}
        self._check_pay(errors)
        self._check_dates(errors)
        if not self.apply_url and not self.apply_email:
            message = _("Bitte eine Web-Adresse oder eine E-Mail-Adresse für Bewerbungen angeben.")
            errors["apply_url"] = message
            errors["apply_email"] = message
        if self.status == PostingStatus.REJECTED and not self.rejection_reason:
            errors["rejection_reason"] = REJECTION_NEEDS_REASON
        if errors:
            raise ValidationError(errors)

    def _check_pay(self, errors):
        if self.employment == Employment.PART_TIME and self.weekly_hours is None:
            errors["weekly_hours"] = _("Bei Teilzeit bitte die Wochenstunden angeben.")
        elif self.employment == Employment.FULL_TIME and self.weekly_hours is not None:
            errors["weekly_hours"] = _(
                "Wochenstunden nur bei Teilzeit angeben; Vollzeit rechnet mit 40 Stunden."
            )
        low, high = self.min_eur, self.max_eur
        if low is None or high is None:
            return
        if low > high:
            errors["max_eur"] = _(
                "Die Obergrenze muss mindestens so hoch sein wie die Untergrenze."
            )
        elif high > MAX_PAY_SPREAD * low:
            errors["max_eur"] = _(
                "Die Obergrenze darf höchstens doppelt so hoch sein wie die Untergrenze (hier "
                "höchstens %(limit)s); eine breitere Spanne sagt Bewerber:innen nichts."
            ) % {"limit": format_eur(MAX_PAY_SPREAD * low)}
        hours = self.weekly_hours_for_pay
        if hours is not None and "weekly_hours" not in errors:
            wage = settings.MINIMUM_WAGE_EUR_PER_HOUR
            least = minimum_monthly_pay(hours, wage)
            if low < least:
                errors["min_eur"] = _(
                    "Das liegt unter dem gesetzlichen Mindestlohn von %(wage)s € je Stunde: "
                    "bei %(hours)s Wochenstunden mindestens %(least)s im Monat."
                ) % {
                    "wage": f"{wage:.2f}".replace(".", ","),
                    "hours": hours,
                    "least": format_eur(least),
                }

    def _check_dates(self, errors):
        published_on, valid_through = self.published_on, self.valid_through
        if self.status in UNDATED_STATUSES:
            message = _("Bei Entwurf und Prüfung bitte leer lassen; das Datum setzt die Freigabe.")
            if published_on is not None:
                errors["published_on"] = message
            if valid_through is not None:
                errors["valid_through"] = message
            return
        if valid_through < published_on:
            errors["valid_through"] = _("Das Enddatum liegt vor der Veröffentlichung.")
        elif (valid_through - published_on).days > MAX_VALID_DAYS:
            latest = published_on + datetime.timedelta(days=MAX_VALID_DAYS)
            errors["valid_through"] = _(
                "Höchstens 90 Tage nach der Veröffentlichung, also spätestens am %(latest)s."
            ) % {"latest": format_day(latest)}

    def approve(self, day):
        """Publish from ``day`` on; the end stays if it still fits, else the default."""
        self.status = PostingStatus.PUBLISHED
        self.published_on = day
        self.record_public_face()
        end = self.valid_through
        if end is None or not day <= end <= day + datetime.timedelta(days=MAX_VALID_DAYS):
            self.valid_through = default_valid_through(day)

    def reject(self, reason, day):
        """Reject on ``day``; a posting never published gets ``day`` as both dates."""
        self.status = PostingStatus.REJECTED
        self.rejection_reason = reason
        self.published_on = self.published_on or day
        self.valid_through = self.valid_through or day

    @property
    def is_submission(self):
        """Submitted by an employer through the public form (SPEC §10)."""
        return self.submitted_at is not None

    def latest_extension(self):
        """The furthest ``valid_through`` the one extension may reach: ``MAX_EXTENSION_DAYS``
        more, but never past ``MAX_VALID_DAYS`` after publication."""
        return min(
            self.valid_through + datetime.timedelta(days=MAX_EXTENSION_DAYS),
            self.published_on + datetime.timedelta(days=MAX_VALID_DAYS),
        )

    def withdraw(self, day):
        """Take the posting off the site; one never published gets ``day`` as both dates."""
        self.status = PostingStatus.WITHDRAWN
        self.published_on = self.published_on or day
        self.valid_through = self.valid_through or day


class MailKind(models.TextChoices):
    """The mails of an employer's submission (jobs/services.py)."""

    CONFIRMATION = "confirmation", _("Bestätigungslink an den Arbeitgeber")
    REVIEW = "review", _("Hinweis an die Redaktion")
    PUBLISHED = "published", _("Freigabe an den Arbeitgeber")
    REJECTED = "rejected", _("Ablehnung an den Arbeitgeber")


class UnsentMail(models.Model):
    """A mail of a submission that could not be sent (mail server away): kept until it is
    sent again from the page that offers it, so nothing is lost."""

    posting = models.ForeignKey(
        JobPosting, on_delete=models.CASCADE, related_name="unsent_mails", verbose_name=_("Stelle")
    )
    kind = models.CharField(_("E-Mail"), max_length=16, choices=MailKind)
    failed_at = models.DateTimeField(_("fehlgeschlagen am"), auto_now=True)

    class Meta:
        verbose_name = _("nicht gesendete E-Mail")
        verbose_name_plural = _("nicht gesendete E-Mails")
        # Bookkeeping of the mails, not content: no admin, no permissions for the editors.
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["posting", "kind"], name="unsentmail_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=MailKind.values), name="unsentmail_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.posting}"


# An address hash is 64 hexadecimal characters (HMAC-SHA256).
ADDRESS_HASH_LENGTH = 64


class SubmissionAttempt(models.Model):
    """How many submissions a client address (an IPv6 one by its /64) or a contact address
    made on a day, for the daily limits: one row per (hash, day), counted up with a
    conditional UPDATE, so parallel requests can never pass a limit (jobs/services.py).

    An address is kept only as an HMAC under that day's random secret (``DailySecret``), so
    once "manage.py purge_postings" has deleted a past day's secret and rows, nothing links
    them to an address or to another day.
    """

    address_hash = models.CharField(max_length=ADDRESS_HASH_LENGTH)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        # Bookkeeping of the daily limit, not content: no admin, no permissions.
        default_permissions = ()
        constraints = [
            length_check("submissionattempt", "address_hash", ADDRESS_HASH_LENGTH),
            models.UniqueConstraint(
                fields=["day", "address_hash"], name="submissionattempt_one_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.day}: {self.address_hash[:8]}… × {self.count}"


# A daily secret is 32 random bytes, written as 64 hexadecimal characters.
DAILY_SECRET_LENGTH = 64


class DailySecret(models.Model):
    """The random key of one day's address hashes: made at the day's first submission,
    deleted with the day's counts by "manage.py purge_postings" the next day. Neither the
    secret key nor a database dump reverses a hash once its day's secret is gone."""

    day = models.DateField(unique=True)
    secret = models.CharField(max_length=DAILY_SECRET_LENGTH)

    class Meta:
        # Bookkeeping of the daily limit, not content: no admin, no permissions.
        default_permissions = ()
        constraints = [length_check("dailysecret", "secret", DAILY_SECRET_LENGTH)]

    def __str__(self):
        return str(self.day)
