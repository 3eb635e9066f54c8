"""Form fields rendered in Python for the public pages.

Django renders every widget, and every option of a choice widget, through a template; the
profile finder's ~130 checkboxes and options took most of its uncached time that way. This
renders the same accessible markup (label or fieldset/legend, help text, errors wired up
with aria-describedby and aria-invalid) for the widgets the public forms use.

A long choice list that many requests share (the finder's cities, tools, sectors and
occupations) comes as ``Choices``: its pairs are iterated as they are, without Django
normalising every pair on every pass, and each field's options are escaped and written
once per list rather than once per request (``Choices.options``). What a field writes
whatever the request (label, help text, the control's fixed attributes) is written once
per field and language (``_static``); errors, values and chosen options are written for
each form.

Every value from outside goes through markupsafe's ``escape`` (as in the Jinja2
templates around it) before it is put into the markup; the pieces are joined as plain
strings and marked safe once at the end, because Django's lazy-aware escape helpers and
``Markup.format`` cost several times more per option.
"""

import itertools

from django import forms
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from markupsafe import Markup, escape

from portal.memo import ObjectMemo


class Choices(BaseChoiceIterator):
    """Fixed ``(value, label)`` pairs for a choice field, with their options written once
    per field.

    Django hands a ``BaseChoiceIterator`` through to the field as it is, so validation and
    rendering iterate the pairs directly. Equal lists compare equal.
    """

    def __init__(self, pairs):
        self.pairs = tuple((str(value), str(label)) for value, label in pairs)
        self._options = {}

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self):
        return len(self.pairs)

    def __getitem__(self, index):
        return self.pairs[index]

    def __eq__(self, other):
        return isinstance(other, Choices) and self.pairs == other.pairs

    __hash__ = None

    def __repr__(self):
        return f"Choices({list(self.pairs)!r})"

    def written(self, key, write):
        """``write(pairs)``, worked out on the first call with ``key`` and then kept with
        the list (markup for the pairs: each writer has a key of its own)."""
        if key not in self._options:
            self._options[key] = write(self.pairs)
        return self._options[key]

    def options(self, kind, auto_id, name):
        """The options of the field with ``auto_id`` and ``name`` (both escaped already)
        as ``_written`` writes them, written on the first call."""
        return self.written(
            (kind, auto_id, name), lambda pairs: _written(kind, auto_id, name, pairs)
        )


def _written(kind, auto_id, name, pairs):
    """``[(value, head, tail), …]`` for the options ``pairs`` of a widget ``kind``
    ("checkbox" or "option"): each option's markup before and after its flag."""
    written = []
    for index, (value, label) in enumerate(pairs):
        value_html, label_html = escape(value), escape(label)
        if kind == "checkbox":
            head = (
                f'<div><label for="{auto_id}_{index}"><input type="checkbox" '
                f'name="{name}" value="{value_html}" id="{auto_id}_{index}"'
            )
            written.append((value, head, f"> {label_html}</label></div>"))
        else:
            written.append((value, f'<option value="{value_html}"', f">{label_html}</option>"))
    return written


def _options(field, kind, auto_id, name, chosen):
    """The options of ``field``'s widget with the ``chosen`` values flagged."""
    flag = " checked" if kind == "checkbox" else " selected"
    choices = field.field.choices
    # django-filter's choice fields put their empty choice in front of the field's own.
    own = getattr(choices, "choices", choices)
    if isinstance(own, Choices) and (kind == "option" or len(choices) == len(own)):
        # The field is the form's own copy (its choices are set per form): nothing to keep.
        leading = itertools.islice(_choices(field), len(choices) - len(own))
        lead = flagged(_written(kind, auto_id, name, leading), flag, chosen)
        if not chosen:
            # Nothing chosen: the list as it always reads, joined once.
            return lead + own.written(
                ("unflagged", kind, auto_id, name),
                lambda pairs: flagged(own.options(kind, auto_id, name), flag, ()),
            )
        return lead + flagged(own.options(kind, auto_id, name), flag, chosen)
    return flagged(_kept(field, kind, auto_id, name), flag, chosen)


def flagged(written, flag, chosen):
    """The markup of options ``written`` as ``[(value, head, tail), …]`` (escaped when
    they were written), with ``flag`` between head and tail of the ``chosen`` values."""
    return "".join(
        f"{head}{flag}{tail}" if value in chosen else f"{head}{tail}"
        for value, head, tail in written
    )


# Options written for a form field object that outlives its form (the finder's fields that
# every form shares, regions.filters._FormFields), per language: their labels are lazy
# translations, and looking each one up again was most of the time of a small select.
_KEPT = ObjectMemo(maxsize=256)


def _kept(field, kind, auto_id, name):
    """``_written`` for the choices of ``field``, written once per field object, choice
    list, widget kind, id, name and language."""
    form_field = field.field
    return _KEPT.get(
        (form_field, getattr(form_field, "_choices", None)),
        (kind, auto_id, name, translation.get_language()),
        lambda: _written(kind, auto_id, name, _choices(field)),
    )


def _as_strings(value):
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return {str(item) for item in value}
    return {str(value)}


def _choices(field):
    for value, label in field.field.choices:
        if isinstance(label, list | tuple):  # option groups are not used on public forms
            raise TypeError(f"option groups are not supported: {field.name}")
        yield str(value), label


def _attributes(attrs):
    """' name="value"' for each attribute; True writes the bare name, False/None nothing."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not None and value is not False
    )


def _html(*pieces):
    # Safe: render_field escapes every value it puts into a piece.
    return Markup("".join(pieces))  # noqa: S704


class _Static:
    """What a field writes whatever the request, escaped: its ids and name, label (or
    legend), help text and the fixed attributes of its control."""

    def __init__(self, field):
        widget = field.field.widget
        self.auto_id = escape(field.auto_id)
        self.name = escape(field.html_name)
        self.describes = f"{field.auto_id}_helptext" if field.help_text else ""
        self.help = (
            f'<div class="helptext" id="{self.auto_id}_helptext">{escape(field.help_text)}</div>'
            if field.help_text
            else ""
        )
        self.required = " required" if field.field.required else ""
        if isinstance(widget, forms.CheckboxSelectMultiple):
            self.label = f"<legend>{escape(field.label)}</legend>"
        else:
            self.label = f'<label for="{escape(field.id_for_label)}">{escape(field.label)}</label>'
        attrs = {**widget.attrs, "name": field.html_name, "id": field.auto_id}
        if isinstance(widget, forms.widgets.Input):
            attrs = {"type": widget.input_type, **attrs}
        self.attributes = _attributes(attrs)


# _Static per field, language, ids and the objects its texts and attributes come from: the
# finder's forms are built per request, but their fields' labels, help texts and widget
# attributes are the same objects every time, and a label or help text is a lazy
# translation, looked up again on every use. (A form whose fields get new objects each
# time finds nothing kept and writes them afresh.) A widget's attrs are never changed in
# place once the form class is built: its forms share them.
_STATICS = ObjectMemo(maxsize=256)


def _static(field):
    widget = field.field.widget
    return _STATICS.get(
        (field.label, field.help_text, widget.attrs),
        (
            type(widget),
            getattr(widget, "input_type", None),
            field.field.required,
            field.auto_id,
            field.html_name,
            translation.get_language(),
        ),
        lambda: _Static(field),
    )


def render_field(field):
    """The whole field group of a bound field as safe HTML."""
    widget = field.field.widget
    if not isinstance(widget, forms.CheckboxSelectMultiple | forms.Select | forms.widgets.Input):
        # Anything else keeps Django's own (slower) rendering.
        return field.as_field_group()
    static = _static(field)
    auto_id = static.auto_id
    described = [static.describes] if static.describes else []
    error_html = aria = ""
    errors = field.errors
    if errors:
        described.insert(0, f"{field.auto_id}_error")
        items = "".join(f"<li>{escape(error)}</li>" for error in errors)
        error_html = f'<ul class="errorlist" id="{auto_id}_error">{items}</ul>'
    if described:
        aria = f' aria-describedby="{escape(" ".join(described))}"'
    if errors:
        aria += ' aria-invalid="true"'
    value = field.value()

    if isinstance(widget, forms.CheckboxSelectMultiple):
        options = _options(field, "checkbox", auto_id, static.name, _as_strings(value))
        return _html(
            f"<fieldset{aria}>{static.label}",
            static.help,
            error_html,
            f'<div id="{auto_id}">{options}</div></fieldset>',
        )
    if isinstance(widget, forms.Select):
        options = _options(field, "option", auto_id, static.name, _as_strings(value))
        control = f"<select{static.attributes}{aria}{static.required}>{options}</select>"
    else:
        value = widget.format_value(value)
        value_html = "" if value is None else f' value="{escape(value)}"'
        control = f"<input{static.attributes}{aria}{static.required}{value_html}>"
    return _html(static.label, static.help, error_html, control)
