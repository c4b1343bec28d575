"""Shared fixtures for the onderzoek and plan tests: a household in onderzoek with its Wmo deadlines
running, and its regisseur logged in. Imported by the conftest of those apps."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from dossiers.models import Dossier
from dossiers.services import start_deadline
from dossiers.transitions import Status
from organisation.models import Team
from testsupport.factories import dossier_for


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def dossier(team: Team, generalist: User) -> Dossier:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    received = timezone.localdate() - timedelta(days=10)
    start_deadline(dossier, "WMO_PERSOONLIJK_PLAN", received, generalist)
    start_deadline(dossier, "WMO_ONDERZOEK", received, generalist)
    return dossier


@pytest.fixture
def client(generalist: User) -> Client:
    """The regisseur's browser."""
    return logged_in(generalist)


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    return logged_in
