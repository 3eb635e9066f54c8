"""Form fields rendered in Python for the public pages.

Django renders every widget, and every option of a choice widget, through a template; the
profile finder's ~130 checkboxes and options took most of its uncached time that way. This
renders the same accessible markup (label or fieldset/legend, help text, errors wired up
with aria-describedby and aria-invalid) for the widgets the public forms use.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


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


def render_field(field):
    """The whole field group of a bound field as safe HTML."""
    widget = field.field.widget
    auto_id = field.auto_id
    described = []
    help_html = error_html = ""
    if field.help_text:
        described.append(f"{auto_id}_helptext")
        help_html = format_html(
            '<div class="helptext" id="{}_helptext">{}</div>', auto_id, field.help_text
        )
    if field.errors:
        described.insert(0, f"{auto_id}_error")
        error_html = format_html(
            '<ul class="errorlist" id="{}_error">{}</ul>',
            auto_id,
            mark_safe("".join(format_html("<li>{}</li>", e) for e in field.errors)),  # noqa: S308
        )
    aria = {}
    if described:
        aria["aria-describedby"] = " ".join(described)
    if field.errors:
        aria["aria-invalid"] = "true"
    chosen = _as_strings(field.value())
    name = field.html_name

    if isinstance(widget, forms.CheckboxSelectMultiple):
        options = "".join(
            f'<div><label for="{auto_id}_{index}"><input type="checkbox" '
            f'name="{conditional_escape(name)}" value="{conditional_escape(value)}" '
            f'id="{auto_id}_{index}"{" checked" if value in chosen else ""}> '
            f"{conditional_escape(label)}</label></div>"
            for index, (value, label) in enumerate(_choices(field))
        )
        return format_html(
            '<fieldset{}><legend>{}</legend>{}{}<div id="{}">{}</div></fieldset>',
            flatatt(aria),
            field.label,
            help_html,
            error_html,
            auto_id,
            mark_safe(options),  # noqa: S308 - every piece escaped above
        )

    label = format_html('<label for="{}">{}</label>', field.id_for_label, field.label)
    attrs = {**widget.attrs, "name": name, "id": auto_id, **aria}
    if field.field.required:
        attrs["required"] = True
    if isinstance(widget, forms.Select):
        options = "".join(
            f'<option value="{conditional_escape(value)}"'
            f"{' selected' if value in chosen else ''}>{conditional_escape(text)}</option>"
            for value, text in _choices(field)
        )
        control = format_html("<select{}>{}</select>", flatatt(attrs), mark_safe(options))  # noqa: S308
    elif isinstance(widget, forms.widgets.Input):
        value = widget.format_value(field.value())
        attrs = {"type": widget.input_type, **attrs}
        if value is not None:
            attrs["value"] = value
        control = format_html("<input{}>", flatatt(attrs))
    else:
        # Anything else keeps Django's own (slower) rendering.
        return field.as_field_group()
    return format_html("{}{}{}{}", label, help_html, error_html, control)
