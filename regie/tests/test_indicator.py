"""Monitor indicator 15 on a small hand-made town: escalations started and ended per wijk and reason, the median
duration, small counts hidden and no median over a hidden or small group."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role, User
from dossiers.models import Dossier
from monitor.facts import rebuild
from monitor.indicators import Request, Scope, escalation, registered
from monitor.models import MonitorFact
from monitor.periods import Period
from monitor.tables import PublishedTable
from organisation.models import Team, Wijk
from regie.models import Escalation, EscalationResult, ReasonCategory
from residents.models import Inwoner
from testsupport.factories import BuurtFactory, UserFactory, dossier_for

pytestmark = pytest.mark.django_db
PERIOD = Period.parse("2025-K2")


def _at(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 12))


def _escalation(
    team: Team, regieteam: Team, wijk: Wijk | None, reason: str, started: datetime, days: int | None
) -> None:
    regisseur: User = UserFactory(role=Role.GENERALIST)  # type: ignore[assignment]
    dossier: Dossier = dossier_for(team, regisseur=regisseur)
    if wijk is not None:
        Inwoner.objects.filter(lidmaatschappen__huishouden=dossier.huishouden).update(buurt=BuurtFactory(wijk=wijk))
    Escalation.objects.create(
        dossier=dossier,
        regieteam=regieteam,
        reason_category=reason,
        explanation="x",
        started_by=regisseur,
        started_at=started,
        ended_at=None if days is None else started + timedelta(days=days),
        ended_by=None if days is None else regisseur,
        result=EscalationResult.STABIEL if days is not None else "",
    )


@pytest.fixture
def town(team: Team) -> dict[str, Wijk]:
    from regie.tests.support import make_regieteam

    regieteam = make_regieteam()
    north, south = (
        Wijk.objects.create(gemeente=team.gemeente, name="Noord", cbs_code="WK999901"),
        Wijk.objects.create(gemeente=team.gemeente, name="Zuid", cbs_code="WK999902"),
    )
    # Noord: six multi-problem escalations in April, five of them ended after 10, 20, 30, 40 and 50 days.
    for index, days in enumerate([10, 20, 30, 40, 50, None]):
        _escalation(team, regieteam, north, ReasonCategory.MULTIPROBLEM, _at(2025, 4, 1 + index), days)
    # Zuid: one escalation for safety, ended: a small count.
    _escalation(team, regieteam, south, ReasonCategory.VEILIGHEID, _at(2025, 5, 2), 7)
    # Outside the quarter: started in March.
    _escalation(team, regieteam, north, ReasonCategory.VASTGELOPEN, _at(2025, 3, 3), None)
    rebuild(warm=False)
    return {"north": north, "south": south}


def _tables() -> dict[str, PublishedTable]:
    assert PERIOD is not None
    request = Request(period=PERIOD, now=timezone.now(), threshold=5, scope=Scope(wijk_ids=None, team_ids=None))
    return {table.key: table for table in escalation.tables(request)}


def _row(table: PublishedTable, label: str) -> list[int | None]:
    i = list(table.row_labels).index(label)
    return [table.value((i, j)) for j in range(table.grid.shape[1])]


def test_indicator_15_is_registered() -> None:
    assert [item.number for item in registered()][-1] == 15


def test_the_rebuild_counts_started_and_ended_escalations_per_month_wijk_and_reason(town: dict[str, Wijk]) -> None:
    facts = MonitorFact.objects.filter(indicator=escalation.FACT)
    north = town["north"].pk
    assert sum(f.value for f in facts.filter(wijk_id=north, detail=escalation.STARTED)) == 7
    assert (
        facts.get(wijk_id=north, detail=escalation.STARTED, category=ReasonCategory.VASTGELOPEN).month.isoformat()
        == "2025-03-01"
    )
    assert sum(f.value for f in facts.filter(wijk_id=north, detail=escalation.ENDED)) == 5
    assert not MonitorFact.objects.filter(indicator__startswith="opschaling", wijk_id__isnull=True).exists()


def test_the_started_table_counts_the_period_per_wijk_and_reason_and_hides_small_counts(
    town: dict[str, Wijk],
) -> None:
    started = _tables()["opschalen-gestart"]
    # Columns: multi-problem, safety, stuck, other, total.
    assert _row(started, "Noord")[0] == 6 and _row(started, "Noord")[4] == 6
    assert _row(started, "Zuid")[1] is None  # one: shown as "< 5"


def test_the_ended_table_gives_the_median_duration_only_over_a_group_that_is_not_small(
    town: dict[str, Wijk],
) -> None:
    ended = _tables()["opschalen-afgeschaald"]
    north = list(ended.row_labels).index("Noord")
    south = list(ended.row_labels).index("Zuid")
    assert _row(ended, "Noord")[0] == 5
    assert ended.figures[north] == ["30"]
    assert ended.figures[south] == ["–"]
