"""Paging of the public lists (the profile finder, the postings): one page parameter, one
rule for odd page numbers, one way to write a page's query string."""

from urllib.parse import urlencode

from django.utils.translation import gettext as _

PAGE_PARAMETER = "seite"
# A page number beyond this is past the end of any list; larger ones are cut to it.
FURTHEST_PAGE = 10**6


def requested_page(raw):
    """The page number asked for by the parameter ``raw`` and a notice when it is not
    usable as it is (whether it is past the end is only known with the results)."""
    if raw is None or raw.strip() in ("", "1"):
        return 1, ""
    try:
        number = int(raw)
    except ValueError:
        return 1, _("Die Seitenangabe ist keine Zahl; gezeigt wird Seite 1.")
    if number < 1:
        return 1, _("Seiten beginnen bei 1; gezeigt wird Seite 1.")
    return min(number, FURTHEST_PAGE), ""


def page_bounds(count, number, size):
    """``(number, total, start)``: page ``number`` of ``count`` items, ``size`` a page,
    past the end the last page; ``start`` is the index of its first item."""
    total = max(1, -(-count // size))
    number = min(number, total)
    return number, total, (number - 1) * size


def past_end_notice(last):
    return _("So viele Seiten gibt es nicht; gezeigt wird die letzte Seite (%(last)s).") % {
        "last": last
    }


def query_with_page(query, number):
    """The query string of a list's ``query`` (a QueryDict) on page ``number``."""
    pairs = [(name, value) for name, values in query.lists() for value in values]
    return urlencode([*pairs, (PAGE_PARAMETER, number)] if number > 1 else pairs)


def paging_context(request, query, page):
    """What a list's template needs to page: links to the neighbours and the canonical path
    (``page`` has ``number`` and ``total``)."""
    encoded = query_with_page(query, page.number)
    return {
        "previous_url": f"?{query_with_page(query, page.number - 1)}" if page.number > 1 else "",
        "next_url": f"?{query_with_page(query, page.number + 1)}"
        if page.number < page.total
        else "",
        "canonical_path": f"{request.path}?{encoded}" if encoded else request.path,
    }
