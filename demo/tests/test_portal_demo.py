"""The demo has a household to log in to Mijn Wijkteam as, with something in every part (demo/portal.py)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from consent.models import BreakGlass, Consultation, active_q
from decisions.models import Letter
from demo.portal import MANTELZORGER, showcase_resident
from dossiers.models import Dossier
from plans.models import Actie, Uitvoerder
from portal.models import Representation
from residents.models import Inwoner
from testsupport.portal import portal_client


@pytest.fixture
def demo(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--residents", "300", "--seed", "7", "--quiet", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_demo_resident_has_something_in_every_part_of_the_portal(demo) -> None:
    resident = showcase_resident()
    assert resident is not None and resident.is_synthetic
    dossier = Dossier.objects.get(huishouden__members=resident)
    assert Actie.objects.filter(doel__plan__dossier=dossier, uitvoerder=Uitvoerder.HUISHOUDEN).exists()
    assert dossier.onderzoeken.filter(verslag_pdf__isnull=False).exists()
    assert Letter.objects.filter(
        beschikking__aanvraag__dossier=dossier, beschikking__aanvraag__inwoner=resident
    ).exists()
    assert Consultation.objects.filter(active_q(), dossier=dossier, consent__inwoner=resident).exists()
    assert BreakGlass.objects.filter(dossier=dossier).exists()
    page = portal_client(resident.bsn).get(reverse("portal:home"))
    assert page.status_code == 200 and resident.full_name in page.content.decode()


@pytest.mark.django_db
def test_the_demo_mantelzorger_may_read_the_plan_only(demo) -> None:
    first, _tussenvoegsel, last = MANTELZORGER
    carer = Inwoner.objects.get(voornamen=first, achternaam=last, is_synthetic=True)
    link = Representation.objects.get(representative_bsn=carer.bsn)
    assert link.represented == showcase_resident() and link.scopes == ["plan"]


@pytest.mark.django_db
def test_the_demo_digid_page_offers_the_demo_resident_first(demo, client) -> None:
    resident = showcase_resident()
    assert resident is not None
    page = client.get(reverse("portal:demo_digid")).content.decode()
    assert page.index(resident.full_name) < page.index(" ".join(part for part in MANTELZORGER if part))
