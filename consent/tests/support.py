"""Helpers for the consent tests: a dossier with a regisseur, a specialist and consultations."""

from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from consent import services
from consent.models import Consent, ConsentCapacity, ConsentHow, Consultation, ConsultationMode
from dossiers.models import Dossier
from dossiers.sections import Section
from testsupport.factories import UserFactory


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def specialist(organisation: str = "GGZ Voorbeeldstad") -> User:
    return UserFactory(role=Role.SPECIALIST, organisation=organisation)  # type: ignore[return-value]


def consent_for(dossier: Dossier, recorded_by: User, *, recipient: str, purpose: str = "consultatie") -> Consent:
    inwoner = dossier.huishouden.members.order_by("pk").first()
    assert inwoner is not None
    return services.record_consent(
        dossier,
        inwoner,
        purpose=purpose,
        recipient=recipient,
        given_on=timezone.localdate(),
        how=ConsentHow.MONDELING,
        given_by_name=inwoner.full_name,
        given_by_capacity=ConsentCapacity.ZELF,
        recorded_by=recorded_by,
        basis="regisseur",
    )


def consult(
    dossier: Dossier,
    regisseur: User,
    who: User,
    sections: tuple[Section, ...] = (Section.HUISHOUDEN, Section.PLAN),
    **kwargs: Any,
) -> Consultation:
    if "consent" not in kwargs and "legal_ground" not in kwargs and services.needs_consent(who, dossier):
        kwargs["consent"] = consent_for(dossier, regisseur, recipient=who.organisation or who.get_full_name())
    return services.invite(
        dossier,
        specialist=who,
        invited_by=regisseur,
        sections=[section.value for section in sections],
        mode=kwargs.pop("mode", ConsultationMode.LEZEN),
        pseudonymised=kwargs.pop("pseudonymised", False),
        ends_at=kwargs.pop("ends_at", timezone.now() + timedelta(days=7)),
        reason=kwargs.pop("reason", "Advies over de aanpak"),
        **kwargs,
    )


def child_birthdate(age: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - age) - timedelta(days=1)
