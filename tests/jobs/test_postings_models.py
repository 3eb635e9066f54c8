"""A job posting's rules: German messages where editors and imports meet them, and named
constraints in the database where a constraint can express them (SPEC §9)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import F

from common.text import today
from jobs.models import JobPosting, Occupation
from regions.models import Region
from tests.conftest import make_occupation, make_posting, make_region

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 1)


def unsaved(**fields):
    values = {
        "title": "Softwareentwickler:in (m/w/d)",
        "employer_name": "Zeche Zollverein IT",
        "occupation": Occupation.objects.get_or_create(name="Softwareentwickler:in")[0],
        "region": Region.objects.get_or_create(name="Essen")[0],
        "level": "entry",
        "min_eur": 3300,
        "max_eur": 3700,
        "workplace": "on-site",
        "description": "Text",
        "apply_email": "jobs@example.org",
        **fields,
    }
    return JobPosting(**values)


def errors_of(**fields):
    posting = unsaved(**fields)
    with pytest.raises(ValidationError) as caught:
        posting.full_clean()
    return {name: " ".join(messages) for name, messages in caught.value.message_dict.items()}


def test_a_valid_draft_passes_and_gets_a_ref():
    posting = unsaved()
    posting.full_clean()
    posting.save()
    assert posting.ref == f"essen-{today().year}-001"
    second = make_posting(region=posting.region, occupation=posting.occupation)
    assert second.ref == f"essen-{today().year}-002"
    assert (posting.published_on, posting.valid_through, posting.expired) == (None, None, False)


def test_a_ref_taken_meanwhile_makes_the_save_take_the_next_number(monkeypatch):
    first = make_posting()
    found = iter([first.ref])  # what a concurrent save found a moment before
    next_ref = JobPosting.next_ref
    monkeypatch.setattr(
        JobPosting, "next_ref", lambda posting, day=None: next(found, None) or next_ref(posting)
    )
    second = make_posting(region=first.region, occupation=first.occupation)
    assert second.ref == f"essen-{today().year}-002"


def test_a_ref_given_is_kept_and_must_be_unique():
    make_posting(ref="du-2026-001")
    errors = errors_of(ref="du-2026-001")
    assert "Diese Kennung hat schon eine andere Stelle." in errors["ref"]


def test_min_above_max_is_explained_at_the_field():
    errors = errors_of(min_eur=4000, max_eur=3900)
    assert errors["max_eur"] == "Die Obergrenze muss mindestens so hoch sein wie die Untergrenze."


def test_a_range_wider_than_double_is_refused():
    errors = errors_of(min_eur=3000, max_eur=6001)
    assert errors["max_eur"] == (
        "Die Obergrenze darf höchstens doppelt so hoch sein wie die Untergrenze (hier höchstens "
        "6.000\u00a0€); eine breitere Spanne sagt Bewerber:innen nichts."
    )
    unsaved(min_eur=3000, max_eur=6000).full_clean()


def test_full_time_pay_below_the_minimum_wage_is_refused():
    # 13.90 € × 40 h × 52 / 12 = 2,409.33 €: at least 2,410 € a month.
    errors = errors_of(min_eur=2409, max_eur=2600)
    assert errors["min_eur"] == (
        "Das liegt unter dem gesetzlichen Mindestlohn von 13,90 € je Stunde: bei 40 "
        "Wochenstunden mindestens 2.410\u00a0€ im Monat."
    )
    unsaved(min_eur=2410, max_eur=2600).full_clean()


def test_part_time_pay_is_measured_by_its_hours():
    # 20 h: 13.90 × 20 × 52 / 12 = 1,204.67 €.
    errors = errors_of(employment="part-time", weekly_hours=20, min_eur=1204, max_eur=1300)
    assert "bei 20 Wochenstunden mindestens 1.205\u00a0€ im Monat" in errors["min_eur"]
    unsaved(employment="part-time", weekly_hours=20, min_eur=1205, max_eur=1300).full_clean()


def test_a_higher_minimum_wage_setting_is_enforced_by_the_validation(settings):
    settings.MINIMUM_WAGE_EUR_PER_HOUR = Decimal("15.00")
    errors = errors_of(min_eur=2500, max_eur=3000)
    assert "Mindestlohn von 15,00 € je Stunde" in errors["min_eur"]
    assert "mindestens 2.600\u00a0€" in errors["min_eur"]


def test_weekly_hours_exactly_for_part_time():
    assert errors_of(employment="part-time")["weekly_hours"] == (
        "Bei Teilzeit bitte die Wochenstunden angeben."
    )
    assert errors_of(weekly_hours=30)["weekly_hours"] == (
        "Wochenstunden nur bei Teilzeit angeben; Vollzeit rechnet mit 40 Stunden."
    )
    assert "39" in errors_of(employment="part-time", weekly_hours=40)["weekly_hours"]
    assert "1" in errors_of(employment="part-time", weekly_hours=0)["weekly_hours"]


def test_a_way_to_apply_is_required():
    errors = errors_of(apply_email="", apply_url="")
    message = "Bitte eine Web-Adresse oder eine E-Mail-Adresse für Bewerbungen angeben."
    assert errors["apply_url"] == errors["apply_email"] == message
    unsaved(apply_email="", apply_url="https://example.org/job").full_clean()


def test_a_rejection_needs_a_reason():
    errors = errors_of(status="rejected", rejection_reason="  ")
    assert errors["rejection_reason"] == "Eine Ablehnung braucht eine Begründung."


@pytest.mark.parametrize("status", ["draft", "in-review"])
def test_drafts_and_postings_in_review_have_no_dates(status):
    errors = errors_of(status=status, published_on=DAY, valid_through=DAY)
    message = "Bei Entwurf und Prüfung bitte leer lassen; das Datum setzt die Freigabe."
    assert errors["published_on"] == errors["valid_through"] == message


def test_publishing_without_dates_means_today_and_sixty_days():
    posting = unsaved(status="published")
    posting.full_clean()
    assert posting.published_on == today()
    assert posting.valid_through == today() + datetime.timedelta(days=60)
    given = unsaved(status="published", published_on=DAY)
    given.full_clean()
    assert given.valid_through == datetime.date(2027, 1, 30)


def test_valid_through_at_most_ninety_days_after_publication():
    errors = errors_of(
        status="published", published_on=DAY, valid_through=DAY + datetime.timedelta(days=91)
    )
    assert errors["valid_through"] == (
        "Höchstens 90 Tage nach der Veröffentlichung, also spätestens am 1. März 2027."
    )
    unsaved(
        status="published", published_on=DAY, valid_through=DAY + datetime.timedelta(days=90)
    ).full_clean()


def test_valid_through_not_before_publication():
    errors = errors_of(
        status="withdrawn", published_on=DAY, valid_through=DAY - datetime.timedelta(days=1)
    )
    assert errors["valid_through"] == "Das Enddatum liegt vor der Veröffentlichung."


def test_overlong_description_is_refused_with_the_limit():
    errors = errors_of(description="x" * 20_001)
    assert "20000" in errors["description"]


def test_the_validation_marks_an_ended_posting_as_expired():
    posting = unsaved(status="published", published_on=DAY, valid_through=DAY)
    posting.full_clean()
    assert posting.expired is (today() > DAY)
    posting.valid_through, posting.published_on = None, today()
    posting.full_clean()
    assert posting.expired is False


# The database refuses what breaks a rule, whatever path wrote it -----------------------

# What save() records at publication, so that a row made published by update() breaks
# only the rule a case is about.
FACE = {"first_published_on": DAY, "public_title": "Stelle", "public_region": F("region")}
PUBLISHED = {"status": "published", "published_on": DAY, "valid_through": DAY, **FACE}
BAD_ROWS = {
    "jobposting_min_lte_max": {"min_eur": 3300, "max_eur": 3200},
    "jobposting_max_lte_twice_min": {"min_eur": 3000, "max_eur": 6001},
    "jobposting_pays_minimum_wage": {"min_eur": 2409, "max_eur": 2500},
    "jobposting_weekly_hours_for_part_time": {"weekly_hours": 20},
    "jobposting_level_valid": {"level": "chef"},
    "jobposting_workplace_valid": {"workplace": "mond"},
    "jobposting_has_way_to_apply": {"apply_url": "", "apply_email": ""},
    "jobposting_rejection_has_reason": {**PUBLISHED, "status": "rejected"},
    "jobposting_dates_match_status": {"published_on": DAY, "valid_through": DAY},
    "jobposting_valid_through_after_published_on": {
        **PUBLISHED,
        "valid_through": DAY - datetime.timedelta(days=1),
    },
    "jobposting_description_max_length": {"description": "x" * 20_001},
    "jobposting_rejection_reason_max_length": {"rejection_reason": "x" * 2_001},
}
MORE_BAD_ROWS = [
    (
        "jobposting_pays_minimum_wage",
        {"employment": "part-time", "weekly_hours": 20, "min_eur": 1204, "max_eur": 1300},
    ),
    ("jobposting_weekly_hours_for_part_time", {"employment": "part-time"}),
    (
        "jobposting_weekly_hours_for_part_time",
        {"employment": "part-time", "weekly_hours": 40, "max_eur": 6000},
    ),
    ("jobposting_dates_match_status", {"status": "published", **FACE}),
    ("jobposting_public_face_when_published", {**PUBLISHED, "first_published_on": None}),
    ("jobposting_public_face_when_published", {**PUBLISHED, "public_title": ""}),
    ("jobposting_public_face_when_published", {"first_published_on": DAY}),
    ("jobposting_dates_match_status", {"status": "bogus"}),
]


@pytest.mark.parametrize(
    ("constraint", "values"), [*BAD_ROWS.items(), *MORE_BAD_ROWS], ids=lambda v: str(v)[:40]
)
def test_database_refuses_a_broken_rule_by_name(constraint, values):
    posting = make_posting()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        JobPosting.objects.filter(pk=posting.pk).update(**values)


def test_database_accepts_the_edge_values():
    posting = make_posting()
    JobPosting.objects.filter(pk=posting.pk).update(min_eur=2410, max_eur=4820)
    JobPosting.objects.filter(pk=posting.pk).update(
        employment="part-time", weekly_hours=39, min_eur=2350, max_eur=2400
    )


def test_database_refuses_a_second_posting_with_the_same_ref():
    make_posting(ref="du-2026-001")
    with pytest.raises(IntegrityError, match="jobposting_unique_ref|UNIQUE"), transaction.atomic():
        make_posting(ref="du-2026-001")


@pytest.mark.parametrize(
    ("field", "length"),
    [("title", 201), ("employer_name", 201), ("apply_url", 501), ("ref", 141)],
)
def test_database_bounds_short_texts(field, length):
    posting = make_posting()
    if connection.vendor == "postgresql":
        # varchar(n) refuses before the CHECK does.
        expected = pytest.raises(DataError)
    else:
        expected = pytest.raises(IntegrityError, match=f"jobposting_{field}_max_length")
    with expected, transaction.atomic():
        JobPosting.objects.filter(pk=posting.pk).update(**{field: "x" * length})


# Open postings are decided when read --------------------------------------------------


def published(valid_through, **fields):
    return make_posting(
        status="published",
        published_on=valid_through - datetime.timedelta(days=30),
        valid_through=valid_through,
        **fields,
    )


def test_open_means_published_and_valid_through_the_day():
    region, occupation = make_region(), make_occupation()
    last_day = published(DAY, region=region, occupation=occupation)
    make_posting(region=region, occupation=occupation)  # a draft
    make_posting(
        region=region,
        occupation=occupation,
        status="withdrawn",
        published_on=DAY,
        valid_through=DAY,
    )
    assert list(JobPosting.objects.open(DAY)) == [last_day]
    assert list(JobPosting.objects.open(DAY + datetime.timedelta(days=1))) == []
    assert list(JobPosting.objects.ended(DAY + datetime.timedelta(days=1))) == [last_day]
    assert list(JobPosting.objects.ended(DAY)) == []


def test_today_is_the_day_in_berlin_whatever_the_active_time_zone(monkeypatch):
    from django.utils import timezone

    posting = published(datetime.date(2026, 12, 7))
    # 23:30 UTC on 7 December is half past midnight on 8 December in Berlin.
    late = datetime.datetime(2026, 12, 7, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late)
    with timezone.override("UTC"):
        assert today() == datetime.date(2026, 12, 8)
        assert list(JobPosting.objects.open()) == []
    monkeypatch.setattr(timezone, "now", lambda: late - datetime.timedelta(hours=1))
    assert today() == datetime.date(2026, 12, 7)
    assert list(JobPosting.objects.open()) == [posting]


def test_a_posting_change_moves_the_postings_version_and_leaves_the_content_version_alone(
    django_capture_on_commit_callbacks,
):
    # So that approving a posting leaves the cached pages without postings cached (SPEC §9).
    from common import content_version
    from jobs.models import Tool

    posting = make_posting(status="published", published_on=today(), valid_through=today())
    content, postings = content_version.current(), content_version.current(content_version.POSTINGS)
    with django_capture_on_commit_callbacks(execute=True):
        posting.title = "Neu (m/w/d)"
        posting.save()
        posting.sectors.set([])
    assert content_version.current() == content
    assert content_version.current(content_version.POSTINGS) > postings
    # A draft is on no page: its changes move neither.
    postings = content_version.current(content_version.POSTINGS)
    with django_capture_on_commit_callbacks(execute=True):
        make_posting(title="Entwurf (m/w/d)").sectors.set([])
    assert content_version.current(content_version.POSTINGS) == postings
    with django_capture_on_commit_callbacks(execute=True):
        Tool.objects.create(name="Jira")
    assert content_version.current() > content  # the vocabularies stay content


def test_restoring_a_published_posting_to_its_draft_takes_it_off_the_pages(
    admin_user, django_capture_on_commit_callbacks
):
    import reversion

    from common import content_version, history

    with reversion.create_revision():
        posting = make_posting()
    with reversion.create_revision():
        posting.approve(today())
        posting.save()
    draft_version = history.history(posting)[-1].version
    before = content_version.current(content_version.POSTINGS)
    with django_capture_on_commit_callbacks(execute=True):
        restored = history.restore(draft_version, admin_user)
    assert restored.status == JobPosting.Status.DRAFT
    assert content_version.current(content_version.POSTINGS) != before
