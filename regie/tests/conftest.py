import pytest

from accounts.models import User
from dossiers.models import Dossier
from dossiers.transitions import Status
from organisation.models import Team
from regie.tests.support import make_regieteam, regie_member
from testsupport.factories import dossier_for


@pytest.fixture
def regieteam(db: None) -> Team:
    return make_regieteam()


@pytest.fixture
def member(regieteam: Team) -> User:
    return regie_member(regieteam)


@pytest.fixture
def dossier(team: Team, generalist: User) -> Dossier:
    return dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
