"""Indicator 3 on a small hand-made municipality: legal terms due in a quarter counted as on time, late or open past
their date (per term type, wijk and team), and the days from melding to onderzoek, plan and beschikking as week
buckets with their median and 80th percentile; small counts hidden, and no median over a small group."""

from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest

from accounts.models import Role
from assessments.models import Onderzoek
from consent.tests.support import logged_in
from dossiers.models import DossierDeadline, Melding, Route
from monitor.facts import rebuild
from monitor.indicators import terms
from monitor.models import MonitorFact
from monitor.tests.test_interface import _page_table
from monitor.tests.test_monitor import AMSTERDAM, URL
from plans.models import Plan
from testsupport.decision_factories import VoorzieningFactory, aanvraag_for, sent_beschikking
from testsupport.factories import (
    BuurtFactory,
    InwonerFactory,
    TeamFactory,
    UserFactory,
    WijkFactory,
    dossier_for,
    member_of,
)

pytestmark = pytest.mark.django_db
QUARTER = {"periode": "2025-K2"}


def _melding(dossier, buurt, day: date) -> Melding:
    inwoner = InwonerFactory(buurt=buurt)
    return Melding.objects.create(
        dossier=dossier,
        inwoner=inwoner,
        route=Route.ZELFMELDER,
        received_at=datetime.combine(day, time(10), tzinfo=AMSTERDAM),
        description="x",
        registered_by=dossier.regisseur,
    )


def _dossier(team):
    return dossier_for(team, regisseur=UserFactory(role=Role.GENERALIST))


def _terms(team, wijk, code: str, count: int, due: date, met_on: date | None = None, **extra: object) -> None:
    buurt = BuurtFactory(wijk=wijk)
    for _index in range(count):
        dossier = _dossier(team)
        melding = _melding(dossier, buurt, due - timedelta(weeks=6))
        DossierDeadline.objects.create(
            dossier=dossier,
            melding=melding,
            term_code=code,
            label=code,
            basis="test",
            start=due - timedelta(weeks=6),
            due=due,
            met_on=met_on,
            **extra,
        )


@pytest.fixture
def town():
    north, south = WijkFactory(name="Noord"), WijkFactory(name="Zuid")
    team_north, team_south = TeamFactory(name="Team Noord"), TeamFactory(name="Team Zuid")
    may = date(2025, 5, 15)
    _terms(team_north, north, "WMO_ONDERZOEK", 7, may, met_on=may)  # on time: met on the last day
    _terms(team_north, north, "WMO_ONDERZOEK", 2, may, met_on=may + timedelta(days=1))  # late
    _terms(team_north, north, "WMO_ONDERZOEK", 1, may)  # open and past its date
    _terms(team_south, south, "WMO_ONDERZOEK", 6, may, met_on=may - timedelta(days=3))
    _terms(team_south, south, "AWB_BESCHIKKING", 6, date(2025, 6, 2), met_on=date(2025, 6, 1))
    # Not counted in the quarter: cancelled, due in July, and one still running (due in the future).
    _terms(team_south, south, "AWB_BESCHIKKING", 1, may, cancelled_on=may - timedelta(days=9))
    _terms(team_south, south, "AWB_BESCHIKKING", 1, date(2025, 7, 1), met_on=date(2025, 7, 1))
    _terms(team_south, south, "AWB_BESCHIKKING", 1, date(2099, 1, 1))

    buurt_north, buurt_south = BuurtFactory(wijk=north), BuurtFactory(wijk=south)
    done = date(2025, 5, 20)
    for days in [3] * 5 + [20] * 5:  # Team Noord: five in week 0, five in week 2
        dossier = _dossier(team_north)
        onderzoek = Onderzoek.objects.create(dossier=dossier, completed_on=done)
        onderzoek.meldingen.add(_melding(dossier, buurt_north, done - timedelta(days=days)))
    for _index in range(2):  # Team Zuid: two, without a linked melding (the newest melding before counts)
        dossier = _dossier(team_south)
        _melding(dossier, buurt_south, done - timedelta(days=400))
        _melding(dossier, buurt_south, done - timedelta(days=50))
        Onderzoek.objects.create(dossier=dossier, completed_on=done)
    agreed = date(2025, 6, 10)
    for _index in range(5):  # plans: the newest melding before the agreement counts (40 days: week 5)
        dossier = _dossier(team_north)
        _melding(dossier, buurt_north, agreed - timedelta(days=400))
        _melding(dossier, buurt_north, agreed - timedelta(days=40))
        Plan.objects.create(dossier=dossier, agreed_on=agreed)
    for _index in range(5):  # beschikkingen: melding 1 May, aanvraag 1 June, sent 20 June: 50 days, week 7
        dossier = _dossier(team_north)
        _melding(dossier, buurt_north, date(2025, 5, 1))
        aanvraag = aanvraag_for(dossier, VoorzieningFactory(), received_on=date(2025, 6, 1))
        sent_beschikking(aanvraag, sent_on=date(2025, 6, 20))
    rebuild()
    return {"north": north, "south": south, "team_north": team_north, "team_south": team_south}


def _facts(indicator: str) -> Counter:
    counts: Counter = Counter()
    for fact in MonitorFact.objects.filter(indicator=indicator).select_related("wijk", "team"):
        counts[
            (fact.month.isoformat(), fact.wijk.name if fact.wijk else None, fact.team.name, fact.category, fact.detail)
        ] += fact.value
    return counts


def test_terms_are_counted_in_the_month_they_fall_due_as_on_time_late_or_overdue(town) -> None:
    facts = _facts(terms.TERMS_FACT)
    assert facts[("2025-05-01", "Noord", "Team Noord", "WMO_ONDERZOEK", "op_tijd")] == 7
    assert facts[("2025-05-01", "Noord", "Team Noord", "WMO_ONDERZOEK", "te_laat")] == 2
    assert facts[("2025-05-01", "Noord", "Team Noord", "WMO_ONDERZOEK", "verlopen")] == 1
    assert facts[("2025-05-01", "Zuid", "Team Zuid", "WMO_ONDERZOEK", "op_tijd")] == 6
    assert facts[("2025-06-01", "Zuid", "Team Zuid", "AWB_BESCHIKKING", "op_tijd")] == 6
    assert facts[("2025-07-01", "Zuid", "Team Zuid", "AWB_BESCHIKKING", "op_tijd")] == 1
    # The cancelled term and the one still running are not counted at all.
    assert sum(facts.values()) == 23


def test_lead_times_are_stored_as_weeks_since_the_melding(town) -> None:
    facts = _facts(terms.LEAD_FACT)
    assert facts[("2025-05-01", None, "Team Noord", "onderzoek", "00")] == 5
    assert facts[("2025-05-01", None, "Team Noord", "onderzoek", "02")] == 5
    assert facts[("2025-05-01", None, "Team Zuid", "onderzoek", "07")] == 2
    assert facts[("2025-06-01", None, "Team Noord", "plan", "05")] == 5
    assert facts[("2025-06-01", None, "Team Noord", "beschikking", "07")] == 5
    assert sum(facts.values()) == 22


def test_percentiles_are_read_from_the_week_buckets() -> None:
    weeks = Counter({1: 1, 2: 1, 4: 1, 5: 1, 7: 1, 8: 1})
    assert terms.percentile_week(weeks, 0.5) == 4  # the 3rd of 6
    assert terms.percentile_week(weeks, 0.8) == 7  # the 5th of 6
    assert terms.percentile_week(Counter(), 0.5) is None
    assert terms.week_text(4) == "28–34"


def _row(table: list[list[str]], label: str) -> list[str]:
    return next(row for row in table if row[0] == label)


def test_the_page_shows_shares_on_time_and_hides_the_small_counts(town) -> None:
    page = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get(URL, QUARTER).content.decode()
    by_wijk = _page_table(page, "termijnen-wijk")
    assert by_wijk[0] == ["Wijk", "Op tijd", "Te laat", "Nog open en verlopen", "Totaal", "Aandeel op tijd"]
    # Noord: 7 on time of 10; the 2 late and the 1 overdue are hidden, and so are the totals they are part of.
    assert _row(by_wijk, "Noord") == ["Noord", "7", "< 5", "< 5", "10", "70%"]
    assert _row(by_wijk, "Zuid") == ["Zuid", "12", "0", "0", "12", "100%"]
    assert _row(by_wijk, "Totaal") == ["Totaal", "19", "< 5", "< 5", "22", "86%"]
    by_type = _page_table(page, "termijnen-soort")
    assert _row(by_type, "Onderzoek na melding")[1:] == ["13", "< 5", "< 5", "16", "81%"]
    assert _row(_page_table(page, "termijnen-team"), "Team Zuid")[1:] == ["12", "0", "0", "12", "100%"]


def test_the_page_shows_median_and_80th_percentile_only_over_a_group_that_is_not_small(town) -> None:
    page = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get(URL, QUARTER).content.decode()
    onderzoek = _page_table(page, "termijnen-onderzoek")
    assert _row(onderzoek, "Team Noord")[1:3] == ["5", "5"]
    assert _row(onderzoek, "Team Noord")[-2:] == ["0–6", "14–20"]
    zuid = _row(onderzoek, "Team Zuid")
    assert zuid[3] == "< 5" and zuid[-2:] == ["–", "–"]  # two onderzoeken: hidden, and no median
    assert _row(_page_table(page, "termijnen-plan"), "Team Noord")[-2:] == ["35–41", "35–41"]
    assert _row(_page_table(page, "termijnen-beschikking"), "Team Noord")[-2:] == ["49–55", "49–55"]


def test_a_team_leader_sees_only_the_own_team_and_not_the_table_per_term_type(town) -> None:
    leader = member_of(town["team_south"], UserFactory(role=Role.TEAMLEIDER), leader=True)
    page = logged_in(leader).get(URL, QUARTER).content.decode()
    assert 'id="titel-termijnen-soort"' not in page
    by_team = _page_table(page, "termijnen-team")
    assert [row[0] for row in by_team[1:]] == ["Team Zuid"]
    assert [row[0] for row in _page_table(page, "termijnen-onderzoek")[1:]] == ["Team Zuid"]


def test_the_queries_do_not_grow_with_the_data(town, django_assert_max_num_queries) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitor.indicators import Request, Scope, objections
    from monitor.periods import Period

    period = Period.parse("2025-K2")
    assert period is not None
    request = Request(
        period=period,
        now=datetime(2025, 7, 1, tzinfo=AMSTERDAM),
        threshold=5,
        scope=Scope(wijk_ids=None, team_ids=None),
    )
    with CaptureQueriesContext(connection) as before:
        terms.tables(request)
        objections.tables(request)
    _terms(TeamFactory(name="Team West"), WijkFactory(name="West"), "AWB_BESCHIKKING", 8, date(2025, 4, 3))
    rebuild()
    with django_assert_max_num_queries(len(before.captured_queries)):
        terms.tables(request)
        objections.tables(request)


def test_the_melding_before_a_step_is_read_by_the_local_day_and_the_newest_one_counts() -> None:
    """The step answers the newest melding of the dossier that came in on or before its day, in Dutch time: a
    melding at 00:30 on the day counts (still the day before in UTC), one at 00:10 the next day does not (still
    the same day in UTC); a later melding does not count, and a step with no melding before it is not counted."""
    team, buurt = TeamFactory(name="Team Oost"), BuurtFactory(wijk=WijkFactory(name="Oost"))
    agreed = date(2025, 6, 10)

    def melding_at(dossier, day: date, hour: int, minute: int) -> None:
        moment = datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)
        Melding.objects.filter(pk=_melding(dossier, buurt, day).pk).update(received_at=moment)

    early = _dossier(team)  # 30 days before, and 00:30 on the day itself: the latter counts, week 0
    _melding(early, buurt, agreed - timedelta(days=30))
    melding_at(early, agreed, 0, 30)
    Plan.objects.create(dossier=early, agreed_on=agreed)
    late = _dossier(team)  # 20 days before, and 00:10 the next day: the former counts, week 2
    _melding(late, buurt, agreed - timedelta(days=20))
    melding_at(late, agreed + timedelta(days=1), 0, 10)
    Plan.objects.create(dossier=late, agreed_on=agreed)
    after = _dossier(team)  # only a melding after the agreement: not counted
    _melding(after, buurt, agreed + timedelta(days=3))
    Plan.objects.create(dossier=after, agreed_on=agreed)
    # A beschikking: the newest melding up to its aanvraag (15 May), not the one after it (5 June): 36 days, week 5.
    asked = _dossier(team)
    _melding(asked, buurt, date(2025, 4, 1))
    _melding(asked, buurt, date(2025, 5, 15))
    _melding(asked, buurt, date(2025, 6, 5))
    aanvraag = aanvraag_for(asked, VoorzieningFactory(), received_on=date(2025, 5, 20))
    sent_beschikking(aanvraag, sent_on=date(2025, 6, 20))
    Onderzoek.objects.create(dossier=_dossier(team), completed_on=agreed)  # a dossier without meldingen

    facts: Counter = Counter()
    for fact in terms.lead_time_facts(date(2025, 12, 31)):
        facts[(fact.month.isoformat(), fact.category, fact.detail)] += fact.value
    assert facts == Counter({("2025-06-01", "plan", "00"): 1, ("2025-06-01", "plan", "02"): 1,
                             ("2025-06-01", "beschikking", "05"): 1})  # fmt: skip
