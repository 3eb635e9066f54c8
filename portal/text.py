from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.text import slugify

from portal.memo import ObjectMemo

# German transliteration first, so "Mülheim" becomes "muelheim", not "mulheim".
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def german_slugify(value):
    """Slug with German transliteration: 'Mülheim an der Ruhr' -> 'muelheim-an-der-ruhr'."""
    return slugify(str(value).translate(_GERMAN))


def group_thousands(amount):
    """3000 -> '3.000'. The portal speaks German only, so this skips Django's per-call locale
    lookups (number_format), which were a visible share of a page's rendering time."""
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


def format_day(day, language=None):
    """A day as Django's "j. F Y" writes it: "20. November 2026".

    Month names are translated once per language and month (``text_of``): a page writes
    up to twenty dates, and Django's date formatting (or a lazy month name) per date was a
    visible share of its rendering time. A page that writes many may pass the active
    ``language``.
    """
    month = text_of(MONTHS[day.month], language or translation.get_language())
    return f"{day.day}. {month} {day.year}"


# text_of's translations, per lazy text and language.
_TEXTS = ObjectMemo(maxsize=1024)


def text_of(value, language):
    """``str(value)`` in ``language``, for a lazy translation that lives as long as the
    process (a choice's label, a module's constant): looked up once per object and
    language, where ``str()`` asks Django's catalogue on every use."""
    return _TEXTS.get((value,), (language,), lambda: _translated(value, language))


def _translated(value, language):
    with translation.override(language):
        return str(value)
