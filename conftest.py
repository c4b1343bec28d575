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
