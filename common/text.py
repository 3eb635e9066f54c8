"""German text for the public pages: slugs, euro amounts, days."""

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.text import slugify

# German transliteration first, so "Mülheim" becomes "muelheim", not "mulheim".
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def german_slugify(value):
    """Slug with German transliteration: 'Mülheim an der Ruhr' -> 'muelheim-an-der-ruhr'."""
    return slugify(str(value).translate(_GERMAN))


def title_slug(title, max_length=80):
    """The slug a free title gets in a URL: German transliteration, at most ``max_length``
    characters cut at a hyphen where possible, never empty."""
    slug = german_slugify(title)
    if len(slug) > max_length:
        cut = slug[: max_length + 1].rpartition("-")[0] or slug[:max_length]
        slug = cut.strip("-")
    return slug or "stelle"


def group_thousands(amount):
    """3000 -> '3.000': the portal speaks German only, whatever the request's locale."""
    return f"{int(amount):,}".replace(",", ".")


def format_eur(amount):
    """A whole-euro amount the German way: 3000 -> '3.000 €' (non-breaking space)."""
    return f"{group_thousands(amount)}\u00a0€"


def format_eur_range(low, high):
    """'3.000–3.400 €': one currency sign, an en dash between the figures."""
    return f"{group_thousands(low)}–{format_eur(high)}"


def format_eur_difference(amount):
    """A signed difference: '+200 €', '−200 €' (a real minus sign), '±0 €'."""
    if amount == 0:
        return f"±{format_eur(0)}"
    return f"{'+' if amount > 0 else '\u2212'}{format_eur(abs(amount))}"


def format_day(day):
    """A day as the pages write it, as Django's "j. F Y" would: '20. November 2026'."""
    return f"{day.day}. {MONTHS[day.month]} {day.year}"


def today():
    """Today as the day is in Berlin (TIME_ZONE), whatever time zone a request activated:
    the day a "Stand" may not pass and a posting's ``valid_through`` is compared with."""
    return timezone.localdate(timezone=timezone.get_default_timezone())
