from dossiers.selectors import access_basis, visible_dossiers
from dossiers.transitions import Status
from testsupport.factories import UserFactory, dossier_for, member_of


def test_generalist_sees_dossier_while_involved(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    assert dossier in visible_dossiers(generalist)
    assert access_basis(generalist, dossier) == "regisseur"


def test_team_member_sees_dossier_only_while_in_triage(team, generalist) -> None:
    in_triage = dossier_for(team, status=Status.IN_TRIAGE)
    in_progress = dossier_for(team, status=Status.UITVOERING)
    visible = set(visible_dossiers(generalist))
    assert in_triage in visible
    assert in_progress not in visible


def test_generalist_of_another_team_sees_nothing(team, other_team) -> None:
    outsider = member_of(other_team, UserFactory())
    dossier = dossier_for(team, status=Status.IN_TRIAGE)
    assert dossier not in visible_dossiers(outsider)
    assert access_basis(outsider, dossier) is None


def test_teamleider_sees_all_dossiers_of_own_team_only(team, other_team, teamleider) -> None:
    own = dossier_for(team, status=Status.UITVOERING)
    foreign = dossier_for(other_team, status=Status.IN_TRIAGE)
    visible = set(visible_dossiers(teamleider))
    assert own in visible and foreign not in visible


def test_policy_advisor_sees_no_dossiers(team, beleidsmedewerker) -> None:
    dossier_for(team, status=Status.IN_TRIAGE)
    assert not visible_dossiers(beleidsmedewerker).exists()


def test_ended_involvement_ends_access(team, generalist) -> None:
    from django.utils import timezone

    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    dossier.involvements.update(end=timezone.now())
    assert dossier not in visible_dossiers(generalist)
