"""The public pages' Jinja2 environment writes dates and numbers as the Django templates did."""

import datetime

import pytest
from django.template import engines
from django.template.defaultfilters import date as django_date
from django.utils import translation
from jinja2 import DictLoader
from markupsafe import Markup, escape

from common.jinja2 import environment
from common.text import format_day


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


@pytest.mark.parametrize("month", range(1, 13))
def test_days_are_written_like_djangos_date_filter(month):
    day = datetime.date(2026, month, 3)
    expected = django_date(day, "j. F Y")
    assert render('{{ day|date("j. F Y") }}', day=day) == expected
    assert format_day(day) == expected


def test_times_are_shown_in_the_sites_time_zone():
    moment = datetime.datetime(2026, 11, 22, 8, 59, tzinfo=datetime.UTC)
    assert render('{{ moment|date("j. F Y, H:i") }}', moment=moment) == "22. November 2026, 09:59"
    assert render('{{ moment|date("Y-m-d\\\\TH:i:sO") }}', moment=moment) == (
        "2026-11-22T09:59:00+0100"
    )


def test_numbers_get_german_thousands_separators():
    assert render("{{ 2854|number }} / {{ 952|number }}") == "2.854 / 952"


def test_text_is_escaped_and_placeholders_in_translations_too():
    html = render(
        "{{ name }} {% trans name=name %}Stand: {{ name }}{% endtrans %}", name="<b>Ruhr</b>"
    )
    assert html == "&lt;b&gt;Ruhr&lt;/b&gt; Stand: &lt;b&gt;Ruhr&lt;/b&gt;"


class Html:
    def __html__(self):
        return "<em>schon HTML</em>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tom & Jerry's <Büro>", "Tom &amp; Jerry&#39;s &lt;Büro&gt;"),
        (Markup("<strong>sicher</strong>"), "<strong>sicher</strong>"),
        (Html(), "<em>schon HTML</em>"),
        (4200, "4200"),
        (None, "None"),
        (['"a"'], "[&#39;&#34;a&#34;&#39;]"),
    ],
)
def test_output_is_escaped_exactly_as_markupsafe_escapes_it(value, expected):
    assert render("{{ value }}", value=value) == expected == str(escape(value))


def test_macros_and_set_blocks_are_not_escaped_twice():
    source = (
        "{% macro badge(text) %}<b>{{ text }}</b>{% endmacro %}"
        "{% set note %}<i>{{ text }}</i>{% endset %}"
        "{{ badge(text) }} {{ note }} {{ text|upper }}"
    )
    html = render(source, text="a<b")
    assert html == "<b>a&lt;b</b> <i>a&lt;b</i> A&lt;B"


def test_output_without_autoescape_is_left_as_it_is():
    assert render("{% autoescape false %}{{ value }}{% endautoescape %}", value="<b>") == "<b>"


def test_a_missing_variable_prints_nothing():
    assert render("[{{ nothing }}]") == "[]"


@pytest.mark.parametrize(("language", "expected"), [("de", "Januar"), ("en", "January")])
def test_texts_are_translated_into_the_language_active_when_rendering_began(language, expected):
    # Inside a loop and inside a block that sets a variable too, where Jinja would hand a
    # function that asks for the template context a copy of it.
    source = (
        "{{ _('January') }}|{% for _x in [1] %}{{ _('January') }}{% endfor %}|"
        "{% set y = 1 %}{{ ngettext('%(num)d year', '%(num)d years', 2) }}"
    )
    with translation.override(language):
        html = render(source)
    years = "2 Jahre" if language == "de" else "2 years"
    assert html == f"{expected}|{expected}|{years}"


def test_macros_speak_the_language_of_each_request(rf):
    # Jinja keeps a module of macros imported without context for the whole process; its
    # texts must still follow the language of the request that renders the page.
    env = environment(
        loader=DictLoader(
            {
                "macros.html": "{% macro month() %}{{ _('January') }}{% endmacro %}",
                "page.html": "{% from 'macros.html' import month %}{{ month() }}",
            }
        )
    )
    page = env.get_template("page.html")
    for language, expected in [("de", "Januar"), ("en", "January"), ("de", "Januar")]:
        with translation.override(language):
            assert page.render(request=rf.get("/")) == expected
