from typing import Any

import pytest

from accounts.models import Role
from organisation.models import Team
from testsupport.factories import TeamFactory, UserFactory, member_of


@pytest.fixture
def team(db: None) -> Team:
    return TeamFactory()


@pytest.fixture
def other_team(db: None) -> Team:
    return TeamFactory()


@pytest.fixture
def generalist(team: Team):
    return member_of(team, UserFactory(role=Role.GENERALIST))


@pytest.fixture
def colleague(team: Team):
    return member_of(team, UserFactory(role=Role.GENERALIST))


@pytest.fixture
def teamleider(team: Team):
    return member_of(team, UserFactory(role=Role.TEAMLEIDER), leader=True)


@pytest.fixture
def beleidsmedewerker(db: None):
    return UserFactory(role=Role.BELEIDSMEDEWERKER)


@pytest.fixture
def consulent(team: Team):
    return member_of(team, UserFactory(role=Role.CONSULENT))


@pytest.fixture
def functioneel_beheerder(db: None):
    return UserFactory(role=Role.FUNCTIONEEL_BEHEERDER)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Tests create many users; the production hasher (PBKDF2, ~1M rounds) would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test infrastructure: ``Client.force_login`` (and ``Client.login``) also complete the second factor.

    Every staff page needs a session verified with a TOTP device (core.middleware.SecondFactorMiddleware).
    ``force_login`` already skips the password; here it also skips the code, enrolling a device for the user
    when there is none, so the hundreds of tests about *what* a logged-in user may do keep saying just that.
    ``Client.login`` checks the password for real (through django-axes, which needs the request) and then
    does the same. The login steps themselves are tested without shortcuts: accounts/tests/test_two_factor.py
    and the browser tests in e2e/ type the password and a code computed from the device key.
    """
    from django.contrib.auth import authenticate
    from django.test import Client, RequestFactory

    from accounts.testing import verify_session

    original_force_login = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original_force_login(self, user, backend)
        verify_session(self.session, user)

    def login(self: Client, **credentials: Any) -> bool:
        request = RequestFactory().post("/account/inloggen/", REMOTE_ADDR="127.0.0.1")
        user = authenticate(request, **credentials)
        if user is None:
            return False
        force_login(self, user, backend=getattr(user, "backend", None))
        return True

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "login", login)
