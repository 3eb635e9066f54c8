"""The postings' filter (SPEC §9): the finder's parameter names and its strict rules.

As in the finder (regions.filters), every parameter is validated before anything is
filtered and the view shows no results while the form has an error, so a filter is never
half applied. The choices of occupations, cities and tools are every one there is
(``jobs.selectors.posting_vocabulary``), kept per content version.
"""

import functools

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from jobs.choices import Workplace
from jobs.models import JobPosting
from jobs.selectors import posting_vocabulary
from regions.filters import (
    LEVEL_CHOICES,
    LEVELS,
    UNKNOWN_CHOICE,
    EuroFilter,
    StrictFilterForm,
    StrictFilterSet,
)

# Public parameter value -> Workplace.
WORKPLACES = {
    "vor-ort": Workplace.ON_SITE,
    "hybrid": Workplace.HYBRID,
    "remote": Workplace.REMOTE,
}
WORKPLACE_CHOICES = [(param, workplace.label) for param, workplace in WORKPLACES.items()]

SORT_NEWEST, SORT_PAY = "neu", "gehalt"
SORT_CHOICES = [
    (SORT_NEWEST, _("Neueste zuerst")),
    (SORT_PAY, _("Gehalt: höchstes zuerst")),
]
# Free text: every spelling would be a page of its own, so its pages are not cached.
TEXT_PARAMETER = "q"

VOCABULARY_FIELDS = {"beruf": "occupations", "region": "regions", "werkzeug": "tools"}


def _unfiltered(queryset, name, value):
    # Sorting is applied in PostingFilter.filter_queryset.
    return queryset


class PostingFilter(StrictFilterSet):
    """The filter of /stellen/ and /feeds/stellen/; it only ever finds open postings."""

    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="filter_text",
        max_length=100,
        help_text=_("Titel, Arbeitgeber, Beruf, Stadt oder Werkzeug, z. B. „Jira“"),
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
        method="filter_level",
        error_messages=UNKNOWN_CHOICE,
    )
    gehalt_min = EuroFilter(
        label=_("Gehalt mindestens (€ brutto/Monat)"),
        field_name="max_eur",
        lookup_expr="gte",
        help_text=_("Stellen, deren Gehaltsspanne bis mindestens zu diesem Betrag reicht."),
    )
    werkzeug = django_filters.MultipleChoiceFilter(
        label=_("Werkzeuge (alle gewählten)"),
        method="filter_tools",
        widget=forms.CheckboxSelectMultiple,
        error_messages=UNKNOWN_CHOICE,
    )
    arbeitsort = django_filters.MultipleChoiceFilter(
        label=_("Arbeitsort (mindestens einer)"),
        choices=WORKPLACE_CHOICES,
        method="filter_workplace",
        widget=forms.CheckboxSelectMultiple,
        error_messages=UNKNOWN_CHOICE,
    )
    sortierung = django_filters.ChoiceFilter(
        label=_("Sortierung"),
        choices=SORT_CHOICES,
        empty_label=None,
        method=_unfiltered,
        error_messages=UNKNOWN_CHOICE,
    )

    class Meta:
        model = JobPosting
        form = StrictFilterForm
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # As callables, so the form's copies of its fields share the lists.
        vocabulary = posting_vocabulary()
        for name, kind in VOCABULARY_FIELDS.items():
            self.filters[name].extra["choices"] = functools.partial(vocabulary.get, kind)

    def filter_text(self, queryset, name, value):
        return queryset.matching_text(value)

    def filter_level(self, queryset, name, value):
        return queryset.filter(level=LEVELS[value])

    def filter_tools(self, queryset, name, value):
        return queryset.with_all_tools(value) if value else queryset

    def filter_workplace(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(workplace__in=[WORKPLACES[param] for param in value])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset.open())
        if self.form.cleaned_data.get("sortierung") == SORT_PAY:
            return queryset.highest_pay_first()
        return queryset.newest_first()
