"""Invariants hold twice: as a form-style message and in the database itself."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jobs.models import Occupation, Tool
from portal.models import LegalPage
from regions.models import CareerProfile, Region, SalaryBand, SalaryWish
from tests.conftest import make_occupation, make_profile, make_region

pytestmark = pytest.mark.django_db


def band_errors(**fields):
    profile = fields.pop("profile", None) or make_profile()
    band = SalaryBand(profile=profile, **{"level": "entry", **fields})
    with pytest.raises(ValidationError) as caught:
        band.full_clean()
    return caught.value.message_dict


def test_min_above_max_is_explained_at_the_field():
    errors = band_errors(min_eur=4000, max_eur=3000)
    assert "Obergrenze" in " ".join(errors["max_eur"])


def test_amounts_must_be_positive():
    errors = band_errors(min_eur=0, max_eur=3000)
    assert "min_eur" in errors


def test_second_band_of_a_level_is_refused_in_the_form():
    profile = make_profile(bands=[("entry", 3000, 3400)])
    errors = band_errors(profile=profile, min_eur=3100, max_eur=3200)
    assert "schon eine Gehaltsspanne" in " ".join(errors["__all__"])


@pytest.mark.parametrize(
    ("level", "low", "high"),
    [
        ("entry", 4000, 3000),  # min above max
        ("entry", 0, 3000),  # not positive
        ("bogus", 3000, 3400),  # unknown level
    ],
)
def test_database_refuses_bad_bands(level, low, high):
    profile = make_profile()
    with pytest.raises(IntegrityError), transaction.atomic():
        SalaryBand.objects.create(profile=profile, level=level, min_eur=low, max_eur=high)


def test_database_refuses_two_bands_of_one_level():
    profile = make_profile(bands=[("entry", 3000, 3400)])
    with pytest.raises(IntegrityError), transaction.atomic():
        SalaryBand.objects.create(profile=profile, level="entry", min_eur=3100, max_eur=3300)


def test_database_refuses_second_profile_for_occupation_and_region():
    profile = make_profile()
    with pytest.raises(IntegrityError), transaction.atomic():
        CareerProfile.objects.create(
            occupation=profile.occupation,
            region=profile.region,
            title="Doppelt",
            as_of="2026-01-01",
        )


@pytest.mark.parametrize("model", [Region, Occupation, Tool])
def test_database_refuses_duplicate_slugs(model):
    model.objects.create(name="Erster", slug="gleich")
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(name="Zweiter", slug="gleich")


def test_duplicate_slug_is_explained_in_the_form():
    make_region(name="Essen")
    region = Region(name="Essen (Ruhr)", slug="essen")
    with pytest.raises(ValidationError) as caught:
        region.full_clean()
    assert "slug" in caught.value.message_dict


def test_published_and_overlapping_querysets():
    occupation = make_occupation()
    low = make_profile(occupation, make_region("Bochum"), bands=[("entry", 2800, 3000)])
    high = make_profile(occupation, make_region("Dortmund"), bands=[("entry", 3400, 3800)])
    make_profile(occupation, make_region("Hagen"), bands=[("entry", 3500, 3900)], published=False)

    published = CareerProfile.objects.published()
    assert set(published.overlapping(SalaryWish("entry", 3500, None))) == {high}
    assert set(published.overlapping(SalaryWish("entry", None, 2900))) == {low}
    # Touching the edge counts as overlapping.
    assert set(published.overlapping(SalaryWish("entry", 3000, 3000))) == {low}
    assert set(published.overlapping(SalaryWish("experienced", 1, None))) == set()
    assert set(published.overlapping(SalaryWish(None, 3700, 5000))) == {high}


# The bounds of the long text fields (docs/content-format.schema.json documents them).
TEXT_LIMITS = [
    ("occupation", "summary", 2_000),
    ("region", "summary", 2_000),
    ("profile", "teaser", 500),
    ("section", "body", 20_000),
    ("legal page", "body", 100_000),
]


def text_record(kind):
    if kind == "occupation":
        return make_occupation()
    if kind == "region":
        return make_region()
    if kind == "section":
        return make_profile().sections.create(heading="Aufgaben", body="…")
    if kind == "legal page":
        return LegalPage.objects.get_or_create(
            slug="impressum", defaults={"title": "Impressum", "body": "…"}
        )[0]
    return make_profile()


@pytest.mark.parametrize(("kind", "field", "limit"), TEXT_LIMITS)
def test_long_texts_are_bounded_in_the_form_style_check(kind, field, limit):
    record = text_record(kind)
    setattr(record, field, "x" * limit)
    record.full_clean()
    setattr(record, field, "x" * (limit + 1))
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    assert f"höchstens {limit} Zeichen" in " ".join(caught.value.message_dict[field])


@pytest.mark.parametrize(("kind", "field", "limit"), TEXT_LIMITS)
def test_database_refuses_overlong_texts(kind, field, limit):
    record = text_record(kind)
    rows = type(record).objects.filter(pk=record.pk)
    rows.update(**{field: "ä" * limit})  # characters, not bytes
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(**{field: "x" * (limit + 1)})


def test_a_stand_in_the_future_is_refused_by_the_day_in_berlin():
    import datetime
    from unittest import mock

    from django.utils import timezone

    profile = make_profile()
    source = profile.sources.create(title="Quelle")
    # 00:30 in Berlin on 7 December, while it is still 6 December in UTC.
    night = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)
    with mock.patch.object(timezone, "now", return_value=night):
        for record, field in ((profile, "as_of"), (source, "retrieved")):
            setattr(record, field, datetime.date(2026, 12, 7))
            record.full_clean()
            setattr(record, field, datetime.date(2026, 12, 8))
            with pytest.raises(ValidationError) as caught:
                record.full_clean()
            assert caught.value.message_dict[field] == [
                "Das Datum liegt in der Zukunft; heute ist der 7. Dezember 2026."
            ]
