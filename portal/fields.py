"""Form fields rendered in Python for the public pages.

Django renders every widget, and every option of a choice widget, through a template; the
profile finder's ~130 checkboxes and options took most of its uncached time that way. This
renders the same accessible markup (label or fieldset/legend, help text, errors wired up
with aria-describedby and aria-invalid) for the widgets the public forms use.

Every value from outside goes through markupsafe's ``escape`` (as in the Jinja2
templates around it) before it is put into the markup; the pieces are joined as plain
strings and marked safe once at the end, because Django's lazy-aware escape helpers and
``Markup.format`` cost several times more per option.
"""

from django import forms
from markupsafe import Markup, escape


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


def render_field(field):
    """The whole field group of a bound field as safe HTML."""
    widget = field.field.widget
    auto_id = escape(field.auto_id)
    described = []
    help_html = error_html = ""
    if field.help_text:
        described.append(f"{auto_id}_helptext")
        help_html = f'<div class="helptext" id="{auto_id}_helptext">{escape(field.help_text)}</div>'
    errors = field.errors
    if errors:
        described.insert(0, f"{auto_id}_error")
        items = "".join(f"<li>{escape(error)}</li>" for error in errors)
        error_html = f'<ul class="errorlist" id="{auto_id}_error">{items}</ul>'
    aria = {}
    if described:
        aria["aria-describedby"] = " ".join(described)
    if errors:
        aria["aria-invalid"] = "true"
    chosen = _as_strings(field.value())
    name = escape(field.html_name)

    if isinstance(widget, forms.CheckboxSelectMultiple):
        options = "".join(
            f'<div><label for="{auto_id}_{index}"><input type="checkbox" '
            f'name="{name}" value="{escape(value)}" '
            f'id="{auto_id}_{index}"{" checked" if value in chosen else ""}> '
            f"{escape(label)}</label></div>"
            for index, (value, label) in enumerate(_choices(field))
        )
        return _html(
            f"<fieldset{_attributes(aria)}><legend>{escape(field.label)}</legend>",
            help_html,
            error_html,
            f'<div id="{auto_id}">{options}</div></fieldset>',
        )

    label = f'<label for="{escape(field.id_for_label)}">{escape(field.label)}</label>'
    attrs = {**widget.attrs, "name": field.html_name, "id": field.auto_id, **aria}
    if field.field.required:
        attrs["required"] = True
    if isinstance(widget, forms.Select):
        options = "".join(
            f'<option value="{escape(value)}"'
            f"{' selected' if value in chosen else ''}>{escape(text)}</option>"
            for value, text in _choices(field)
        )
        control = f"<select{_attributes(attrs)}>{options}</select>"
    elif isinstance(widget, forms.widgets.Input):
        value = widget.format_value(field.value())
        attrs = {"type": widget.input_type, **attrs}
        if value is not None:
            attrs["value"] = value
        control = f"<input{_attributes(attrs)}>"
    else:
        # Anything else keeps Django's own (slower) rendering.
        return field.as_field_group()
    return _html(label, help_html, error_html, control)
