"""The catalogue of published profiles: the home page's and the finder's lists, kept
ready beside the profiles and never shown out of date (regions.catalogue)."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction

from regions import catalogue
from regions.models import CareerProfile, CatalogueChange, SalaryBand
from regions.querysets import published_vocabulary, salary_spans
from tests.conftest import SEED_FILE, make_occupation, make_profile, make_region, text_of

pytestmark = pytest.mark.django_db

LISTS = ("region", "occupation", "tool", "sector")


def import_seed(capture):
    with capture(execute=True):
        call_command("import_content", str(SEED_FILE), stdout=open("/dev/null", "w"))  # noqa: SIM115


def spans():
    return [
        [
            (o.slug, o.profile_count, o.salary_low, o.salary_high, o.entry_low, o.as_of_oldest)
            for o in owners
        ]
        for owners in salary_spans()
    ]


def test_the_commit_of_an_import_refreshes_the_catalogue(
    client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    import_seed(django_capture_on_commit_callbacks)
    assert not CatalogueChange.objects.exists()  # every change worked in
    entries = catalogue.read(LISTS)
    assert sorted(row[2] for row in entries["region"]) == ["duisburg", "oberhausen"]
    assert [row[2] for row in entries["occupation"]] == ["it-projektkoordinator"]
    # The whole home page from one query, with the seed's exact spans.
    with django_assert_num_queries(1):
        html = text_of(client.get("/"))
    assert "Duisburg 3.200–5.000 €" in html
    assert "Oberhausen 3.000–4.600 €" in html


def test_a_change_puts_the_catalogue_out_of_date_in_its_own_transaction(
    client, django_capture_on_commit_callbacks
):
    import_seed(django_capture_on_commit_callbacks)
    band = SalaryBand.objects.get(profile__region__slug="duisburg", level="experienced")
    with django_capture_on_commit_callbacks(execute=False):
        band.max_eur = 5400
        band.save()
        # Not committed yet (the callbacks wait): the catalogue no longer counts as valid,
        # so the pages work the lists out from the profiles.
        assert catalogue.read(LISTS) is None
        assert "Duisburg 3.200–5.400 €" in text_of(client.get("/"))
    catalogue.refresh()
    assert catalogue.read(LISTS) is not None
    assert "Duisburg 3.200–5.400 €" in text_of(client.get("/"))


def test_catalogue_and_profiles_give_the_same_lists(django_capture_on_commit_callbacks):
    import_seed(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        developer = make_occupation("Softwareentwickler:in")
        make_profile(developer, make_region("Essen"), bands=[("entry", 3100, 3900)])
        make_profile(developer, make_region("Bochum"), bands=[])  # no bands yet
        make_profile(developer, make_region("Hagen"), bands=[("senior", 6000, 7000)])
        make_profile(  # drafts count nowhere
            make_occupation("Entwurfsberuf"), make_region("Herne"), published=False
        )
    assert catalogue.read(LISTS) is not None
    from_catalogue = spans(), published_vocabulary()
    catalogue.mark_changed()  # out of date: the same lists from the profiles
    assert catalogue.read(LISTS) is None
    assert (spans(), published_vocabulary()) == from_catalogue
    regions, occupations = from_catalogue[0]
    assert [slug for slug, *_ in regions] == ["bochum", "duisburg", "essen", "hagen", "oberhausen"]
    assert regions[2][:5] == ("essen", 1, 3100, 3900, 3100)
    assert regions[0][:5] == ("bochum", 1, None, None, None)
    assert [slug for slug, *_ in occupations] == ["it-projektkoordinator", "softwareentwicklerin"]
    assert "herne" not in {slug for slug, _name in from_catalogue[1]["regions"]}


def test_withdrawing_every_profile_empties_the_lists(client, django_capture_on_commit_callbacks):
    import_seed(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        for profile in CareerProfile.objects.all():
            profile.published = False
            profile.save()
    assert catalogue.read(LISTS) == {kind: [] for kind in LISTS}
    assert "Noch sind keine Berufsprofile veröffentlicht." in text_of(client.get("/"))


def test_a_failed_refresh_leaves_the_pages_working_from_the_profiles(
    client, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    import_seed(django_capture_on_commit_callbacks)

    def fail(*args):
        raise DatabaseError("connection lost")

    monkeypatch.setattr("regions.querysets.live_salary_span_rows", fail)
    catalogue.mark_changed()
    catalogue.refresh()
    assert "could not be refreshed" in caplog.text
    assert catalogue.read(LISTS) is None
    monkeypatch.undo()
    assert "Oberhausen 3.000–4.600 €" in text_of(client.get("/"))


def test_derived_rows_are_no_content_change(django_capture_on_commit_callbacks):
    import_seed(django_capture_on_commit_callbacks)
    catalogue.refresh()  # up to date: nothing to do
    catalogue.mark_changed()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        catalogue.refresh()
    assert callbacks == []
    assert not CatalogueChange.objects.exists()


def test_a_change_rolled_back_with_its_savepoint_leaves_the_catalogue_counting(
    django_capture_on_commit_callbacks,
):
    import_seed(django_capture_on_commit_callbacks)
    band = SalaryBand.objects.get(profile__region__slug="duisburg", level="experienced")
    try:
        with transaction.atomic():
            band.max_eur = 9999
            band.save()
            assert catalogue.read(LISTS) is None
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert catalogue.read(LISTS) is not None
