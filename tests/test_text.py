import pytest

from common.text import german_slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Mülheim an der Ruhr", "muelheim-an-der-ruhr"),
        ("Gelsenkirchen", "gelsenkirchen"),
        ("Öffentliche Verwaltung", "oeffentliche-verwaltung"),
        ("Großunternehmen", "grossunternehmen"),
        ("Übach-Palenberg", "uebach-palenberg"),
        ("MS Project", "ms-project"),
        ("IT-Projektkoordinator:in", "it-projektkoordinatorin"),
    ],
)
def test_german_transliteration(name, slug):
    assert german_slugify(name) == slug


def test_slug_is_derived_from_name_when_saved(db):
    from regions.models import Region

    region = Region.objects.create(name="Mülheim an der Ruhr")
    assert region.slug == "muelheim-an-der-ruhr"
