"""django-axes: five wrong passwords for one username from one address lock that pair for 30 minutes."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from testsupport.factories import UserFactory

PASSWORD = "geheim-wachtwoord-123"  # the factory's password
LOGIN = reverse("accounts:login")


@pytest.fixture(autouse=True)
def sanne(db: None) -> None:
    UserFactory(username="sanne", role=Role.GENERALIST)


def _try(client: Client, password: str, address: str = "10.0.0.1", username: str = "sanne") -> int:
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return int(response.status_code)


def test_four_wrong_passwords_still_allow_the_right_one(client: Client) -> None:
    for _ in range(4):
        assert _try(client, "verkeerd-wachtwoord") == 200
    assert _try(client, PASSWORD) == 302


def test_the_fifth_wrong_password_locks_out_with_a_dutch_page(client: Client) -> None:
    for _ in range(4):
        _try(client, "verkeerd-wachtwoord")

    response = client.post(LOGIN, {"username": "sanne", "password": "verkeerd-wachtwoord"}, REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 429
    html = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in html
    assert "30 minuten" in html
    assert _try(client, PASSWORD) == 429, "even the right password is refused during the lockout"


def test_the_lockout_is_per_username_and_address(client: Client) -> None:
    UserFactory(username="kees", role=Role.TEAMLEIDER)
    for _ in range(5):
        _try(client, "verkeerd-wachtwoord")

    assert _try(client, PASSWORD, address="10.0.0.2") == 302, "same user, other address"
    assert _try(Client(), PASSWORD, username="kees") == 302, "other user, same address"


def test_the_lockout_ends_after_thirty_minutes(client: Client) -> None:
    from datetime import timedelta

    from axes.models import AccessAttempt

    for _ in range(5):
        _try(client, "verkeerd-wachtwoord")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=31))

    assert _try(client, PASSWORD) == 302
