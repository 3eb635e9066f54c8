"""What changed in the published profiles, read from the admin history (django-reversion).

Every save of a profile stores a version of it together with its salary bands in one
revision (``follow=`` in regions.models). This module lists the latest versions of the
profiles that are published now, each compared with the version before it: which salary
band moved from what to what, whether the Stand date changed, or that only texts and
lists were revised.

Nothing personal leaves the history: no editor names, no revision comments. Versions
saved while the profile was a draft are left out, so figures that were never public do not
appear either.

Three queries, whatever the length of the history: the versions (with the revision of the
version before each, from a window function), the profile and band versions of all those
revisions, and the profiles themselves.
"""

import json
from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.db.models import CharField, F, Window
from django.db.models.functions import Cast, Lag
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from reversion.models import Version

from common.text import format_eur_range
from regions.models import CareerProfile, SalaryLevel

CHANGES_SHOWN = 50
FEED_ENTRIES = 30


@dataclass
class ProfileChange:
    version_id: int
    when: object
    title: str
    url: str
    first_published: bool = False
    lines: list = field(default_factory=list)

    @property
    def summary(self):
        return " ".join(self.lines)


def _versions_of(app_label, *models):
    return Version.objects.filter(content_type__app_label=app_label, content_type__model__in=models)


def _fields(serialized):
    try:
        return json.loads(serialized)[0]["fields"]
    except (ValueError, LookupError, TypeError):
        return None


def _bands(records, profile_id):
    """{level: (min, max)} of the band versions that belong to ``profile_id``."""
    bands = {}
    for fields in records:
        if fields.get("profile") == profile_id and fields.get("level") in SalaryLevel.values:
            bands[fields["level"]] = (fields["min_eur"], fields["max_eur"])
    return bands


def _band_lines(before, after):
    lines = []
    for level in SalaryLevel:
        old, new = before.get(level.value), after.get(level.value)
        if old == new:
            continue
        if old is None:
            text = _("%(level)s neu: %(new)s.")
        elif new is None:
            text = _("%(level)s entfällt (bisher %(old)s).")
        else:
            text = _("%(level)s: %(old)s → %(new)s.")
        lines.append(
            text
            % {
                "level": level.label,
                "old": format_eur_range(*old) if old else "",
                "new": format_eur_range(*new) if new else "",
            }
        )
    return lines


def _date(value):
    year, month, day = value.split("-")
    return f"{int(day)}.{int(month)}.{year}"


def recent_changes(limit=50):
    """The latest ``limit`` versions of published profiles as ``ProfileChange``, newest first."""
    published = CareerProfile.objects.published().annotate(key=Cast("pk", CharField()))
    versions = list(
        _versions_of("regions", "careerprofile")
        .filter(object_id__in=published.values("key"))
        .annotate(
            previous_revision_id=Window(
                Lag("revision_id"),
                partition_by=[F("object_id")],
                order_by=[F("revision__date_created").asc(), F("pk").asc()],
            )
        )
        .order_by("-revision__date_created", "-pk")
        .values("pk", "object_id", "revision_id", "previous_revision_id", "revision__date_created")[
            :limit
        ]
    )
    if not versions:
        return []
    revisions = {v["revision_id"] for v in versions} | {
        v["previous_revision_id"] for v in versions if v["previous_revision_id"]
    }
    profile_states, band_states = {}, {}
    for row in (
        _versions_of("regions", "careerprofile", "salaryband")
        .filter(revision_id__in=revisions)
        .values("revision_id", "object_id", "serialized_data", model=F("content_type__model"))
    ):
        fields = _fields(row["serialized_data"])
        if fields is None:
            continue
        if row["model"] == "careerprofile":
            profile_states[(row["revision_id"], row["object_id"])] = fields
        else:
            band_states.setdefault(row["revision_id"], []).append(fields)
    profiles = {
        str(profile.pk): profile
        for profile in CareerProfile.objects.published()
        .filter(pk__in={int(v["object_id"]) for v in versions})
        .select_related("occupation", "region")
    }

    changes = []
    for version in versions:
        profile = profiles.get(version["object_id"])
        now = profile_states.get((version["revision_id"], version["object_id"]))
        if profile is None or now is None or not now.get("published"):
            continue
        before = None
        if version["previous_revision_id"]:
            before = profile_states.get((version["previous_revision_id"], version["object_id"]))
        change = ProfileChange(
            version_id=version["pk"],
            when=version["revision__date_created"],
            title=profile.title,
            url=profile.get_absolute_url(),
        )
        bands_now = _bands(band_states.get(version["revision_id"], []), profile.pk)
        if before is None or not before.get("published"):
            change.first_published = True
            change.lines.append(
                _("Veröffentlicht mit Stand %(date)s.") % {"date": _date(now["as_of"])}
            )
            change.lines += [
                _("%(level)s: %(range)s.")
                % {"level": level.label, "range": format_eur_range(*bands_now[level.value])}
                for level in SalaryLevel
                if level.value in bands_now
            ]
        else:
            bands_before = _bands(band_states.get(version["previous_revision_id"], []), profile.pk)
            change.lines += _band_lines(bands_before, bands_now)
            if before.get("as_of") != now.get("as_of"):
                change.lines.append(
                    _("Stand: %(old)s → %(new)s.")
                    % {"old": _date(before["as_of"]), "new": _date(now["as_of"])}
                )
            if not change.lines:
                change.lines.append(
                    _("Texte oder Angaben überarbeitet; Gehaltsangaben und Stand unverändert.")
                )
        changes.append(change)
    return changes


class ChangesView(TemplateView):
    """/aenderungen/: when which published profile changed, newest first."""

    template_name = "portal/changes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = recent_changes(CHANGES_SHOWN)
        context["shown"] = CHANGES_SHOWN
        context["feed_url"] = reverse("portal:feed")
        return context


class UpdatesFeed(Feed):
    """/feeds/aktualisierungen/: the same changes as an Atom feed."""

    feed_type = Atom1Feed
    title = gettext_lazy("Revier IT-Karriere: Aktualisierungen")
    subtitle = gettext_lazy(
        "Neue und geänderte Gehaltsangaben der Berufsprofile im Ruhrgebiet, mit Stand."
    )
    author_name = gettext_lazy("Redaktion Revier IT-Karriere")
    language = "de"

    def link(self):
        return reverse("portal:changes")

    def items(self):
        return recent_changes(FEED_ENTRIES)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        # A tag URI: absolute and stable, whatever host name the site is served under.
        return f"tag:revier-it-karriere,2026:aenderung-{item.version_id}"

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.when

    def item_pubdate(self, item):
        return item.when
