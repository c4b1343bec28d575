"""Only wijkteams own dossiers: registration and the monitor's team rows never offer a regieteam."""

import pytest

from accounts.models import Role
from dossiers.views import _user_teams
from monitor.views import _allowed
from organisation.models import Team, TeamKind
from testsupport.factories import TeamFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


def test_a_regieteam_is_no_team_to_register_a_melding_for_or_to_count_in_the_monitor() -> None:
    wijkteam: Team = TeamFactory(name="Wijkteam Zuid")  # type: ignore[assignment]
    regieteam: Team = TeamFactory(name="Regieteam", kind=TeamKind.REGIETEAM, gemeente=wijkteam.gemeente)  # type: ignore[assignment]
    generalist = UserFactory(role=Role.GENERALIST)
    member_of(wijkteam, generalist)
    member_of(regieteam, generalist)
    beleid = UserFactory(role=Role.BELEIDSMEDEWERKER)

    assert _user_teams(generalist) == [wijkteam]
    teams, _wijken = _allowed(beleid)
    assert list(teams) == [wijkteam]
