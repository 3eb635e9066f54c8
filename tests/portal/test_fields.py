"""Form fields rendered in Python (portal.fields), with and without ready-written choices."""

import django_filters
import pytest
from django import forms
from django.http import QueryDict

from portal.fields import Choices, render_field

PAIRS = [("a&b", "Ärger <b>&</b> Co."), ("essen", "Essen"), ("hagen", 'Hagen "West"')]


class Form(forms.Form):
    """Fields as django-filter makes them: its choice field puts an empty choice first."""

    stadt = django_filters.fields.MultipleChoiceField(
        label="Städte", widget=forms.CheckboxSelectMultiple, required=False
    )
    beruf = django_filters.fields.ChoiceField(
        label="Beruf", empty_label="alle Berufe", required=False
    )


def rendered(data, choices):
    form = Form(data)
    for name in ("stadt", "beruf"):
        form.fields[name].choices = choices
    form.is_valid()
    return {name: str(render_field(form[name])) for name in ("stadt", "beruf")}


@pytest.mark.parametrize(
    "data", [{}, {"stadt": ["essen", "a&b"], "beruf": "hagen"}, {"stadt": ["unbekannt"]}]
)
def test_ready_written_choices_render_like_a_plain_list(data):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    choices = Choices(PAIRS)
    assert rendered(query, choices) == rendered(query, PAIRS)
    # Written once, the options still flag what each form has chosen.
    assert rendered(query, choices) == rendered(query, list(PAIRS))


def test_values_and_labels_are_escaped_and_the_empty_choice_comes_first():
    html = rendered({}, Choices(PAIRS))
    assert "Ärger &lt;b&gt;&amp;&lt;/b&gt; Co." in html["stadt"]
    assert 'value="a&amp;b"' in html["stadt"]
    assert "Hagen &#34;West&#34;" in html["beruf"]
    assert html["beruf"].index("alle Berufe") < html["beruf"].index("Essen")
    assert 'id="id_stadt_0"' in html["stadt"] and 'id="id_stadt_2"' in html["stadt"]


def test_equal_lists_compare_equal():
    assert Choices(PAIRS) == Choices(list(PAIRS))
    assert Choices(PAIRS) != Choices(PAIRS[:2])
    assert list(Choices(PAIRS)) == PAIRS


def test_what_one_form_changes_or_gets_wrong_stays_with_that_form():
    # Labels, help texts and attributes are written once per field and language; a form
    # that changes its own field's label, or has an error, shows that only in itself.
    relabelled = Form({})
    relabelled.fields["beruf"].label = "Wunschberuf"
    wrong = Form({"beruf": "unbekannt"})
    plain = Form({})
    for form in (relabelled, wrong, plain):
        form.fields["beruf"].choices = Choices(PAIRS)
        form.is_valid()
    assert "Wunschberuf" in render_field(relabelled["beruf"])
    assert 'aria-invalid="true"' in render_field(wrong["beruf"])
    assert 'class="errorlist"' in render_field(wrong["beruf"])
    html = render_field(plain["beruf"])
    assert '<label for="id_beruf">Beruf</label>' in html
    assert "aria-invalid" not in html and "errorlist" not in html
