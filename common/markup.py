"""Editorial Markdown to safe HTML: the one way text written in the admin reaches a page.

markdown-it-py renders CommonMark with raw HTML switched off (so ``<script>`` arrives as
text), and nh3 then keeps only an allow-list of tags, attributes and URL schemes, so
neither ``javascript:`` links nor event handlers survive, whatever the renderer lets by.
"""

import nh3
from markdown_it import MarkdownIt

# Single newlines become <br>: editors type addresses and short lines in a textarea.
_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text):
    """Sanitised HTML for ``text``; a page has one h1, so Markdown's ``#`` becomes h2."""
    tokens = _markdown.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
