"""The public form of an employer's submission (SPEC §10): every field of a posting, with
the model's rules as German messages at the fields, plus contact address and consent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jobs.models import MAX_EXTENSION_DAYS, JobPosting

# The hidden field people never see: a bot that fills every field fills this one too.
HONEYPOT_FIELD = "fax"
# The largest request body the form accepts: the texts at their limits, encoded, with room.
MAX_BODY_BYTES = 256 * 1024

POSTING_FIELDS = [
    "title",
    "employer_name",
    "employer_website",
    "occupation",
    "region",
    "level",
    "min_eur",
    "max_eur",
    "employment",
    "weekly_hours",
    "workplace",
    "tools",
    "sectors",
    "description",
    "apply_url",
    "apply_email",
]


class SubmissionForm(forms.ModelForm):
    """A new submission: the posting, the contact address and the consent."""

    consent = forms.BooleanField(
        label=_(
            "Ich willige ein, dass Revier IT-Karriere die Angaben und meine E-Mail-Adresse "
            "zur Prüfung und Veröffentlichung dieser Stellenanzeige verarbeitet."
        ),
        error_messages={
            "required": _("Ohne Ihre Einwilligung können wir die Anzeige nicht annehmen.")
        },
    )

    class Meta:
        model = JobPosting
        fields = [*POSTING_FIELDS, "contact_email"]
        labels = {"contact_email": _("Ihre E-Mail-Adresse (wird nicht veröffentlicht)")}
        help_texts = {
            "contact_email": _(
                "Hierhin schicken wir den Bestätigungslink, die Entscheidung der Redaktion "
                "und den Link zum Verwalten der Anzeige."
            ),
            "occupation": _(
                "Der Beruf, mit dessen Gehaltsspannen das Portal die Stelle vergleicht."
            ),
        }
        widgets = {
            "tools": forms.CheckboxSelectMultiple,
            "sectors": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 12}),
        }

    editing = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "contact_email" in self.fields:
            self.fields["contact_email"].required = True
        for name in ("occupation", "region"):
            self.fields[name].empty_label = _("Bitte wählen")
        for name in ("level", "workplace"):
            field = self.fields[name]
            field.choices = [("", _("Bitte wählen")), *(c for c in field.choices if c[0])]
        # The form's own rules as the browser can check them, too (the server checks again).
        for name in ("min_eur", "max_eur"):
            self.fields[name].widget.attrs.setdefault("inputmode", "numeric")

    def hidden_values(self):
        """The submitted values as ``(name, value)`` pairs, for the preview's hidden fields."""
        names = [*self.fields]
        return [(name, value) for name in names for value in self.data.getlist(name)]


class EditForm(SubmissionForm):
    """A change through the management link: the posting only; consent was given."""

    consent = None
    editing = True

    class Meta(SubmissionForm.Meta):
        fields = POSTING_FIELDS


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label=_("Verlängern um (Tage)"),
        min_value=1,
        max_value=MAX_EXTENSION_DAYS,
        initial=MAX_EXTENSION_DAYS,
        help_text=_(
            "Einmalig, höchstens 30 Tage und höchstens bis 90 Tage nach der Veröffentlichung."
        ),
    )
