import copy
import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from portal.exchange import export_content
from regions.models import CareerProfile, SalaryBand
from tests.conftest import ROOT, SEED_FILE

pytestmark = pytest.mark.django_db


def bands_of(region):
    profile = CareerProfile.objects.get(region__slug=region)
    return {b.level: (b.min_eur, b.max_eur) for b in profile.salary_bands.all()}


def names(region, relation):
    profile = CareerProfile.objects.get(region__slug=region)
    return {term.name for term in getattr(profile, relation).all()}


def test_seed_content_has_every_figure_of_the_articles(ruhr_content):
    assert bands_of("oberhausen") == {"entry": (3000, 3400), "experienced": (4000, 4600)}
    assert bands_of("duisburg") == {"entry": (3200, 3600), "experienced": (4000, 5000)}
    assert names("oberhausen", "tools") == {"Jira", "Confluence", "MS Project"}
    assert names("duisburg", "tools") == {"Jira", "MS Project", "SAP"}
    assert {"IPMA", "PMI", "Agile Methoden", "Schulungen zur Datensicherheit"} == names(
        "oberhausen", "certifications"
    )
    assert {"Scrum", "PRINCE2", "IHK-Lehrgänge"} <= names("duisburg", "certifications")
    assert {"Industrie", "Verkehr", "Handel", "Öffentliche Verwaltung"} <= names(
        "oberhausen", "sectors"
    )
    assert {"Logistik", "Kommunale Unternehmen", "Start-ups"} <= names("duisburg", "sectors")
    assert {"Change-Management", "Grundlagen der IT-Architektur"} <= names("oberhausen", "skills")
    assert {"Schnittstellen und Datenflüsse", "Anpassungsfähigkeit"} <= names("duisburg", "skills")
    for profile in CareerProfile.objects.all():
        assert profile.published
        assert profile.sources.count() >= 1
        assert profile.sections.count() >= 4


def test_import_twice_changes_nothing(ruhr_content):
    first = export_content()
    call_command("import_content", str(SEED_FILE))
    assert export_content() == first
    assert SalaryBand.objects.count() == 4


def test_export_import_export_round_trip(ruhr_content, tmp_path, django_db_blocker):
    exported = tmp_path / "export.json"
    call_command("export_content", str(exported))
    document = json.loads(exported.read_text(encoding="utf-8"))
    # Into an empty database: delete everything the import created.
    CareerProfile.objects.all().delete()
    for model in ("jobs.Occupation", "regions.Region", "jobs.Tool", "regions.Sector"):
        from django.apps import apps

        apps.get_model(model).objects.all().delete()
    assert export_content()["profiles"] == []

    call_command("import_content", str(exported))
    again = tmp_path / "again.json"
    call_command("export_content", str(again))
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")
    assert document["profiles"][0]["salary_bands"][0] == {
        "level": "entry",
        "min_eur": 3200,
        "max_eur": 3600,
        "note": document["profiles"][0]["salary_bands"][0]["note"],
    }


def broken(document, change):
    document = copy.deepcopy(document)
    change(document)
    return document


def set_in(path, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def add_band(level):
    def change(document):
        document["profiles"][1]["salary_bands"].append(
            {"level": level, "min_eur": 3000, "max_eur": 3100}
        )

    return change


def in_future(path):
    """Sets the date at ``path`` to tomorrow (in Berlin, when the test runs)."""

    def change(document):
        import datetime

        from django.utils import timezone

        set_in(path, (timezone.localdate() + datetime.timedelta(days=1)).isoformat())(document)

    return change


BAD_FILES = {
    "unknown key": (set_in(["profiles", 0, "salary"], 1), "profiles[0].salary"),
    "wrong type": (
        set_in(["profiles", 1, "salary_bands", 0, "min_eur"], "3000"),
        "profiles[1].salary_bands[0].min_eur",
    ),
    "min above max": (
        set_in(["profiles", 1, "salary_bands", 1, "min_eur"], 9000),
        "profiles[1].salary_bands[1]",
    ),
    "negative amount": (
        set_in(["profiles", 0, "salary_bands", 0, "min_eur"], -5),
        "profiles[0].salary_bands[0].min_eur",
    ),
    "absurd amount": (
        set_in(["profiles", 0, "salary_bands", 0, "max_eur"], 10**30),
        "profiles[0].salary_bands[0].max_eur",
    ),
    "unknown region": (set_in(["profiles", 1, "region"], "atlantis"), "profiles[1].region"),
    "unknown occupation": (
        set_in(["profiles", 0, "occupation"], "astronaut"),
        "profiles[0].occupation",
    ),
    "duplicate level": (add_band("entry"), "profiles[1].salary_bands[2].level"),
    "unknown level": (add_band("chef"), "profiles[1].salary_bands[2].level"),
    "bad date": (set_in(["profiles", 0, "as_of"], "gestern"), "profiles[0].as_of"),
    "future Stand": (in_future(["profiles", 0, "as_of"]), "profiles[0].as_of: Das Datum liegt"),
    "far future Stand": (set_in(["profiles", 1, "as_of"], "2099-01-01"), "profiles[1].as_of"),
    "future retrieval": (
        in_future(["profiles", 1, "sources", 0, "retrieved"]),
        "profiles[1].sources[0].retrieved: Das Datum liegt in der Zukunft",
    ),
    "bad slug": (set_in(["regions", 0, "slug"], "mit leerzeichen"), "regions[0].slug"),
    "empty tool": (set_in(["profiles", 0, "tools"], ["Jira", " "]), "profiles[0].tools[1]"),
    "wrong format": (set_in(["format"], "anderes/2"), "format"),
    "missing title": (lambda d: d["profiles"][0].pop("title"), "profiles[0].title"),
    "overlong summary": (
        set_in(["occupations", 0, "summary"], "x" * 2_001),
        "occupations[0].summary",
    ),
    "overlong teaser": (set_in(["profiles", 1, "teaser"], "x" * 501), "profiles[1].teaser"),
    "overlong section": (
        set_in(["profiles", 0, "sections", 2, "body"], "x" * 20_001),
        "profiles[0].sections[2].body",
    ),
    "overlong title": (set_in(["profiles", 0, "title"], "x" * 201), "profiles[0].title"),
    "overlong tool": (
        set_in(["profiles", 0, "tools"], ["Jira", "x" * 121]),
        "profiles[0].tools[1]",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_names_the_problem_and_changes_nothing(
    case, ruhr_content, seed_document, tmp_path
):
    change, where = BAD_FILES[case]
    # Valid changes beside the bad one must not survive either.
    seed_document["regions"].append({"slug": "bottrop", "name": "Bottrop"})
    seed_document["profiles"][0]["title"] += " (geändert)"
    document = broken(seed_document, change)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = export_content()

    with pytest.raises(CommandError) as caught:
        call_command("import_content", str(path))

    assert where in str(caught.value)
    assert "unverändert" in str(caught.value)
    assert export_content() == before


def test_overlong_text_is_refused_with_the_limit(ruhr_content, seed_document, tmp_path):
    seed_document["regions"][1]["summary"] = "Viel Text. " * 1_000
    path = tmp_path / "long.json"
    path.write_text(json.dumps(seed_document), encoding="utf-8")
    before = export_content()
    with pytest.raises(CommandError) as caught:
        call_command("import_content", str(path))
    assert "regions[1].summary: " in str(caught.value)
    assert "höchstens 2000 Zeichen" in str(caught.value)
    assert export_content() == before


def schema_limits(schema):
    """``{"profiles.title": 200, "profiles.tools[]": 120, …}``: every maxLength the
    documented schema states, by the document's field names."""
    limits = {}

    def walk(node, path):
        if "maxLength" in node:
            limits[path] = node["maxLength"]
        for key, child in node.get("properties", {}).items():
            walk(child, f"{path}.{key}" if path else key)
        if "items" in node:
            walk(node["items"], f"{path}[]")
        for choice in node.get("anyOf", []):
            walk(choice, path)

    walk(schema, "")
    return limits


def test_documented_schema_states_every_text_limit():
    from django.apps import apps

    def limit(model, field):
        return apps.get_model(model)._meta.get_field(field).max_length

    schema = json.loads((ROOT / "docs" / "content-format.schema.json").read_text("utf-8"))
    expected = {}
    for kind, model, fields in [
        ("occupations[]", "jobs.Occupation", ("slug", "name", "summary")),
        ("regions[]", "regions.Region", ("slug", "name", "state", "area", "summary")),
        ("profiles[]", "regions.CareerProfile", ("title", "teaser")),
        ("profiles[].salary_bands[]", "regions.SalaryBand", ("note",)),
        ("profiles[].sections[]", "regions.ProfileSection", ("heading", "body")),
        ("profiles[].sources[]", "regions.Source", ("title", "url")),
    ]:
        expected.update({f"{kind}.{field}": limit(model, field) for field in fields})
    expected["profiles[].occupation"] = limit("jobs.Occupation", "slug")
    expected["profiles[].region"] = limit("regions.Region", "slug")
    for key, model in [
        ("tools", "jobs.Tool"),
        ("sectors", "regions.Sector"),
        ("certifications", "jobs.Certification"),
        ("skills", "jobs.Skill"),
    ]:
        expected[f"profiles[].{key}[]"] = limit(model, "name")
    posting_fields = ("ref", "title", "description", "apply_url", "apply_email")
    expected.update(
        {f"postings[].{name}": limit("jobs.JobPosting", name) for name in posting_fields}
    )
    expected["postings[].rejection_reason"] = limit("jobs.JobPosting", "rejection_reason")
    expected["postings[].employer.name"] = limit("jobs.JobPosting", "employer_name")
    expected["postings[].employer.website"] = limit("jobs.JobPosting", "employer_website")
    expected["postings[].occupation"] = limit("jobs.Occupation", "slug")
    expected["postings[].region"] = limit("regions.Region", "slug")
    expected["postings[].tools[]"] = limit("jobs.Tool", "name")
    expected["postings[].sectors[]"] = limit("regions.Sector", "name")
    expected["postings[].published_as.title"] = limit("jobs.JobPosting", "public_title")
    expected["postings[].published_as.employer"] = limit("jobs.JobPosting", "public_employer_name")
    expected["postings[].published_as.region"] = limit("regions.Region", "slug")
    assert None not in expected.values()
    assert schema_limits(schema) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{ kein json", "kein gültiges JSON"),
        ("[]", "Objekt erwartet"),
        ('{"format": "revier-it-karriere/1", "profiles": {}}', "Liste erwartet"),
    ],
)
def test_unreadable_files_are_refused(content, message, tmp_path, db):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_content", str(path))


def test_missing_file_is_a_clear_message(db):
    with pytest.raises(CommandError, match="Datei nicht gefunden"):
        call_command("import_content", "/nonexistent/ruhr.json")


def test_command_exits_1_without_traceback(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "revier-it-karriere/1", "regions": [{"slug": 1}]}', "utf-8")
    # The real command line, against a scratch SQLite database.
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "DJANGO_SECRET_KEY": "t"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "import_content", str(path)],
        cwd=ROOT,
        env={**__import__("os").environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "regions[0].slug" in result.stderr
    assert "regions[0].name: Pflichtfeld fehlt." in result.stderr


def test_documented_schema_matches_seed_and_export(ruhr_content, seed_document):
    import jsonschema

    schema = json.loads((ROOT / "docs" / "content-format.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(seed_document)) == []
    assert list(validator.iter_errors(export_content())) == []
    bad = broken(seed_document, set_in(["profiles", 0, "salary"], 1))
    assert list(validator.iter_errors(bad)) != []
    with_postings = {**seed_document, "postings": postings()}
    assert list(validator.iter_errors(with_postings)) == []
    bad = broken(with_postings, set_in(["postings", 0, "weekly_hours"], 40))
    assert list(validator.iter_errors(bad)) != []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": ' + "9" * 5000 + "}", "kein verwendbares JSON"),
        (
            '{"format": "revier-it-karriere/1", "occupations": [{"slug": "ab", "name": "x\\u0000"}]}',
            "occupations[0].name",
        ),
    ],
)
def test_hostile_files_are_refused_without_traceback(content, message, tmp_path, db):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message.replace("[", r"\[").replace("]", r"\]")):
        call_command("import_content", str(path))


def test_own_export_imports_cleanly_after_editor_changes(ruhr_content, tmp_path):
    from jobs.models import Tool

    profile = CareerProfile.objects.get(region__slug="duisburg")
    # Editors may give sections the same position and a tool another slug.
    profile.sections.update(position=0)
    Tool.objects.filter(name="SAP").update(slug="sap-erp")
    exported = tmp_path / "export.json"
    call_command("export_content", str(exported))
    sections = profile.sections.count()
    call_command("import_content", str(exported))
    assert profile.sections.count() == sections
    assert set(profile.tools.values_list("slug", flat=True)) >= {"sap-erp"}
    assert Tool.objects.filter(name="SAP").count() == 1


def import_text(text):
    """Runs ``import_content -`` with ``text`` on standard input; the CommandError's text."""
    with pytest.raises(CommandError) as caught:
        call_command("import_content", "-", stdin=io.StringIO(text))
    return str(caught.value)


OCCUPATION_NAMED = '{"format": "revier-it-karriere/1", "occupations": [{"slug": "ab", "name": %s}]}'


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            r'"Ab\u0000c"',
            "occupations[0].name: An Stelle 3 steht ein Nullzeichen (U+0000), "
            "das in Text nicht vorkommen darf.",
        ),
        (
            r'"Ab\ud800"',
            "occupations[0].name: An Stelle 3 steht ein halbes Zeichen (U+D800, ein einzelnes "
            "UTF-16-Surrogat); die Datei ist beschädigt oder falsch erzeugt.",
        ),
    ],
)
def test_characters_text_cannot_hold_are_named_at_the_field(name, message, ruhr_content):
    before = export_content()
    assert message in import_text(OCCUPATION_NAMED % name)
    assert export_content() == before


def test_a_lone_surrogate_in_a_tool_or_key_is_named(ruhr_content, seed_document):
    text = json.dumps(seed_document).replace('"Jira"', r'"Jira\udfff"', 1)
    assert "profiles[0].tools[0]: An Stelle 5 steht ein halbes Zeichen (U+DFFF" in import_text(text)
    text = json.dumps(seed_document).replace('"teaser"', r'"teaser\ud800"', 1)
    assert r"profiles[0].teaser\ud800: Unbekanntes Feld." in import_text(text)


def test_a_byte_order_mark_is_accepted(ruhr_content, tmp_path):
    title = "IT-Projektkoordinator:in in Duisburg (mit BOM)"
    text = SEED_FILE.read_text(encoding="utf-8").replace(
        '"IT-Projektkoordinator:in in Duisburg"', json.dumps(title), 1
    )
    path = tmp_path / "bom.json"
    path.write_text("\ufeff" + text, encoding="utf-8")
    call_command("import_content", str(path), stdout=io.StringIO())
    assert CareerProfile.objects.get(region__slug="duisburg").title == title


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "ist leer."),
        (
            '{"format": "revier-it-karriere/1",}',
            "kein gültiges JSON (Zeile 1, Spalte 35): Hier fehlt ein Feldname in doppelten "
            "Anführungszeichen",
        ),
        (
            '{\n  "format": "revier-it-karriere/1"\n  "regions": []\n}',
            "kein gültiges JSON (Zeile 3, Spalte 3): Hier fehlt ein Komma",
        ),
        ('{"format" "x"}', "(Zeile 1, Spalte 11): Hier fehlt der Doppelpunkt"),
        ('{"format": "revier-it-', "(Zeile 1, Spalte 12): Ein Text beginnt hier und endet nicht"),
        ('{"format": "a\\x"}', "(Zeile 1, Spalte 14): Ungültige Escape-Folge"),
        ('{"format": "a\tb"}', "(Zeile 1, Spalte 14): Ein Steuerzeichen"),
        ('{"format": "a"} {}', "(Zeile 1, Spalte 17): Nach dem Ende des Dokuments folgt"),
        ('{"format": tru}', "(Zeile 1, Spalte 12): Hier fehlt ein Wert"),
    ],
)
def test_json_syntax_errors_are_explained_in_german(content, message, db):
    error = import_text(content)
    assert message in error
    assert error.startswith("Die Standardeingabe ")
    for english in ("Expecting", "Unterminated", "Invalid", "Extra data", "delimiter"):
        assert english not in error


def test_duplicate_keys_are_refused_by_name(ruhr_content, seed_document):
    before = export_content()
    text = json.dumps(seed_document).replace('"title": ', '"title": "Erster Titel", "title": ', 1)
    error = import_text(text)
    assert "profiles[0].title: Das Feld „title“ steht in diesem Objekt mehrmals" in error
    error = import_text('{"format": "revier-it-karriere/1", "format": "revier-it-karriere/1"}')
    assert "format: Das Feld „format“ steht in diesem Objekt mehrmals" in error
    assert export_content() == before


def test_import_reads_standard_input(db, seed_document):
    out = io.StringIO()
    call_command("import_content", "-", stdin=io.StringIO(json.dumps(seed_document)), stdout=out)
    assert "Standardeingabe" in out.getvalue()
    assert bands_of("duisburg") == {"entry": (3200, 3600), "experienced": (4000, 5000)}


def test_command_line_pipes_and_refuses_without_traceback(tmp_path):
    """The real command line: export | import round trip on standard input, and every bad
    input is a German message, exit status 1 and an unchanged database."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": "t",
    }

    def manage(*args, stdin=b""):
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            check=False,
        )

    assert manage("migrate", "-v0").returncode == 0
    seed = SEED_FILE.read_bytes()
    assert manage("import_content", "-", stdin=b"\xef\xbb\xbf" + seed).returncode == 0
    exported = manage("export_content", "-").stdout
    assert [p["region"] for p in json.loads(exported)["profiles"]] == ["duisburg", "oberhausen"]

    surrogate = seed.replace(b'"Jira"', b'"Jira\\ud800"', 1)
    for bad, message in [
        (surrogate, "profiles[0].tools[0]: An Stelle 5 steht ein halbes Zeichen"),
        (b"\xef\xbb\xbf{", "Hier fehlt ein Feldname"),
        (b"\xff\xfe{}", "nicht UTF-8-kodiert"),
    ]:
        result = manage("import_content", "-", stdin=bad)
        stderr = result.stderr.decode("utf-8")
        assert result.returncode == 1, stderr
        assert "Traceback" not in stderr
        assert message in stderr
    assert manage("export_content", "-").stdout == exported


# Job postings (SPEC §9.1) -----------------------------------------------------------------


def postings():
    """Three postings in the exchange format, for the seed's occupation and cities."""
    return [
        {
            "ref": "du-2026-001",
            "title": "IT-Projektkoordinator:in (m/w/d)",
            "employer": {"name": "Hafen Duisburg GmbH", "website": "https://example.org"},
            "occupation": "it-projektkoordinator",
            "region": "duisburg",
            "level": "entry",
            "min_eur": 3300,
            "max_eur": 3700,
            "employment": "full-time",
            "weekly_hours": None,
            "workplace": "hybrid",
            "tools": ["Jira", "Miro"],
            "sectors": ["Logistik"],
            "description": "Sie koordinieren **IT-Projekte** im Hafen.",
            "apply_url": "https://example.org/bewerben",
            "apply_email": "",
            "status": "published",
            "rejection_reason": "",
            "published_on": "2026-12-01",
            "valid_through": "2027-01-29",
            "first_published_on": "2026-12-01",
        },
        {
            "ref": "ob-2026-002",
            "title": "IT-Projektkoordinator:in in Teilzeit",
            "employer": {"name": "Stadtwerke Oberhausen", "website": ""},
            "occupation": "it-projektkoordinator",
            "region": "oberhausen",
            "level": "experienced",
            "min_eur": 2200,
            "max_eur": 2600,
            "employment": "part-time",
            "weekly_hours": 25,
            "workplace": "on-site",
            "tools": [],
            "sectors": [],
            "description": "Teilzeit mit 25 Stunden.",
            "apply_url": "",
            "apply_email": "jobs@example.org",
            "status": "rejected",
            "rejection_reason": "Die Stufe passt nicht zur Beschreibung.",
            "published_on": "2026-11-20",
            "valid_through": "2026-11-20",
            "first_published_on": None,
        },
        {
            "ref": "ob-2026-001",
            "title": "Junior IT-Koordinator:in (m/w/d)",
            "employer": {"name": "Zentrum Altenberg", "website": ""},
            "occupation": "it-projektkoordinator",
            "region": "oberhausen",
            "level": "entry",
            "min_eur": 3000,
            "max_eur": 3400,
            "employment": "full-time",
            "weekly_hours": None,
            "workplace": "remote",
            "tools": ["Confluence"],
            "sectors": [],
            "description": "Ein Entwurf.",
            "apply_url": "",
            "apply_email": "it@example.org",
            "status": "draft",
            "rejection_reason": "",
            "published_on": None,
            "valid_through": None,
            "first_published_on": None,
        },
    ]


@pytest.fixture
def with_postings(seed_document):
    return {**seed_document, "postings": postings()}


def write(tmp_path, document, name="postings.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_postings_are_imported_and_exported_sorted_by_ref(db, with_postings, tmp_path):
    from jobs.models import JobPosting

    out = io.StringIO()
    call_command("import_content", str(write(tmp_path, with_postings)), stdout=out)
    assert "Stellenanzeigen: 3 neu, 0 aktualisiert" in out.getvalue()
    exported = export_content()["postings"]
    assert [p["ref"] for p in exported] == ["du-2026-001", "ob-2026-001", "ob-2026-002"]
    by_ref = {p["ref"]: p for p in postings()}
    assert all(posting == by_ref[posting["ref"]] for posting in exported)
    hafen = JobPosting.objects.get(ref="du-2026-001")
    assert {t.name for t in hafen.tools.all()} == {"Jira", "Miro"}
    assert [s.name for s in hafen.sectors.all()] == ["Logistik"]
    assert hafen.region.slug == "duisburg"


def test_postings_round_trip_into_an_empty_database(db, with_postings, tmp_path):
    from django.apps import apps

    import_content_file = write(tmp_path, with_postings)
    call_command("import_content", str(import_content_file), stdout=io.StringIO())
    exported = tmp_path / "export.json"
    call_command("export_content", str(exported))
    apps.get_model("jobs.JobPosting").objects.all().delete()
    CareerProfile.objects.all().delete()
    for model in ("jobs.Occupation", "regions.Region", "jobs.Tool", "regions.Sector"):
        apps.get_model(model).objects.all().delete()

    call_command("import_content", str(exported), stdout=io.StringIO())
    again = tmp_path / "again.json"
    call_command("export_content", str(again))
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")
    assert len(json.loads(again.read_text(encoding="utf-8"))["postings"]) == 3


def test_whether_a_posting_was_ever_public_travels_and_old_files_count_as_approved(
    db, with_postings, tmp_path
):
    from jobs.models import JobPosting

    call_command("import_content", str(write(tmp_path, with_postings)), stdout=io.StringIO())
    assert JobPosting.objects.get(ref="ob-2026-002").first_published_on is None
    assert not JobPosting.objects.get(ref="ob-2026-002").is_public
    for record in with_postings["postings"]:
        del record["first_published_on"]
    JobPosting.objects.all().delete()
    call_command("import_content", str(write(tmp_path, with_postings)), stdout=io.StringIO())
    rejected = JobPosting.objects.get(ref="ob-2026-002")
    assert rejected.first_published_on.isoformat() == "2026-11-20" and rejected.is_public
    assert JobPosting.objects.get(ref="ob-2026-001").first_published_on is None


def test_how_a_posting_was_last_shown_travels_when_it_changed_since(db, with_postings, tmp_path):
    from jobs.models import JobPosting

    shown = {"title": "IT-Koordinator:in", "employer": "Stadtwerke", "region": "duisburg"}
    with_postings["postings"][1].update(first_published_on="2026-11-20", published_as=shown)
    call_command("import_content", str(write(tmp_path, with_postings)), stdout=io.StringIO())
    rejected = JobPosting.objects.get(ref="ob-2026-002")
    assert (rejected.public_title, rejected.public_employer_name) == (
        "IT-Koordinator:in",
        "Stadtwerke",
    )
    assert rejected.public_region.slug == "duisburg" and rejected.region.slug == "oberhausen"
    assert rejected.slug == "it-koordinatorin"
    records = {record["ref"]: record for record in export_content()["postings"]}
    assert records["ob-2026-002"]["published_as"] == shown
    # Shown as it is now: no need to say so.
    assert "published_as" not in records["du-2026-001"]
    assert (
        JobPosting.objects.get(ref="du-2026-001").public_title == "IT-Projektkoordinator:in (m/w/d)"
    )


def test_the_export_leaves_unconfirmed_submissions_out(db, with_postings, tmp_path):
    from django.utils import timezone

    from jobs.models import JobPosting

    call_command("import_content", str(write(tmp_path, with_postings)), stdout=io.StringIO())
    now = timezone.now()
    JobPosting.objects.filter(ref="ob-2026-001").update(
        contact_email="personal@firma.example", submitted_at=now, consent_at=now
    )
    assert [p["ref"] for p in export_content()["postings"]] == ["du-2026-001", "ob-2026-002"]
    JobPosting.objects.filter(ref="ob-2026-001").update(confirmed_at=now)
    assert len(export_content()["postings"]) == 3


def test_import_updates_a_posting_by_ref(db, with_postings, tmp_path):
    from jobs.models import JobPosting

    call_command("import_content", str(write(tmp_path, with_postings)), stdout=io.StringIO())
    with_postings["postings"][0]["max_eur"] = 3900
    with_postings["postings"][0]["tools"] = ["Jira"]
    out = io.StringIO()
    call_command("import_content", str(write(tmp_path, with_postings)), stdout=out)
    assert "Stellenanzeigen: 0 neu, 3 aktualisiert" in out.getvalue()
    hafen = JobPosting.objects.get(ref="du-2026-001")
    assert hafen.max_eur == 3900
    assert [t.name for t in hafen.tools.all()] == ["Jira"]
    assert JobPosting.objects.count() == 3


def test_the_seed_file_has_no_postings_and_its_export_none(ruhr_content, seed_document):
    assert "postings" not in seed_document
    assert "postings" not in export_content()


def test_the_public_download_leaves_postings_out(db, with_postings, tmp_path):
    call_command("import_content", str(write(tmp_path, with_postings)), stdout=io.StringIO())
    assert "postings" in export_content()
    assert "postings" not in export_content(published_only=True)


def posting_set(index, key, value):
    return set_in(["postings", index, key], value)


BAD_POSTINGS = {
    "below minimum wage": (
        posting_set(0, "min_eur", 2000),
        "postings[0].min_eur: Das liegt unter dem gesetzlichen Mindestlohn",
    ),
    "range too wide": (
        posting_set(0, "max_eur", 6601),
        "postings[0].max_eur: Die Obergrenze darf höchstens doppelt",
    ),
    "min above max": (posting_set(2, "min_eur", 3500), "postings[2].max_eur: Die Obergrenze"),
    "part-time without hours": (
        posting_set(1, "weekly_hours", None),
        "postings[1].weekly_hours: Bei Teilzeit bitte die Wochenstunden angeben.",
    ),
    "full-time with hours": (posting_set(0, "weekly_hours", 30), "postings[0].weekly_hours"),
    "hours as text": (posting_set(1, "weekly_hours", "25"), "postings[1].weekly_hours: ganze Zahl"),
    "no way to apply": (posting_set(0, "apply_url", ""), "postings[0].apply_url: Bitte eine"),
    "rejected without reason": (
        posting_set(1, "rejection_reason", ""),
        "postings[1].rejection_reason: Eine Ablehnung braucht eine Begründung.",
    ),
    "draft with dates": (
        posting_set(2, "published_on", "2026-12-01"),
        "postings[2].published_on: Bei Entwurf und Prüfung bitte leer lassen",
    ),
    "more than 90 days": (
        posting_set(0, "valid_through", "2027-03-02"),
        "postings[0].valid_through: Höchstens 90 Tage nach der Veröffentlichung",
    ),
    "end before start": (
        posting_set(0, "valid_through", "2026-11-30"),
        "postings[0].valid_through: Das Enddatum liegt vor der Veröffentlichung.",
    ),
    "unknown status": (posting_set(0, "status", "online"), "postings[0].status"),
    "unknown level": (posting_set(0, "level", "chef"), "postings[0].level"),
    "unknown workplace": (posting_set(0, "workplace", "mond"), "postings[0].workplace"),
    "unknown region": (
        posting_set(1, "region", "atlantis"),
        "postings[1].region: Unbekannte Region „atlantis“.",
    ),
    "unknown occupation": (posting_set(1, "occupation", "astronaut"), "postings[1].occupation"),
    "bad e-mail": (posting_set(2, "apply_email", "keine-adresse"), "postings[2].apply_email"),
    "empty ref": (posting_set(2, "ref", " "), "postings[2].ref: Die Kennung darf nicht leer"),
    "ref with spaces": (posting_set(2, "ref", "ob 2026"), "postings[2].ref"),
    "duplicate ref": (
        posting_set(2, "ref", "du-2026-001"),
        "postings[2].ref: Kennung kommt doppelt",
    ),
    "missing employer name": (
        lambda d: d["postings"][0]["employer"].pop("name"),
        "postings[0].employer.name: Pflichtfeld fehlt.",
    ),
    "overlong employer name": (
        set_in(["postings", 0, "employer", "name"], "x" * 201),
        "postings[0].employer.name: ",
    ),
    "overlong description": (
        posting_set(0, "description", "x" * 20_001),
        "postings[0].description: ",
    ),
    "overlong tool": (posting_set(0, "tools", ["Jira", "x" * 121]), "postings[0].tools[1]"),
    "unknown key": (posting_set(0, "salary", 1), "postings[0].salary: Unbekanntes Feld."),
    "last shown in an unknown region": (
        posting_set(1, "published_as", {"title": "A", "employer": "B", "region": "atlantis"}),
        "postings[1].published_as.region: Unbekannte Region „atlantis“.",
    ),
    "last shown with an overlong title": (
        posting_set(1, "published_as", {"title": "x" * 201, "employer": "B", "region": "duisburg"}),
        "postings[1].published_as.title: ",
    ),
}


@pytest.mark.parametrize("case", BAD_POSTINGS)
def test_a_bad_posting_names_the_problem_and_writes_nothing(
    case, ruhr_content, with_postings, tmp_path
):
    from jobs.models import JobPosting, Tool

    # A valid profile change, a new tool and the other postings must not survive either.
    with_postings["profiles"][0]["title"] += " (geändert)"
    change, where = BAD_POSTINGS[case]
    before = export_content()
    tools = Tool.objects.count()

    with pytest.raises(CommandError) as caught:
        call_command("import_content", str(write(tmp_path, broken(with_postings, change))))

    assert where in str(caught.value)
    assert "unverändert" in str(caught.value)
    assert export_content() == before
    assert not JobPosting.objects.exists()
    assert Tool.objects.count() == tools


def test_the_demo_postings_are_open_examples_whatever_the_day_they_are_imported(ruhr_content):
    from jobs.models import JobPosting

    call_command(
        "import_content", str(ROOT / "content" / "demo-postings.json"), stdout=io.StringIO()
    )
    postings = JobPosting.objects.all()
    assert len(postings) == JobPosting.objects.open().count() == 7
    for posting in postings:
        assert posting.title.startswith("Beispiel-Stelle"), posting.title
        assert "(fiktiv)" in posting.employer_name, posting.employer_name
