"""Test helpers for Mijn Wijkteam: a household with a dossier, and a client logged in to the portal as someone."""

from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from accounts.models import User
from dossiers.models import Dossier, Involvement, InvolvementRole
from dossiers.transitions import Status
from organisation.models import Team
from portal.models import PortalScope, Representation, RepresentationKind, RepresentationSource
from portal.principal import login_resident
from residents.models import HuishoudenType, Inwoner
from testsupport.factories import InwonerFactory, household_with


def portal_client(bsn: str) -> Client:
    """A test client with a portal session for `bsn`, as after a DigiD login."""
    client = Client()
    from django.http import HttpRequest

    request = HttpRequest()
    from importlib import import_module

    from django.conf import settings

    engine = import_module(settings.SESSION_ENGINE)
    request.session = engine.SessionStore()
    login_resident(request, bsn, via="test")
    request.session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key or ""
    return client


def household_dossier(
    team: Team, regisseur: User | None = None, *members: Inwoner, status: str = Status.UITVOERING, **kwargs: Any
) -> Dossier:
    """A dossier of a household of `members` (one adult resident when none are given) in `team`."""
    people = members or (InwonerFactory(),)
    huishouden = household_with(
        *people, type=HuishoudenType.EENOUDERGEZIN if len(people) > 1 else HuishoudenType.ALLEENSTAAND
    )
    dossier = Dossier.objects.create(huishouden=huishouden, team=team, status=status, regisseur=regisseur, **kwargs)
    if regisseur is not None:
        Involvement.objects.create(
            dossier=dossier, user=regisseur, role=InvolvementRole.REGISSEUR, start=timezone.now()
        )
    return dossier


def child(age: int, **kwargs: Any) -> Inwoner:
    today = date.today()
    return InwonerFactory(geboortedatum=today.replace(year=today.year - age) - timedelta(days=1), **kwargs)


def representation(
    represented: Inwoner,
    representative_bsn: str,
    *,
    kind: str = RepresentationKind.GEMACHTIGDE,
    scopes: list[str] | None = None,
    **kwargs: Any,
) -> Representation:
    """An active representation (an accepted invitation, or a recorded legal one)."""
    source = (
        RepresentationSource.UITNODIGING if kind == RepresentationKind.GEMACHTIGDE else RepresentationSource.REGISTRATIE
    )
    return Representation.objects.create(
        represented=represented,
        kind=kind,
        source=source,
        representative_bsn=representative_bsn,
        representative_name=kwargs.pop("representative_name", "Mila Mantelzorg"),
        scopes=scopes if scopes is not None else [PortalScope.PLAN],
        accepted_at=timezone.now(),
        valid_from=date.today() - timedelta(days=1),
        **kwargs,
    )
