"""Admin forms for profiles: messages an editor understands, at the field they concern.

The rules are the database constraints of ``SalaryBand`` (and the model's ``clean()``);
these forms only make sure each one is reported in plain German next to the right field,
also where Django would only say it at the top (two new rows of the same level).
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from regions.models import MAX_MONTHLY_EUR, SalaryBand

AMOUNT_VALIDATORS = [
    MinValueValidator(1, message=_("Bitte einen Betrag über 0 € eingeben.")),
    MaxValueValidator(
        MAX_MONTHLY_EUR,
        message=_("Mehr als %(limit_value)s € im Monat? Bitte den Betrag prüfen."),
    ),
]


class SalaryBandForm(forms.ModelForm):
    class Meta:
        model = SalaryBand
        fields = ["level", "min_eur", "max_eur", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("min_eur", "max_eur"):
            field = self.fields[name]
            field.min_value = None
            field.validators = list(AMOUNT_VALIDATORS)
            field.widget.attrs.pop("min", None)
            field.error_messages["invalid"] = _(
                "Bitte einen ganzen Eurobetrag ohne Punkt eingeben."
            )

    def _get_validation_exclusions(self):
        # "One band per level" is checked across all rows by SalaryBandFormSet, which also
        # sees rows deleted in the same submit; row by row against the database it would
        # refuse replacing a deleted band by a new one of the same level. Django has no
        # public way to leave one field out of a model form's unique and constraint
        # checks; this is the method ModelForm itself uses for that.
        return super()._get_validation_exclusions() | {"level"}


def _deleted(form):
    """Whether the row ``form`` is ticked for deletion in its (validated) formset."""
    return form.cleaned_data.get(DELETION_FIELD_NAME, False)


class SalaryBandFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or _deleted(form):
                continue
            level = form.cleaned_data.get("level")
            if not level:
                continue
            if level in seen:
                form.add_error(
                    "level",
                    _(
                        "Die Stufe „%(level)s“ kommt doppelt vor; je Stufe gibt es eine "
                        "Gehaltsspanne. Bitte die Zeilen zusammenführen oder eine andere Stufe "
                        "wählen."
                    )
                    % {"level": SalaryBand.Level(level).label},
                )
            seen.setdefault(level, form)

    def save_existing_objects(self, commit=True):
        # Rows may trade levels in one submit (entry <-> experienced, or a row taking the
        # level of a row deleted further down). Saved row by row, the first update would
        # hit "one band per level" while the other row still holds that level. So the
        # deleted rows and the rows changing level leave the table first; saving the
        # latter then inserts them again under their own primary keys.
        if commit:
            leaving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk
                and (_deleted(form) or (form.has_changed() and "level" in form.changed_data))
            ]
            if leaving:
                SalaryBand.objects.filter(pk__in=leaving).delete()
        return super().save_existing_objects(commit)
