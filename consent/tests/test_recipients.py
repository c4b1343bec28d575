"""A consent names its recipient by organisation and, where known, one person: chosen, not typed to match."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from consent import services
from consent.models import Consent, ConsentCapacity, ConsentHow, Disclosure
from consent.tests.support import logged_in
from dossiers.sections import Section
from dossiers.transitions import Status
from testsupport.factories import GemeenteFactory, TeamFactory, UserFactory, dossier_for

GGZ = "GGZ Voorbeeldstad"


@pytest.fixture
def dossier(team, generalist):
    return dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)


@pytest.fixture
def ruben(db) -> User:
    return UserFactory(role=Role.SPECIALIST, first_name="Ruben", last_name="Hoekstra", organisation=GGZ)


@pytest.fixture
def anna(db) -> User:
    return UserFactory(role=Role.SPECIALIST, first_name="Anna", last_name="de Vries", organisation=GGZ)


@pytest.fixture
def outsider(db) -> User:
    return UserFactory(role=Role.SPECIALIST, first_name="Piet", last_name="Jansen", organisation="Jeugdzorg Noord")


def _form(dossier, **recipient: object) -> dict[str, object]:
    adult = dossier.huishouden.members.order_by("pk").first()
    return {
        "inwoner": adult.pk,
        "recipient_organisation": "",
        "recipient_person": "",
        "recipient": "",
        "purpose": "consultatie",
        "given_on": date.today().isoformat(),
        "how": ConsentHow.MONDELING,
        "given_by_name": adult.full_name,
        "given_by_capacity": ConsentCapacity.ZELF,
        **recipient,
    }


def _record_through_the_screen(dossier, generalist, **recipient: object) -> Consent:
    response = logged_in(generalist).post(reverse("consent:register", args=[dossier.pk]), _form(dossier, **recipient))
    assert response.status_code == 302, response.content.decode()
    return Consent.objects.get()


def _invite(dossier, generalist, who: User, consent: Consent):
    return services.invite(
        dossier,
        specialist=who,
        invited_by=generalist,
        sections=[Section.PLAN.value],
        mode="lezen",
        pseudonymised=False,
        ends_at=timezone.now() + timedelta(days=7),
        reason="Advies over de aanpak",
        consent=consent,
    )


def _old_consent(dossier, generalist, recipient: str) -> Consent:
    """A consent as recorded before recipients were chosen from a list: text only."""
    return Consent.objects.create(
        dossier=dossier,
        inwoner=dossier.huishouden.members.order_by("pk").first(),
        purpose="consultatie",
        recipient=recipient,
        how=ConsentHow.MONDELING,
        given_by_name="Inwoner",
        given_by_capacity=ConsentCapacity.ZELF,
        recorded_by=generalist,
    )


def test_a_consent_for_the_organisation_lets_ruben_hoekstra_be_invited(dossier, generalist, ruben) -> None:
    consent = _record_through_the_screen(dossier, generalist, recipient_organisation=GGZ)
    assert (consent.recipient, consent.recipient_organisation, consent.recipient_person) == (GGZ, GGZ, None)
    assert _invite(dossier, generalist, ruben, consent).consent == consent


def test_a_consent_naming_ruben_hoekstra_lets_him_be_invited(dossier, generalist, ruben) -> None:
    consent = _record_through_the_screen(
        dossier, generalist, recipient_organisation=GGZ, recipient_person=str(ruben.pk)
    )
    assert consent.recipient == "Ruben Hoekstra (GGZ Voorbeeldstad)"
    assert consent.recipient_person == ruben
    assert _invite(dossier, generalist, ruben, consent).specialist == ruben


def test_choosing_only_the_person_names_their_organisation(dossier, generalist, ruben) -> None:
    consent = _record_through_the_screen(dossier, generalist, recipient_person=str(ruben.pk))
    assert (consent.recipient_organisation, consent.recipient_person) == (GGZ, ruben)


def test_a_consent_naming_a_colleague_does_not_let_ruben_in(dossier, generalist, ruben, anna) -> None:
    consent = _record_through_the_screen(dossier, generalist, recipient_organisation=GGZ, recipient_person=str(anna.pk))
    with pytest.raises(ValidationError) as refused:
        _invite(dossier, generalist, ruben, consent)
    assert "andere ontvanger" in str(refused.value.message_dict["consent"])
    assert not ruben.consultations.exists()


def test_a_consent_naming_ruben_no_longer_covers_him_after_he_moves_organisation(dossier, generalist, ruben) -> None:
    consent = _record_through_the_screen(
        dossier, generalist, recipient_organisation=GGZ, recipient_person=str(ruben.pk)
    )
    User.objects.filter(pk=ruben.pk).update(organisation="Jeugdzorg Noord")
    ruben.refresh_from_db()
    with pytest.raises(ValidationError):
        _invite(dossier, generalist, ruben, consent)


def test_an_organisation_consent_does_not_cover_another_organisation(dossier, generalist, outsider, ruben) -> None:
    consent = _record_through_the_screen(dossier, generalist, recipient_organisation=GGZ)
    with pytest.raises(ValidationError):
        _invite(dossier, generalist, outsider, consent)


@pytest.mark.parametrize("text", ["GGZ Voorbeeldstad", " ggz voorbeeldstad ", "Ruben Hoekstra"])
def test_an_old_free_text_consent_still_matches_as_before(dossier, generalist, ruben, text) -> None:
    consent = _old_consent(dossier, generalist, text)
    assert _invite(dossier, generalist, ruben, consent).consent == consent


def test_an_old_free_text_consent_for_someone_else_still_does_not_match(dossier, generalist, ruben) -> None:
    consent = _old_consent(dossier, generalist, "Anna de Vries")
    with pytest.raises(ValidationError):
        _invite(dossier, generalist, ruben, consent)


def test_the_migration_links_only_texts_that_are_exactly_an_organisation(dossier, generalist, ruben) -> None:
    exact = _old_consent(dossier, generalist, " ggz VOORBEELDSTAD ")
    combined = _old_consent(dossier, generalist, "Ruben Hoekstra, GGZ Voorbeeldstad")
    outside = _old_consent(dossier, generalist, "huisarts")
    migration = importlib.import_module("consent.migrations.0005_consent_recipient_choice")
    migration.link_organisations(django_apps, None)
    for consent in (exact, combined, outside):
        consent.refresh_from_db()
    assert exact.recipient_organisation == GGZ
    assert combined.recipient_organisation == outside.recipient_organisation == ""
    assert combined.recipient == "Ruben Hoekstra, GGZ Voorbeeldstad"


def test_a_typed_recipient_that_is_an_organisation_is_linked_to_it(dossier, generalist, ruben) -> None:
    consent = _record_through_the_screen(dossier, generalist, recipient="ggz voorbeeldstad")
    assert consent.recipient_organisation == GGZ


def test_an_outside_recipient_stays_text(dossier, generalist, ruben) -> None:
    consent = _record_through_the_screen(dossier, generalist, recipient="Huisarts De Linde")
    assert (consent.recipient, consent.recipient_organisation) == ("Huisarts De Linde", "")


def test_the_list_offers_staff_organisations_and_those_of_consents_in_the_municipality(
    dossier, generalist, ruben
) -> None:
    other_town = TeamFactory(gemeente=GemeenteFactory(cbs_code="GM0001", name="Anderstad"))
    elsewhere = dossier_for(other_town, status=Status.IN_ONDERZOEK)
    Consent.objects.filter(pk=_old_consent(elsewhere, generalist, "x").pk).update(recipient_organisation="Elders BV")
    Consent.objects.filter(pk=_old_consent(dossier, generalist, "y").pk).update(recipient_organisation="Buurtzorg Oost")
    page = logged_in(generalist).get(reverse("consent:register", args=[dossier.pk])).content.decode()
    assert '<option value="GGZ Voorbeeldstad">' in page
    assert '<option value="Buurtzorg Oost">' in page
    assert "Elders BV" not in page
    assert f'<option value="{ruben.pk}">Ruben Hoekstra</option>' in page


@pytest.mark.parametrize(
    ("recipient", "field_error"),
    [
        ({"recipient_organisation": "Bestaat Niet"}, "Selecteer een geldige keuze"),
        ({"recipient_person": "999999"}, "Selecteer een geldige keuze"),
        ({"recipient_person": "abc"}, "Selecteer een geldige keuze"),
        ({"recipient_organisation": GGZ, "recipient_person": "OUTSIDER"}, "werkt niet bij GGZ Voorbeeldstad"),
        ({"recipient_organisation": GGZ, "recipient": "huisarts"}, "niet allebei"),
        ({}, "Kies de organisatie van de ontvanger"),
    ],
)
def test_hostile_or_missing_recipient_gives_a_dutch_error_and_records_nothing(
    dossier, generalist, ruben, outsider, recipient, field_error
) -> None:
    recipient = {k: str(outsider.pk) if v == "OUTSIDER" else v for k, v in recipient.items()}
    response = logged_in(generalist).post(reverse("consent:register", args=[dossier.pk]), _form(dossier, **recipient))
    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert not Consent.objects.exists()


def test_the_service_refuses_a_person_of_another_organisation(dossier, generalist, ruben, outsider) -> None:
    inwoner = dossier.huishouden.members.order_by("pk").first()
    with pytest.raises(ValidationError) as refused:
        services.record_consent(
            dossier,
            inwoner,
            purpose="consultatie",
            recipient_organisation=GGZ,
            recipient_person=outsider,
            given_on=date.today(),
            how=ConsentHow.MONDELING,
            given_by_name="Inwoner",
            given_by_capacity=ConsentCapacity.ZELF,
            recorded_by=generalist,
            basis="regisseur",
        )
    assert "werkt niet bij" in str(refused.value.message_dict["recipient_person"])
    assert not Consent.objects.exists()


def test_sharing_with_a_chosen_organisation_uses_its_consent(dossier, generalist, ruben) -> None:
    consent = _record_through_the_screen(dossier, generalist, recipient_organisation=GGZ)
    response = logged_in(generalist).post(
        reverse("consent:delen", args=[dossier.pk]),
        {"recipient_organisation": GGZ, "recipient": "", "purpose": "consultatie", "sections": [Section.PLAN.value]},
    )
    assert response.status_code == 302
    assert Disclosure.objects.get().consent == consent


def test_sharing_refuses_an_organisation_that_is_not_on_the_list(dossier, generalist, ruben) -> None:
    response = logged_in(generalist).post(
        reverse("consent:delen", args=[dossier.pk]),
        {"recipient_organisation": "Nep BV", "purpose": "consultatie", "sections": [Section.PLAN.value]},
    )
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Disclosure.objects.exists()
