from django import template
from django.utils.safestring import mark_safe

from portal.fields import render_field
from portal.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Editorial Markdown as sanitised HTML (see portal.markup)."""
    # Safe because nh3 has just reduced the HTML to an allow-list.
    return mark_safe(render_markdown(str(text or "")))  # noqa: S308


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """Absolute URL of the page; a view may narrow it with ``canonical_path``."""
    request = context["request"]
    return request.build_absolute_uri(context.get("canonical_path") or request.path)


@register.simple_tag
def field(bound_field):
    """A form field group rendered fast (see portal.fields)."""
    return render_field(bound_field)
