import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.editorial import ContentAdmin, ContentAdminForm, SluggedAdmin, public_link
from regions.forms import SalaryBandForm, SalaryBandFormSet
from regions.models import (
    CareerProfile,
    ProfileSection,
    Region,
    SalaryBand,
    SalaryLevel,
    Sector,
    Source,
    in_level_order,
    stale_before,
)


class StaleFilter(admin.SimpleListFilter):
    """Which profiles need a fresh look: "Stand" older than STALE_AFTER_DAYS."""

    title = _("Aktualität des Stands")
    parameter_name = "veraltet"

    def lookups(self, request, model_admin):
        days = settings.STALE_AFTER_DAYS
        return [
            ("ja", _("älter als %(days)s Tage – bitte prüfen") % {"days": days}),
            ("nein", _("aktuell")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(as_of__lt=stale_before())
        if self.value() == "nein":
            return queryset.filter(as_of__gte=stale_before())
        return queryset


class RegionForm(ContentAdminForm):
    class Meta:
        help_texts = {
            "name": _("Name der Stadt, wie er auf der Website steht, z. B. „Mülheim an der Ruhr“."),
            "summary": _("Zwei, drei Sätze über den IT-Arbeitsmarkt der Stadt."),
        }


@admin.register(Region)
class RegionAdmin(SluggedAdmin):
    form = RegionForm
    list_display = ["name", "slug", "area", "state", public_link]
    list_filter = ["area", "state"]
    fields = ["name", "slug", "state", "area", "summary"]


@admin.register(Sector)
class SectorAdmin(SluggedAdmin):
    fields = ["name", "slug"]


class SalaryBandInline(admin.TabularInline):
    model = SalaryBand
    form = SalaryBandForm
    formset = SalaryBandFormSet
    extra = 0
    max_num = len(SalaryLevel.values)
    verbose_name_plural = _("Gehaltsspannen (Bruttomonatsgehalt in Euro, eine je Stufe)")


class ProfileSectionInline(admin.StackedInline):
    model = ProfileSection
    extra = 0
    fields = ["position", "heading", "body"]
    verbose_name_plural = _("Textabschnitte (in der Reihenfolge der Spalte „Reihenfolge“)")


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ["position", "title", "url", "retrieved"]


class CareerProfileForm(ContentAdminForm):
    class Meta:
        help_texts = {
            "occupation": _("Fehlt der Beruf, über das Plus-Zeichen neu anlegen."),
            "region": _("Fehlt die Stadt, über das Plus-Zeichen neu anlegen."),
            "title": _(
                "Überschrift der Profilseite, z. B. „IT-Projektkoordinator:in in Duisburg“."
            ),
            "teaser": _("Ein, zwei Sätze für Listen, Suchergebnisse und Vorschau."),
            "published": _(
                "Entwürfe (nicht angehakt) sieht nur die Redaktion, über „Auf der Website "
                "ansehen“. Angehakt: öffentlich sichtbar."
            ),
        }


@admin.register(CareerProfile)
class CareerProfileAdmin(ContentAdmin):
    form = CareerProfileForm
    list_display = [
        "title",
        "region",
        "occupation",
        "bands",
        "published",
        "stand",
        "updated_at",
        public_link,
    ]
    list_display_links = ["title"]
    list_filter = ["published", StaleFilter, "region", "occupation", "as_of"]
    list_select_related = ["region", "occupation"]
    search_fields = ["title", "teaser", "region__name", "occupation__name", "tools__name"]
    autocomplete_fields = ["occupation", "region", "tools", "sectors", "certifications", "skills"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["occupation", "region", "title", "teaser"]}),
        (_("Veröffentlichung"), {"fields": ["published", "as_of", "updated_at"]}),
        (
            _("Werkzeuge, Branchen, Zertifikate, Kompetenzen"),
            {
                "fields": ["tools", "sectors", "certifications", "skills"],
                "description": _(
                    "Tippen zum Suchen; was fehlt, über das Plus-Zeichen neu anlegen."
                ),
            },
        ),
    ]
    inlines = [SalaryBandInline, ProfileSectionInline, SourceInline]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        # The bands column reads prefetched rows: one query for all bands of the page.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("salary_bands", queryset=SalaryBand.objects.all()))
        )

    @admin.display(description=_("Gehaltsspannen"))
    def bands(self, profile):
        bands = in_level_order(profile.salary_bands.all())
        return "; ".join(str(band) for band in bands) or "–"

    @admin.display(description=_("Stand"), ordering="as_of")
    def stand(self, profile):
        date = date_format(profile.as_of, "SHORT_DATE_FORMAT")
        if not profile.is_stale:
            return date
        return format_html(
            '{} <strong class="stale-flag">{}</strong>',
            date,
            _("veraltet – älter als %(days)s Tage") % {"days": settings.STALE_AFTER_DAYS},
        )

    def _set_published(self, request, queryset, published, comment):
        changed = 0
        # One saved object at a time (not queryset.update()): history, edit token and the
        # content version must all see the change.
        for profile in queryset.exclude(published=published):
            profile.published = published
            profile.save(update_fields=["published", "updated_at"])
            changed += 1
        if reversion.is_active():
            reversion.set_comment(comment)
        return changed

    @admin.action(description=_("Ausgewählte Profile veröffentlichen"), permissions=["change"])
    def publish(self, request, queryset):
        changed = self._set_published(request, queryset, True, _("Veröffentlicht."))
        self.message_user(
            request,
            ngettext("%d Profil veröffentlicht.", "%d Profile veröffentlicht.", changed) % changed,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Ausgewählte Profile zurückziehen (Entwurf)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        changed = self._set_published(request, queryset, False, _("Zurückgezogen (Entwurf)."))
        self.message_user(
            request,
            ngettext(
                "%d Profil zurückgezogen; es ist öffentlich nicht mehr sichtbar.",
                "%d Profile zurückgezogen; sie sind öffentlich nicht mehr sichtbar.",
                changed,
            )
            % changed,
            messages.SUCCESS,
        )
