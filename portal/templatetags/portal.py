import json

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import format_html
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


@register.simple_tag(takes_context=True)
def block_text(context, name):
    """The rendered content of the block ``name`` once more, e.g. the title for og:title.

    Renders the most derived version of the block exactly as ``{% block %}`` would, so a
    page states its title and description once and base.html reuses them.
    """
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context is not None else None
    return block.render(context).strip() if block is not None else ""


# Inside <script> only these could end the element or open markup; JSON may write them as
# \u escapes (the same escapes Django's json_script uses).
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """``data`` as a schema.org JSON-LD block that no text in it can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.translate(_JSON_SCRIPT_ESCAPES)
    # Safe: after the translation above the JSON contains no "<", ">" or "&" at all.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag
def json_ld(data):
    return json_ld_script(data) if data else ""
