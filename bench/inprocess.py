"""A/B of the small speed mechanisms, in the benchmark's own process.

Run by bench.run once Django is set up there (PostgreSQL, the benchmark's data, page cache
off). Each page is requested through Django's test client in batches, alternating between
the mechanism switched on and off; a figure is the best batch without the mechanism over
the best batch with it, so 1.25 means the mechanism makes the uncached page 25 % faster.
The best batch rather than the mean: on a shared machine a slow batch is noise, a fast one
is what the code can do.
"""

import contextlib
import time

BATCH = 8
ROUNDS = 6


@contextlib.contextmanager
def orm_querysets():
    """A profile's bands, sources, sections and vocabularies read by ORM querysets instead
    of regions.selectors' plain statements."""
    from django.db.models import CharField, Value

    from regions import selectors
    from regions.models import CareerProfile, ProfileSection, SalaryBand, Source

    def terms(ids):
        parts = [
            CareerProfile._meta.get_field(kind)
            .remote_field.through.objects.filter(careerprofile__in=ids)
            .annotate(kind=Value(kind, output_field=CharField()))
            .values_list("kind", "careerprofile_id", f"{kind.removesuffix('s')}__name")
            .order_by()
            for kind in selectors.TERM_KINDS
        ]
        return parts[0].union(*parts[1:], all=True).order_by()

    querysets = {
        selectors.BANDS: lambda ids: SalaryBand.objects.filter(profile__in=ids).values_list(
            "profile_id", "level", "min_eur", "max_eur", "note"
        ),
        selectors.SOURCES: lambda ids: (
            Source.objects.filter(profile__in=ids)
            .order_by("position", "pk")
            .values_list("profile_id", "title", "url", "retrieved")
        ),
        selectors.SOURCES_AND_SECTIONS: lambda ids: [
            *(
                ("source", *row)
                for row in Source.objects.filter(profile__in=ids)
                .order_by("position", "pk")
                .values_list("title", "url", "retrieved", "position", "pk")
            ),
            *(
                ("section", heading, body, None, position, pk)
                for heading, body, position, pk in ProfileSection.objects.filter(profile__in=ids)
                .order_by("position", "pk")
                .values_list("heading", "body", "position", "pk")
            ),
        ],
        selectors.TOOLS: lambda ids: (
            CareerProfile.tools.through.objects.filter(careerprofile__in=ids)
            .order_by("tool__name")
            .values_list("careerprofile_id", "tool__name")
        ),
        selectors.TERMS: terms,
    }
    kept = selectors._rows  # the measurement swaps the selectors' reader

    def rows(statement, ids, repeat=1):
        return list(querysets[statement](list(ids)))

    selectors._rows = rows
    try:
        yield
    finally:
        selectors._rows = kept


MECHANISMS = [
    ("plain statements for a profile's rows", orm_querysets),
]


def _batch(client, path):
    """Seconds per request over one batch of requests for ``path``."""
    started = time.perf_counter()
    for _ in range(BATCH):
        client.get(path)
    return (time.perf_counter() - started) / BATCH


def ab_table(pages):
    """The A/B table (markdown) for ``pages``: ``[(label, path), …]``."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    lines = [
        "| page | " + " | ".join(name for name, _ in MECHANISMS) + " |",
        "| --- |" + " ---: |" * len(MECHANISMS),
    ]
    for label, path in pages:
        client.get(path)
        cells = []
        for _name, switched_off in MECHANISMS:
            with_it = without_it = float("inf")
            for _ in range(ROUNDS):
                with_it = min(with_it, _batch(client, path))
                with switched_off():
                    without_it = min(without_it, _batch(client, path))
            cells.append(f"{without_it / with_it:.2f}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
