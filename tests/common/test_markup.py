"""The one sanitising Markdown filter."""

import re

import pytest

from common.markup import render_markdown
from tests.conftest import html_tags


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#x09;script:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        '<p onmouseover="alert(1)">x</p>',
        "<iframe src=//evil.example></iframe>",
        "<style>body{display:none}</style>",
        "[x](data:text/html,<script>alert(1)</script>)",
        "![bild](https://evil.example/pixel.png)",
    ],
)
def test_nothing_executable_survives(source):
    tags = html_tags(render_markdown(source))
    assert {tag for tag, _ in tags} <= {"p", "a", "h2", "strong", "em"}
    attributes = [(name, value or "") for _, attrs in tags for name, value in attrs]
    assert {name for name, _ in attributes} <= {"href", "rel", "title"}
    for name, value in attributes:
        if name == "href":
            # Browsers drop literal tabs and newlines inside URLs before reading the scheme.
            cleaned = re.sub(r"[\t\n\r]", "", value).strip().lower()
            assert not re.match(r"(javascript|data|vbscript):", cleaned), value


def test_ordinary_markdown_is_kept():
    html = render_markdown(
        "**fett** und *kursiv*\n\n- eins\n- zwei\n\n[Quelle](https://example.org)"
    )
    assert "<strong>fett</strong>" in html and "<em>kursiv</em>" in html
    assert "<li>eins</li>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">Quelle</a>' in html


def test_a_top_level_heading_cannot_compete_with_the_page_title():
    assert render_markdown("# Titel") == "<h2>Titel</h2>\n"
