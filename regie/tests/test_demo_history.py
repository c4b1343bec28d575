"""The demo history of escalations: on dossiers of the wijk, inside each dossier's life, most ended; once."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from accounts.models import Role, User
from dossiers.models import Dossier
from dossiers.transitions import Status
from organisation.models import Team, TeamKind, Wijk
from regie import demo_history
from regie.models import Escalation, ReasonCategory
from residents.models import Inwoner
from testsupport.factories import BuurtFactory, UserFactory, WijkFactory, dossier_for, member_of

TODAY = date(2026, 11, 30)
TZ = ZoneInfo(settings.TIME_ZONE)


@pytest.fixture
def dossiers(team: Team) -> list[Dossier]:
    """Sixty dossiers in one wijk: opened over three years, some of them closed."""
    wijk: Wijk = WijkFactory(gemeente=team.gemeente)  # type: ignore[assignment]
    team.wijken.add(wijk)
    buurt = BuurtFactory(wijk=wijk)
    regisseur: User = member_of(team, UserFactory(role=Role.GENERALIST))  # type: ignore[arg-type]
    made = []
    for index in range(60):
        opened = datetime.combine(TODAY - timedelta(days=20 * index + 30), time(10), tzinfo=TZ)
        closed = opened + timedelta(days=300) if index % 3 == 0 and index >= 18 else None
        dossier = dossier_for(
            team,
            status=Status.AFGESLOTEN if closed else Status.UITVOERING,
            regisseur=regisseur,
            opened_at=opened,
            closed_at=closed,
        )
        Inwoner.objects.filter(lidmaatschappen__huishouden=dossier.huishouden).update(buurt=buurt)
        made.append(dossier)
    return made


def test_escalations_fall_inside_their_dossier_s_life(dossiers: list[Dossier]) -> None:
    counts = demo_history.seed_history(TODAY, seed=11)

    assert counts["opschalingen historie"] == Escalation.objects.count() > 0
    for escalation in Escalation.objects.select_related("dossier"):
        dossier = escalation.dossier
        assert dossier.opened_at < escalation.started_at
        assert escalation.started_by_id == dossier.regisseur_id
        if dossier.closed_at is not None:
            assert escalation.ended_at is not None and escalation.ended_at < dossier.closed_at
        if escalation.ended_at is not None:
            assert escalation.started_at < escalation.ended_at <= datetime.combine(TODAY, time(23, 59), tzinfo=TZ)
            assert escalation.result


def test_each_dossier_is_escalated_once_to_the_one_regieteam(dossiers: list[Dossier]) -> None:
    demo_history.seed_history(TODAY, seed=11)

    assert Escalation.objects.values("dossier").distinct().count() == Escalation.objects.count()
    regieteam = Team.objects.get(kind=TeamKind.REGIETEAM)
    assert set(Escalation.objects.values_list("regieteam_id", flat=True)) == {regieteam.pk}
    assert set(Escalation.objects.values_list("reason_category", flat=True)) <= set(ReasonCategory.values)


def test_a_second_run_adds_nothing(dossiers: list[Dossier]) -> None:
    demo_history.seed_history(TODAY, seed=11)
    before = Escalation.objects.count()

    assert demo_history.seed_history(TODAY, seed=11) == {"opschalingen historie": 0}
    assert Escalation.objects.count() == before


def test_without_dossiers_nothing_is_made(team: Team) -> None:
    assert demo_history.seed_history(TODAY, seed=11) == {"opschalingen historie": 0}
