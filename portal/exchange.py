"""Content exchange: the JSON document of SPEC §6.1, read and written as a whole.

``import_content`` is all or nothing: the document is checked for shape first, then
written inside one transaction in which every record is validated like an admin form
would; any problem raises ``ContentError`` naming each record and field, and the
database is left as it was.
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction

from common.text import german_slugify
from jobs.choices import DATED_STATUSES
from jobs.models import Certification, JobPosting, Occupation, Skill, Tool
from regions.models import (
    CareerProfile,
    ProfileSection,
    Region,
    SalaryBand,
    SalaryLevel,
    Sector,
    Source,
    in_level_order,
)
from regions.selectors import TERM_KINDS, terms_of

FORMAT = "revier-it-karriere/1"

# The shape of the document: key -> (type, required). A list is written as [item shape].
_TEXT, _INT, _BOOL, _DATE, _OPT_DATE = "text", "int", "bool", "date", "optional date"
_OPT_INT = "optional int"

OCCUPATION = {"slug": (_TEXT, True), "name": (_TEXT, True), "summary": (_TEXT, False)}
REGION = {
    "slug": (_TEXT, True),
    "name": (_TEXT, True),
    "state": (_TEXT, False),
    "area": (_TEXT, False),
    "summary": (_TEXT, False),
}
BAND = {
    "level": (_TEXT, True),
    "min_eur": (_INT, True),
    "max_eur": (_INT, True),
    "note": (_TEXT, False),
}
SECTION = {"heading": (_TEXT, True), "body": (_TEXT, True)}
SOURCE = {"title": (_TEXT, True), "url": (_TEXT, False), "retrieved": (_OPT_DATE, False)}
PROFILE = {
    "occupation": (_TEXT, True),
    "region": (_TEXT, True),
    "title": (_TEXT, True),
    "teaser": (_TEXT, False),
    "published": (_BOOL, False),
    "as_of": (_DATE, True),
    "salary_bands": ([BAND], False),
    "tools": ([_TEXT], False),
    "sectors": ([_TEXT], False),
    "certifications": ([_TEXT], False),
    "skills": ([_TEXT], False),
    "sections": ([SECTION], False),
    "sources": ([SOURCE], False),
}
EMPLOYER = {"name": (_TEXT, True), "website": (_TEXT, False)}
# How a posting once public was last shown, if it was changed since (jobs.models).
PUBLISHED_AS = {"title": (_TEXT, True), "employer": (_TEXT, True), "region": (_TEXT, True)}
POSTING = {
    "ref": (_TEXT, True),
    "title": (_TEXT, True),
    "employer": (EMPLOYER, True),
    "occupation": (_TEXT, True),
    "region": (_TEXT, True),
    "level": (_TEXT, True),
    "min_eur": (_INT, True),
    "max_eur": (_INT, True),
    "employment": (_TEXT, True),
    "weekly_hours": (_OPT_INT, False),
    "workplace": (_TEXT, True),
    "tools": ([_TEXT], False),
    "sectors": ([_TEXT], False),
    "description": (_TEXT, True),
    "apply_url": (_TEXT, False),
    "apply_email": (_TEXT, False),
    "status": (_TEXT, True),
    "rejection_reason": (_TEXT, False),
    "published_on": (_OPT_DATE, False),
    "valid_through": (_OPT_DATE, False),
    "first_published_on": (_OPT_DATE, False),
    "published_as": (PUBLISHED_AS, False),
}
# A posting's model fields that the document names otherwise.
POSTING_PATHS = {
    "employer_name": "employer.name",
    "employer_website": "employer.website",
    "public_title": "published_as.title",
    "public_employer_name": "published_as.employer",
    "public_region": "published_as.region",
}
DOCUMENT = {
    "format": (_TEXT, True),
    "occupations": ([OCCUPATION], False),
    "regions": ([REGION], False),
    "profiles": ([PROFILE], False),
    "postings": ([POSTING], False),
}

# Vocabulary lists of a profile: document key -> model.
VOCABULARIES = {
    "tools": Tool,
    "sectors": Sector,
    "certifications": Certification,
    "skills": Skill,
}


_TYPE_NAMES = {
    _TEXT: "Text",
    _INT: "ganze Zahl",
    _BOOL: "true oder false",
    _DATE: "Datum (JJJJ-MM-TT)",
    _OPT_DATE: "Datum (JJJJ-MM-TT) oder null",
    _OPT_INT: "ganze Zahl oder null",
    list: "Liste",
    dict: "Objekt",
}


def _describe(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "Zahl"
    if isinstance(value, str):
        return "Text"
    if isinstance(value, list):
        return "Liste"
    return "Objekt"


class UnreadableDocument(Exception):
    """The text is no JSON document. The message completes a German sentence whose subject
    is the file: "… ist kein gültiges JSON (Zeile 3, Spalte 5): Hier fehlt ein Komma …"."""


# The json module's messages (CPython 3.12, and the trailing-comma ones of 3.13), in German
# and in the words of someone editing a file by hand.
_JSON_MESSAGES = {
    "Expecting value": "Hier fehlt ein Wert (Text in Anführungszeichen, Zahl, true, false, "
    "null, Liste oder Objekt).",
    "Expecting property name enclosed in double quotes": "Hier fehlt ein Feldname in doppelten "
    "Anführungszeichen (oder steht ein Komma zu viel vor „}“?).",
    "Expecting ':' delimiter": "Hier fehlt der Doppelpunkt zwischen Feldname und Wert.",
    "Expecting ',' delimiter": "Hier fehlt ein Komma zwischen zwei Einträgen.",
    "Unterminated string starting at": "Ein Text beginnt hier und endet nicht (das "
    "schließende Anführungszeichen fehlt).",
    "Invalid \\escape": r"Ungültige Escape-Folge; erlaubt sind \" \\ \/ \b \f \n \r \t und \uXXXX.",
    "Invalid \\uXXXX escape": r"Ungültige Escape-Folge: Nach \u müssen vier Hexadezimalziffern folgen.",
    "Invalid control character at": r"Ein Steuerzeichen (Tabulator, Zeilenumbruch …) steht "
    r"unmaskiert in einem Text; in JSON schreibt man \t bzw. \n.",
    "Extra data": "Nach dem Ende des Dokuments folgt noch etwas.",
    "Illegal trailing comma before end of object": "Ein Komma zu viel vor „}“.",
    "Illegal trailing comma before end of array": "Ein Komma zu viel vor „]“.",
}


class _Object(dict):
    """A JSON object that remembers the keys it had more than once (json keeps the last)."""

    duplicates = ()


def _object(pairs):
    obj = _Object(pairs)
    if len(obj) < len(pairs):
        obj.duplicates = [key for key, count in Counter(k for k, _ in pairs).items() if count > 1]
    return obj


def parse_document(text):
    """The document in ``text`` (a leading byte-order mark is allowed), or
    ``UnreadableDocument``. Repeated keys are kept for ``import_content`` to refuse by path."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise UnreadableDocument("leer.")
    try:
        return json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        message = _JSON_MESSAGES.get(error.msg, "Hier ist die JSON-Syntax verletzt.")
        raise UnreadableDocument(
            f"kein gültiges JSON (Zeile {error.lineno}, Spalte {error.colno}): {message}"
        ) from error
    except RecursionError as error:
        raise UnreadableDocument("zu tief verschachtelt.") from error
    except ValueError as error:  # an integer with thousands of digits
        raise UnreadableDocument(
            "kein verwendbares JSON: Eine Zahl hat zu viele Stellen."
        ) from error


def _printable(text):
    """``text`` for a message, invisible and broken characters written as escapes."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _text_problem(value):
    """Why ``value`` cannot be stored as text (German), or None."""
    if "\x00" in value:
        # PostgreSQL cannot store NUL characters in text.
        return (
            f"An Stelle {value.index(chr(0)) + 1} steht ein Nullzeichen (U+0000), "
            "das in Text nicht vorkommen darf."
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        # JSON's "\ud800" escape can name half of a UTF-16 pair, which no database stores.
        return (
            f"An Stelle {error.start + 1} steht ein halbes Zeichen "
            f"(U+{ord(value[error.start]):04X}, ein einzelnes UTF-16-Surrogat); die Datei ist "
            "beschädigt oder falsch erzeugt."
        )
    return None


@dataclass
class ContentError(Exception):
    """The document cannot be imported; ``problems`` are (path, message) pairs."""

    problems: list = field(default_factory=list)

    def __str__(self):
        return "\n".join(f"{path}: {message}" for path, message in self.problems)


@dataclass
class ImportResult:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)

    def count(self, kind, created):
        target = self.created if created else self.updated
        target[kind] = target.get(kind, 0) + 1

    def summary(self):
        kinds = {
            "occupations": "Berufe",
            "regions": "Regionen",
            "profiles": "Berufsprofile",
            "postings": "Stellenanzeigen",
        }
        parts = [
            f"{label}: {self.created.get(kind, 0)} neu, {self.updated.get(kind, 0)} aktualisiert"
            for kind, label in kinds.items()
        ]
        return "; ".join(parts)


def _check_shape(value, shape, path, problems):
    """Append a problem for every value that does not have the shape's type."""
    if isinstance(shape, list):
        if not isinstance(value, list):
            problems.append((path, f"Liste erwartet, gefunden: {_describe(value)}."))
            return
        for index, item in enumerate(value):
            _check_shape(item, shape[0], f"{path}[{index}]", problems)
    elif isinstance(shape, dict):
        if not isinstance(value, dict):
            problems.append((path, f"Objekt erwartet, gefunden: {_describe(value)}."))
            return
        for key in getattr(value, "duplicates", ()):
            problems.append(
                (
                    _join(path, _printable(key)),
                    f"Das Feld „{_printable(key)}“ steht in diesem Objekt mehrmals; "
                    "es darf nur einmal vorkommen.",
                )
            )
        for key in value:
            if key not in shape:
                allowed = ", ".join(shape)
                problems.append(
                    (_join(path, _printable(key)), f"Unbekanntes Feld. Erlaubt sind: {allowed}.")
                )
        for key, (item_shape, required) in shape.items():
            if key in value:
                _check_shape(value[key], item_shape, _join(path, key), problems)
            elif required:
                problems.append((_join(path, key), "Pflichtfeld fehlt."))
    elif not _has_type(value, shape):
        problems.append((path, f"{_TYPE_NAMES[shape]} erwartet, gefunden: {_describe(value)}."))
    elif shape == _TEXT and (problem := _text_problem(value)):
        problems.append((path, problem))


def _join(path, key):
    return f"{path}.{key}" if path else key


def _has_type(value, kind):
    if kind == _TEXT:
        return isinstance(value, str)
    if kind == _OPT_INT and value is None:
        return True
    if kind in (_INT, _OPT_INT):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == _BOOL:
        return isinstance(value, bool)
    if kind == _OPT_DATE and value is None:
        return True
    return isinstance(value, str) and _parse_date(value) is not None


def _parse_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _check_document(document):
    problems = []
    _check_shape(document, DOCUMENT, "", problems)
    if problems:
        return problems
    if document["format"] != FORMAT:
        problems.append(("format", f"Unbekanntes Format, erwartet wird „{FORMAT}“."))
    for kind in ("occupations", "regions"):
        seen = set()
        for index, record in enumerate(document.get(kind, [])):
            if record["slug"] in seen:
                problems.append((f"{kind}[{index}].slug", "Kürzel kommt doppelt vor."))
            seen.add(record["slug"])
    seen = set()
    for index, profile in enumerate(document.get("profiles", [])):
        key = (profile["occupation"], profile["region"])
        if key in seen:
            problems.append(
                (f"profiles[{index}]", "Dieses Berufsprofil (Beruf und Region) kommt doppelt vor.")
            )
        seen.add(key)
        levels = set()
        for band_index, band in enumerate(profile.get("salary_bands", [])):
            path = f"profiles[{index}].salary_bands[{band_index}].level"
            if band["level"] not in SalaryLevel.values:
                problems.append(
                    (path, f"Unbekannte Stufe, erlaubt sind: {', '.join(SalaryLevel.values)}.")
                )
            elif band["level"] in levels:
                problems.append((path, "Diese Stufe hat das Profil schon; eine Spanne je Stufe."))
            levels.add(band["level"])
    refs = set()
    for index, posting in enumerate(document.get("postings", [])):
        path = f"postings[{index}].ref"
        if not posting["ref"].strip():
            problems.append(
                (path, "Die Kennung darf nicht leer sein; über sie wird die Stelle gefunden.")
            )
        elif posting["ref"] in refs:
            problems.append((path, "Kennung kommt doppelt vor."))
        refs.add(posting["ref"])
    return problems


def _validated(instance, path, problems, exclude=None, paths=None):
    """Validate like a model form; record problems under the document's field names
    (``paths`` maps a model field to the document's name where they differ)."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            name = (paths or {}).get(name, name)
            where = path if name == "__all__" else _join(path, name)
            problems.extend((where, message) for message in messages)
        return False
    return True


def _upsert(model, slug, values):
    instance = model.objects.filter(slug=slug).first()
    created = instance is None
    if created:
        instance = model(slug=slug)
    for name, value in values.items():
        setattr(instance, name, value)
    return instance, created


def _vocabulary(model, names, path, problems):
    terms = []
    for index, name in enumerate(names):
        slug = german_slugify(name)
        # By name first: an editor may have given a term another slug since.
        term = model.objects.filter(name__iexact=name.strip()).first()
        if term is None and slug:
            term = model.objects.filter(slug=slug).first()
        if term is None:
            term = model(name=name.strip(), slug=slug)
            if not _validated(term, f"{path}[{index}]", problems):
                continue
            term.save()
        terms.append(term)
    return terms


def import_content(document, comment="Import"):
    """Create or update (by slug) everything in ``document``; all or nothing.

    Every record is saved as a revision of its own in the change history, with
    ``comment`` (e.g. "Import aus Datei ruhr.json"), so one profile can be restored to its
    state before the import without touching the rest.
    """
    problems = _check_document(document)
    if problems:
        raise ContentError(problems)
    result = ImportResult()
    with transaction.atomic():
        _import_records(document, result, problems, comment)
        if problems:
            # Leaving the block by an exception rolls back everything written so far.
            raise ContentError(problems)
    return result


def _import_records(document, result, problems, comment):
    for index, record in enumerate(document.get("occupations", [])):
        values = {"name": record["name"], "summary": record.get("summary", "")}
        occupation, created = _upsert(Occupation, record["slug"], values)
        if _validated(occupation, f"occupations[{index}]", problems):
            with reversion.create_revision(atomic=False):
                reversion.set_comment(comment)
                occupation.save()
            result.count("occupations", created)

    for index, record in enumerate(document.get("regions", [])):
        values = {key: record[key] for key in ("name", "state", "area", "summary") if key in record}
        region, created = _upsert(Region, record["slug"], values)
        if _validated(region, f"regions[{index}]", problems):
            with reversion.create_revision(atomic=False):
                reversion.set_comment(comment)
                region.save()
            result.count("regions", created)

    for index, record in enumerate(document.get("profiles", [])):
        with reversion.create_revision(atomic=False):
            reversion.set_comment(comment)
            _import_profile(record, f"profiles[{index}]", result, problems)

    for index, record in enumerate(document.get("postings", [])):
        with reversion.create_revision(atomic=False):
            reversion.set_comment(comment)
            _import_posting(record, f"postings[{index}]", result, problems)


def _occupation_and_region(record, path, problems):
    """The occupation and region a record names by slug, or None after noting the problem."""
    occupation = Occupation.objects.filter(slug=record["occupation"]).first()
    region = Region.objects.filter(slug=record["region"]).first()
    if occupation is None:
        problems.append((f"{path}.occupation", f"Unbekannter Beruf „{record['occupation']}“."))
    if region is None:
        problems.append((f"{path}.region", f"Unbekannte Region „{record['region']}“."))
    if occupation is None or region is None:
        return None
    return occupation, region


def _import_profile(record, path, result, problems):
    found = _occupation_and_region(record, path, problems)
    if found is None:
        return
    occupation, region = found

    profile = CareerProfile.objects.filter(occupation=occupation, region=region).first()
    created = profile is None
    if created:
        profile = CareerProfile(occupation=occupation, region=region)
    profile.title = record["title"]
    profile.teaser = record.get("teaser", "")
    profile.published = record.get("published", False)
    profile.as_of = _parse_date(record["as_of"])
    if not _validated(profile, path, problems):
        return
    profile.save()
    result.count("profiles", created)

    for key, model in VOCABULARIES.items():
        terms = _vocabulary(model, record.get(key, []), f"{path}.{key}", problems)
        getattr(profile, key).set(terms)

    # The document is the whole truth about the profile's bands, sections and sources.
    # Rows are updated in place (bands by level, sections and sources by position), so
    # the history shows "3.400 → 3.600 €" rather than a band deleted and another added.
    bands = []
    for band_record in record.get("salary_bands", []):
        band = SalaryBand(profile=profile, note=band_record.get("note", ""))
        for key in ("level", "min_eur", "max_eur"):
            setattr(band, key, band_record[key])
        bands.append(band)
    _replace_rows(profile.salary_bands, bands, "level", f"{path}.salary_bands", problems)

    sections = [
        ProfileSection(profile=profile, position=index, **section_record)
        for index, section_record in enumerate(record.get("sections", []))
    ]
    _replace_rows(profile.sections, sections, None, f"{path}.sections", problems)

    sources = [
        Source(
            profile=profile,
            position=index,
            title=source_record["title"],
            url=source_record.get("url", ""),
            retrieved=_parse_date(source_record.get("retrieved")),
        )
        for index, source_record in enumerate(record.get("sources", []))
    ]
    _replace_rows(profile.sources, sources, None, f"{path}.sources", problems)


def _import_posting(record, path, result, problems):
    """Create or update the posting of ``record["ref"]``; the model's rules apply."""
    found = _occupation_and_region(record, path, problems)
    if found is None:
        return
    posting = JobPosting.objects.filter(ref=record["ref"]).first()
    created = posting is None
    if created:
        posting = JobPosting(ref=record["ref"])
    posting.occupation, posting.region = found
    posting.employer_name = record["employer"]["name"]
    posting.employer_website = record["employer"].get("website", "")
    for key in ("title", "level", "min_eur", "max_eur", "employment", "workplace", "description"):
        setattr(posting, key, record[key])
    posting.status = record["status"]
    posting.weekly_hours = record.get("weekly_hours")
    for key in ("apply_url", "apply_email", "rejection_reason"):
        setattr(posting, key, record.get(key, ""))
    posting.published_on = _parse_date(record.get("published_on"))
    posting.valid_through = _parse_date(record.get("valid_through"))
    if "first_published_on" in record:
        posting.first_published_on = _parse_date(record["first_published_on"])
    elif posting.status in DATED_STATUSES:
        # A file of before the field: an imported posting is the editors' own, and theirs
        # were approved (jobs migration 0006).
        posting.first_published_on = posting.first_published_on or posting.published_on
    if "published_as" in record:
        shown = record["published_as"]
        posting.public_title = shown["title"]
        posting.public_employer_name = shown["employer"]
        posting.public_region = Region.objects.filter(slug=shown["region"]).first()
        if posting.public_region is None:
            problems.append(
                (f"{path}.published_as.region", f"Unbekannte Region „{shown['region']}“.")
            )
            return
    elif posting.first_published_on is not None:
        # Shown as it is (an editors' file, or one of before the field).
        posting.record_public_face()
    if not _validated(posting, path, problems, paths=POSTING_PATHS):
        return
    posting.save()
    result.count("postings", created)
    posting.tools.set(_vocabulary(Tool, record.get("tools", []), f"{path}.tools", problems))
    posting.sectors.set(_vocabulary(Sector, record.get("sectors", []), f"{path}.sectors", problems))


def _replace_rows(manager, rows, key, path, problems):
    """Make ``manager``'s rows exactly ``rows``, reusing existing rows.

    With a ``key`` (a unique field) rows are paired by it; without, by their stored order,
    since editors may give several sections the same position.
    """
    stored = list(manager.order_by("position", "pk") if key is None else manager.all())
    if key is None:
        existing = dict(enumerate(stored))
        keys = list(range(len(rows)))
    else:
        existing = {getattr(row, key): row for row in stored}
        keys = [getattr(row, key) for row in rows]
    for stale_key, stale in existing.items():
        if stale_key not in keys:
            stale.delete()
    for index, row in enumerate(rows):
        current = existing.get(keys[index])
        if current is not None:
            row.pk = current.pk
            row._state.adding = False
        if _validated(row, f"{path}[{index}]", problems):
            row.save()


def export_content(published_only=False):
    """The content in the exchange format, in a stable order (export is reproducible).

    ``published_only`` leaves out drafts and the occupations and regions that only
    drafts use: what the public open-data download offers. Either way the number of
    queries does not grow with the content (five for the public download).
    """
    profiles = CareerProfile.objects.all()
    if published_only:
        profiles = profiles.published()
    profiles = list(
        profiles.select_related("occupation", "region")
        .prefetch_related("salary_bands", "sections", "sources")
        .order_by("occupation__slug", "region__slug")
    )
    vocabulary = {}
    for start in range(0, len(profiles), 500):
        vocabulary.update(terms_of([profile.pk for profile in profiles[start : start + 500]]))
    if published_only:
        occupations = sorted({p.occupation for p in profiles}, key=lambda o: o.slug)
        regions = sorted({p.region for p in profiles}, key=lambda r: r.slug)
    else:
        occupations = Occupation.objects.order_by("slug")
        regions = Region.objects.order_by("slug")
    empty = {key: [] for key in TERM_KINDS}
    document = {
        "format": FORMAT,
        "occupations": [
            {"slug": o.slug, "name": o.name, "summary": o.summary} for o in occupations
        ],
        "regions": [
            {"slug": r.slug, "name": r.name, "state": r.state, "area": r.area, "summary": r.summary}
            for r in regions
        ],
        "profiles": [_export_profile(p, vocabulary.get(p.pk, empty)) for p in profiles],
    }
    # Job postings are the editors' business only (no public page shows them yet), and the
    # list is optional: a database without postings exports as before.
    if not published_only:
        # Unconfirmed submissions are nobody's business yet (SPEC §10): confirmed within
        # 48 hours or deleted, like in the admin.
        postings = (
            JobPosting.objects.exclude(submitted_at__isnull=False, confirmed_at__isnull=True)
            .select_related("occupation", "region", "public_region")
            .prefetch_related("tools", "sectors")
            .order_by("ref")
        )
        if exported := [_export_posting(posting) for posting in postings]:
            document["postings"] = exported
    return document


def _export_profile(profile, vocabulary):
    bands = in_level_order(profile.salary_bands.all())
    return {
        "occupation": profile.occupation.slug,
        "region": profile.region.slug,
        "title": profile.title,
        "teaser": profile.teaser,
        "published": profile.published,
        "as_of": profile.as_of.isoformat(),
        "salary_bands": [
            {"level": b.level, "min_eur": b.min_eur, "max_eur": b.max_eur, "note": b.note}
            for b in bands
        ],
        **vocabulary,
        "sections": [{"heading": s.heading, "body": s.body} for s in profile.sections.all()],
        "sources": [
            {
                "title": s.title,
                "url": s.url,
                "retrieved": s.retrieved.isoformat() if s.retrieved else None,
            }
            for s in profile.sources.all()
        ],
    }


def _export_posting(posting):
    record = {
        "ref": posting.ref,
        "title": posting.title,
        "employer": {"name": posting.employer_name, "website": posting.employer_website},
        "occupation": posting.occupation.slug,
        "region": posting.region.slug,
        "level": posting.level,
        "min_eur": posting.min_eur,
        "max_eur": posting.max_eur,
        "employment": posting.employment,
        "weekly_hours": posting.weekly_hours,
        "workplace": posting.workplace,
        "tools": sorted(tool.name for tool in posting.tools.all()),
        "sectors": sorted(sector.name for sector in posting.sectors.all()),
        "description": posting.description,
        "apply_url": posting.apply_url,
        "apply_email": posting.apply_email,
        "status": posting.status,
        "rejection_reason": posting.rejection_reason,
        "published_on": posting.published_on.isoformat() if posting.published_on else None,
        "valid_through": posting.valid_through.isoformat() if posting.valid_through else None,
        "first_published_on": (
            posting.first_published_on.isoformat() if posting.first_published_on else None
        ),
    }
    shown = (posting.public_title, posting.public_employer_name, posting.public_region_id)
    if posting.first_published_on and shown != (
        posting.title,
        posting.employer_name,
        posting.region_id,
    ):
        record["published_as"] = {
            "title": posting.public_title,
            "employer": posting.public_employer_name,
            "region": posting.public_region.slug,
        }
    return record
