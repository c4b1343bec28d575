"""The consent register, sharing with an external party, and consent for children."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consent import services
from consent.models import ConsentCapacity, ConsentHow, ConsentStatus, Disclosure, LegalGround, ReviewItem
from consent.tests.support import child_birthdate, consent_for, logged_in
from dossiers.sections import Section
from dossiers.transitions import Status
from residents.models import HuishoudenLid, LidRol
from testsupport.factories import InwonerFactory, dossier_for


@pytest.fixture
def dossier(team, generalist):
    return dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)


def _child(dossier, age: int):
    child = InwonerFactory(geboortedatum=child_birthdate(age))
    HuishoudenLid.objects.create(huishouden=dossier.huishouden, inwoner=child, rol=LidRol.KIND)
    return child


def _record(dossier, user, inwoner, capacity):
    return services.record_consent(
        dossier,
        inwoner,
        purpose="afstemming",
        recipient="school",
        given_on=timezone.localdate(),
        how=ConsentHow.SCHRIFTELIJK,
        given_by_name="Ouder",
        given_by_capacity=capacity,
        recorded_by=user,
        basis="regisseur",
    )


def test_a_child_of_15_cannot_consent_alone(dossier, generalist) -> None:
    child = _child(dossier, 15)
    with pytest.raises(ValidationError, match="Ontbreekt: de toestemming van een ouder met gezag"):
        _record(dossier, generalist, child, ConsentCapacity.ZELF)


def test_a_parent_with_authority_alone_does_not_consent_for_a_child_of_15(dossier, generalist) -> None:
    """Was the old rule (a parent alone under 16); WGBO 7:450 lid 2 wants the child's consent too from 12."""
    with pytest.raises(ValidationError, match="zelf"):
        _record(dossier, generalist, _child(dossier, 15), ConsentCapacity.OUDER_MET_GEZAG)


def test_a_parent_with_authority_consents_for_a_child_under_12(dossier, generalist) -> None:
    consent = _record(dossier, generalist, _child(dossier, 9), ConsentCapacity.OUDER_MET_GEZAG)
    assert consent.is_given


def test_a_sixteen_year_old_consents_themselves(dossier, generalist) -> None:
    assert _record(dossier, generalist, _child(dossier, 16), ConsentCapacity.ZELF).is_given


def test_the_form_shows_the_dutch_error_for_a_child(dossier, generalist) -> None:
    child = _child(dossier, 12)
    response = logged_in(generalist).post(
        reverse("consent:register", args=[dossier.pk]),
        {
            "inwoner": child.pk,
            "recipient": "school",
            "purpose": "afstemming",
            "given_on": timezone.localdate().isoformat(),
            "how": ConsentHow.MONDELING,
            "given_by_name": child.voornamen,
            "given_by_capacity": ConsentCapacity.ZELF,
        },
    )
    assert response.status_code == 400
    assert "Van 12 tot 16 jaar geven het kind én een ouder met gezag" in response.content.decode()


def test_withdrawal_keeps_the_row(dossier, generalist) -> None:
    consent = consent_for(dossier, generalist, recipient="Huisarts", purpose="plan delen")
    response = logged_in(generalist).post(reverse("consent:intrekken", args=[dossier.pk, consent.pk]))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.INGETROKKEN
    assert consent.withdrawn_on == timezone.localdate() and consent.withdrawn_by == generalist


def test_sharing_with_matching_consent_is_recorded(dossier, generalist) -> None:
    consent = consent_for(dossier, generalist, recipient="Huisarts", purpose="Plan delen")
    disclosure = services.disclose(
        dossier,
        recipient="huisarts",
        purpose="plan delen",
        sections=[Section.PLAN],
        shared_by=generalist,
        basis="regisseur",
    )
    assert disclosure.consent == consent
    assert not ReviewItem.objects.exists()


def test_sharing_without_consent_is_refused_in_dutch(dossier, generalist) -> None:
    response = logged_in(generalist).post(
        reverse("consent:delen", args=[dossier.pk]),
        {"recipient": "School", "purpose": "plan delen", "sections": [Section.PLAN]},
    )
    assert response.status_code == 400
    assert "mag niet" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_withdrawn_consent_no_longer_matches(dossier, generalist) -> None:
    consent = consent_for(dossier, generalist, recipient="Huisarts", purpose="plan delen")
    services.withdraw_consent(consent, by=generalist, basis="regisseur")
    with pytest.raises(ValidationError, match="geen geldige toestemming"):
        services.disclose(
            dossier,
            recipient="Huisarts",
            purpose="plan delen",
            sections=[Section.PLAN],
            shared_by=generalist,
            basis="regisseur",
        )


def test_consent_for_another_purpose_does_not_match(dossier, generalist) -> None:
    consent_for(dossier, generalist, recipient="Huisarts", purpose="medicatie")
    with pytest.raises(ValidationError):
        services.disclose(
            dossier,
            recipient="Huisarts",
            purpose="plan delen",
            sections=[Section.PLAN],
            shared_by=generalist,
            basis="regisseur",
        )


def test_sharing_on_a_legal_ground_creates_a_review_item(dossier, generalist) -> None:
    disclosure = services.disclose(
        dossier,
        recipient="Veilig Thuis",
        purpose="melding",
        sections=[Section.VEILIGHEID],
        shared_by=generalist,
        legal_ground=LegalGround.MELDCODE,
        legal_motivation="Acute zorg over kindermishandeling",
        basis="regisseur",
    )
    assert ReviewItem.objects.get(disclosure=disclosure).team == dossier.team


def test_another_team_cannot_invite_consent_or_disclose(dossier, other_team) -> None:
    from accounts.models import Role
    from testsupport.factories import UserFactory, member_of

    stranger = member_of(other_team, UserFactory(role=Role.GENERALIST))
    client = logged_in(stranger)
    consent = consent_for(dossier, dossier.regisseur, recipient="Huisarts")
    for url in (
        reverse("consent:erbij_halen", args=[dossier.pk]),
        reverse("consent:register", args=[dossier.pk]),
        reverse("consent:delen", args=[dossier.pk]),
        reverse("consent:noodtoegang", args=[dossier.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert client.post(reverse("consent:intrekken", args=[dossier.pk, consent.pk])).status_code == 404
    consent.refresh_from_db()
    assert consent.is_given
