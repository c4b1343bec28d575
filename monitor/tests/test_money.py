"""Indicator 9, geld, on a small hand-made municipality: beschikte and allocated costs per law, wijk and team, the
wijkbudget, the schaduwbudget and the vrij besteedbaar budget, with amounts of few households hidden."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from allocations.models import DeliveryStatus, Toewijzing
from catalogue.codes import Frequency, Law, Unit
from decisions.models import (
    Beschikking,
    BeschikkingRegel,
    BeschikkingStatus,
    BudgetSpend,
    TeamBudget,
    WijkBudget,
)
from dossiers.models import Dossier
from monitor.indicators import Request, Scope, money
from monitor.models import MonitorFact
from monitor.periods import Period
from monitor.suppression import determined
from monitor.tables import PublishedTable
from organisation.models import Team, Wijk
from testsupport.decision_factories import AanbiederFactory, VoorzieningFactory, aanvraag_for, priced
from testsupport.factories import BuurtFactory, InwonerFactory, TeamFactory, UserFactory, household_with

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


def _rebuild() -> None:
    MonitorFact.objects.filter(indicator__startswith="geld").delete()
    MonitorFact.objects.bulk_create(money.build(TODAY))


def _tables(key: str = "2026-K2", wijk_ids: frozenset[int] | None = None, team_ids: frozenset[int] | None = None):
    period = Period.parse(key)
    assert period is not None
    request = Request(
        period=period, now=datetime(2026, 11, 30, tzinfo=UTC), threshold=5, scope=Scope(wijk_ids, team_ids)
    )
    return {table.key: table for table in money.tables(request)}


def _row(table: PublishedTable, label: str) -> list[str]:
    return dict(table.body())[label]


class Town:
    """Noord (team Noord) and Zuid (team Zuid), a worker, and the voorzieningen with their tariffs."""

    def __init__(self) -> None:
        self.worker = UserFactory()
        self.teams = {name: TeamFactory(name=f"Team {name}") for name in ("Noord", "Zuid")}
        self.buurten = {name: BuurtFactory(wijk__name=name) for name in ("Noord", "Zuid")}
        self.aanbieder = AanbiederFactory()
        self.wmo = priced(VoorzieningFactory(law=Law.WMO), "50.00")
        priced(self.wmo, "60.00", since=date(2026, 5, 1))
        self.wmo.tarieven.filter(valid_from=date(2020, 1, 1)).update(valid_to=date(2026, 4, 30))
        self.jeugd = priced(VoorzieningFactory(law=Law.JEUGDWET, product_category="45", product_code="45A01"), "80.00")
        self.pleegzorg = priced(
            VoorzieningFactory(
                law=Law.JEUGDWET, product_category="44", product_code="44A01", unit=Unit.ETMAAL,
                frequency=Frequency.PER_MAAND,
            ),
            "32.60",
        )  # fmt: skip
        self.pw = VoorzieningFactory(law=Law.PARTICIPATIEWET, product_category="", product_code="", unit=Unit.EURO)

    def dossier(self, wijk: str) -> Dossier:
        return Dossier.objects.create(
            huishouden=household_with(InwonerFactory(buurt=self.buurten[wijk])), team=self.teams[wijk]
        )

    def regel(
        self,
        dossier: Dossier,
        voorziening,
        amount: str,
        start: date | None,
        *,
        status: str = BeschikkingStatus.VERZONDEN,
        granted: bool = True,
        sent_on: date | None = None,
        replaces: Beschikking | None = None,
    ) -> BeschikkingRegel:
        aanvraag = aanvraag_for(dossier, law=voorziening.law, created_by=self.worker, received_on=date(2026, 1, 5))
        beschikking = Beschikking.objects.create(
            aanvraag=aanvraag,
            number=f"G{Beschikking.objects.count() + 1:05d}",
            outcome="toekenning",
            motivation="x",
            legal_basis="x",
            status=status,
            prepared_by=self.worker,
            sent_on=sent_on or (start if status == BeschikkingStatus.VERZONDEN else None),
            replaces=replaces,
        )
        return BeschikkingRegel.objects.create(
            beschikking=beschikking,
            voorziening=voorziening,
            granted=granted,
            start=start,
            end=None,
            estimated_amount=Decimal(amount),
        )

    def allocation(
        self,
        dossier: Dossier | None,
        voorziening,
        volume: int,
        start: date,
        end: date | None,
        *,
        regel: BeschikkingRegel | None = None,
        status: str = DeliveryStatus.GESTART,
        stopped_on: date | None = None,
        inwoner=None,
    ) -> Toewijzing:
        return Toewijzing.objects.create(
            gemeente=self.teams["Noord"].gemeente,
            law=voorziening.law,
            nummer=f"{Toewijzing.objects.count() + 1:08d}",
            inwoner=inwoner or dossier.huishouden.members.get(),
            dossier=dossier,
            aanbieder=self.aanbieder,
            voorziening=voorziening,
            regel=regel,
            ingangsdatum=start,
            einddatum=end,
            volume=volume,
            unit=voorziening.unit,
            frequency=voorziening.frequency,
            status=status,
            stopped_on=stopped_on,
        )

    def spend(self, dossier: Dossier, budget: TeamBudget, amount: str, day: date) -> None:
        BudgetSpend.objects.create(
            budget=budget, dossier=dossier, amount=Decimal(amount), description="x", reason="x",
            spent_by=self.worker, spent_on=day,
        )  # fmt: skip


@pytest.fixture
def town() -> Town:
    town = Town()
    # Noord: eight households with a Wmo product of € 1,000 starting in the second quarter; one of them also
    # a Jeugdwet product of € 2,500 (one household: hidden).
    north = [town.dossier("Noord") for _n in range(8)]
    for n, dossier in enumerate(north):
        town.regel(dossier, town.wmo, "1000.00", date(2026, 4 + n % 3, 10))
    town.regel(north[0], town.jeugd, "2500.00", date(2026, 5, 2))
    # Six Noord households with bijzondere bijstand of € 150 each in the quarter.
    for dossier in north[:6]:
        town.regel(dossier, town.pw, "150.00", date(2026, 6, 1))
    # Zuid: three households with a Wmo product of € 700 (three households: hidden, and not derivable).
    south = [town.dossier("Zuid") for _n in range(3)]
    for dossier in south:
        town.regel(dossier, town.wmo, "700.00", date(2026, 5, 20))
    # Not counted: a concept, a refused product, a product starting in July, a beschikking that a later one
    # replaced (only the new one counts).
    town.regel(south[0], town.wmo, "9999.00", date(2026, 4, 1), status=BeschikkingStatus.CONCEPT)
    town.regel(south[0], town.wmo, "9999.00", date(2026, 4, 1), granted=False)
    town.regel(south[0], town.wmo, "9999.00", date(2026, 7, 1))
    old = town.regel(north[1], town.jeugd, "9999.00", date(2026, 4, 3))
    town.regel(north[1], town.jeugd, "3000.00", date(2026, 4, 20), replaces=old.beschikking)
    return town


def test_beschikte_costs_are_the_granted_amounts_per_law_wijk_and_team_in_the_month_they_start(town) -> None:
    _rebuild()
    tables = _tables()
    by_wijk, by_team = tables["geld-beschikt-wijk"], tables["geld-beschikt-team"]
    # Columns Wmo, Jeugdwet, Participatiewet, total; rows Noord, Zuid, total. Whole euros.
    assert by_wijk.grid.values == (
        (8000, 5500, 900, 14400),
        (2100, 0, 0, 2100),
        (10100, 5500, 900, 16500),
    )
    assert by_team.grid.values == by_wijk.grid.values
    assert by_wijk.column_labels == ["Wmo 2015", "Jeugdwet", "Participatiewet"]
    assert _row(by_wijk, "Totaal")[0] == "€ 10.100"
    assert _tables("2026-K3")["geld-beschikt-wijk"].grid.values[-1] == (9999, 0, 0, 9999)


def test_an_amount_of_three_households_is_hidden_and_cannot_be_worked_out_from_the_totals(town) -> None:
    _rebuild()
    tables = _tables()
    for key, zuid in (("geld-beschikt-wijk", "Zuid"), ("geld-beschikt-team", "Team Zuid")):
        table = tables[key]
        row = table.row_labels.index(zuid)
        assert (row, 0) in table.hidden and (row, 3) in table.hidden
        assert _row(table, zuid)[0] == "–"
        # Nothing hidden follows from what is shown: the amounts obey the same sums as the counts.
        assert not determined(table.grid, set(table.hidden))
        # Noord's two Jeugdwet products are of two households: hidden too.
        assert (0, 1) in table.hidden
    # The shared totals per law are hidden in both tables alike.
    wijk, team = tables["geld-beschikt-wijk"], tables["geld-beschikt-team"]
    assert {j for i, j in wijk.hidden if i == 2} == {j for i, j in team.hidden if i == 2}


def test_the_wijkbudget_shows_the_share_beschikt_or_that_none_is_set(town) -> None:
    WijkBudget.objects.create(wijk=Wijk.objects.get(name="Noord"), year=2026, amount=Decimal("40000"))
    _rebuild()
    table = _tables()["geld-beschikt-wijk"]
    assert table.figure_headers == ["Wijkbudget 2026", "Deel beschikt in deze periode"]
    # Noord's total is hidden (it would give Zuid's and Noord's Jeugdwet amounts away), so is its share.
    assert (0, 3) in table.hidden and list(table.figures[0]) == ["€ 40.000", "–"]
    assert list(table.figures[table.row_labels.index("Zuid")]) == ["geen budget ingesteld", "–"]


def test_the_wijkbudget_share_of_a_shown_total(town) -> None:
    # Two more Zuid households make Zuid's Wmo five households: nothing in Zuid is small any more.
    for _n in range(2):
        town.regel(town.dossier("Zuid"), town.wmo, "700.00", date(2026, 6, 3))
    WijkBudget.objects.create(wijk=Wijk.objects.get(name="Zuid"), year=2026, amount=Decimal("14000"))
    _rebuild()
    table = _tables()["geld-beschikt-wijk"]
    zuid = table.row_labels.index("Zuid")
    assert table.value((zuid, 3)) == 3500
    assert list(table.figures[zuid]) == ["€ 14.000", "25%"]


def test_allocated_costs_use_the_tariff_valid_on_the_first_day(town) -> None:
    noord = Dossier.objects.filter(team__name="Team Noord").order_by("pk")
    # 3 hours a week from 1 April to 30 June: 13 weeks at € 50 (the tariff until 30 April) = € 1,950.
    town.allocation(noord[0], town.wmo, 3, date(2026, 4, 1), date(2026, 6, 30))
    # From 15 May at € 60: 2 hours × 7 weeks (15 May to 30 June, 47 days) = € 840.
    town.allocation(noord[1], town.wmo, 2, date(2026, 5, 15), date(2026, 6, 30))
    # Stopped on 12 May although allocated until the end of June: 1 hour × 6 weeks (1 April to 12 May) = € 300.
    town.allocation(noord[2], town.wmo, 1, date(2026, 4, 1), date(2026, 6, 30), stopped_on=date(2026, 5, 12))
    # Withdrawn: not counted.
    town.allocation(noord[3], town.wmo, 9, date(2026, 4, 1), None, status=DeliveryStatus.INGETROKKEN)
    _rebuild()
    table = _tables()["geld-toegewezen-wijk"]
    assert table.grid.values[0] == (3090, 0, 0, 3090)


def test_the_schaduwbudget_holds_referred_and_specialist_care_per_wijk(town) -> None:
    south = list(Dossier.objects.filter(team__name="Team Zuid").order_by("pk"))
    north = list(Dossier.objects.filter(team__name="Team Noord").order_by("pk"))
    # Referred by the GP (allocated on the provider's request, no beschikking): 2 hours a week for 4 weeks at € 80.
    for dossier in south:
        town.allocation(dossier, town.jeugd, 2, date(2026, 4, 1), date(2026, 4, 28))
    # One without a dossier at all: counted for the resident's wijk, in the team row "Zonder dossier".
    alone = InwonerFactory(buurt=town.buurten["Zuid"])
    town.allocation(None, town.jeugd, 2, date(2026, 4, 1), date(2026, 4, 28), inwoner=alone)
    # Pleegzorg after the team's beschikking: specialist, 30 days a month for two months at € 32.60.
    decided = BeschikkingRegel.objects.filter(voorziening=town.wmo, beschikking__aanvraag__dossier=north[0]).get()
    for dossier in north[:5]:
        town.allocation(dossier, town.pleegzorg, 30, date(2026, 5, 1), date(2026, 6, 30), regel=decided)
    # Ambulant youth care after the team's beschikking is first line: not in the schaduwbudget.
    town.allocation(north[5], town.jeugd, 2, date(2026, 4, 1), date(2026, 4, 28), regel=decided)
    _rebuild()
    tables = _tables()
    shadow = tables["geld-schaduw"]
    assert shadow.column_labels == ["Na verwijzing door huisarts of specialist", "Specialistische zorg via het team"]
    assert shadow.row_labels == ["Noord", "Zuid"]
    assert shadow.grid.values == ((0, 9780, 9780), (2560, 0, 2560), (2560, 9780, 12340))
    assert _row(shadow, "Noord")[1] == "€ 9.780"
    assert _row(shadow, "Zuid")[0] == "–"  # four households
    allocated = tables["geld-toegewezen-team"]
    assert allocated.row_labels[-1] == "Zonder dossier"
    assert allocated.grid.values[-2][1] == 640


def test_a_team_leaders_scope_shows_the_own_rows_of_the_whole_municipalitys_tables(town) -> None:
    _rebuild()
    whole = _tables()
    noord_team = frozenset([Team.objects.get(name="Team Noord").pk])
    noord_wijk = frozenset([Wijk.objects.get(name="Noord").pk])
    scoped = _tables(wijk_ids=noord_wijk, team_ids=noord_team)
    for key in ("geld-beschikt-wijk", "geld-beschikt-team", "geld-schaduw"):
        assert scoped[key].hidden == whole[key].hidden
        assert len(scoped[key].body()) == 1


def test_free_budget_spent_per_team_against_the_team_budget(town) -> None:
    noord, zuid = Team.objects.get(name="Team Noord"), Team.objects.get(name="Team Zuid")
    west = TeamFactory(name="Team West")
    budgets = {
        team: TeamBudget.objects.create(team=team, year=2026, amount=Decimal("10000"), max_per_spend=Decimal("500"))
        for team in (noord, west, zuid)
    }
    TeamBudget.objects.filter(team=zuid).update(year=2025)  # Zuid has no budget for 2026
    for dossier in Dossier.objects.filter(team=noord)[:6]:
        town.spend(dossier, budgets[noord], "100.00", date(2026, 5, 4))
    for _n in range(6):
        dossier = Dossier.objects.create(huishouden=household_with(InwonerFactory()), team=west)
        town.spend(dossier, budgets[west], "125.00", date(2026, 6, 8))
    for dossier in Dossier.objects.filter(team=zuid)[:2]:
        town.spend(dossier, budgets[zuid], "80.00", date(2026, 5, 4))
    town.spend(dossier, budgets[zuid], "80.00", date(2026, 7, 1))  # the next quarter
    _rebuild()
    table = _tables()["geld-vrij"]
    assert table.row_labels == ["Team Noord", "Team West", "Team Zuid"]
    assert table.grid.values == ((600, 600), (750, 750), (160, 160), (1510, 1510))
    assert _row(table, "Team West") == ["€ 750", "€ 750", "€ 10.000", "8%"]
    assert _row(table, "Team Zuid") == ["–", "–", "geen budget ingesteld", "–"]
    assert not determined(table.grid, set(table.hidden))
    assert table.figure_headers == ["Budget 2026", "Deel besteed in deze periode"]


def test_the_rebuild_reads_each_source_with_one_query(town) -> None:
    with CaptureQueriesContext(connection) as queries:
        money.build(TODAY)
    # Beschikte products, allocations, the tariffs, the spends.
    assert len(queries.captured_queries) == 4


def test_the_tables_queries_do_not_grow_with_the_data(town, django_assert_max_num_queries) -> None:
    _rebuild()
    with CaptureQueriesContext(connection) as before:
        _tables()
    for _n in range(6):
        town.regel(town.dossier("Zuid"), town.jeugd, "400.00", date(2026, 5, 5))
    _rebuild()
    with django_assert_max_num_queries(len(before.captured_queries)):
        table = _tables()["geld-beschikt-wijk"]
    assert table.grid.values[1][1] == 2400


# --- The wijkbudget in /beheer/ ----------------------------------------------------------------------------------


@pytest.fixture
def beheerder():
    user = UserFactory(role=Role.FUNCTIONEEL_BEHEERDER, is_staff=True)
    user.groups.add(Group.objects.get(name="Functioneel beheer"))
    return user


def test_the_beheerder_enters_a_wijkbudget_in_the_admin(beheerder) -> None:
    wijk = BuurtFactory().wijk
    client = Client()
    client.force_login(beheerder)
    url = reverse("admin:decisions_wijkbudget_add")
    assert client.get(url).status_code == 200
    response = client.post(url, {"wijk": wijk.pk, "year": 2027, "amount": "1250000.00"})
    assert response.status_code == 302
    assert WijkBudget.objects.get().amount == Decimal("1250000.00")
    # The same wijk and year again: a Dutch error, nothing added.
    again = client.post(url, {"wijk": wijk.pk, "year": 2027, "amount": "5.00"})
    assert again.status_code == 200
    assert "Deze wijk heeft voor dit jaar al een budget" in again.content.decode()
    negative = client.post(url, {"wijk": wijk.pk, "year": 2028, "amount": "-5.00"})
    assert negative.status_code == 200
    assert WijkBudget.objects.count() == 1


@pytest.mark.parametrize("role", [Role.BELEIDSMEDEWERKER, Role.TEAMLEIDER, Role.GENERALIST])
def test_other_roles_cannot_enter_a_wijkbudget(role) -> None:
    wijk = BuurtFactory().wijk
    client = Client()
    client.force_login(UserFactory(role=role))
    url = reverse("admin:decisions_wijkbudget_add")
    assert client.get(url).status_code in {302, 403}
    client.post(url, {"wijk": wijk.pk, "year": 2027, "amount": "1.00"})
    assert not WijkBudget.objects.exists()
