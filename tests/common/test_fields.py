"""Form fields of the public pages, written by the Jinja macro includes/forms.html."""

import django_filters
import pytest
from django import forms
from django.template import engines
from django.utils import translation

PAIRS = [("a&b", "Ärger <b>&</b> Co."), ("essen", "Essen"), ("hagen", 'Hagen "West"')]


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


class Form(forms.Form):
    """Fields as django-filter makes them: its choice field puts an empty choice first."""

    stadt = django_filters.fields.MultipleChoiceField(
        label="Städte", widget=forms.CheckboxSelectMultiple, required=False, help_text="Mehrere"
    )
    beruf = django_filters.fields.ChoiceField(
        label="Beruf", empty_label="alle Berufe", required=False
    )
    betrag = forms.IntegerField(
        label="Betrag", required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )


def field(bound):
    template = engines["jinja2"].from_string(
        '{% from "includes/forms.html" import field %}{{ field(bound) }}'
    )
    return template.render({"bound": bound})


def form(data):
    form = Form(data)
    for name in ("stadt", "beruf"):
        form.fields[name].choices = PAIRS
    form.is_valid()
    return form


def test_values_and_labels_are_escaped_and_the_empty_choice_comes_first():
    html = {name: field(form({})[name]) for name in ("stadt", "beruf")}
    assert "Ärger &lt;b&gt;&amp;&lt;/b&gt; Co." in html["stadt"]
    assert 'value="a&amp;b"' in html["stadt"]
    assert "Hagen &#34;West&#34;" in html["beruf"]
    assert html["beruf"].index("alle Berufe") < html["beruf"].index("Essen")
    assert (
        '<label><input type="checkbox" name="stadt" value="essen"> Essen</label>' in html["stadt"]
    )
    assert "<legend>Städte</legend>" in html["stadt"]


def test_the_chosen_options_are_flagged():
    chosen = form({"stadt": ["essen", "a&b"], "beruf": "hagen"})
    stadt, beruf = field(chosen["stadt"]), field(chosen["beruf"])
    assert stadt.count(" checked") == 2
    assert 'value="essen" checked' in stadt
    assert '<option value="hagen" selected>' in beruf
    assert beruf.count(" selected") == 1


def test_errors_and_help_are_wired_to_the_control():
    wrong = form({"beruf": "unbekannt", "betrag": "viel"})
    html = field(wrong["beruf"])
    assert 'aria-invalid="true"' in html
    assert 'class="errorlist" id="id_beruf_error"' in html
    assert 'aria-describedby="id_beruf_error"' in html
    betrag = field(wrong["betrag"])
    assert 'value="viel"' in betrag and 'inputmode="numeric"' in betrag
    plain = field(form({})["beruf"])
    assert '<label for="id_beruf">Beruf</label>' in plain
    assert "aria-invalid" not in plain and "errorlist" not in plain
    assert 'aria-describedby="id_stadt_helptext"' in field(form({})["stadt"])
