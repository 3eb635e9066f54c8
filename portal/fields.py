"""Form fields rendered in Python for the public pages.

Django renders every widget, and every option of a choice widget, through a template; the
profile finder's ~130 checkboxes and options took most of its uncached time that way. This
renders the same accessible markup (label or fieldset/legend, help text, errors wired up
with aria-describedby and aria-invalid) for the widgets the public forms use, escaping
with markupsafe like the Jinja2 templates around it (Django's lazy-aware escape helpers
cost several times more per option).
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
    return Markup("").join(
        Markup(" {}").format(name) if value is True else Markup(' {}="{}"').format(name, value)
        for name, value in attrs.items()
        if value is not None and value is not False
    )


def render_field(field):
    """The whole field group of a bound field as safe HTML."""
    widget = field.field.widget
    auto_id = field.auto_id
    described = []
    help_html = error_html = ""
    if field.help_text:
        described.append(f"{auto_id}_helptext")
        help_html = Markup('<div class="helptext" id="{}_helptext">{}</div>').format(
            auto_id, field.help_text
        )
    errors = field.errors
    if errors:
        described.insert(0, f"{auto_id}_error")
        error_html = Markup('<ul class="errorlist" id="{}_error">{}</ul>').format(
            auto_id, Markup("").join(Markup("<li>{}</li>").format(error) for error in errors)
        )
    aria = {}
    if described:
        aria["aria-describedby"] = " ".join(described)
    if errors:
        aria["aria-invalid"] = "true"
    chosen = _as_strings(field.value())
    name = escape(field.html_name)
    auto_id = escape(auto_id)

    if isinstance(widget, forms.CheckboxSelectMultiple):
        options = "".join(
            f'<div><label for="{auto_id}_{index}"><input type="checkbox" '
            f'name="{name}" value="{escape(value)}" '
            f'id="{auto_id}_{index}"{" checked" if value in chosen else ""}> '
            f"{escape(label)}</label></div>"
            for index, (value, label) in enumerate(_choices(field))
        )
        return Markup('<fieldset{}><legend>{}</legend>{}{}<div id="{}">{}</div></fieldset>').format(
            _attributes(aria),
            field.label,
            help_html,
            error_html,
            auto_id,
            Markup(options),  # noqa: S704 - every piece escaped above
        )

    label = Markup('<label for="{}">{}</label>').format(field.id_for_label, field.label)
    attrs = {**widget.attrs, "name": field.html_name, "id": field.auto_id, **aria}
    if field.field.required:
        attrs["required"] = True
    if isinstance(widget, forms.Select):
        options = "".join(
            f'<option value="{escape(value)}"'
            f"{' selected' if value in chosen else ''}>{escape(text)}</option>"
            for value, text in _choices(field)
        )
        # Safe: every value and text escaped above.
        control = Markup("<select{}>{}</select>").format(_attributes(attrs), Markup(options))  # noqa: S704
    elif isinstance(widget, forms.widgets.Input):
        value = widget.format_value(field.value())
        attrs = {"type": widget.input_type, **attrs}
        if value is not None:
            attrs["value"] = value
        control = Markup("<input{}>").format(_attributes(attrs))
    else:
        # Anything else keeps Django's own (slower) rendering.
        return field.as_field_group()
    return label + help_html + error_html + control
