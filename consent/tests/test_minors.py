"""Consent for children (Jeugdwet 7.3.4, WGBO 7:450, 7:457, 7:465): who consents depends on the age, then and now."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consent import minors, services
from consent.models import Consent, ConsentCapacity, ConsentHow, Disclosure
from consent.tests.support import child_birthdate, consult, logged_in, specialist
from dossiers.sections import Section
from dossiers.transitions import Status
from residents.models import HuishoudenLid, LidRol
from testsupport.factories import InwonerFactory, dossier_for

CHILD = ConsentCapacity.ZELF
PARENT = ConsentCapacity.OUDER_MET_GEZAG


@pytest.fixture
def dossier(team, generalist):
    return dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)


def _child(dossier, age: int = 0, birthdate=None):
    child = InwonerFactory(voornamen="Sam", geboortedatum=birthdate or child_birthdate(age))
    HuishoudenLid.objects.create(huishouden=dossier.huishouden, inwoner=child, rol=LidRol.KIND)
    return child


def _record(dossier, user, child, *capacities, given_on=None, recipient="school"):
    names: dict[str, str] = {
        CHILD: child.voornamen,
        PARENT: "Ouder van Sam",
        ConsentCapacity.WETTELIJK_VERTEGENWOORDIGER: "Voogd",
    }
    second = capacities[1] if len(capacities) > 1 else ""
    return services.record_consent(
        dossier,
        child,
        purpose="afstemming",
        recipient=recipient,
        given_on=given_on or timezone.localdate(),
        how=ConsentHow.SCHRIFTELIJK,
        given_by_name=names[capacities[0]],
        given_by_capacity=capacities[0],
        second_given_by_name=names[second] if second else "",
        second_given_by_capacity=second,
        recorded_by=user,
        basis="regisseur",
    )


def _disclose(dossier, user, recipient="school"):
    return services.disclose(
        dossier,
        recipient=recipient,
        purpose="afstemming",
        sections=[Section.PLAN],
        shared_by=user,
        basis="regisseur",
    )


def test_a_child_of_14_needs_both_own_and_parent_consent(dossier, generalist) -> None:
    child = _child(dossier, 14)
    with pytest.raises(ValidationError, match="Ontbreekt: de toestemming van Sam zelf"):
        _record(dossier, generalist, child, PARENT)
    with pytest.raises(ValidationError, match="Ontbreekt: de toestemming van een ouder met gezag"):
        _record(dossier, generalist, child, CHILD)
    consent = _record(dossier, generalist, child, CHILD, PARENT)
    assert consent.capacities == {CHILD, PARENT}
    assert _disclose(dossier, generalist).consent == consent


def test_a_parents_consent_alone_for_a_child_of_14_is_no_ground_for_sharing(dossier, generalist) -> None:
    """A consent recorded before this rule (only the parent signed) is refused with what is missing."""
    child = _child(dossier, 14)
    Consent.objects.create(
        dossier=dossier,
        inwoner=child,
        purpose="afstemming",
        recipient="school",
        how=ConsentHow.SCHRIFTELIJK,
        given_by_name="Ouder van Sam",
        given_by_capacity=PARENT,
        recorded_by=generalist,
    )
    with pytest.raises(ValidationError, match=r"niet compleet.*Ontbreekt: de toestemming van Sam zelf"):
        _disclose(dossier, generalist)
    assert not Disclosure.objects.exists()


def test_from_16_the_young_person_consents_alone(dossier, generalist) -> None:
    child = _child(dossier, 17)
    with pytest.raises(ValidationError, match="Vanaf 16 jaar geeft de jongere zelf toestemming"):
        _record(dossier, generalist, child, PARENT)
    consent = _record(dossier, generalist, child, CHILD)
    assert _disclose(dossier, generalist).consent == consent


def test_under_12_the_parents_consent(dossier, generalist) -> None:
    child = _child(dossier, 11)
    with pytest.raises(ValidationError, match="Ontbreekt: de toestemming van een ouder met gezag"):
        _record(dossier, generalist, child, CHILD)
    consent = _record(dossier, generalist, child, PARENT)
    assert _disclose(dossier, generalist).consent == consent


def test_a_parents_consent_given_at_11_is_not_enough_once_the_child_is_12(dossier, generalist) -> None:
    """Consent is about the act: the age on the day of sharing decides who must have consented."""
    today = timezone.localdate()
    child = _child(dossier, birthdate=today.replace(year=today.year - 12))
    _record(dossier, generalist, child, PARENT, given_on=today - timedelta(days=1))
    with pytest.raises(ValidationError, match=r"Sam is 12 jaar.*Ontbreekt: de toestemming van Sam zelf"):
        _disclose(dossier, generalist)


def test_consent_of_child_and_parent_at_15_stays_valid_at_16(dossier, generalist) -> None:
    today = timezone.localdate()
    child = _child(dossier, birthdate=today.replace(year=today.year - 16))
    consent = _record(dossier, generalist, child, CHILD, PARENT, given_on=today - timedelta(days=1))
    assert _disclose(dossier, generalist).consent == consent


def test_inviting_a_specialist_with_a_parents_consent_alone_for_a_child_of_14_is_refused(dossier, generalist) -> None:
    ggz = specialist()
    child = _child(dossier, 14)
    incomplete = Consent.objects.create(
        dossier=dossier,
        inwoner=child,
        purpose="consultatie",
        recipient=ggz.organisation,
        how=ConsentHow.MONDELING,
        given_by_name="Ouder van Sam",
        given_by_capacity=PARENT,
        recorded_by=generalist,
    )
    with pytest.raises(ValidationError, match="Ontbreekt: de toestemming van Sam zelf"):
        consult(dossier, generalist, ggz, consent=incomplete)


def test_the_register_form_records_two_givers_and_shows_them(dossier, generalist) -> None:
    child = _child(dossier, 13)
    client = logged_in(generalist)
    url = reverse("consent:register", args=[dossier.pk])
    data = {
        "inwoner": child.pk,
        "recipient": "school",
        "purpose": "afstemming",
        "given_on": timezone.localdate().isoformat(),
        "how": ConsentHow.MONDELING,
        "given_by_name": "Ouder van Sam",
        "given_by_capacity": PARENT,
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Ontbreekt: de toestemming van Sam zelf" in refused.content.decode()
    data |= {"second_given_by_name": "Sam", "second_given_by_capacity": CHILD}
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "Ouder van Sam (ouder met gezag) en Sam (de inwoner zelf)" in page


def test_the_register_marks_a_consent_the_child_outgrew(dossier, generalist) -> None:
    today = timezone.localdate()
    child = _child(dossier, birthdate=today.replace(year=today.year - 12))
    _record(dossier, generalist, child, PARENT, given_on=today - timedelta(days=1))
    page = logged_in(generalist).get(reverse("consent:register", args=[dossier.pk])).content.decode()
    assert "Vandaag geen geldige grond." in page


def test_the_rule_uses_the_capacities_of_the_register() -> None:
    assert (minors.SELF, minors.PARENT, minors.REPRESENTATIVE) == (
        ConsentCapacity.ZELF,
        ConsentCapacity.OUDER_MET_GEZAG,
        ConsentCapacity.WETTELIJK_VERTEGENWOORDIGER,
    )
    assert minors.missing_consent(14, {minors.SELF, minors.REPRESENTATIVE}, "Sam") is None
    assert minors.missing_consent(30, {minors.REPRESENTATIVE}, "Kim") is None
    assert minors.missing_consent(17, {minors.REPRESENTATIVE}, "Sam") is not None
