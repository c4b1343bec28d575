"""Toestemmingen in Mijn Wijkteam: the register of the resident (and their young children), give and withdraw."""

from datetime import timedelta

import pytest
from django.urls import reverse

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from consent import services
from consent.models import Consent, ConsentCapacity, ConsentHow, ConsentSource, ConsentStatus
from consent.tests.support import consent_for, consult, specialist
from dossiers.models import TimelineEvent
from dossiers.sections import Section
from dossiers.selectors import dossier_access
from portal.models import PortalScope, RepresentationKind
from testsupport.factories import InwonerFactory
from testsupport.portal import child, household_dossier, portal_client, representation

pytestmark = pytest.mark.django_db


def test_the_register_shows_only_the_subjects_own_consents(team, generalist) -> None:
    resident, partner = InwonerFactory(), InwonerFactory()
    dossier = household_dossier(team, generalist, resident, partner)
    mine = services.record_consent(
        dossier,
        resident,
        purpose="Afstemming",
        recipient="Huisarts Jansen",
        given_on=dossier.opened_at.date(),
        how=ConsentHow.MONDELING,
        given_by_name=resident.full_name,
        given_by_capacity=ConsentCapacity.ZELF,
        recorded_by=generalist,
        basis="regisseur",
    )
    services.record_consent(
        dossier,
        partner,
        purpose="Schuldhulp",
        recipient="Kredietbank Geheim",
        given_on=dossier.opened_at.date(),
        how=ConsentHow.MONDELING,
        given_by_name=partner.full_name,
        given_by_capacity=ConsentCapacity.ZELF,
        recorded_by=generalist,
        basis="regisseur",
    )
    other = household_dossier(team, generalist)
    consent_for(other, generalist, recipient="School Anders")
    page = portal_client(resident.bsn).get(reverse("portal:toestemmingen")).content.decode()
    assert "Huisarts Jansen" in page and mine.purpose in page
    assert "Kredietbank Geheim" not in page and "School Anders" not in page
    assert AccessLogEntry.objects.filter(
        basis=AccessBasis.INWONER_ZELF, object_type="toestemming", dossier_id=dossier.pk
    ).exists()


def test_a_parent_sees_the_consents_of_a_young_child_they_have_authority_over(team, generalist) -> None:
    parent, kid = InwonerFactory(), child(8)
    dossier = household_dossier(team, generalist, parent, kid)
    representation(kid, parent.bsn, kind=RepresentationKind.OUDER_MET_GEZAG, scopes=[PortalScope.TOESTEMMINGEN])
    services.record_consent(
        dossier,
        kid,
        purpose="Leerlingzorg",
        recipient="Basisschool De Regenboog",
        given_on=dossier.opened_at.date(),
        how=ConsentHow.MONDELING,
        given_by_name=parent.full_name,
        given_by_capacity=ConsentCapacity.OUDER_MET_GEZAG,
        recorded_by=generalist,
        basis="regisseur",
    )
    page = portal_client(parent.bsn).get(reverse("portal:toestemmingen")).content.decode()
    assert "Basisschool De Regenboog" in page


def test_withdrawing_a_consent_ends_the_consultation_based_on_it_at_once(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    ggz = specialist()
    consultation = consult(dossier, generalist, ggz)
    assert dossier_access(ggz, dossier) is not None
    client = portal_client(resident.bsn)
    url = reverse("portal:toestemming_intrekken", args=[consultation.consent_id])
    confirm = client.get(url).content.decode()
    assert ggz.get_full_name() in confirm
    response = client.post(url)
    assert response.status_code == 302
    consent = Consent.objects.get(pk=consultation.consent_id)
    assert consent.status == ConsentStatus.INGETROKKEN and consent.withdrawn_by is None
    assert consent.withdrawn_via == ConsentSource.PORTAAL and consent.withdrawn_by_name == resident.full_name
    consultation.refresh_from_db()
    assert consultation.revoked_at is not None
    assert dossier_access(ggz, dossier) is None
    assert TimelineEvent.objects.filter(dossier=dossier, summary__contains="Toestemming ingetrokken").exists()
    assert AccessLogEntry.objects.filter(
        action=AccessAction.UPDATE, basis=AccessBasis.INWONER_ZELF, object_type="toestemming", object_id=str(consent.pk)
    ).exists()


def test_a_staff_withdrawal_ends_the_consultation_too(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    ggz = specialist()
    consultation = consult(dossier, generalist, ggz)
    services.withdraw_consent(consultation.consent, by=generalist, basis="regisseur")
    assert dossier_access(ggz, dossier) is None


def test_withdrawing_twice_changes_nothing_the_second_time(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    consent = consent_for(dossier, generalist, recipient="Huisarts")
    client = portal_client(resident.bsn)
    url = reverse("portal:toestemming_intrekken", args=[consent.pk])
    client.post(url)
    first = Consent.objects.get(pk=consent.pk)
    updates = AccessLogEntry.objects.filter(action=AccessAction.UPDATE, object_type="toestemming").count()
    second = client.post(url, follow=True)
    assert second.status_code == 200 and "al ingetrokken" in second.content.decode()
    again = Consent.objects.get(pk=consent.pk)
    assert (again.withdrawn_on, again.withdrawn_by_name) == (first.withdrawn_on, first.withdrawn_by_name)
    assert AccessLogEntry.objects.filter(action=AccessAction.UPDATE, object_type="toestemming").count() == updates


def test_another_households_consent_is_a_logged_404(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    foreign = consent_for(household_dossier(team, generalist), generalist, recipient="Huisarts")
    client = portal_client(resident.bsn)
    for method in (client.get, client.post):
        assert method(reverse("portal:toestemming_intrekken", args=[foreign.pk])).status_code == 404
    assert (
        AccessLogEntry.objects.filter(
            action=AccessAction.DENIED, object_type="toestemming", object_id=str(foreign.pk)
        ).count()
        == 2
    )
    assert Consent.objects.get(pk=foreign.pk).status == ConsentStatus.GEGEVEN


def test_a_resident_gives_a_consent_online_to_an_organisation_from_the_list(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    ggz = specialist("GGZ Voorbeeldstad")
    response = portal_client(resident.bsn).post(
        reverse("portal:toestemmingen"),
        {
            "person": resident.pk,
            "recipient_organisation": "GGZ Voorbeeldstad",
            "purpose": "Afstemming",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(inwoner=resident)
    assert consent.how == ConsentHow.DIGITAAL and consent.source == ConsentSource.PORTAAL
    assert consent.recorded_by is None and consent.given_by_capacity == ConsentCapacity.ZELF
    assert consent.given_by_name == resident.full_name and consent.dossier == dossier
    # The regisseur can base a consultation on it.
    services.invite(
        dossier,
        specialist=ggz,
        invited_by=generalist,
        sections=[Section.PLAN],
        mode="lezen",
        pseudonymised=False,
        ends_at=consent.recorded_at + timedelta(days=3),
        reason="Afstemming",
        consent=consent,
    )
    assert dossier_access(ggz, dossier) is not None
    assert TimelineEvent.objects.filter(dossier=dossier, summary__contains="online toestemming").exists()
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CREATE, basis=AccessBasis.INWONER_ZELF, object_type="toestemming"
    ).exists()


def test_an_organisation_not_on_the_list_is_refused_with_a_dutch_error(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    specialist("GGZ Voorbeeldstad")
    response = portal_client(resident.bsn).post(
        reverse("portal:toestemmingen"),
        {"person": resident.pk, "recipient_organisation": "Verzonnen BV", "purpose": "Afstemming", "confirm": "on"},
    )
    assert response.status_code == 400 and "Kies een organisatie uit de lijst" in response.content.decode()
    assert not Consent.objects.exists()


def test_a_parent_gives_consent_online_for_a_child_under_twelve(team, generalist) -> None:
    parent, kid = InwonerFactory(), child(9)
    household_dossier(team, generalist, parent, kid)
    representation(kid, parent.bsn, kind=RepresentationKind.OUDER_MET_GEZAG, scopes=[PortalScope.TOESTEMMINGEN])
    specialist("Jeugd-GGZ")
    response = portal_client(parent.bsn).post(
        reverse("portal:toestemmingen"),
        {"person": kid.pk, "recipient_organisation": "Jeugd-GGZ", "purpose": "Behandeling", "confirm": "on"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(inwoner=kid)
    assert consent.given_by_capacity == ConsentCapacity.OUDER_MET_GEZAG and consent.missing_on(consent.given_on) is None


def test_a_parent_cannot_give_consent_alone_online_for_a_child_of_thirteen(team, generalist) -> None:
    parent, teen = InwonerFactory(), child(13)
    household_dossier(team, generalist, parent, teen)
    representation(teen, parent.bsn, kind=RepresentationKind.OUDER_MET_GEZAG, scopes=[PortalScope.TOESTEMMINGEN])
    specialist("Jeugd-GGZ")
    client = portal_client(parent.bsn)
    page = client.get(reverse("portal:toestemmingen")).content.decode()
    assert "13 jaar" in page and "Dat kan niet online" in page
    response = client.post(
        reverse("portal:toestemmingen"),
        {"person": teen.pk, "recipient_organisation": "Jeugd-GGZ", "purpose": "Behandeling", "confirm": "on"},
    )
    assert response.status_code == 400
    assert not Consent.objects.filter(inwoner=teen).exists()


def test_giving_the_same_consent_twice_in_a_row_records_it_once(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    specialist("GGZ Voorbeeldstad")
    client = portal_client(resident.bsn)
    data = {
        "person": resident.pk,
        "recipient_organisation": "GGZ Voorbeeldstad",
        "purpose": "Afstemming",
        "confirm": "on",
    }
    assert client.post(reverse("portal:toestemmingen"), data).status_code == 302
    assert client.post(reverse("portal:toestemmingen"), data).status_code == 302
    assert Consent.objects.filter(inwoner=resident).count() == 1
