"""The profile finder's filter (SPEC §4.1): German parameter names, strict validation.

Every parameter is validated before anything is filtered; the view shows no results at
all while the form has an error, so a filter is never half applied. Choices come from
``published_vocabulary()`` (one query for all lists) instead of one query per field.
"""

import copy
import functools

import django_filters
from django import forms
from django.db.models import F
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from regions.models import SalaryLevel

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

SINGLE_VALUED = ("q", "beruf", "stufe", "gehalt_min", "gehalt_max", "band", "sortierung")
MULTI_VALUED = ("region", "werkzeug", "branche")
PARAMETERS = SINGLE_VALUED + MULTI_VALUED

EURO_ERRORS = {
    "invalid": _("Bitte einen Betrag in ganzen Euro eingeben, zum Beispiel 3500."),
    "min_value": _("Der Betrag darf nicht negativ sein."),
    "max_value": _("Bitte höchstens 1.000.000 € eingeben."),
}


def normalise(data):
    """Only the finder's parameters, trimmed; empty values dropped, repeats merged."""
    clean = QueryDict(mutable=True)
    for key in PARAMETERS:
        values = []
        for value in data.getlist(key):
            value = value.strip()
            if value and value not in values:
                values.append(value)
        if values:
            clean.setlist(key, values)
    return clean


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


class ProfileFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for name in SINGLE_VALUED:
            if len(self.data.getlist(name)) > 1 and name in self.fields:
                self.add_error(name, _("Bitte nur einen Wert angeben."))
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


class ProfileFilter(django_filters.FilterSet):
    """The finder's filter over a queryset of profiles; it only ever finds published ones."""

    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="filter_text",
        max_length=100,
        help_text=_("Beruf, Stadt oder Werkzeug, z. B. „Jira“"),
    )
    beruf = django_filters.ChoiceFilter(
        label=_("Beruf"), field_name="occupation__slug", empty_label=_("alle Berufe")
    )
    region = django_filters.MultipleChoiceFilter(
        label=_("Städte"),
        field_name="region__slug",
        distinct=False,
        widget=forms.CheckboxSelectMultiple,
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
    )
    branche = django_filters.MultipleChoiceFilter(
        label=_("Branchen (mindestens eine)"),
        method="filter_sectors",
        widget=forms.CheckboxSelectMultiple,
    )
    sortierung = django_filters.ChoiceFilter(
        label=_("Sortierung"), choices=SORT_CHOICES, empty_label=None, method=_unfiltered
    )

    class Meta:
        form = ProfileFilterForm
        fields = []

    def __init__(self, data=None, *args, vocabulary, **kwargs):
        super().__init__(normalise(data) if data is not None else None, *args, **kwargs)
        self.vocabulary = vocabulary

    @classmethod
    @functools.cache
    def _form_class(cls):
        """The form class, built once: django-filter builds a new class, and every field
        of it, for each filter set (a tenth of the finder's time). The choices that come
        from the published profiles are handed to each form (``form``)."""
        fields = {}
        for name, filter_ in copy.deepcopy(cls.base_filters).items():
            if name in VOCABULARY_FIELDS:
                filter_.extra = {**filter_.extra, "choices": [], "error_messages": UNKNOWN_CHOICE}
            fields[name] = filter_.field
        form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
        form_class.base_fields = _FormFields(form_class.base_fields)
        return form_class

    def get_form_class(self):
        return self._form_class()

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name, kind in VOCABULARY_FIELDS.items():
                form.fields[name].choices = self.vocabulary[kind]
        return self._form

    def filter_text(self, queryset, name, value):
        return queryset.matching_text(value)

    def filter_tools(self, queryset, name, value):
        return queryset.with_all_tools(value) if value else queryset

    def filter_sectors(self, queryset, name, value):
        return queryset.in_any_sector(value) if value else queryset

    @property
    def salary_range(self):
        """(level, low, high) the salary filter asks for, or None without one."""
        data = self.form.cleaned_data
        low, high = data.get("gehalt_min"), data.get("gehalt_max")
        if data.get("band"):
            low, high = (int(part) for part in data["band"].split("-"))
        if low is None and high is None:
            return None
        return LEVELS.get(data.get("stufe")), low, high

    @property
    def sort_level(self):
        return LEVELS.get(self.form.cleaned_data.get("stufe")) or SalaryLevel.ENTRY

    def filter_queryset(self, queryset):
        # Published only, applied here rather than by the caller: a queryset built per
        # request only to be compiled away (finder_statements) was a visible cost.
        queryset = super().filter_queryset(queryset.published())
        if self.salary_range:
            queryset = queryset.overlapping(*self.salary_range)
        sort = self.form.cleaned_data.get("sortierung") or SORT_NAME
        if sort == SORT_NAME:
            return queryset.order_by("occupation__name", "region__name", "pk")
        # Profiles without a band of the sort level go last, whatever the direction.
        queryset = queryset.with_salary_midpoint(self.sort_level)
        key = F("salary_midpoint")
        key = key.desc(nulls_last=True) if sort == SORT_SALARY_DESC else key.asc(nulls_last=True)
        return queryset.order_by(key, "occupation__name", "region__name", "pk")


# Every filter set deep-copies its filters, and every form its fields, with each widget,
# choice list and message in them: a twentieth of the finder's time. What a filter set
# changes on its filters is their ``model`` and ``parent``, and what a form changes is the
# choices of the vocabulary fields; everything else is configuration that nothing alters
# once the classes are built. So the copies below are as deep as those changes need.


class _Filters(dict):
    """ProfileFilter.base_filters, copied one level deep for each filter set."""

    def __deepcopy__(self, memo):
        return {name: _own_copy(filter_) for name, filter_ in self.items()}


def _own_copy(filter_):
    clone = _shallow_copy(filter_)
    if filter_.method is not None:
        clone.method = filter_.method  # its own FilterMethod, which finds its own parent
    return clone


def _shallow_copy(instance):
    # What copy.copy makes of a plain object (its attributes, shared), without the
    # pickle protocol that copy.copy goes through: a tenth of the cost.
    clone = object.__new__(type(instance))
    clone.__dict__.update(instance.__dict__)
    return clone


class _FormFields(dict):
    """The filter form's base_fields: each form gets its own vocabulary fields and shares
    the fields that no form changes.

    What a form sets on a vocabulary field is its choices, which a choice field keeps on
    itself and on its widget; so each form's vocabulary field and widget are copies of
    their own, and everything else in them (attributes, messages, validators) is shared.
    """

    def __deepcopy__(self, memo):
        return {
            name: _own_choice_field(field) if name in VOCABULARY_FIELDS else field
            for name, field in self.items()
        }


def _own_choice_field(field):
    clone = _shallow_copy(field)
    clone.widget = _shallow_copy(field.widget)
    return clone


ProfileFilter.base_filters = _Filters(ProfileFilter.base_filters)


# --- The finder's statements, compiled once per shape of filter ---------------------------
#
# Built by django-filter and compiled by the ORM on every request, the finder's two
# statements (count and page) cost more than the database took to answer them. The SQL
# only depends on the shape of the filter: which fields are set, how many cities, tools and
# sectors, the level and the sort order; the values themselves are parameters. So each
# shape is built and compiled once per process, with a stand-in for every value, and then
# run with the values of the request in the stand-ins' places (as SQLAlchemy's compiled
# cache does). Content is always read fresh; only the SQL text is kept. A filter with a
# search text (its words become LIKE patterns) is compiled as before.

SHAPES_KEPT = 256
_STANDIN_TEXT = "\x1estand-in-{}\x1e"
# Within the columns' integer range (the ORM drops a comparison that could never fail),
# above any wish the form accepts.
_STANDIN_NUMBER = 2_000_000_000


def _shape(data, salary_range):
    """The shape of a valid filter and its values in the order of the stand-ins."""
    _level, low, high = salary_range or (None, None, None)
    regions, tools, sectors = (list(data.get(name) or ()) for name in MULTI_VALUED)
    values = [data.get("beruf") or None, *regions, low, high, *tools, *sectors]
    shape = (
        bool(data.get("beruf")),
        len(regions),
        data.get("stufe") or "",
        low is not None,
        high is not None,
        len(tools),
        len(sectors),
        data.get("sortierung") or SORT_NAME,
    )
    return shape, [value for value in values if value is not None]


def _compile(shape, first):
    """The two statements of ``shape`` built with stand-ins numbered from ``first``:
    ``[(sql, [(slot, param), …]), …]``, slot being the index of the value a parameter
    takes (None for a parameter of the ORM's own), or None when a stand-in did not arrive
    in the parameters as it was."""
    from regions.models import CareerProfile

    has_occupation, regions, stufe, has_low, has_high, tools, sectors, sort = shape
    counter = iter(range(first, first + 10_000))

    def texts(count):
        return [_STANDIN_TEXT.format(next(counter)) for _ in range(count)]

    def number():
        return _STANDIN_NUMBER + next(counter)

    data = {"q": "", "beruf": texts(1)[0] if has_occupation else "", "region": texts(regions)}
    data.update(stufe=stufe, band="", sortierung=sort)
    data.update(gehalt_min=number() if has_low else None, gehalt_max=number() if has_high else None)
    data.update(werkzeug=texts(tools), branche=texts(sectors))
    standins = [data["beruf"] or None, *data["region"], data["gehalt_min"], data["gehalt_max"]]
    standins = [value for value in standins + data["werkzeug"] + data["branche"] if value]

    filterset = ProfileFilter(queryset=CareerProfile.objects.all(), vocabulary=_NO_CHOICES)
    filterset.form.cleaned_data = data
    compiled = []
    for sql, params in statements_of(filterset.filter_queryset(filterset.queryset)):
        slots = [standins.index(param) if param in standins else None for param in params]
        if sorted(slot for slot in slots if slot is not None) != list(range(len(standins))):
            return None
        compiled.append((sql, [(slot, param) for slot, param in zip(slots, params, strict=True)]))
    return compiled


def statements_of(queryset):
    """``[(count SQL, params), (page SQL, params)]`` of a filtered ``queryset`` as the ORM
    compiles them; the page statement selects views.RESULT_FIELDS, without a limit."""
    from regions.views import RESULT_FIELDS

    count_sql, count_params = queryset.order_by().values("pk").query.sql_with_params()
    return [
        # The ORM's own SQL around the filter; every value in it is a parameter.
        (f"SELECT COUNT(*) FROM ({count_sql}) filtered", count_params),  # noqa: S608
        queryset.values(*RESULT_FIELDS).query.sql_with_params(),
    ]


def _orm_parameters(compiled):
    # Which parameter is which value may differ between two builds (the city filter joins
    # a set); the SQL and the ORM's own parameters may not.
    return [
        (sql, [param if slot is None else "value" for slot, param in slots])
        for sql, slots in compiled
    ]


@functools.lru_cache(maxsize=SHAPES_KEPT)
def _compiled(shape, vendor):
    """(count SQL, its slots, page SQL, its slots) for one shape, or None.

    Built twice with different stand-ins: only when both give the same SQL and the same
    parameters of the ORM's own does every value of the request go straight into its
    slot. (A value that the ORM rewrote on its way into the SQL, say into a LIKE pattern,
    would show up as a parameter that differs between the two.)
    """
    first, second = _compile(shape, 0), _compile(shape, 5_000)
    if first is None or second is None or _orm_parameters(first) != _orm_parameters(second):
        return None
    (count_sql, count_slots), (page_sql, page_slots) = first
    return count_sql, count_slots, page_sql, page_slots


_NO_CHOICES = {"occupations": [], "regions": [], "tools": [], "sectors": []}


def _filled(slots, values):
    return [param if slot is None else values[slot] for slot, param in slots]


def finder_statements(filterset, vendor):
    """For a valid ``filterset``: ``(count SQL, its params, page SQL, its params)`` as in
    ``statements_of``. Taken from the statements compiled for the filter's shape, with the
    request's values; compiled now for a filter with a search text."""
    data = filterset.form.cleaned_data
    compiled = None
    if not data.get("q"):
        shape, values = _shape(data, filterset.salary_range)
        compiled = _compiled(shape, vendor)
    if compiled is None:
        (count_sql, count_params), (page_sql, page_params) = statements_of(filterset.qs)
        return count_sql, count_params, page_sql, page_params
    count_sql, count_slots, page_sql, page_slots = compiled
    return count_sql, _filled(count_slots, values), page_sql, _filled(page_slots, values)
