"""Helpers for the view tests: dossiers with deadlines, timeline events and logged-in clients."""

from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from accounts.models import User
from dossiers.models import Dossier, DossierDeadline, TimelineEvent
from dossiers.services import refresh_next_deadline


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def with_deadline(dossier: Dossier, due: date, *, label: str = "Onderzoek na melding") -> DossierDeadline:
    deadline = DossierDeadline.objects.create(
        dossier=dossier,
        term_code="WMO_ONDERZOEK",
        label=label,
        basis="Wmo 2015 art. 2.3.2 lid 1",
        start=due - timedelta(weeks=6),
        due=due,
    )
    refresh_next_deadline(dossier)
    return deadline


def with_events(dossier: Dossier, count: int) -> None:
    for index in range(count):
        TimelineEvent.objects.create(
            dossier=dossier, at=timezone.now(), kind=TimelineEvent.Kind.NOTITIE, summary=f"Gebeurtenis {index}"
        )
