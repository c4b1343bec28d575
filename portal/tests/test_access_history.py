"""Wie keek in mijn gegevens: the access log about the resident in plain words."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.services import log_access
from consent import services
from dossiers.sections import Section
from portal.models import PortalScope
from testsupport.factories import InwonerFactory, UserFactory, member_of
from testsupport.portal import household_dossier, portal_client, representation

pytestmark = pytest.mark.django_db


def _read(user, dossier, section=Section.PLAN, basis=AccessBasis.REGISSEUR, action=AccessAction.VIEW):
    return log_access(
        None,
        user=user,
        action=action,
        basis=basis,
        object_type="dossier",
        object_id=dossier.pk,
        dossier_id=dossier.pk,
        section=section,
    )


def test_a_staff_read_shows_with_name_organisation_part_and_ground(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    _read(generalist, dossier)
    page = portal_client(resident.bsn).get(reverse("portal:inzage")).content.decode()
    assert generalist.get_full_name() in page
    assert team.name in page or generalist.organisation in page
    assert str(Section.PLAN.label) in page
    assert "Uw regisseur" in page and "Bekeken" in page


def test_a_consultation_read_is_named_as_a_specialist_who_was_called_in(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    ggz = UserFactory(role="specialist", organisation="GGZ Voorbeeldstad", first_name="Ruben", last_name="Hoekstra")
    _read(ggz, dossier, basis=AccessBasis.CONSULTATIE)
    page = portal_client(resident.bsn).get(reverse("portal:inzage")).content.decode()
    assert "Ruben Hoekstra (GGZ Voorbeeldstad)" in page
    assert "specialist die erbij is gehaald (consultatie)" in page


def test_break_the_glass_is_highlighted_with_its_reason(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    colleague = member_of(team, UserFactory(role="generalist"))
    services.break_the_glass(dossier, user=colleague, reason="Melding van de politie 's nachts, regisseur afwezig.")
    _read(colleague, dossier, basis=AccessBasis.BREAK_THE_GLASS, section=Section.VEILIGHEID)
    page = portal_client(resident.bsn).get(reverse("portal:inzage")).content.decode()
    assert "app-portal-highlight" in page and "Let op: noodtoegang" in page
    assert "Melding van de politie" in page


def test_the_residents_own_reads_and_refusals_are_left_out(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    client = portal_client(resident.bsn)
    client.get(reverse("portal:home"))
    snooper = UserFactory(role="generalist", first_name="Sneaky", last_name="Pete")
    log_access(
        None,
        user=snooper,
        action=AccessAction.DENIED,
        basis=AccessBasis.NONE,
        object_type="dossier",
        dossier_id=dossier.pk,
    )
    assert AccessLogEntry.objects.filter(basis=AccessBasis.INWONER_ZELF, dossier_id=dossier.pk).exists()
    page = client.get(reverse("portal:inzage")).content.decode()
    assert "Sneaky" not in page
    assert resident.full_name not in page.split("Wie keek er")[1]
    assert "Wat u zelf in Mijn Wijkteam bekeek, staat er niet bij" in page


def test_another_households_reads_are_not_shown(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    other = household_dossier(team, generalist)
    stranger = UserFactory(role="generalist", first_name="Andere", last_name="Medewerker")
    _read(stranger, other)
    page = portal_client(resident.bsn).get(reverse("portal:inzage")).content.decode()
    assert "Andere Medewerker" not in page


def test_a_representatives_read_names_them_and_their_kind(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    carer = InwonerFactory()
    link = representation(resident, carer.bsn, scopes=[PortalScope.PLAN], representative_name="Mila Mantelzorg")
    carer_client = portal_client(carer.bsn)
    carer_client.post(reverse("portal:choose_person"), {"person": str(link.pk)})
    carer_client.get(reverse("portal:home"))
    assert AccessLogEntry.objects.filter(basis=AccessBasis.VERTEGENWOORDIGER, dossier_id=dossier.pk).exists()
    page = portal_client(resident.bsn).get(reverse("portal:inzage")).content.decode()
    assert "Mila Mantelzorg" in page and "namens u mag meekijken" in page


def test_alike_reads_in_a_row_become_one_line(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    for _ in range(3):
        _read(generalist, dossier)
    page = portal_client(resident.bsn).get(reverse("portal:inzage")).content.decode()
    assert page.count(generalist.get_full_name()) == 1 and "3 keer" in page


def test_the_history_is_read_in_a_bounded_number_of_queries(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    client = portal_client(resident.bsn)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("portal:inzage")).status_code == 200
        return len(captured)

    def busy(index: int) -> None:
        user = member_of(team, UserFactory(role="generalist"))
        services.break_the_glass(dossier, user=user, reason=f"Noodgeval nummer {index} met een lange reden")
        _read(user, dossier, basis=AccessBasis.BREAK_THE_GLASS, section=Section.TIJDLIJN)
        _read(user, dossier, basis=AccessBasis.BETROKKEN, section=[Section.PLAN, Section.HUISHOUDEN][index % 2])

    _read(generalist, dossier)
    busy(0)
    queries()  # the session's expiry is renewed once; not part of the page
    few = queries()
    for index in range(1, 13):
        busy(index)
    assert queries() == few


def test_the_history_read_is_logged_itself(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    portal_client(resident.bsn).get(reverse("portal:inzage"))
    assert AccessLogEntry.objects.filter(
        basis=AccessBasis.INWONER_ZELF, object_type="toegangslog", dossier_id=dossier.pk, section=Section.TIJDLIJN
    ).exists()
