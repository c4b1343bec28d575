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
