"""Cards for the city and occupation lists: the home page and /berufe/.

A card shows a salary span, the entry-level minimum, the number of profiles and the
Stand dates. A list has one card per city or occupation, so the translated pieces are
looked up once per list here, not once per card: with 50 cities the per-card gettext and
date-format calls were a visible share of the uncached home page.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.display import Item
from portal.text import format_day, format_eur, format_eur_range


class _ListText:
    """Translated texts of one card list."""

    def __init__(self, count_text):
        self.stand = _("Stand: %(date)s")
        self.stand_span = _("Stand: %(oldest)s bis %(newest)s")
        self.entry = _("Einstieg ab %(amount)s")
        self.sources = _("der Angaben für %(name)s")
        self._count_text = count_text
        self._counts = {}

    def count(self, number):
        if number not in self._counts:
            self._counts[number] = self._count_text(number) % {"count": number}
        return self._counts[number]

    def as_of(self, oldest, newest):
        if oldest is None:
            return ""
        if newest is None or oldest == newest:
            return self.stand % {"date": format_day(oldest)}
        return self.stand_span % {"oldest": format_day(oldest), "newest": format_day(newest)}

    def meta(self, entry_low, count):
        count_text = self.count(count)
        if entry_low is None:
            return count_text
        return f"{self.entry % {'amount': format_eur(entry_low)}} · {count_text}"


def _cards(objects, text):
    """``objects``: the items of ``regions_with_salary_span()`` or
    ``occupations_with_salary_span()``."""
    return [
        Item(
            name=obj.name,
            url=obj.url,
            summary=getattr(obj, "summary", ""),
            span=format_eur_range(obj.salary_low, obj.salary_high)
            if obj.salary_low is not None
            else "",
            meta=text.meta(obj.entry_low, obj.profile_count),
            as_of=text.as_of(obj.as_of_oldest, obj.as_of_newest),
            sources_label=text.sources % {"name": obj.name},
        )
        for obj in objects
    ]


def region_cards(regions):
    return _cards(
        regions,
        _ListText(lambda n: ngettext("%(count)s Berufsprofil", "%(count)s Berufsprofile", n)),
    )


def occupation_cards(occupations):
    return _cards(
        occupations,
        _ListText(lambda n: ngettext("in %(count)s Stadt", "in %(count)s Städten", n)),
    )
