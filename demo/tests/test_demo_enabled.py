"""The demo municipality and its accounts exist only where the demo is enabled (DEBUG or DEMO_ENABLED)."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import Role
from organisation.models import Gemeente
from testsupport.factories import UserFactory

PASSWORD = "geheim-wachtwoord-123"  # the factory's password
LOGIN = reverse("accounts:login")


@pytest.fixture
def demo_off(settings):
    settings.DEMO_ENABLED = False


def _authenticate(username: str):
    return authenticate(RequestFactory().post(LOGIN, REMOTE_ADDR="127.0.0.1"), username=username, password=PASSWORD)


def test_seeding_the_demo_is_refused_when_the_demo_is_not_enabled(db, demo_off) -> None:
    with pytest.raises(CommandError, match="DEMO_ENABLED=true"):
        call_command("seed_demo", "--residents", "100", "--quiet")
    assert not Gemeente.objects.exists()


def test_demo_logins_are_not_printed_when_the_demo_is_not_enabled(db, demo_off) -> None:
    with pytest.raises(CommandError):
        call_command("demo_logins")


def test_a_synthetic_account_cannot_log_in_when_the_demo_is_not_enabled(db, demo_off) -> None:
    UserFactory(username="generalist", role=Role.GENERALIST, is_synthetic=True)
    UserFactory(username="sanne", role=Role.GENERALIST, is_synthetic=False)

    assert _authenticate("generalist") is None
    assert _authenticate("sanne") is not None, "real accounts log in as before"
    response = Client().post(LOGIN, {"username": "generalist", "password": PASSWORD})
    assert response.status_code == 200, "the login form is shown again"


def test_a_synthetic_account_logs_in_while_the_demo_is_enabled(db, settings) -> None:
    settings.DEMO_ENABLED = True
    UserFactory(username="generalist", role=Role.GENERALIST, is_synthetic=True)
    assert _authenticate("generalist") is not None


def test_an_open_demo_session_ends_when_the_demo_is_switched_off(db, settings) -> None:
    settings.DEMO_ENABLED = True
    demo_user = UserFactory(username="generalist", role=Role.GENERALIST, is_synthetic=True)
    client = Client()
    client.force_login(demo_user)
    assert client.get("/dossiers/").status_code == 200

    settings.DEMO_ENABLED = False
    response = client.get("/dossiers/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_demo_session_from_another_backend_is_logged_out_when_the_demo_is_off(db, settings) -> None:
    """OIDC and other backends do not use ModelBackend's check; the middleware ends such sessions too."""
    demo_user = UserFactory(username="generalist", role=Role.GENERALIST, is_synthetic=True)
    client = Client()
    client.force_login(demo_user, backend="django.contrib.auth.backends.ModelBackend")
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "django.contrib.auth.backends.ModelBackend"]
    settings.DEMO_ENABLED = False
    response = client.get("/dossiers/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
