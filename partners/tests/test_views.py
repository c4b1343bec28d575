"""The queue of partner meldingen: who sees which, and the two ways out (registered, or not for the wijkteam)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from audit.models import AccessAction, AccessLogEntry
from dossiers.models import Melding, Route
from organisation.models import Team
from partners.forms import choice_token
from partners.models import Partner, PartnerMelding
from partners.services import AFGEROND, NewPartnerMelding, receive_melding, status_of
from residents.models import Inwoner
from residents.selectors import households_of
from testsupport.factories import InwonerFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

QUEUE = reverse("partners:queue")


def _detail(pm: PartnerMelding) -> str:
    return reverse("partners:detail", args=[pm.pk])


@pytest.fixture
def routed(huisarts: Partner, resident: Inwoner) -> PartnerMelding:
    """Unmatched (a wrong surname), but the address is the resident's: it lands in the team's queue."""
    data = NewPartnerMelding(
        achternaam="Verkeerd",
        postcode=resident.postcode,
        huisnummer=resident.huisnummer,
        description="Zoon van mevrouw lijkt de zorg niet meer aan te kunnen.",
    )
    return receive_melding(huisarts, data)


@pytest.fixture
def unrouted(huisarts: Partner) -> PartnerMelding:
    return receive_melding(huisarts, NewPartnerMelding(achternaam="Nergens", description="Zorgen om een gezin."))


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_melding_is_routed_to_the_team_of_its_address(routed: PartnerMelding, team: Team) -> None:
    assert routed.team == team and routed.melding is None


def test_a_generalist_sees_the_waiting_meldingen_of_the_own_team(routed: PartnerMelding, generalist: User) -> None:
    response = _client(generalist).get(QUEUE)

    assert response.status_code == 200
    assert "Verkeerd" in response.content.decode()


def test_a_generalist_of_another_team_sees_neither_the_row_nor_the_melding(
    routed: PartnerMelding, other_team: Team
) -> None:
    stranger = member_of(other_team, UserFactory(role=Role.GENERALIST))
    client = _client(stranger)

    assert "Verkeerd" not in client.get(QUEUE).content.decode()
    assert client.get(_detail(routed)).status_code == 404
    assert AccessLogEntry.objects.filter(user=stranger, action=AccessAction.DENIED, object_type="partnermelding")


def test_an_unrouted_melding_goes_to_teamleiders_not_to_generalists(
    unrouted: PartnerMelding, generalist: User, teamleider: User
) -> None:
    assert unrouted.team is None
    assert "Nergens" in _client(teamleider).get(QUEUE).content.decode()
    assert "Nergens" not in _client(generalist).get(QUEUE).content.decode()
    assert _client(generalist).get(_detail(unrouted)).status_code == 404


@pytest.mark.parametrize("role", [Role.BELEIDSMEDEWERKER, Role.SPECIALIST, Role.CONSULENT, Role.FUNCTIONEEL_BEHEERDER])
def test_roles_that_take_no_meldingen_in_are_refused(routed: PartnerMelding, team: Team, role: str) -> None:
    user = member_of(team, UserFactory(role=role))
    client = _client(user)

    assert client.get(QUEUE).status_code == 403
    assert client.get(_detail(routed)).status_code == 403


def test_the_queue_page_reads_a_fixed_number_of_queries(
    huisarts: Partner, teamleider: User, django_assert_max_num_queries
) -> None:
    for number in range(12):
        receive_melding(huisarts, NewPartnerMelding(achternaam=f"Persoon{number}", description="Zorgen."))
    client = _client(teamleider)

    with django_assert_max_num_queries(14):
        response = client.get(QUEUE)

    assert response.content.decode().count("Persoon") == 12


def test_the_detail_page_offers_the_resident_found_by_surname_and_birth_date(
    huisarts: Partner, resident: Inwoner, generalist: User
) -> None:
    pm = receive_melding(
        huisarts,
        NewPartnerMelding(
            achternaam=resident.achternaam,
            geboortedatum=resident.geboortedatum,
            postcode=resident.postcode,
            description="Zorgen.",
        ),
    )
    assert pm.melding is None  # no house number: not matched automatically

    response = _client(generalist).get(_detail(pm))

    assert response.status_code == 200
    assert resident.full_name in response.content.decode()


def test_linking_by_hand_registers_the_melding_by_the_partners_route(
    routed: PartnerMelding, resident: Inwoner, team: Team, generalist: User
) -> None:
    huishouden = households_of(resident).get()

    response = _client(generalist).post(
        _detail(routed), {"actie": "registreren", "keuze": choice_token(resident.pk, huishouden.pk), "team": team.pk}
    )

    assert response.status_code == 302
    routed.refresh_from_db()
    assert routed.melding is not None
    assert routed.melding.route == Route.HUISARTS and routed.melding.inwoner == resident
    assert AccessLogEntry.objects.filter(user=generalist, object_type="melding", basis="registratie").exists()


def test_a_forged_choice_registers_nothing(
    routed: PartnerMelding, resident: Inwoner, team: Team, generalist: User
) -> None:
    huishouden = households_of(resident).get()

    response = _client(generalist).post(
        _detail(routed), {"actie": "registreren", "keuze": f"{resident.pk}:{huishouden.pk}", "team": team.pk}
    )

    assert response.status_code == 200
    assert "Kies de inwoner en het huishouden uit de lijst." in response.content.decode()
    assert not Melding.objects.exists()


def test_another_teams_team_cannot_be_chosen(
    routed: PartnerMelding, resident: Inwoner, other_team: Team, generalist: User
) -> None:
    huishouden = households_of(resident).get()

    response = _client(generalist).post(
        _detail(routed),
        {"actie": "registreren", "keuze": choice_token(resident.pk, huishouden.pk), "team": other_team.pk},
    )

    assert response.status_code == 200
    assert not Melding.objects.exists()


def test_rejecting_makes_it_afgerond_for_the_partner(routed: PartnerMelding, generalist: User) -> None:
    response = _client(generalist).post(
        _detail(routed), {"actie": "afwijzen", "reason": "Niet voor het wijkteam: al bij de GGZ."}
    )

    assert response.status_code == 302
    routed.refresh_from_db()
    assert status_of(routed) == AFGEROND
    assert routed.rejection_reason == "Niet voor het wijkteam: al bij de GGZ."
    assert "Verkeerd" not in _client(generalist).get(QUEUE).content.decode()


def test_rejecting_without_a_reason_changes_nothing(routed: PartnerMelding, generalist: User) -> None:
    response = _client(generalist).post(_detail(routed), {"actie": "afwijzen", "reason": " "})

    assert response.status_code == 200
    assert "Geef aan waarom" in response.content.decode()
    routed.refresh_from_db()
    assert routed.is_waiting


def test_a_handled_melding_shows_its_status_and_takes_no_second_action(
    routed: PartnerMelding, generalist: User
) -> None:
    client = _client(generalist)
    client.post(_detail(routed), {"actie": "afwijzen", "reason": "Dubbel gemeld."})

    response = client.post(_detail(routed), {"actie": "afwijzen", "reason": "Nog eens."})

    assert response.status_code == 200
    assert "De partner ziet: Afgerond" in response.content.decode()
    routed.refresh_from_db()
    assert routed.rejection_reason == "Dubbel gemeld."


def test_the_service_account_cannot_log_in_through_the_login_form(client: Client, huisarts: Partner) -> None:
    from partners.services import ensure_service_user

    user = ensure_service_user(huisarts)
    user.set_password("een-bekend-wachtwoord-123")
    user.save()

    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "een-bekend-wachtwoord-123"}
    )

    assert "_auth_user_id" not in client.session
    assert response.status_code in {200, 302}
    assert response.status_code == 200 or reverse("accounts:login") in response.get("Location", "")


def test_an_unknown_resident_id_in_a_signed_choice_is_refused(
    routed: PartnerMelding, team: Team, generalist: User
) -> None:
    ghost: Inwoner = InwonerFactory()  # type: ignore[assignment]
    ghost_pk = ghost.pk
    ghost.delete()

    response = _client(generalist).post(
        _detail(routed), {"actie": "registreren", "keuze": choice_token(ghost_pk, 1), "team": team.pk}
    )

    assert response.status_code == 200
    assert not Melding.objects.exists()


def test_the_queue_puts_a_crisis_before_an_older_normal_melding(huisarts: Partner, teamleider: User) -> None:
    receive_melding(huisarts, NewPartnerMelding(achternaam="Eerder", description="Zorgen."))
    receive_melding(huisarts, NewPartnerMelding(achternaam="Later", description="Acuut.", urgency="crisis"))

    page = _client(teamleider).get(QUEUE).content.decode()

    assert page.index("Later") < page.index("Eerder")


def test_the_residents_at_the_reported_address_are_offered(
    routed: PartnerMelding, resident: Inwoner, generalist: User
) -> None:
    response = _client(generalist).get(_detail(routed))

    assert resident.full_name in response.content.decode()
    assert 'name="keuze"' in response.content.decode()
