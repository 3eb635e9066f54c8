from django.utils.text import slugify

# German transliteration first, so "Mülheim" becomes "muelheim", not "mulheim".
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def german_slugify(value):
    """Slug with German transliteration: 'Mülheim an der Ruhr' -> 'muelheim-an-der-ruhr'."""
    return slugify(str(value).translate(_GERMAN))
