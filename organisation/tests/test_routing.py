"""A household reaches a team by its address: only a wijkteam, never a regieteam working in the same wijk."""

from organisation.models import Team, TeamKind
from organisation.routing import team_for_buurt
from testsupport.factories import BuurtFactory, TeamFactory


def test_a_buurt_is_routed_to_the_wijkteam_not_to_a_regieteam_with_the_same_wijk(db: None) -> None:
    buurt = BuurtFactory()
    regieteam: Team = TeamFactory(kind=TeamKind.REGIETEAM)  # type: ignore[assignment]
    regieteam.wijken.add(buurt.wijk)
    wijkteam: Team = TeamFactory()  # type: ignore[assignment]
    wijkteam.wijken.add(buurt.wijk)

    assert team_for_buurt(buurt.pk) == wijkteam


def test_a_buurt_that_only_a_regieteam_covers_has_no_team(db: None) -> None:
    buurt = BuurtFactory()
    regieteam: Team = TeamFactory(kind=TeamKind.REGIETEAM)  # type: ignore[assignment]
    regieteam.wijken.add(buurt.wijk)

    assert team_for_buurt(buurt.pk) is None


def test_a_new_team_is_a_wijkteam(db: None) -> None:
    assert TeamFactory().kind == TeamKind.WIJKTEAM
