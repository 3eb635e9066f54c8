"""The Jinja2 environment of the public pages (templates/jinja2/).

The public pages are Jinja2 templates (Django's own Jinja2 backend); the admin keeps
Django templates. Texts are gettext-ready as everywhere else: ``_()``, ``ngettext()`` and
``{% trans %}`` are Django's translations, installed as Jinja's newstyle gettext, so
values filled into placeholders are escaped.
"""

import json

from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.timezone import template_localtime
from jinja2 import Environment, Undefined
from markupsafe import Markup

from common.markup import render_markdown
from common.text import format_day, format_eur_difference, group_thousands

# Inside <script> only these could end the element or open markup; JSON may write them as
# \u escapes (the same ones Django's json_script uses).
_JSON_SCRIPT_ESCAPES = {ord("&"): "\\u0026", ord("<"): "\\u003C", ord(">"): "\\u003E"}


def url(name, **kwargs):
    """``{% url %}``: the path of a named URL."""
    return reverse(name, kwargs=kwargs or None)


def canonical_url(request, path=None):
    """Absolute URL of the page; a view may narrow it with ``canonical_path``."""
    return request.build_absolute_uri(path or request.path)


def date(value, format_string):
    """Django's ``date`` filter, in the site's time zone as in the Django templates."""
    return defaultfilters.date(template_localtime(value), format_string)


def number(value):
    """A whole number with German thousands separators: 2.854."""
    return group_thousands(value)


def markdown(text):
    """Editorial Markdown as sanitised HTML (see common.markup)."""
    # Safe because nh3 has just reduced the HTML to an allow-list.
    return Markup(render_markdown(str(text or "")))  # noqa: S704


def json_ld(data):
    """``data`` as JSON for a ``<script type="application/ld+json">`` element, which no text
    in it can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Safe: after the translation the JSON contains no "<", ">" or "&" at all.
    return Markup(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S704


def environment(**options):
    # Like the Django templates, a missing variable prints as nothing, also under DEBUG.
    options["undefined"] = Undefined
    options["keep_trailing_newline"] = True
    options.pop("autoescape", None)  # always on, whatever a setting says
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n", "jinja2.ext.do"], **options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    env.globals.update(url=url, static=static, canonical_url=canonical_url)
    env.filters.update(
        date=date,
        day=format_day,
        number=number,
        eur_difference=format_eur_difference,
        truncatechars=defaultfilters.truncatechars,
        markdown=markdown,
        json_ld=json_ld,
    )
    return env
