import io
from datetime import date

import pytest
from django.core.management import call_command

from catalogue.codes import Kind, Law
from catalogue.demo_data import seed_catalogue
from catalogue.models import Aanbieder, Contract, Tarief, Voorziening
from catalogue.selectors import contracted_providers, tariff_on

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def _counts() -> tuple[int, int, int, int]:
    return (Voorziening.objects.count(), Tarief.objects.count(), Aanbieder.objects.count(), Contract.objects.count())


def test_seed_catalogue_is_idempotent():
    seed_catalogue(TODAY)
    first = _counts()
    seed_catalogue(TODAY)
    assert _counts() == first


def test_seed_catalogue_covers_all_laws_and_both_kinds():
    seed_catalogue(TODAY)
    assert set(Voorziening.objects.values_list("law", flat=True)) == set(Law.values)
    assert set(Voorziening.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert Voorziening.objects.filter(kind=Kind.ALGEMEEN).count() >= 4


def test_seeded_catalogue_is_valid_and_priced_today():
    seed_catalogue(TODAY)
    for voorziening in Voorziening.objects.all():
        voorziening.full_clean()
        if voorziening.kind == Kind.MAATWERK:
            assert tariff_on(voorziening, TODAY) is not None, voorziening
    for provider in Aanbieder.objects.all():
        provider.full_clean()
        assert provider.agb_code.startswith("9999")
    for tarief in Tarief.objects.all():
        tarief.full_clean()


def test_seeded_istandaarden_maatwerk_has_contracted_providers():
    seed_catalogue(TODAY)
    for voorziening in Voorziening.objects.filter(kind=Kind.MAATWERK, law__in=[Law.WMO, Law.JEUGDWET]):
        assert contracted_providers(voorziening, TODAY).exists(), voorziening


def test_seed_demo_loads_the_catalogue(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command(
        "seed_demo", "--residents", "100", "--seed", "7", "--today", TODAY.isoformat(), "--quiet", stdout=io.StringIO()
    )
    assert Voorziening.objects.filter(law=Law.JEUGDWET).exists()
    assert Contract.objects.exists()
