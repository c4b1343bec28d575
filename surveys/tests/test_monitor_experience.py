"""Indicator 12, ervaringen van inwoners: per wijk and question, the answers and the share positive, small cells hidden."""

from collections import Counter

import pytest
from django.urls import reverse

from accounts.models import Role
from consent.tests.support import logged_in
from monitor.facts import rebuild
from monitor.indicators import experience
from monitor.models import MonitorFact
from monitor.tests.test_interface import _page_table
from monitor.tests.test_monitor import URL
from surveys.models import Answer, Occasion
from surveys.questions import QUESTIONS
from testsupport.factories import UserFactory, WijkFactory, member_of

pytestmark = pytest.mark.django_db
QUARTER = {"periode": "2025-K2"}


def _answers(wijk, count: int, score: int, *, month: str = "2025-05", **overrides: int) -> None:
    for _ in range(count):
        scores = {question.key: score for question in QUESTIONS} | overrides
        Answer.objects.create(wijk=wijk, regime="wmo", occasion=Occasion.BESLUIT, month=month, **scores)


@pytest.fixture
def town(team):  # a team: indicator 10 fails on a municipality without teams (reported)
    north, south, east = WijkFactory(name="Noord"), WijkFactory(name="Zuid"), WijkFactory(name="Oost")
    _answers(north, 8, 5)  # positive
    _answers(north, 4, 2)  # negative
    _answers(south, 2, 4)  # two answers: too few to show
    _answers(east, 11, 3)  # neutral
    _answers(east, 9, 4)  # positive
    _answers(north, 3, 5, month="2025-07")  # outside the quarter
    rebuild()
    return {"north": north, "south": south, "east": east}


def test_the_rebuild_counts_answers_per_month_wijk_question_and_positive_neutral_negative(town) -> None:
    facts: Counter = Counter()
    for fact in MonitorFact.objects.filter(indicator=experience.FACT, category="helped_quickly"):
        facts[(fact.month.isoformat(), fact.wijk.name, fact.detail)] += fact.value
    assert facts == Counter(
        {
            ("2025-05-01", "Noord", "positief"): 8,
            ("2025-05-01", "Noord", "negatief"): 4,
            ("2025-05-01", "Zuid", "positief"): 2,
            ("2025-05-01", "Oost", "neutraal"): 11,
            ("2025-05-01", "Oost", "positief"): 9,
            ("2025-07-01", "Noord", "positief"): 3,
        }
    )


def test_the_monitor_shows_per_wijk_the_answers_and_the_share_positive_and_hides_small_cells(town) -> None:
    page = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get(URL, QUARTER).content.decode()

    assert "Ervaringen van inwoners" in page
    for question in QUESTIONS:
        table = _page_table(page, f"ervaringen-{question.key}")
        assert table[0] == ["Wijk", "Negatief (1–2)", "Neutraal (3)", "Positief (4–5)", "Totaal", "Aandeel positief"]
        rows = {row[0]: row[1:] for row in table[1:]}
        # Oost: 11 neutral and 9 positive answers, all shown, 45% positive.
        assert rows["Oost"] == ["0", "11", "9", "20", "45%"]
        # Noord: 4 negative answers are too few to show.
        assert rows["Noord"][0] == "< 5"
        # Zuid: two answers, hidden, and no share.
        assert rows["Zuid"][2:] == ["< 5", "< 5", "–"]
        # No count from 1 to 4 is shown anywhere, and the grand total of 34 answers is.
        shown = [cell for row in table[1:] for cell in row[1:5] if cell != "< 5"]
        assert all(int(cell) == 0 or int(cell) >= 5 for cell in shown)
        assert table[-1][0] == "Totaal" and table[-1][4] == "34"


def test_the_open_answers_never_reach_the_monitor(town) -> None:
    Answer.objects.filter(wijk=town["north"]).update(open_text="Mevrouw Jansen was erg aardig")
    rebuild()

    page = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get(URL, QUARTER).content.decode()

    assert "Jansen" not in page
    assert not MonitorFact.objects.filter(indicator=experience.FACT, detail__icontains="Jansen").exists()


def test_the_export_holds_the_same_rows_with_the_hidden_cells_as_text(town) -> None:
    client = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER))
    page = client.get(URL, QUARTER).content.decode()
    table = _page_table(page, "ervaringen-found_us")

    export = client.get(reverse("monitor:export_csv", kwargs={"table_key": "ervaringen-found_us"}), QUARTER)

    assert export.status_code == 200
    lines = [line.split(";") for line in export.content.decode("utf-8-sig").strip().splitlines()]
    assert lines[0] == table[0]
    assert [line[0] for line in lines[1:]] == [row[0] for row in table[1:]]
    assert any("< 5" in line for line in lines)


def test_a_team_leader_sees_the_wijken_of_the_own_teams_only(town, team) -> None:
    team.wijken.add(town["east"])
    leader = member_of(team, UserFactory(role=Role.TEAMLEIDER), leader=True)

    table = _page_table(logged_in(leader).get(URL, QUARTER).content.decode(), "ervaringen-help_fits")

    assert [row[0] for row in table[1:]] == ["Oost"]


def test_the_demo_answers_fill_the_indicator_once_with_some_wijken_hidden(team) -> None:
    from datetime import date

    from surveys.demo_data import seed_answers

    for name in ("Noord", "Zuid", "Oost", "West"):
        WijkFactory(name=name)

    made = seed_answers(date(2025, 6, 15))
    assert made > 0 and seed_answers(date(2025, 6, 15)) == 0
    rebuild()

    page = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get(URL, QUARTER).content.decode()
    table = _page_table(page, "ervaringen-taken_seriously")
    assert table[-1][4] not in {"0", "< 5"}
    assert any(row[4] == "< 5" for row in table[1:-1])
