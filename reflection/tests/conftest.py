"""What the reflection tests share: a facilitator (a policy advisor) and a client logged in as them."""

import pytest
from django.test import Client

from accounts.models import Role
from reflection.models import Theme
from testsupport.factories import UserFactory


def theme(code: str) -> Theme:
    """A theme of the national set (not a gemeente's own)."""
    return Theme.objects.get(code=code, gemeente=None)


@pytest.fixture
def facilitator(db):
    return UserFactory(role=Role.BELEIDSMEDEWERKER)


@pytest.fixture
def staff_client(facilitator) -> Client:
    client = Client()
    client.force_login(facilitator)
    return client
