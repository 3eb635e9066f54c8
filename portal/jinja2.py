"""The Jinja2 environment of the public pages (templates/jinja2/).

The public pages are rendered by Jinja2 rather than the Django template language: it
compiles templates to Python functions and rendered the city lists and the finder several
times faster, which the uncached path of issue 5 needs (docs/performance.md). The admin
keeps Django templates.

Texts are gettext-ready as everywhere else: ``_()``, ``ngettext()`` and ``{% trans %}``
are Django's translations (newstyle gettext, so placeholders are escaped). Each text is
looked up in Django's catalogue once per process and language and then remembered: a page
asks for fifty to a hundred texts, and every call of Django's ``gettext`` finds the active
language through a context-local variable first, which was a tenth of a page's rendering
time. The language is read once per page (``PageTemplate``).
"""

import datetime
import functools

from django.conf import settings
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.timezone import template_localtime
from jinja2 import Environment, Template, Undefined, pass_eval_context
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape

try:  # markupsafe's C function behind escape(): a str in, the escaped str out
    from markupsafe import _escape_inner
except ImportError:  # pragma: no cover - another markupsafe; the same result, slower

    def _escape_inner(text):
        return str(escape(text))


from jobs.structured_data import json_ld_script
from portal.fields import render_field
from portal.markup import render_markdown
from portal.text import format_day, group_thousands


@pass_eval_context
def url(eval_ctx, name, **kwargs):
    """``{% url %}``: a named URL, reversed once per name, arguments and script prefix
    (read once per page, PageTemplate).

    The templates name fixed URLs (navigation, footer, forms); links to profiles and
    cities come from the views (``get_absolute_url``, ``portal.links``).
    """
    prefix = getattr(eval_ctx, "script_prefix", None) or get_script_prefix()
    return _reverse(name, prefix, tuple(sorted(kwargs.items())))


@functools.cache
def _reverse(name, prefix, kwargs):
    return reverse(name, kwargs=dict(kwargs))


def static_url(path):
    """``{% static %}``: the URL of a static file (its hashed name from the manifest in
    production), looked up once per path and static files configuration; every page asks
    for the same few files, and the storage's lookup was a visible share of a small page."""
    return _static(path, settings.STATIC_URL, settings.STORAGES["staticfiles"]["BACKEND"])


@functools.lru_cache(maxsize=256)
def _static(path, static_url_setting, storage_backend):
    return static(path)


def canonical_url(request, path=None):
    """Absolute URL of the page; a view may narrow it with ``canonical_path``."""
    return request.build_absolute_uri(path or request.path)


def date(value, format_string):
    """Django's ``date`` filter, in the site's time zone as in the Django templates.

    The pages' usual format for a day, "j. F Y" (20. November 2026), takes a short cut:
    Django's date formatting is a visible cost on a list of twenty profiles.
    """
    if format_string == "j. F Y" and type(value) is datetime.date:
        return format_day(value)
    return defaultfilters.date(template_localtime(value), format_string)


def number(value):
    """A whole number with German thousands separators: 2.854."""
    return group_thousands(value)


def markdown(text):
    """Editorial Markdown as sanitised HTML (see portal.markup)."""
    # Safe because nh3 has just reduced the HTML to an allow-list.
    return Markup(render_markdown(str(text or "")))  # noqa: S704


@functools.lru_cache(maxsize=4096)
def _gettext(language_code, message):
    with translation.override(language_code):
        return translation.gettext(message)


@functools.lru_cache(maxsize=4096)
def _ngettext(language_code, singular, plural, number):
    with translation.override(language_code):
        return translation.ngettext(singular, plural, number)


@functools.lru_cache(maxsize=4096)
def _markup(text):
    # What Jinja's newstyle gettext makes of a text without placeholders: the translation as
    # markup, "%%" written as "%". Worked out once per text; most texts have no placeholders.
    # Safe as in Jinja: translations are the site's own texts; values filled into
    # placeholders are escaped by Markup's "%".
    return Markup(text) % {}  # noqa: S704


# Jinja's newstyle gettext and ngettext, with the translations above: the same results
# (placeholders filled in escaped, every text treated as a format string), but a text
# without placeholders comes ready from _markup.
#
# They take the evaluation context, which carries the page's language (PageTemplate), not
# the template context: Jinja hands a function that asks for the template context a copy
# of it, with every variable of the page, whenever it is called inside a loop or a block
# that sets variables. That copy was a sixth of the comparison's time.
@pass_eval_context
def gettext(eval_ctx, message, /, **variables):
    text = _gettext(_language(eval_ctx), message)
    if not eval_ctx.autoescape:
        return text % variables
    return Markup(text) % variables if variables else _markup(text)  # noqa: S704


@pass_eval_context
def ngettext(eval_ctx, singular, plural, number, /, **variables):
    variables.setdefault("num", number)
    text = _ngettext(_language(eval_ctx), singular, plural, number)
    if not eval_ctx.autoescape:
        return text % variables
    return Markup(text) % variables  # noqa: S704


class PageTemplate(Template):
    """A template whose evaluation context, when it renders for a request, knows the
    active language (``language``) and script prefix (``script_prefix``), for the
    translations above and ``url``.

    Both are read once when a page or a template it includes begins rendering: each is a
    context-local variable, looked up at a cost. A context without the request is not one
    request's: Jinja keeps the module of macros imported without context for the whole
    process, so the functions above look both up afresh there.
    """

    def new_context(self, vars=None, shared=False, locals=None):  # noqa: A002 - Jinja's name
        context = super().new_context(vars, shared, locals)
        if vars and "request" in vars:
            context.eval_ctx.language = translation.get_language()
            context.eval_ctx.script_prefix = get_script_prefix()
        return context


def _language(eval_ctx):
    return getattr(eval_ctx, "language", None) or translation.get_language()


def escape_output(value):
    """What ``{{ value }}`` writes with autoescape on: markupsafe's ``escape``, as the
    plain string it would be joined into.

    ``escape`` returns its result as ``Markup``, whose constructor is Python code; a page
    writes some three hundred values, and building those objects only to join them was
    about a tenth of a page's rendering time. The text is the same: a value with
    ``__html__`` is written as that, any other as its escaped string.
    """
    if type(value) is str:
        return _escape_inner(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape_inner(str(value))


class PageCodeGenerator(CodeGenerator):
    """Jinja's compiler, writing ``{{ value }}`` through ``escape_output``.

    Only the escaping of output changes: where autoescape is known at compile time to be
    on, the generated code calls ``escape_output`` instead of Jinja's ``escape``. Macros,
    ``{% set %}`` blocks and filters still return ``Markup`` (Jinja wraps their joined
    output), so nothing is escaped twice.
    """

    def visit_Template(self, node, frame=None):
        super().visit_Template(node, frame)
        # Module-level, run once when the template is loaded; the render functions above
        # look the name up when they run.
        self.writeline(f"from {__name__} import escape_output")

    def _output_child_pre(self, node, frame, finalize):
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("escape_output(")
        if finalize.src is not None:
            self.write(finalize.src)


def environment(**options):
    # Like the Django templates, a missing variable prints as nothing, also under DEBUG
    # (Django's default there, DebugUndefined, would print the placeholder itself).
    options["undefined"] = Undefined
    options["keep_trailing_newline"] = True
    options.pop("autoescape", None)  # always on, whatever a setting says
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.code_generator_class = PageCodeGenerator
    # Newstyle gettext (placeholders as keyword arguments, filled in escaped) with the
    # functions above, which are complete newstyle functions themselves: set directly
    # rather than through install_gettext_callables, which would wrap them once more.
    env.newstyle_gettext = True
    # ``_`` too: the extension's own ``_`` is a second call that asks for the context.
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
    env.template_class = PageTemplate
    env.globals.update(
        url=url,
        static=static_url,
        canonical_url=canonical_url,
        field=render_field,
        json_ld=json_ld_script,
    )
    env.filters.update(
        date=date,
        number=number,
        truncatechars=defaultfilters.truncatechars,
        markdown=markdown,
    )
    return env
