"""After a rebuild the periods people open first are already suppressed: the first look (of a policy advisor for the
whole municipality, or filtered on a wijk) works out no suppression itself, and the rebuild reports each part."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Role
from consent.tests.support import logged_in
from dossiers.models import Melding, Route
from monitor import suppression
from monitor.facts import builders, rebuild
from monitor.warm import default_periods
from testsupport.factories import BuurtFactory, InwonerFactory, TeamFactory, UserFactory, WijkFactory, dossier_for

pytestmark = pytest.mark.django_db
URL = "/monitor/"


@pytest.fixture
def town() -> dict[str, Any]:
    """Two wijken with a few meldingen this month, one group small enough to hide."""
    registrar = UserFactory(role=Role.GENERALIST)
    when = timezone.now() - timedelta(hours=1)
    wijken = {}
    for name, team_name, count in (("Noord", "Team Noord", 11), ("Zuid", "Team Zuid", 3)):
        wijk, team = WijkFactory(name=name), TeamFactory(name=team_name)
        buurt = BuurtFactory(wijk=wijk)
        for _index in range(count):
            Melding.objects.create(
                dossier=dossier_for(team),
                inwoner=InwonerFactory(buurt=buurt),
                route=Route.HUISARTS,
                received_at=when,
                description="x",
                registered_by=registrar,
            )
        wijken[name] = wijk
    return wijken


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the suppression computations that run (the cache misses), in order."""
    calls: list[str] = []

    def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(suppression, "suppress", counting("suppress", suppression.suppress))
    monkeypatch.setattr(suppression, "suppress_linked", counting("suppress_linked", suppression.suppress_linked))
    return calls


def _look(query: dict[str, str]) -> None:
    response = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get(URL, query)
    assert response.status_code == 200


def test_the_default_periods_are_this_year_and_last_their_quarters_and_thirteen_months() -> None:
    keys = [period.key for period in default_periods(date(2026, 11, 30))]
    assert keys == [
        "2026",
        "2026-K4",
        "2026-K3",
        "2026-K2",
        "2026-K1",
        "2025",
        "2025-K4",
        "2025-K3",
        "2025-K2",
        "2025-K1",
        *[f"2026-{month:02d}" for month in range(11, 0, -1)],
        "2025-12",
        "2025-11",
    ]


def test_quarters_that_have_not_begun_are_left_out() -> None:
    keys = [period.key for period in default_periods(date(2026, 2, 10))]
    assert [key for key in keys if key.startswith("2026-K")] == ["2026-K1"]
    assert "2025-K4" in keys
    assert keys[-1] == "2025-02"


def test_after_a_rebuild_the_first_look_at_this_year_computes_no_suppression(
    town: dict[str, Any], computed: list[str], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        rebuild()
    computed.clear()
    _look({"periode": str(timezone.localdate().year)})
    assert computed == []


def test_a_view_filtered_on_a_wijk_uses_the_same_warmed_tables(
    town: dict[str, Any], computed: list[str], django_capture_on_commit_callbacks: Any
) -> None:
    month = timezone.localdate().strftime("%Y-%m")
    with django_capture_on_commit_callbacks(execute=True):
        rebuild()
    computed.clear()
    _look({"periode": month, "wijk": str(town["Zuid"].pk)})
    assert computed == []


def test_without_warming_the_first_look_works_out_the_suppression_itself(
    town: dict[str, Any], computed: list[str], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        rebuild(warm=False)
    _look({"periode": str(timezone.localdate().year)})
    assert computed  # the control: the counting sees cache misses when there are any


def test_the_rebuild_reports_every_part_and_the_warming_after_the_commit(
    town: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    steps: list[tuple[str, int]] = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = rebuild(lambda name, _seconds, rows: steps.append((name, rows)))
        assert [name for name, _rows in steps][-1] != "warm"  # not before the figures are committed
    assert len(callbacks) == 1
    names = [name for name, _rows in steps]
    assert names == ["delete", "inflow", "population", *[b.__module__.rsplit(".", 1)[-1] for b in builders()], "warm"]
    assert sum(rows for name, rows in steps if name != "warm") == result.rows
    assert dict(steps)["inflow"] > 0
    assert dict(steps)["warm"] > 0  # tables worked out ahead
