"""A year of vroegsignalen for the demo municipality's history, so indicator 13 of the monitor has figures.

The showcase (vroegsignalering.demo_data) sends a handful of signals through the real intake on the real clock; a
monitor needs months of them per wijk, more than the intake can make in the time a demo may take. So these rows are
written directly, as the intake and the worklist would have left them: matched on BSN to an adult living in the wijk,
combined per household in a casus of the wijkteam of that wijk (some stacked), with the norm terms of
vroegsignalering.norms, the contact attempts and an outcome. An accepted offer has no melding here: the history's
dossiers are drawn on their own (demo/history.py), and the indicator counts acceptance, not the melding.

The history covers the Wgs retention term (12 months by default): a casus that led to nothing is removed after it
(vroegsignalering.retention), so older ones would not be in a real database either. Volumes follow the number of
wijken and months, not of residents, so a large city seeds as fast as a small one.
Deterministic from the seed. Safe to run twice: nothing is made when history signals exist.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from deadlines.calendar_source import current_calendar
from deadlines.terms import compute_deadline
from dossiers.models import WgsThreat
from organisation.models import Team, TeamKind, TeamMembership, Wijk
from partners.models import Partner, PartnerKind, Scope
from residents.models import Inwoner
from vroegsignalering.models import (
    CasusOutcome,
    ContactMethod,
    ContactPoging,
    ContactResult,
    Daypart,
    MatchMethod,
    SignaalCasus,
    SignalKind,
    Vroegsignaal,
)
from vroegsignalering.norms import analysis_term, contact_term
from vroegsignalering.retention import retention_months
from vroegsignalering.services import attempts_needed
from vroegsignalering.testing import signal_partners

#: The partners' own ids of the history start with this, which is also how a second run knows it ran.
PREFIX = "HIST-"
SIGNALS_PER_WIJK_MONTH = (8, 25)
#: Candidate households sampled per wijk: enough that a household seldom gets a second casus.
CANDIDATES_PER_WIJK = 1500
#: (code, name, kind) of the partners beside the two of the example file, so every kind of partner reports.
EXTRA_PARTNERS = (
    ("water-voorbeeldstad", "Waterbedrijf Voorbeeldstad", PartnerKind.WATER),
    ("zorgverzekeraar-zuid", "Zorgverzekeraar Zuid", PartnerKind.ZORGVERZEKERAAR),
)
#: Of every 100 signals, how many per kind of partner (rent arrears are reported most).
PARTNER_WEIGHTS: dict[str, int] = {
    PartnerKind.WONINGVERHUURDER: 40,
    PartnerKind.ENERGIE: 25,
    PartnerKind.WATER: 15,
    PartnerKind.ZORGVERZEKERAAR: 20,
}
SIGNAL_KIND: dict[str, str] = {
    PartnerKind.WONINGVERHUURDER: SignalKind.HUUR,
    PartnerKind.ENERGIE: SignalKind.ENERGIE,
    PartnerKind.WATER: SignalKind.WATER,
    PartnerKind.ZORGVERZEKERAAR: SignalKind.ZORGVERZEKERING,
}
THREAT: dict[str, str] = {
    PartnerKind.WONINGVERHUURDER: WgsThreat.HUISUITZETTING,
    PartnerKind.ENERGIE: WgsThreat.AFSLUITING_ENERGIE,
    PartnerKind.WATER: WgsThreat.AFSLUITING_WATER,
    PartnerKind.ZORGVERZEKERAAR: WgsThreat.ZORGVERZEKERING,
}
AMOUNTS: dict[str, tuple[int, int]] = {  # (low, high) in euro
    PartnerKind.WONINGVERHUURDER: (600, 4200),
    PartnerKind.ENERGIE: (180, 1400),
    PartnerKind.WATER: (60, 420),
    PartnerKind.ZORGVERZEKERAAR: (250, 1900),
}


@dataclass(frozen=True)
class Person:
    pk: int
    huishouden_id: int
    bsn: str
    voornamen: str
    tussenvoegsel: str
    achternaam: str
    geboortedatum: date
    postcode: str
    huisnummer: int
    toevoeging: str


def _partners() -> dict[str, Partner]:
    housing, energy = signal_partners()
    partners: dict[str, Partner] = {PartnerKind.WONINGVERHUURDER: housing, PartnerKind.ENERGIE: energy}
    for code, name, kind in EXTRA_PARTNERS:
        partners[kind], _created = Partner.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "scopes": [Scope.VROEGSIGNALEN]}
        )
    return partners


def months_of_history() -> int:
    """The Wgs term (vroegsignalering.retention): what the nightly job would have removed is not made, so the
    history is the months of the term, this one included, and the job finds nothing of it to remove yet."""
    return max(1, retention_months())


def _months(today: date) -> list[date]:
    months, year, month = [], today.year, today.month
    for _ in range(months_of_history()):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return sorted(months)


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _people(rng: random.Random, wijk_id: int, today: date) -> list[Person]:
    """A sample of adults with a BSN, an address in the wijk and a current household (those matching finds)."""
    adult_born = today.replace(year=today.year - 18) if not (today.month == 2 and today.day == 29) else today
    base = Inwoner.objects.filter(
        buurt__wijk_id=wijk_id,
        bsn__isnull=False,
        huisnummer__isnull=False,
        geboortedatum__lte=adult_born,
        lidmaatschappen__end__isnull=True,
    ).exclude(postcode="")
    pks = sorted(set(base.values_list("pk", flat=True)))
    chosen = sorted(rng.sample(pks, min(len(pks), CANDIDATES_PER_WIJK)))
    people: dict[int, Person] = {}
    for row in base.filter(pk__in=chosen).values_list(
        "pk",
        "lidmaatschappen__huishouden_id",
        "bsn",
        "voornamen",
        "tussenvoegsel",
        "achternaam",
        "geboortedatum",
        "postcode",
        "huisnummer",
        "huisnummer_toevoeging",
    ):
        pk, huishouden, bsn, voornamen, tussenvoegsel, achternaam, born, postcode, huisnummer, toevoeging = row
        people.setdefault(
            pk,
            Person(
                pk,
                huishouden,
                bsn or "",
                voornamen,
                tussenvoegsel,
                achternaam,
                born,
                postcode,
                huisnummer or 1,
                toevoeging,
            ),
        )
    return [people[pk] for pk in sorted(people)]


def _workers(team: Team) -> list[int]:
    """The team's generalists (the ones who work the casussen), else anyone in the team."""
    members = TeamMembership.objects.filter(team=team).order_by("user_id")
    generalists = list(members.filter(user__role="generalist").values_list("user_id", flat=True).distinct())
    return generalists or list(members.values_list("user_id", flat=True).distinct())


class _Terms:
    """The norm terms per (first reported day, threatened): many casussen share a day."""

    def __init__(self) -> None:
        self.calendar = current_calendar()
        self.cache: dict[tuple[date, bool], tuple[date, date]] = {}

    def of(self, day: date, threatened: bool) -> tuple[date, date]:
        key = (day, threatened)
        if key not in self.cache:
            contact = compute_deadline(contact_term(threatened=threatened), day, self.calendar).due
            analysis = compute_deadline(analysis_term(), day, self.calendar).due
            self.cache[key] = (contact, analysis)
        return self.cache[key]


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59)), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _weighted_kinds(rng: random.Random, count: int) -> list[str]:
    """``count`` different kinds of partner (a stack has each partner once), the common ones more often."""
    kinds: list[str] = []
    while len(kinds) < count:
        kind = rng.choices(list(PARTNER_WEIGHTS), weights=list(PARTNER_WEIGHTS.values()))[0]
        if kind not in kinds:
            kinds.append(kind)
    return kinds


@dataclass
class _Plan:
    """One casus to write, with its signals and attempts (written in bulk afterwards)."""

    casus: SignaalCasus
    signals: list[Vroegsignaal]
    attempts: list[ContactPoging]


def seed_history(today: date, seed: int) -> dict[str, int]:
    """Signals, casussen and contact attempts for the months of the Wgs term per wijk; returns how many of each."""
    counts = {"vroegsignalen historie": 0, "signaalcasussen historie": 0, "contactpogingen historie": 0}
    if Vroegsignaal.objects.filter(partner_signal_id__startswith=PREFIX).exists():
        return counts
    rng = random.Random(seed * 1009 + 13)
    partners = _partners()
    terms = _Terms()
    needed = attempts_needed()
    busy: set[int | None] = set(
        SignaalCasus.objects.filter(outcome=CasusOutcome.OPEN).values_list("huishouden_id", flat=True)
    )
    plans: list[_Plan] = []
    number = 0
    for wijk in Wijk.objects.order_by("pk"):
        team = Team.objects.filter(wijken=wijk, kind=TeamKind.WIJKTEAM).order_by("pk").first()
        people = _people(rng, wijk.pk, today)
        if team is None or not people:
            continue
        workers = _workers(team)
        if not workers:
            continue
        # Per household the day its last casus closed: a new casus only after that.
        free_from: dict[int, date] = defaultdict(lambda: date.min)
        for first in _months(today):
            last = min(_month_end(first), today)
            remaining = rng.randint(*SIGNALS_PER_WIJK_MONTH)
            while remaining > 0:
                stack = min(remaining, rng.choices((1, 2, 3), weights=(70, 22, 8))[0])
                remaining -= stack
                start = first + timedelta(days=rng.randint(0, (last - first).days))
                person = _free_person(rng, people, free_from, busy, start)
                if person is None:
                    continue
                number += 1
                plan = _plan(
                    rng, number, person, wijk.pk, team.pk, workers, partners, stack, start, today, terms, needed
                )
                free_from[person.huishouden_id] = (
                    plan.casus.outcome_on + timedelta(days=30) if plan.casus.outcome_on else date.max
                )
                plans.append(plan)
    SignaalCasus.objects.bulk_create([plan.casus for plan in plans], batch_size=2000)
    signals, attempts = [], []
    for plan in plans:
        for signal in plan.signals:
            signal.casus = plan.casus
            signals.append(signal)
        for attempt in plan.attempts:
            attempt.casus = plan.casus
            attempts.append(attempt)
    Vroegsignaal.objects.bulk_create(signals, batch_size=2000)
    ContactPoging.objects.bulk_create(attempts, batch_size=2000)
    counts["vroegsignalen historie"] = len(signals)
    counts["signaalcasussen historie"] = len(plans)
    counts["contactpogingen historie"] = len(attempts)
    return counts


def _free_person(
    rng: random.Random, people: list[Person], free_from: dict[int, date], busy: set[int | None], day: date
) -> Person | None:
    for _attempt in range(20):
        person = rng.choice(people)
        if person.huishouden_id not in busy and free_from[person.huishouden_id] <= day:
            return person
    return None


def _plan(
    rng: random.Random,
    number: int,
    person: Person,
    wijk_id: int,
    team_id: int,
    workers: list[int],
    partners: dict[str, Partner],
    stack: int,
    start: date,
    today: date,
    terms: _Terms,
    needed: int,
) -> _Plan:
    kinds = _weighted_kinds(rng, stack)
    days = sorted([start, *(min(today, start + timedelta(days=rng.randint(1, 12))) for _ in kinds[1:])])
    threatened = rng.random() < 0.12
    signals = []
    for index, (kind, reported) in enumerate(zip(kinds, days, strict=True)):
        low, high = AMOUNTS[kind]
        received = min(today, reported + timedelta(days=rng.choice((0, 0, 1))))
        signals.append(
            Vroegsignaal(
                partner=partners[kind],
                partner_signal_id=f"{PREFIX}{number:06d}-{index + 1}",
                kind=SIGNAL_KIND[kind],
                reported_on=reported,
                received_at=_at(received, rng),
                arrears_amount=f"{rng.randint(low, high)}.{rng.randint(0, 99):02d}",
                arrears_months=rng.randint(2, 6),
                threat=THREAT[kind] if threatened and index == 0 else "",
                bsn=person.bsn,
                voorletters=f"{person.voornamen[:1]}." if person.voornamen else "",
                tussenvoegsel=person.tussenvoegsel,
                achternaam=person.achternaam,
                geboortedatum=person.geboortedatum,
                postcode=person.postcode,
                huisnummer=person.huisnummer,
                huisnummer_toevoeging=person.toevoeging,
                inwoner_id=person.pk,
                match_method=MatchMethod.BSN,
            )
        )
    contact_due, analysis_due = terms.of(start, threatened)
    worker = rng.choice(workers)
    casus = SignaalCasus(
        huishouden_id=person.huishouden_id,
        team_id=team_id,
        wijk_id=wijk_id,
        opened_at=signals[0].received_at,
        signal_count=stack,
        threat=signals[0].threat,
        contact_due=contact_due,
        analysis_due=analysis_due,
    )
    attempts: list[ContactPoging] = []
    opened = signals[0].received_at.date()
    age = (today - opened).days
    if age < 3:
        return _Plan(casus, signals, attempts)  # not picked up yet
    casus.assigned_to_id = worker
    casus.assigned_on = opened + timedelta(days=rng.randint(0, min(2, age)))
    day = casus.assigned_on

    def attempt(result: str) -> bool:
        """One attempt a few days after the previous one; False when that day has not come yet."""
        nonlocal day
        day = day + timedelta(days=rng.randint(1, 6) if not attempts else rng.randint(3, 9))
        if day > today:
            return False
        attempts.append(
            ContactPoging(
                method=rng.choice((ContactMethod.BRIEF, ContactMethod.TELEFOON, ContactMethod.HUISBEZOEK))
                if not attempts
                else rng.choice((ContactMethod.TELEFOON, ContactMethod.HUISBEZOEK)),
                on=day,
                daypart=rng.choice(Daypart.values),
                result=result,
                by_id=worker,
                recorded_at=_at(day, rng),
            )
        )
        return True

    reached = rng.random() < 0.6
    if reached:
        for _miss in range(rng.choice((0, 0, 1, 2))):
            if not attempt(ContactResult.NIET_THUIS):
                return _Plan(casus, signals, attempts)
        roll = rng.random()
        outcome = (
            CasusOutcome.GEACCEPTEERD
            if roll < 0.45
            else CasusOutcome.GEWEIGERD
            if roll < 0.75
            else CasusOutcome.AL_GEHOLPEN
        )
        # The conversation itself reaches the household (the service sets `contacted_on` on "bereikt" only);
        # whether they want help is the outcome.
        if not attempt(ContactResult.BEREIKT):
            return _Plan(casus, signals, attempts)
        casus.contacted_on = day
        outcome_on = day + timedelta(days=rng.randint(0, 10) if outcome == CasusOutcome.GEACCEPTEERD else 0)
    else:
        for _miss in range(needed):
            if not attempt(ContactResult.NIET_THUIS):
                return _Plan(casus, signals, attempts)
        outcome, outcome_on = CasusOutcome.NIET_BEREIKT, day + timedelta(days=rng.randint(0, 3))
    if outcome_on > today or (age < 30 and rng.random() < 0.25):
        return _Plan(casus, signals, attempts)  # still open: the outcome is not recorded yet
    casus.outcome, casus.outcome_on, casus.outcome_by_id = outcome, outcome_on, worker
    return _Plan(casus, signals, attempts)
