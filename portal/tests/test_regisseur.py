"""Mijn regisseur: the current regisseur with name and team, how to reach the team, who was involved; never a
professional's own contact details, never another household's professionals."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Role
from audit.models import AccessBasis, AccessLogEntry
from dossiers.models import Involvement, InvolvementRole
from portal.models import PortalScope
from testsupport.factories import InwonerFactory, UserFactory, member_of
from testsupport.portal import household_dossier, portal_client, representation

pytestmark = pytest.mark.django_db

URL = "/mijn/regisseur/"


@pytest.fixture
def regisseur(team):
    return member_of(
        team,
        UserFactory(
            role=Role.GENERALIST,
            first_name="Rosa",
            last_name="Regisseur",
            email="rosa.prive@example.org",
            username="rosa.r",
        ),
    )


def test_the_page_names_the_regisseur_and_the_team_and_logs_the_read(team, regisseur) -> None:
    dossier = household_dossier(team, regisseur)
    resident = dossier.huishouden.members.get()

    page = portal_client(resident.bsn).get(URL)

    html = page.content.decode()
    assert page.status_code == 200
    assert "Rosa Regisseur" in html and team.name in html
    entry = AccessLogEntry.objects.filter(object_type="regisseur").latest("id")
    assert entry.basis == AccessBasis.INWONER_ZELF and entry.section == "huishouden"
    assert entry.dossier_id == dossier.pk


def test_the_page_never_shows_a_professionals_own_contact_details(team, regisseur) -> None:
    dossier = household_dossier(team, regisseur)
    html = portal_client(dossier.huishouden.members.get().bsn).get(URL).content.decode()
    assert "rosa.prive@example.org" not in html and "rosa.r" not in html


def test_the_municipalitys_phone_and_address_are_offered_to_reach_the_team(team, regisseur) -> None:
    gemeente = team.gemeente
    gemeente.phone = "14 0999"
    gemeente.postal_address = "Postbus 100, 9999 AA Voorbeeldstad"
    gemeente.save()
    dossier = household_dossier(team, regisseur)
    html = portal_client(dossier.huishouden.members.get().bsn).get(URL).content.decode()
    assert "14 0999" in html and "Postbus 100, 9999 AA Voorbeeldstad" in html


def test_the_history_shows_who_was_involved_with_role_and_period(team, regisseur) -> None:
    dossier = household_dossier(team, regisseur)
    earlier = member_of(team, UserFactory(role=Role.CONSULENT, first_name="Karim", last_name="Consulent"))
    started = timezone.now() - timedelta(days=90)
    ended = timezone.now() - timedelta(days=30)
    Involvement.objects.create(dossier=dossier, user=earlier, role=InvolvementRole.CONSULENT, start=started, end=ended)

    html = portal_client(dossier.huishouden.members.get().bsn).get(URL).content.decode()

    assert "Karim Consulent" in html and "Consulent" in html
    assert date_format(timezone.localtime(started), "j F Y") in html
    assert date_format(timezone.localtime(ended), "j F Y") in html


def test_professionals_of_another_household_are_not_in_the_history(team, regisseur) -> None:
    mine = household_dossier(team, regisseur)
    stranger = member_of(team, UserFactory(role=Role.GENERALIST, first_name="Otto", last_name="Anders"))
    household_dossier(team, stranger)

    html = portal_client(mine.huishouden.members.get().bsn).get(URL).content.decode()

    assert "Otto Anders" not in html


def test_without_a_regisseur_the_page_says_the_team_chooses_one(team) -> None:
    dossier = household_dossier(team, None)
    html = portal_client(dossier.huishouden.members.get().bsn).get(URL).content.decode()
    assert "kiest samen met u een regisseur" in html


def test_a_representative_without_the_regisseur_scope_is_refused(team, regisseur) -> None:
    dossier = household_dossier(team, regisseur)
    carer = InwonerFactory()
    link = representation(dossier.huishouden.members.get(), carer.bsn, scopes=[PortalScope.PLAN])
    client = portal_client(carer.bsn)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})
    assert client.get(URL).status_code == 403
