"""The demo city's history feeds every monitor indicator, and its wijken differ the way demo/areas.py says."""

import io
from collections import Counter, defaultdict
from datetime import date, datetime, time
from statistics import median
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F

from assessments.models import Onderzoek
from decisions.models import Beschikking, BeschikkingRegel, Bezwaar, BezwaarOutcome, BezwaarStatus, OtherLawIndication
from dossiers.models import Dossier, DossierDeadline, Melding
from dossiers.outcome import ASKABLE_STEPS, SOLVED_IN_TEAM, OutcomeStep, derivation_flags, step_from_flags
from dossiers.transitions import Status
from monitor.facts import rebuild
from monitor.figures import HIDDEN, FigureTable
from monitor.indicators import Request, Scope, registered
from monitor.periods import Period
from monitor.tables import PublishedTable
from organisation.models import Wijk
from residents.models import HuishoudenLid, Inwoner, LidRol

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    """A small city with three years of history (4 wijken, 2 teams), rolled back after the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            from django.test import override_settings

            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                call_command(
                    "seed_demo", "--residents", "4000", "--seed", "11", "--today", TODAY.isoformat(), "--years", "3",
                    "--quiet", stdout=io.StringIO(),
                )  # fmt: skip
            yield {name: pk for pk, name in Wijk.objects.values_list("pk", "name")}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _first_wijk() -> dict[int, int | None]:
    """Per dossier the wijk of the resident of its first melding (as the monitor places a dossier)."""
    first: dict[int, int | None] = {}
    for dossier, wijk in Melding.objects.order_by("dossier_id", "received_at", "pk").values_list(
        "dossier_id", "inwoner__buurt__wijk_id"
    ):
        first.setdefault(dossier, wijk)
    return first


@pytest.mark.django_db
def test_history_has_bezwaren_at_a_realistic_rate_with_their_outcomes_and_terms(city):
    beschikkingen = Beschikking.objects.filter(sent_on__isnull=False).count()
    bezwaren = Bezwaar.objects.all()
    assert 2 <= 100 * bezwaren.count() / beschikkingen <= 7
    decided = Counter(bezwaren.filter(status=BezwaarStatus.AFGEHANDELD).values_list("outcome", flat=True))
    assert set(decided) == set(BezwaarOutcome.values)
    # Ongegrond is by far the most common outcome (about half).
    assert decided.most_common(1)[0][0] == BezwaarOutcome.ONGEGROND
    assert decided[BezwaarOutcome.ONGEGROND] > 0.35 * decided.total()
    # Lodged after the beschikking was sent, decided after receipt, each with its own decision term.
    assert not bezwaren.filter(received_on__lt=F("beschikking__sent_on")).exists()
    assert not bezwaren.filter(decided_on__lt=F("received_on")).exists()
    assert not bezwaren.filter(deadline__isnull=True).exists()
    assert not bezwaren.filter(status=BezwaarStatus.AFGEHANDELD).exclude(deadline__met_on=F("decided_on")).exists()
    # None registered on a closed dossier (decisions.bezwaar refuses that).
    tz = ZoneInfo(settings.TIME_ZONE)
    for received, closed in bezwaren.filter(beschikking__aanvraag__dossier__closed_at__isnull=False).values_list(
        "received_on", "beschikking__aanvraag__dossier__closed_at"
    ):
        assert closed is not None and datetime.combine(received, time(0), tzinfo=tz) < closed


@pytest.mark.django_db
def test_every_closed_dossier_has_the_ladder_step_its_records_show(city):
    closed = Dossier.objects.filter(status=Status.AFGESLOTEN)
    assert not closed.filter(outcome_step="").exists()
    assert not Dossier.objects.exclude(status=Status.AFGESLOTEN).exclude(outcome_step="").exists()
    flags = derivation_flags()
    checked = 0
    for row in closed.annotate(**flags).values("outcome_step", "close_reason", *flags):
        derived = step_from_flags(row["close_reason"], row)
        if derived is None:
            # Nothing recorded shows a step (closed in the queue, no onderzoek): the regisseur's answer.
            assert row["outcome_step"] in ASKABLE_STEPS
        else:
            assert row["outcome_step"] == derived.value
            checked += 1
    assert checked > 0.6 * closed.count()
    steps = Counter(closed.values_list("outcome_step", flat=True))
    assert set(steps) >= {OutcomeStep.EIGEN_KRACHT, OutcomeStep.NETWERK, OutcomeStep.ALGEMENE_VOORZIENING,
                          OutcomeStep.MAATWERK_WMO, OutcomeStep.OVERGEDRAGEN}  # fmt: skip


@pytest.mark.django_db
def test_granted_regels_cost_tariff_times_omvang(city):
    regels = BeschikkingRegel.objects.filter(granted=True, beschikking__sent_on__isnull=False)
    assert not regels.filter(estimated_amount__lte=0).exists()
    per_product = defaultdict(list)
    for name, amount in regels.values_list("voorziening__name", "estimated_amount"):
        per_product[name].append(amount)
    # Half a year of a few hours a week of begeleiding costs thousands, not tens.
    assert median(per_product["Begeleiding individueel"]) > 1000
    assert 150 <= min(per_product["Bijzondere bijstand"]) and max(per_product["Bijzondere bijstand"]) <= 1500


@pytest.mark.django_db
def test_other_law_indications_go_to_the_right_ages_and_stack_most_in_noord(city):
    indications = OtherLawIndication.objects.all()
    assert set(indications.values_list("kind", flat=True)) == {"wlz", "zvw", "justitie"}
    for kind, birth, valid_from in indications.values_list("kind", "inwoner__geboortedatum", "valid_from"):
        if kind == "wlz":
            assert (valid_from - birth).days > 60 * 365
    households = Counter(
        dict(
            HuishoudenLid.objects.filter(rol=LidRol.HOOFD)
            .values("inwoner__buurt__wijk_id")
            .annotate(n=Count("id"))
            .values_list("inwoner__buurt__wijk_id", "n")
        )
    )
    per_wijk = Counter(indications.values_list("dossier__huishouden__leden__inwoner__buurt__wijk_id", flat=True))
    rate = {wijk: per_wijk[wijk] / households[wijk] for wijk in households}
    noord = city["Noord"]
    assert all(rate[noord] > 1.5 * rate[w] for w in rate if w != noord)


@pytest.mark.django_db
def test_noord_has_the_highest_inflow_per_thousand_residents(city):
    residents = Counter(dict(Inwoner.objects.values("buurt__wijk_id").annotate(n=Count("id")).values_list("buurt__wijk_id", "n")))  # fmt: skip
    meldingen = Counter(Melding.objects.values_list("inwoner__buurt__wijk_id", flat=True))
    per_thousand = {wijk: 1000 * meldingen[wijk] / residents[wijk] for wijk in residents}
    noord = city["Noord"]
    assert all(per_thousand[noord] > 1.4 * per_thousand[w] for w in per_thousand if w != noord)


@pytest.mark.django_db
def test_oost_takes_longer_and_misses_more_onderzoek_terms(city):
    first = _first_wijk()
    days: dict[int | None, list[int]] = defaultdict(list)
    for dossier, done, opened in Onderzoek.objects.filter(completed_on__isnull=False).values_list(
        "dossier_id", "completed_on", "dossier__opened_at"
    ):
        assert done is not None
        days[first[dossier]].append((done - opened.date()).days)
    oost = city["Oost"]
    assert median(days[oost]) > 1.3 * median(d for w, v in days.items() if w != oost for d in v)
    late: dict[int | None, Counter[bool]] = defaultdict(Counter)
    for wijk, met, due in DossierDeadline.objects.filter(term_code="WMO_ONDERZOEK", met_on__isnull=False).values_list(
        "melding__inwoner__buurt__wijk_id", "met_on", "due"
    ):
        assert met is not None
        late[wijk][met > due] += 1
    others = sum((c for w, c in late.items() if w != oost), Counter())
    assert late[oost][True] / late[oost].total() > 2 * others[True] / others.total()


@pytest.mark.django_db
def test_zuid_solves_more_in_the_team(city):
    first = _first_wijk()
    steps: dict[int | None, Counter[bool]] = defaultdict(Counter)
    for dossier, step in Dossier.objects.filter(status=Status.AFGESLOTEN).values_list("id", "outcome_step"):
        steps[first[dossier]][step in SOLVED_IN_TEAM] += 1
    zuid = city["Zuid"]
    others = sum((c for w, c in steps.items() if w != zuid), Counter())
    assert steps[zuid][True] / steps[zuid].total() > others[True] / others.total() + 0.05


@pytest.mark.django_db
def test_wmo_goes_mostly_to_people_of_65_and_over_and_youth_care_to_children(city):
    ages: dict[str, Counter[bool]] = defaultdict(Counter)
    for law, birth, sent in Beschikking.objects.filter(sent_on__isnull=False).values_list(
        "aanvraag__law", "aanvraag__inwoner__geboortedatum", "sent_on"
    ):
        assert sent is not None
        ages[law][(sent - birth).days >= 65 * 365] += 1
        if law == "jeugdwet":
            assert (sent - birth).days < 23 * 365
    assert ages["wmo"][True] / sum(ages["wmo"].values()) > 0.55


@pytest.mark.django_db
def test_the_monitor_shows_figures_for_every_indicator_on_the_history(city):
    rebuild()
    period = Period.parse(str(TODAY.year))
    assert period is not None
    request = Request(
        period=period,
        now=datetime.combine(TODAY, time(12), tzinfo=ZoneInfo(settings.TIME_ZONE)),
        threshold=5,
        scope=Scope(wijk_ids=None, team_ids=None),
    )
    for indicator in registered():
        tables = indicator.tables(request)
        assert tables, indicator.key
        assert any(_shows_figures(table) for table in tables), indicator.key


def _shows_figures(table: PublishedTable) -> bool:
    """A count above zero, or a figure (a share, a forecast) that is not hidden."""
    if any(value > 0 for row in table.grid.values for value in row):
        return True
    texts = [text for row in range(len(table.row_labels) + 1) for text in table.figure_texts(row)]
    if isinstance(table, FigureTable):
        texts += [text for row in table.texts for text in row]
    return any(text != HIDDEN and any(c in "123456789" for c in text) for text in texts)
