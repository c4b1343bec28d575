"""Receiving a partner's melding, and the three words of status the partner reads back."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from audit.models import AccessLogEntry
from dossiers.models import DossierDeadline, Melding, Route
from dossiers.regimes import default_regime, melding_terms
from dossiers.transitions import Status
from organisation.models import Team
from partners.models import MatchMethod, Partner, PartnerMelding
from partners.services import (
    AFGEROND,
    IN_BEHANDELING,
    ONTVANGEN,
    NewPartnerMelding,
    ensure_service_user,
    melding_for_partner,
    receive_melding,
    register_from_queue,
    reject,
    status_label,
    status_of,
)
from partners.tests.conftest import about
from residents.models import Inwoner
from residents.selectors import households_of
from testsupport.factories import InwonerFactory, household_with

pytestmark = pytest.mark.django_db


def test_a_melding_matched_by_bsn_is_registered_by_the_partners_route(
    huisarts: Partner, resident: Inwoner, team: Team
) -> None:
    pm = receive_melding(huisarts, NewPartnerMelding(**about(resident, reporter_name="Dr. Bakker")))

    assert pm.match_method == MatchMethod.BSN
    assert pm.melding is not None
    melding = Melding.objects.select_related("dossier").get(pk=pm.melding.pk)
    assert melding.inwoner == resident
    assert melding.route == Route.HUISARTS
    assert melding.reporter_organisation == "Huisartsenpraktijk Centrum"
    assert melding.reporter_name == "Dr. Bakker"
    assert melding.dossier.team == team
    assert melding.registered_by == huisarts.service_user


def test_the_registered_melding_starts_the_terms_of_the_partners_route(huisarts: Partner, resident: Inwoner) -> None:
    pm = receive_melding(huisarts, NewPartnerMelding(**about(resident)))

    started = set(DossierDeadline.objects.filter(melding=pm.melding).values_list("term_code", flat=True))
    expected = set(melding_terms(default_regime(Route.HUISARTS)))
    assert expected and started == expected


def test_a_melding_matched_by_address_surname_and_birth_date_is_registered(school: Partner, resident: Inwoner) -> None:
    data = NewPartnerMelding(
        achternaam=resident.achternaam,
        geboortedatum=resident.geboortedatum,
        postcode="3511 ab",
        huisnummer=resident.huisnummer,
        description="Leerling is al drie weken niet op school geweest.",
    )

    pm = receive_melding(school, data)

    assert pm.match_method == MatchMethod.ADRES
    assert pm.melding is not None and pm.melding.route == Route.SCHOOL


def test_a_melding_joins_the_households_open_dossier(huisarts: Partner, resident: Inwoner, other_team: Team) -> None:
    huishouden = households_of(resident).get()
    dossier = huishouden.dossiers.create(team=other_team)

    pm = receive_melding(huisarts, NewPartnerMelding(**about(resident)))

    assert pm.melding is not None and pm.melding.dossier == dossier


def test_an_unmatched_melding_waits_in_the_queue(huisarts: Partner) -> None:
    data = NewPartnerMelding(achternaam="Onbekend", description="Zorgen over een buurman.")

    pm = receive_melding(huisarts, data)

    assert pm.inwoner is None and pm.melding is None
    assert pm.is_waiting
    assert not Melding.objects.exists()


def test_a_matched_resident_without_a_household_waits(huisarts: Partner, buurt) -> None:
    loner: Inwoner = InwonerFactory(buurt=buurt)  # type: ignore[assignment]

    pm = receive_melding(huisarts, NewPartnerMelding(**about(loner)))

    assert pm.inwoner == loner and pm.melding is None


def test_a_matched_resident_in_a_buurt_no_team_serves_waits(huisarts: Partner) -> None:
    elsewhere: Inwoner = InwonerFactory()  # type: ignore[assignment]
    household_with(elsewhere)

    pm = receive_melding(huisarts, NewPartnerMelding(**about(elsewhere)))

    assert pm.inwoner == elsewhere and pm.melding is None


def test_an_inactive_partner_is_refused_and_nothing_is_stored(huisarts: Partner, resident: Inwoner) -> None:
    huisarts.active = False
    huisarts.save()

    with pytest.raises(ValidationError) as refused:
        receive_melding(huisarts, NewPartnerMelding(**about(resident)))

    assert "partner" in refused.value.message_dict
    assert not PartnerMelding.objects.exists() and not Melding.objects.exists()


def test_a_partner_without_the_meldingen_scope_is_refused_and_nothing_is_stored(
    huisarts: Partner, resident: Inwoner
) -> None:
    huisarts.scopes = ["vroegsignalen"]
    huisarts.save()

    with pytest.raises(ValidationError) as refused:
        receive_melding(huisarts, NewPartnerMelding(**about(resident)))

    assert "partner" in refused.value.message_dict
    assert not PartnerMelding.objects.exists()


def test_bad_fields_are_refused_each_with_a_dutch_message(huisarts: Partner) -> None:
    data = NewPartnerMelding(
        achternaam="",
        description="",
        urgency="paniek",
        bsn="123456789",
        postcode="12AB",
        geboortedatum=date(2999, 1, 1),
    )

    with pytest.raises(ValidationError) as refused:
        receive_melding(huisarts, data)

    assert set(refused.value.message_dict) == {
        "achternaam",
        "description",
        "urgency",
        "bsn",
        "postcode",
        "geboortedatum",
    }
    assert "elfproef" in refused.value.message_dict["bsn"][0]
    assert not PartnerMelding.objects.exists()


def test_a_description_longer_than_the_limit_is_refused(huisarts: Partner) -> None:
    with pytest.raises(ValidationError) as refused:
        receive_melding(huisarts, NewPartnerMelding(achternaam="Jansen", description="x" * 5001))

    assert "description" in refused.value.message_dict


def test_the_same_partner_reference_twice_is_refused(huisarts: Partner) -> None:
    data = NewPartnerMelding(achternaam="Jansen", description="Zorgen.", partner_reference="HA-2026-17")
    receive_melding(huisarts, data)

    with pytest.raises(ValidationError) as refused:
        receive_melding(huisarts, data)

    assert "partner_reference" in refused.value.message_dict
    assert PartnerMelding.objects.count() == 1


def test_two_partners_may_use_the_same_reference(huisarts: Partner, school: Partner) -> None:
    receive_melding(huisarts, NewPartnerMelding(achternaam="Jansen", description="Zorgen.", partner_reference="17"))
    receive_melding(school, NewPartnerMelding(achternaam="Jansen", description="Zorgen.", partner_reference="17"))

    assert PartnerMelding.objects.count() == 2


def test_receiving_is_in_the_access_log_under_the_partners_service_account(huisarts: Partner) -> None:
    pm = receive_melding(huisarts, NewPartnerMelding(achternaam="Jansen", description="Zorgen."))

    entry = AccessLogEntry.objects.get(object_type="partnermelding", object_id=str(pm.pk))
    assert entry.user == huisarts.service_user


# --- status -------------------------------------------------------------------------------------------------


def test_a_waiting_melding_is_ontvangen(huisarts: Partner) -> None:
    pm = receive_melding(huisarts, NewPartnerMelding(achternaam="Jansen", description="Zorgen."))

    assert status_of(pm) == ONTVANGEN


def test_a_registered_melding_in_triage_is_ontvangen(huisarts: Partner, resident: Inwoner) -> None:
    pm = receive_melding(huisarts, NewPartnerMelding(**about(resident)))
    assert pm.melding is not None
    pm.melding.dossier.status = Status.IN_TRIAGE
    pm.melding.dossier.save()

    assert status_of(pm) == ONTVANGEN


@pytest.mark.parametrize("status", [Status.IN_ONDERZOEK, Status.PLAN, Status.UITVOERING, Status.EVALUATIE])
def test_a_melding_whose_dossier_is_past_triage_is_in_behandeling(
    huisarts: Partner, resident: Inwoner, status: str
) -> None:
    pm = receive_melding(huisarts, NewPartnerMelding(**about(resident)))
    assert pm.melding is not None
    pm.melding.dossier.status = status
    pm.melding.dossier.save()

    assert status_of(pm) == IN_BEHANDELING


def test_a_melding_whose_dossier_is_closed_is_afgerond(huisarts: Partner, resident: Inwoner) -> None:
    pm = receive_melding(huisarts, NewPartnerMelding(**about(resident)))
    assert pm.melding is not None
    pm.melding.dossier.status = Status.AFGESLOTEN
    pm.melding.dossier.save()

    assert status_of(pm) == AFGEROND


def test_a_rejected_melding_is_afgerond(huisarts: Partner, generalist: User) -> None:
    pm = receive_melding(huisarts, NewPartnerMelding(achternaam="Jansen", description="Zorgen."))

    reject(pm, actor=generalist, reason="Niet voor het wijkteam: de GGZ is al betrokken.")

    pm.refresh_from_db()
    assert status_of(pm) == AFGEROND


def test_the_status_labels_are_dutch() -> None:
    assert [status_label(s) for s in (ONTVANGEN, IN_BEHANDELING, AFGEROND)] == [
        "Ontvangen",
        "In behandeling",
        "Afgerond",
    ]


def test_a_partner_finds_its_own_melding(huisarts: Partner) -> None:
    pm = receive_melding(huisarts, NewPartnerMelding(achternaam="Jansen", description="Zorgen."))

    assert melding_for_partner(huisarts, pm.pk) == pm


def test_another_partner_gets_none_for_a_melding_it_did_not_send(huisarts: Partner, school: Partner) -> None:
    pm = receive_melding(huisarts, NewPartnerMelding(achternaam="Jansen", description="Zorgen."))

    assert melding_for_partner(school, pm.pk) is None
    assert melding_for_partner(school, pm.pk + 1000) is None


# --- the queue's actions ------------------------------------------------------------------------------------


def test_linking_by_hand_registers_the_melding_by_the_partners_route(
    huisarts: Partner, resident: Inwoner, team: Team, generalist: User
) -> None:
    pm = receive_melding(huisarts, NewPartnerMelding(achternaam="Onbekend", description="Zorgen."))

    register_from_queue(pm, actor=generalist, inwoner=resident, huishouden=households_of(resident).get(), team=team)

    pm.refresh_from_db()
    assert pm.match_method == MatchMethod.HAND and pm.handled_by == generalist
    assert pm.melding is not None and pm.melding.route == Route.HUISARTS
    assert pm.melding.registered_by == generalist


def test_a_handled_melding_cannot_be_registered_again(
    huisarts: Partner, resident: Inwoner, team: Team, generalist: User
) -> None:
    pm = receive_melding(huisarts, NewPartnerMelding(achternaam="Onbekend", description="Zorgen."))
    reject(pm, actor=generalist, reason="Dubbel")

    with pytest.raises(ValidationError):
        register_from_queue(pm, actor=generalist, inwoner=resident, huishouden=households_of(resident).get(), team=team)

    assert not Melding.objects.exists()


def test_rejecting_needs_a_reason(huisarts: Partner, generalist: User) -> None:
    pm = receive_melding(huisarts, NewPartnerMelding(achternaam="Jansen", description="Zorgen."))

    with pytest.raises(ValidationError):
        reject(pm, actor=generalist, reason="  ")

    pm.refresh_from_db()
    assert pm.is_waiting


# --- the service account ------------------------------------------------------------------------------------


def test_the_service_account_is_made_once(huisarts: Partner) -> None:
    first = ensure_service_user(huisarts)

    assert ensure_service_user(huisarts) == first
    assert Partner.objects.get(pk=huisarts.pk).service_user == first


def test_the_service_account_cannot_log_in_with_a_password(client, huisarts: Partner) -> None:
    user = ensure_service_user(huisarts)
    user.set_password("een-bekend-wachtwoord-123")  # even if someone gave it one
    user.save()

    assert not client.login(username=user.username, password="een-bekend-wachtwoord-123")


def test_the_service_account_has_no_usable_password_and_no_staff_role(huisarts: Partner) -> None:
    user = ensure_service_user(huisarts)

    assert not user.has_usable_password()
    assert not user.is_active
    assert user.role == "" and not user.does_casework


def test_the_service_account_is_not_found_by_an_oidc_login(huisarts: Partner) -> None:
    from accounts.oidc import users_for_claims

    user = ensure_service_user(huisarts)

    assert not users_for_claims({"preferred_username": user.username}).exists()


# --- retention ----------------------------------------------------------------------------------------------


def test_destroying_the_dossier_removes_the_partner_melding_with_it(huisarts: Partner, resident: Inwoner) -> None:
    from django.db import transaction

    from retention import destruction

    pm = receive_melding(huisarts, NewPartnerMelding(**about(resident)))
    assert pm.melding is not None
    # The melding's own terms (DossierDeadline.melding, PROTECT) block destruction of any registered melding today,
    # partner or not (reported to the lead); they go here so this test is about the partner melding only.
    DossierDeadline.objects.filter(melding=pm.melding).delete()

    with transaction.atomic():
        destruction.destroy(pm.melding.dossier)

    assert not PartnerMelding.objects.filter(pk=pm.pk).exists()
