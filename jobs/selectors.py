"""What the postings' pages read (SPEC §9): functions of plain arguments returning small
typed objects for the templates, with a fixed number of queries however many postings
there are.

The pay verdict sets each posting against the band of its level in the published profile
of its occupation and city; those bands are read through ``regions.selectors``, where the
rule (``regions.models.pay_position``) and the summary of a posting live, so that the
profile and city pages, which sit below this app, list postings the same way.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, IntegerField, Q, Value, When

from common.paging import page_bounds
from common.per_version import kept_per_version
from common.text import format_eur_range
from jobs import links, services
from jobs.models import JobPosting, MailKind, Occupation, Tool
from regions import selectors as regions
from regions.models import Region

PAGE_SIZE = regions.PAGE_SIZE
FEED_SIZE = 50
SIMILAR_SHOWN = 5


@dataclass(slots=True)
class PostingPage:
    results: list[regions.PostingSummary]
    count: int
    number: int
    total: int


@dataclass(slots=True)
class PostingDetail:
    """An open posting as its own page shows it."""

    posting: JobPosting
    summary: regions.PostingSummary
    tools: list[str]
    sectors: list[str]
    similar: list[regions.PostingSummary]


@dataclass(slots=True)
class EndedPosting:
    """A posting that is no longer open, named as the site last showed it (its 410 page)."""

    title: str
    employer: str
    city: str
    similar: list[regions.PostingSummary]


@kept_per_version()
def posting_vocabulary():
    """Every occupation, city and tool as ``{"occupations": ((slug, name), …), "regions":
    …, "tools": …}``, each sorted by name: the postings filter's choices. One query."""

    def named(model, kind):
        return (
            model.objects.annotate(kind=Value(kind, output_field=CharField()))
            .values_list("kind", "slug", "name")
            .order_by()
        )

    parts = [named(Occupation, "occupations"), named(Region, "regions"), named(Tool, "tools")]
    found = {"occupations": [], "regions": [], "tools": []}
    for kind, slug, name in parts[0].union(*parts[1:], all=True).order_by():
        found[kind].append((slug, name))
    return {
        kind: tuple(sorted(pairs, key=lambda pair: (pair[1].casefold(), pair[0])))
        for kind, pairs in found.items()
    }


def with_verdicts(postings):
    """``postings`` (with occupation and region) as ``PostingSummary``, each with its pay
    verdict (``regions.selectors.benchmarks()``: no query while the content is unchanged)."""
    found = regions.benchmarks()
    return [regions.posting_summary(p, found.get((p.occupation_id, p.region_id))) for p in postings]


def postings_page(queryset, number):
    """Page ``number`` (past the end: the last one) of the open postings of ``queryset``
    (filtered and ordered), with their verdicts: two queries (four after a content change)."""
    count = queryset.count()
    number, total, start = page_bounds(count, number, PAGE_SIZE)
    postings = list(queryset.select_related("occupation", "region")[start : start + PAGE_SIZE])
    return PostingPage(with_verdicts(postings), count, number, total)


def feed_postings(queryset):
    """The ``FEED_SIZE`` newest of the open postings of ``queryset``: one query."""
    return list(queryset.newest_first().select_related("occupation", "region")[:FEED_SIZE])


def open_postings():
    """Every open posting, newest first (the sitemap): one query."""
    return list(JobPosting.objects.open().newest_first())


def find_posting(pk):
    """The posting ``pk`` in any state, with its occupation, region and published region,
    or None."""
    return (
        JobPosting.objects.select_related("occupation", "region", "public_region")
        .filter(pk=pk)
        .first()
    )


def _similar(posting, day, region_id=None):
    """Up to five other open postings of the same occupation or city (``region_id``, else
    the posting's): both first, then newest first."""
    region_id = region_id or posting.region_id
    both = Q(occupation_id=posting.occupation_id, region_id=region_id)
    return list(
        JobPosting.objects.open(day)
        .filter(Q(occupation_id=posting.occupation_id) | Q(region_id=region_id))
        .exclude(pk=posting.pk)
        .annotate(
            closeness=Case(When(both, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .select_related("occupation", "region")
        .order_by("-closeness", "-published_on", "-pk")[:SIMILAR_SHOWN]
    )


def posting_detail(posting, day):
    """The ``PostingDetail`` of an open ``posting`` (see ``find_posting()``): two queries
    (four after a content change)."""
    similar = _similar(posting, day)
    summary, *similar = with_verdicts([posting, *similar])
    tools = JobPosting.tools.through.objects.filter(jobposting=posting)
    sectors = JobPosting.sectors.through.objects.filter(jobposting=posting)
    terms = {"tools": [], "sectors": []}
    rows = (
        tools.annotate(kind=Value("tools", output_field=CharField()))
        .values_list("kind", "tool__name")
        .order_by()
        .union(
            sectors.annotate(kind=Value("sectors", output_field=CharField()))
            .values_list("kind", "sector__name")
            .order_by(),
            all=True,
        )
    )
    for kind, name in rows:
        terms[kind].append(name)
    for names in terms.values():
        names.sort(key=str.casefold)
    return PostingDetail(posting, summary, terms["tools"], terms["sectors"], similar)


def ended_posting(posting, day):
    """The ``EndedPosting`` of a posting that was public and is no longer open, by its
    published title, employer and city (see ``find_posting()``): one query (three after a
    content change)."""
    return EndedPosting(
        title=posting.public_title,
        employer=posting.public_employer_name,
        city=posting.public_region.name,
        similar=with_verdicts(_similar(posting, day, posting.public_region_id)),
    )


@dataclass(slots=True)
class SubmissionPreview:
    """A submitted posting as its page will show it, before it is stored (SPEC §10)."""

    posting: JobPosting
    pay_text: str
    verdict: regions.PayVerdict
    level_label: str
    employment_label: str
    workplace_label: str
    tools: list[str]
    sectors: list[str]


def submission_preview(posting, tools, sectors):
    """The ``SubmissionPreview`` of an unsaved ``posting`` with its chosen ``tools`` and
    ``sectors`` (querysets of them): at most two queries besides the verdicts' bands."""
    benchmark = regions.benchmarks().get((posting.occupation_id, posting.region_id))
    return SubmissionPreview(
        posting=posting,
        pay_text=format_eur_range(posting.min_eur, posting.max_eur),
        verdict=regions.pay_verdict(posting.min_eur, posting.max_eur, posting.level, benchmark),
        level_label=posting.get_level_display(),
        employment_label=regions.employment_label(posting),
        workplace_label=posting.get_workplace_display(),
        tools=sorted((tool.name for tool in tools), key=str.casefold),
        sectors=sorted((sector.name for sector in sectors), key=str.casefold),
    )


@dataclass(slots=True)
class ManagedPosting:
    """A submission as its management page shows it to the employer."""

    posting: JobPosting
    status_label: str
    public_url: str
    manage_until: datetime.date
    unsent: list[MailKind]
    review_unsent: bool
    can_edit: bool
    can_withdraw: bool
    can_extend: bool
    latest_extension: datetime.date | None


def managed_posting(posting):
    """The ``ManagedPosting`` of a submission: one query (its unsent mails)."""
    can_extend = services.can_extend(posting)
    unsent = services.unsent(posting)
    return ManagedPosting(
        posting=posting,
        status_label=posting.get_status_display(),
        public_url=posting.get_absolute_url() if posting.is_open() else "",
        manage_until=links.management_deadline(posting),
        unsent=unsent,
        review_unsent=MailKind.REVIEW in unsent,
        can_edit=services.can_edit(posting),
        can_withdraw=services.can_withdraw(posting),
        can_extend=can_extend,
        latest_extension=posting.latest_extension() if can_extend else None,
    )
