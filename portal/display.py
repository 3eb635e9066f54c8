"""What the views hand to the Jinja2 templates for the entries of a list."""

from types import SimpleNamespace


class Item(SimpleNamespace):
    """One entry of a list a page shows (a card, a result, a table row), with attributes.

    Jinja2 looks ``card.url`` up as an attribute first and as a key only when that fails;
    on a dict every lookup raised and caught an AttributeError first, which cost about a
    third of the rendering time of the city lists.
    """
