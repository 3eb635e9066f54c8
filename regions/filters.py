"""The profile finder's filter (SPEC §4.1): German parameter names, strict validation.

Every parameter is validated before anything is filtered; the view shows no results at
all while the form has an error, so a filter is never half applied. The choices of
cities, occupations, tools and sectors are what the published profiles use
(``regions.selectors.published_vocabulary``).
"""

import functools

import django_filters
from django import forms
from django.db.models import F
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from regions.models import CareerProfile, SalaryLevel, SalaryWish
from regions.selectors import published_vocabulary

# Wished salaries are capped well below anything a database integer cannot hold.
MAX_WISH_EUR = 1_000_000

# Public parameter value -> SalaryLevel.
LEVELS = {
    "einstieg": SalaryLevel.ENTRY,
    "erfahren": SalaryLevel.EXPERIENCED,
    "senior": SalaryLevel.SENIOR,
}
LEVEL_CHOICES = [(param, level.label) for param, level in LEVELS.items()]

BAND_PRESETS = [(2500, 3000), (3000, 3500), (3500, 4000), (4000, 4500), (4500, 5000), (5000, 6000)]
# Labels carry figures only; German grouping written out so they need no locale at import.
BAND_CHOICES = [
    (f"{low}-{high}", f"{low:,}–{high:,} €".replace(",", ".")) for low, high in BAND_PRESETS
]

SORT_NAME, SORT_SALARY_DESC, SORT_SALARY_ASC = "name", "gehalt", "-gehalt"
SORT_CHOICES = [
    (SORT_NAME, _("Beruf und Stadt (A–Z)")),
    (SORT_SALARY_DESC, _("Gehalt: höchstes zuerst")),
    (SORT_SALARY_ASC, _("Gehalt: niedrigstes zuerst")),
]

# The comparison's parameters (the finder's page number is common.paging's).
COMPARE_PARAMETERS = ("beruf", "region")
# Free text: every spelling would be a page of its own, so its pages are not cached.
TEXT_PARAMETER = "q"

EURO_ERRORS = {
    "invalid": _("Bitte einen Betrag in ganzen Euro eingeben, zum Beispiel 3500."),
    "min_value": _("Der Betrag darf nicht negativ sein."),
    "max_value": _("Bitte höchstens 1.000.000 € eingeben."),
}


ONE_VALUE = _("Bitte nur einen Wert angeben.")


def normalise(data, parameters):
    """Only ``parameters`` of ``data``, trimmed; empty values dropped, repeats merged.

    What is then still given twice is two different values; for a single-value parameter
    that is refused (``repeated``), never decided by "last one wins".
    """
    clean = QueryDict(mutable=True)
    for key in parameters:
        values = []
        for value in data.getlist(key):
            value = value.strip()
            if value and value not in values:
                values.append(value)
        if values:
            clean.setlist(key, values)
    return clean


def repeated(data, single):
    """The names in ``single`` that the normalised ``data`` gives more than one value."""
    return [name for name in single if len(data.getlist(name)) > 1]


class EuroField(forms.IntegerField):
    """Whole euros; accepts German grouping ("3.500") as typed on a phone keyboard."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_WISH_EUR)
        kwargs.setdefault("localize", True)
        kwargs.setdefault("error_messages", EURO_ERRORS)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(**kwargs)


class EuroFilter(django_filters.Filter):
    field_class = EuroField


class StrictFilterForm(forms.Form):
    """The form of a strict filter: no label suffix, and a single-value parameter given two
    different values is an error at its field (``repeated``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        single = [
            name
            for name, field in self.fields.items()
            if not isinstance(field, forms.MultipleChoiceField)
        ]
        for name in repeated(self.data, single):
            self.add_error(name, ONE_VALUE)
        return cleaned


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet over ``normalise``d data: only its own parameters, trimmed, empty ones
    dropped, repeats merged. Its form (a ``StrictFilterForm``) refuses anything else."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = normalise(data, self.base_filters)
        super().__init__(data, *args, **kwargs)


class ProfileFilterForm(StrictFilterForm):
    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("gehalt_min"), cleaned.get("gehalt_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "gehalt_max",
                _("Der Höchstbetrag muss mindestens so hoch sein wie der Mindestbetrag."),
            )
        if cleaned.get("band") and (low is not None or high is not None):
            self.add_error(
                "band",
                _(
                    "Bitte entweder eine vorgegebene Spanne oder eigene Beträge wählen, nicht beides."
                ),
            )
        return cleaned


# The fields whose choices are what the published profiles use (published_vocabulary).
VOCABULARY_FIELDS = {
    "beruf": "occupations",
    "region": "regions",
    "werkzeug": "tools",
    "branche": "sectors",
}


UNKNOWN_CHOICE = {
    "invalid_choice": _("„%(value)s“ kennen wir nicht; bitte aus der Liste wählen."),
}


def _unfiltered(queryset, name, value):
    # Salary and sorting are applied together in ProfileFilter.filter_queryset.
    return queryset


class ProfileFilter(StrictFilterSet):
    """The finder's filter over a queryset of profiles; it only ever finds published ones."""

    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="filter_text",
        max_length=100,
        help_text=_("Beruf, Stadt oder Werkzeug, z. B. „Jira“"),
    )
    beruf = django_filters.ChoiceFilter(
        label=_("Beruf"),
        field_name="occupation__slug",
        empty_label=_("alle Berufe"),
        error_messages=UNKNOWN_CHOICE,
    )
    region = django_filters.MultipleChoiceFilter(
        label=_("Städte"),
        field_name="region__slug",
        distinct=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=UNKNOWN_CHOICE,
    )
    stufe = django_filters.ChoiceFilter(
        label=_("Berufserfahrung"),
        choices=LEVEL_CHOICES,
        empty_label=_("egal (jede Stufe)"),
        method=_unfiltered,
    )
    gehalt_min = EuroFilter(label=_("Gehalt mindestens (€ brutto/Monat)"), method=_unfiltered)
    gehalt_max = EuroFilter(label=_("Gehalt höchstens (€ brutto/Monat)"), method=_unfiltered)
    band = django_filters.ChoiceFilter(
        label=_("oder eine Spanne wählen"),
        choices=BAND_CHOICES,
        empty_label=_("keine Vorgabe"),
        method=_unfiltered,
    )
    werkzeug = django_filters.MultipleChoiceFilter(
        label=_("Werkzeuge (alle gewählten)"),
        method="filter_tools",
        widget=forms.CheckboxSelectMultiple,
        error_messages=UNKNOWN_CHOICE,
    )
    branche = django_filters.MultipleChoiceFilter(
        label=_("Branchen (mindestens eine)"),
        method="filter_sectors",
        widget=forms.CheckboxSelectMultiple,
        error_messages=UNKNOWN_CHOICE,
    )
    sortierung = django_filters.ChoiceFilter(
        label=_("Sortierung"), choices=SORT_CHOICES, empty_label=None, method=_unfiltered
    )

    class Meta:
        model = CareerProfile
        form = ProfileFilterForm
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The choices that published profiles use, read once for this request (they are
        # kept per content version); as callables, so the form's copies of its fields
        # share the lists instead of copying them.
        vocabulary = published_vocabulary()
        for name, kind in VOCABULARY_FIELDS.items():
            self.filters[name].extra["choices"] = functools.partial(vocabulary.get, kind)

    def filter_text(self, queryset, name, value):
        return queryset.matching_text(value)

    def filter_tools(self, queryset, name, value):
        return queryset.with_all_tools(value) if value else queryset

    def filter_sectors(self, queryset, name, value):
        return queryset.in_any_sector(value) if value else queryset

    @property
    def salary_wish(self):
        """The ``SalaryWish`` the salary fields ask for, or None without one."""
        data = self.form.cleaned_data
        low, high = data.get("gehalt_min"), data.get("gehalt_max")
        if data.get("band"):
            low, high = (int(part) for part in data["band"].split("-"))
        if low is None and high is None:
            return None
        return SalaryWish(LEVELS.get(data.get("stufe")), low, high)

    @property
    def sort_level(self):
        return LEVELS.get(self.form.cleaned_data.get("stufe")) or SalaryLevel.ENTRY

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset.published())
        if self.salary_wish:
            queryset = queryset.overlapping(self.salary_wish)
        sort = self.form.cleaned_data.get("sortierung") or SORT_NAME
        if sort == SORT_NAME:
            return queryset.order_by("occupation__name", "region__name", "pk")
        # Profiles without a band of the sort level go last, whatever the direction.
        queryset = queryset.with_salary_midpoint(self.sort_level)
        key = F("salary_midpoint")
        key = key.desc(nulls_last=True) if sort == SORT_SALARY_DESC else key.asc(nulls_last=True)
        return queryset.order_by(key, "occupation__name", "region__name", "pk")
