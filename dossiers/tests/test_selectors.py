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


def test_team_worklist_is_exactly_the_open_dossiers_the_teamleider_sees_in_own_teams(
    team, other_team, teamleider, generalist
) -> None:
    from dossiers.models import Involvement
    from dossiers.selectors import active_team_ids, worklist
    from dossiers.transitions import OPEN_STATUSES

    open_own = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    waiting_own = dossier_for(team, status=Status.IN_TRIAGE)
    dossier_for(team, status=Status.AFGESLOTEN)
    involved_elsewhere = dossier_for(other_team, status=Status.UITVOERING)
    Involvement.objects.create(dossier=involved_elsewhere, user=teamleider, role="betrokken")
    dossier_for(other_team, status=Status.IN_TRIAGE)

    expected = set(
        visible_dossiers(teamleider).filter(team_id__in=active_team_ids(teamleider), status__in=OPEN_STATUSES)
    )
    assert set(worklist(teamleider, whole_team=True)) == expected == {open_own, waiting_own}
    # Asked as the one ground it is, not through every ground's UNION (which listed the leader's whole city first).
    assert "UNION" not in str(worklist(teamleider, whole_team=True).query).upper()
