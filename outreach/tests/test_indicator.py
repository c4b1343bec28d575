"""Monitor indicator 14 on a small hand-made town: informatiepunt questions and erop-af contacts per wijk, topic,
answer and setting; how many contacts became a melding; small counts hidden, linked tables hidden together."""

from datetime import date

import pytest
from django.utils import timezone

from monitor.facts import rebuild
from monitor.indicators import Request, Scope, registered, toegang
from monitor.models import MonitorFact
from monitor.periods import Period
from monitor.tables import PublishedTable
from organisation.models import Team, Wijk
from outreach.models import Answer, EropAfContact, InformatieVraag, Setting, Topic

pytestmark = pytest.mark.django_db
PERIOD = Period.parse("2026-K3")


def _questions(team: Team, wijk: Wijk, n: int, topic: str, answer: str, on: date) -> None:
    for _ in range(n):
        InformatieVraag.objects.create(team=team, wijk=wijk, topic=topic, channel="balie", answer=answer, asked_on=on)


def _contacts(team: Team, wijk: Wijk, n: int, setting: str, *, reached: bool, on: date, meldingen: int = 0) -> None:
    for index in range(n):
        EropAfContact.objects.create(
            team=team,
            wijk=wijk,
            contact_on=on,
            setting=setting,
            topics=[Topic.GELD],
            reached=reached,
            melding_made_on=on if index < meldingen else None,
        )


@pytest.fixture
def town(team: Team) -> dict[str, Wijk]:
    north = Wijk.objects.create(gemeente=team.gemeente, name="Noord", cbs_code="WK888801")
    south = Wijk.objects.create(gemeente=team.gemeente, name="Zuid", cbs_code="WK888802")
    # Noord, July: 6 questions about money answered at once, 5 about housing referred on; Zuid: 2 about health.
    _questions(team, north, 6, Topic.GELD, Answer.INFORMATIE, date(2026, 7, 3))
    _questions(team, north, 5, Topic.WONEN, Answer.ANDERE_ORGANISATIE, date(2026, 8, 12))
    _questions(team, south, 2, Topic.GEZONDHEID, Answer.INFORMATIE, date(2026, 9, 1))
    # West: enough questions about health for the hidden cells of Zuid to have company.
    west = Wijk.objects.create(gemeente=team.gemeente, name="West", cbs_code="WK888803")
    _questions(team, west, 6, Topic.GEZONDHEID, Answer.INFORMATIE, date(2026, 9, 2))
    _questions(team, west, 6, Topic.GELD, Answer.ANDERE_ORGANISATIE, date(2026, 9, 2))
    # Outside the quarter.
    _questions(team, north, 7, Topic.GELD, Answer.INFORMATIE, date(2026, 6, 30))
    # Erop af: Noord 11 door-to-door (6 reached, 5 of them became a melding); none in Zuid; one in June.
    _contacts(team, north, 6, Setting.DEUR_AAN_DEUR, reached=True, on=date(2026, 7, 10), meldingen=5)
    _contacts(team, north, 5, Setting.DEUR_AAN_DEUR, reached=False, on=date(2026, 7, 10))
    _contacts(team, north, 1, Setting.SCHOOL, reached=True, on=date(2026, 6, 20), meldingen=1)
    rebuild(warm=False)
    return {"north": north, "south": south}


def _tables() -> dict[str, PublishedTable]:
    assert PERIOD is not None
    request = Request(period=PERIOD, now=timezone.now(), threshold=5, scope=Scope(wijk_ids=None, team_ids=None))
    return {table.key: table for table in toegang.tables(request)}


def _row(table: PublishedTable, label: str) -> list[int | None]:
    """What the page shows: None where hidden."""
    i = list(table.row_labels).index(label)
    return [table.value((i, j)) for j in range(table.grid.shape[1])]


def _counted(table: PublishedTable, label: str) -> list[int]:
    """What was counted, before hiding."""
    return list(table.grid.values[list(table.row_labels).index(label)])


def _column(name: str, values: tuple[str, ...]) -> int:
    return values.index(name)


def test_indicator_14_is_registered() -> None:
    assert 14 in [indicator.number for indicator in registered()]


def test_questions_are_counted_per_wijk_and_topic(town: dict[str, Wijk]) -> None:
    table = _tables()["toegang-vragen-onderwerp"]

    north = _counted(table, "Noord")
    assert north[_column(Topic.GELD, toegang.TOPICS)] == 6
    assert north[_column(Topic.WONEN, toegang.TOPICS)] == 5
    assert north[-1] == 11


def test_questions_are_counted_per_wijk_and_answer(town: dict[str, Wijk]) -> None:
    table = _tables()["toegang-vragen-antwoord"]

    north = _counted(table, "Noord")
    assert north[_column(Answer.INFORMATIE, toegang.ANSWERS)] == 6
    assert north[_column(Answer.ANDERE_ORGANISATIE, toegang.ANSWERS)] == 5


def test_a_small_wijk_is_hidden_in_both_question_tables(town: dict[str, Wijk]) -> None:
    tables = _tables()

    for key in ("toegang-vragen-onderwerp", "toegang-vragen-antwoord"):
        assert _counted(tables[key], "Zuid")[-1] == 2
        assert _row(tables[key], "Zuid")[-1] is None, key


def test_contacts_are_counted_per_setting_and_reach(town: dict[str, Wijk]) -> None:
    tables = _tables()

    setting = _row(tables["toegang-eropaf-plek"], "Noord")
    reach = _row(tables["toegang-eropaf-bereikt"], "Noord")
    assert setting[_column(Setting.DEUR_AAN_DEUR, toegang.SETTINGS)] == 11
    assert setting[_column(Setting.SCHOOL, toegang.SETTINGS)] == 0
    assert reach[:2] == [6, 5]


def test_contacts_that_became_a_melding_are_counted(town: dict[str, Wijk]) -> None:
    table = _tables()["toegang-eropaf-melding"]

    assert _row(table, "Noord")[_column(Setting.DEUR_AAN_DEUR, toegang.SETTINGS)] == 5


def test_the_facts_name_no_team_and_no_person(town: dict[str, Wijk]) -> None:
    facts = MonitorFact.objects.filter(indicator__in=(toegang.QUESTION_FACT, toegang.CONTACT_FACT))

    assert facts.exists()
    assert not facts.exclude(team=None).exists()


def test_a_teamleider_sees_only_the_rows_of_own_wijken(town: dict[str, Wijk]) -> None:
    assert PERIOD is not None
    scope = Scope(wijk_ids=frozenset({town["north"].pk}), team_ids=None)
    request = Request(period=PERIOD, now=timezone.now(), threshold=5, scope=scope)

    table = toegang.tables(request)[0]

    assert table.shown_rows == [list(table.row_labels).index("Noord")]
