"""Dossiers with their whole story: meldingen, status history, deadlines, onderzoek, ZRM, plan.

Each dossier is first drawn as a small story of dates (``Story``); the rows follow from it, so
every dossier is consistent with the transition table: a plan only after a completed onderzoek,
uitvoering only with an agreed plan, a close reason on every closed dossier.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.formats import date_format

from accounts.models import Role
from assessments.models import Instrument, Onderzoek, Outcome, Score
from deadlines.atw import AtwCalendar
from deadlines.norms import effective_term
from deadlines.terms import NORM_CONTACT, WMO_ONDERZOEK, WMO_PERSOONLIJK_PLAN, Deadline, LegalTerm, compute_deadline
from demo import texts
from demo.bulk import BackgroundWriter, IdAllocator, insert_instances, insert_rows
from demo.population import CandidateHousehold, StaffMember, TeamInfo
from dossiers.models import (
    Dossier,
    DossierDeadline,
    Involvement,
    InvolvementRole,
    Melding,
    Regime,
    Route,
    TimelineEvent,
    Urgency,
)
from dossiers.outcome import OutcomeStep, step_from
from dossiers.regimes import default_regime
from dossiers.transitions import CloseReason, Status
from plans.models import Actie, ActieStatus, Doel, DoelStatus, Plan, Uitvoerder

Kind = TimelineEvent.Kind

#: The linear route through the statuses; a story reaches a prefix of it.
PATH = (Status.AANGEMELD, Status.IN_TRIAGE, Status.IN_ONDERZOEK, Status.PLAN, Status.UITVOERING, Status.EVALUATIE)
STATUS_WEIGHTS: dict[Status, int] = {
    Status.AANGEMELD: 3,
    Status.IN_TRIAGE: 4,
    Status.IN_ONDERZOEK: 7,
    Status.PLAN: 4,
    Status.UITVOERING: 14,
    Status.EVALUATIE: 4,
    Status.AFGESLOTEN: 62,
    Status.HEROPEND: 2,
}
#: (stage index reached before closing, weight, possible close reasons)
CLOSING: tuple[tuple[int, int, tuple[str, ...]], ...] = (
    (0, 8, (CloseReason.GEEN_HULPVRAAG,)),
    (1, 14, (CloseReason.GEEN_HULPVRAAG, CloseReason.OVERGEDRAGEN, CloseReason.GEEN_HULPVRAAG)),
    (2, 8, (CloseReason.HULP_GEWEIGERD, CloseReason.VERHUISD, CloseReason.OVERGEDRAGEN)),
    (3, 4, (CloseReason.HULP_GEWEIGERD, CloseReason.OVERIG)),
    (
        4,
        16,
        (
            CloseReason.VERHUISD,
            CloseReason.OVERGEDRAGEN,
            CloseReason.OVERLEDEN,
            CloseReason.HULP_GEWEIGERD,
            CloseReason.OVERIG,
        ),
    ),
    (5, 50, (CloseReason.DOELEN_BEREIKT,) * 6 + (CloseReason.OVERGEDRAGEN, CloseReason.OVERIG)),
)
HISTORY_DAYS = 5 * 365
BATCH_SIZE = 5000


@dataclass(frozen=True)
class Scenario:
    """A dossier the demo accounts must find: status, who is regisseur, and a twist."""

    status: Status
    regisseur: str | None = None
    overdue: bool = False
    consulent: bool = False


#: The first dossiers of the first team, so the demo logins always have something to show.
TEAM_ONE_SCENARIOS: tuple[Scenario, ...] = (
    Scenario(Status.IN_TRIAGE, "generalist"),
    Scenario(Status.IN_ONDERZOEK, "generalist", overdue=True),
    Scenario(Status.AANGEMELD, overdue=True),
    Scenario(Status.IN_ONDERZOEK, "generalist", consulent=True),
    Scenario(Status.UITVOERING, "generalist"),
    Scenario(Status.PLAN, "generalist"),
    Scenario(Status.AANGEMELD),
    Scenario(Status.EVALUATIE, "generalist2"),
    Scenario(Status.HEROPEND, "generalist"),
    Scenario(Status.IN_TRIAGE, "generalist2"),
    Scenario(Status.UITVOERING, "generalist", consulent=True),
    Scenario(Status.IN_ONDERZOEK, "generalist2", overdue=True),
    Scenario(Status.PLAN, "generalist", consulent=True),
)


@dataclass
class Story:
    """The dates of one dossier episode (and its reopening), drawn before any row is made."""

    status: Status
    reached: int  # index in PATH of the last stage reached before closing (or now)
    stage_days: list[date]  # the day each reached stage started
    closed_on: date | None = None
    close_reason: str = ""
    reopened_on: date | None = None
    overdue: bool = False


@dataclass
class Context:
    rng: random.Random
    today: date
    calendar: AtwCalendar
    teams: list[TeamInfo]
    users_by_username: dict[str, int]
    domains: list[tuple[int, str]] = field(default_factory=list)  # (id, code)
    min_level: int = 1
    max_level: int = 5
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(settings.TIME_ZONE))
    _deadline_cache: dict[tuple[str, date], Deadline] = field(default_factory=dict)
    route_counter: int = 0
    ids: IdAllocator = field(default_factory=IdAllocator)

    def deadline(self, term: LegalTerm, start: date) -> Deadline:
        key = (term.code, start)
        if key not in self._deadline_cache:
            self._deadline_cache[key] = compute_deadline(term, start, self.calendar)
        return self._deadline_cache[key]

    def at(self, day: date, hour: int | None = None) -> datetime:
        return office_moment(self.rng, self.today, self.tz, day, hour)


def office_moment(rng: random.Random, today: date, tz: tzinfo, day: date, hour: int | None = None) -> datetime:
    """A moment during office hours on `day` (a drawn hour unless given); today's happen early, never in the future."""
    if day >= today:
        day, hour = today, 8
    if hour is None:
        hour = rng.randint(8, 16)
    return datetime.combine(day, time(hour, rng.randrange(0, 60, 5)), tzinfo=tz)


def load_instrument(ctx: Context) -> None:
    instrument = Instrument.objects.get(is_default=True)
    ctx.domains = list(instrument.domains.order_by("order").values_list("id", "code"))
    levels = list(instrument.levels.values_list("value", flat=True))
    ctx.min_level, ctx.max_level = min(levels), max(levels)


def assign_statuses(rng: random.Random, candidates: Sequence[CandidateHousehold]) -> list[Scenario]:
    """One scenario per candidate: the first team's showcase first, then every status at least once."""
    scenarios: list[Scenario | None] = [None] * len(candidates)
    team_one = [i for i, c in enumerate(candidates) if c.team == 0]
    for i, scenario in zip(team_one, TEAM_ONE_SCENARIOS, strict=False):
        scenarios[i] = scenario
    free = [i for i, s in enumerate(scenarios) if s is None]
    present = {s.status for s in scenarios if s is not None}
    for status in Status:
        if status not in present and free:
            scenarios[free.pop(0)] = Scenario(status)
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    return [s if s is not None else Scenario(rng.choices(statuses, weights)[0]) for s in scenarios]


def draw_story(ctx: Context, scenario: Scenario) -> Story:
    rng = ctx.rng
    status = scenario.status
    gaps = [0, rng.randint(0, 3), rng.randint(1, 10), rng.randint(7, 40), rng.randint(5, 30), rng.randint(90, 240)]
    close_reason = ""
    if status == Status.AFGESLOTEN:
        reached, _w, reasons = rng.choices(CLOSING, [c[1] for c in CLOSING])[0]
        close_reason = rng.choice(reasons)
    elif status == Status.HEROPEND:
        reached, close_reason = 5, CloseReason.DOELEN_BEREIKT
    else:
        reached = PATH.index(status)
    span = sum(gaps[1 : reached + 1])
    waits = {0: (0, 4), 1: (0, 10), 2: (0, 30), 3: (0, 40), 4: (0, 300), 5: (0, 30)}
    if status in PATH:
        wait = rng.randint(*waits[reached])
        if scenario.overdue:
            # Past the term: 6 weeks for the onderzoek, 7 days for the persoonlijk plan.
            wait = max(wait, (50 if status == Status.IN_ONDERZOEK else 10) - span)
        elif status == Status.IN_ONDERZOEK and scenario.regisseur:
            wait = min(wait, max(0, 25 - span))
        start = ctx.today - timedelta(days=span + wait)
    elif status == Status.AFGESLOTEN:
        close_gap = rng.randint(1, 30)
        total = span + close_gap
        start = ctx.today - timedelta(days=total + rng.randint(0, max(0, HISTORY_DAYS - total)))
    else:
        close_gap = rng.randint(3, 30)
        reopen_after, reopen_wait = rng.randint(30, 500), rng.randint(0, 20)
        total = span + close_gap + reopen_after + reopen_wait
        start = ctx.today - timedelta(days=total)
    days = [start]
    for stage in range(1, reached + 1):
        days.append(days[-1] + timedelta(days=gaps[stage]))
    story = Story(status=status, reached=reached, stage_days=days, close_reason=close_reason, overdue=scenario.overdue)
    if status in (Status.AFGESLOTEN, Status.HEROPEND):
        story.closed_on = days[-1] + timedelta(days=close_gap)
    if status == Status.HEROPEND:
        assert story.closed_on is not None
        story.reopened_on = story.closed_on + timedelta(days=reopen_after)
    return story


EVENT_COLUMNS = ("dossier_id", "at", "actor_id", "kind", "summary", "reason", "data")
SCORE_COLUMNS = (
    "inwoner_id",
    "dossier_id",
    "domain_id",
    "level",
    "assessed_on",
    "assessor_id",
    "motivation",
    "recorded_at",
)


@dataclass
class Rows:
    """Everything one chunk of dossiers writes, in dependency order; the large tables as tuples."""

    dossiers: list[Dossier] = field(default_factory=list)
    meldingen: list[Melding] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    deadlines: list[DossierDeadline] = field(default_factory=list)
    events: list[tuple[object, ...]] = field(default_factory=list)
    onderzoeken: list[Onderzoek] = field(default_factory=list)
    participants: list[tuple[int, int]] = field(default_factory=list)
    #: (onderzoek, melding): the need each onderzoek answers (Wmo 2.3.2 lid 1 and 9).
    answered: list[tuple[int, int]] = field(default_factory=list)
    scores: list[tuple[object, ...]] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    doelen: list[Doel] = field(default_factory=list)
    doel_persons: list[tuple[int, int]] = field(default_factory=list)
    acties: list[Actie] = field(default_factory=list)

    def write(self) -> None:
        insert_instances(Dossier, self.dossiers)
        insert_instances(Melding, self.meldingen)
        insert_instances(Involvement, self.involvements)
        insert_instances(DossierDeadline, self.deadlines)
        insert_rows(TimelineEvent, EVENT_COLUMNS, self.events)
        insert_instances(Onderzoek, self.onderzoeken)
        insert_rows(Onderzoek.participants.through, ("onderzoek_id", "user_id"), self.participants)
        insert_rows(Onderzoek.meldingen.through, ("onderzoek_id", "melding_id"), self.answered)
        insert_rows(Score, SCORE_COLUMNS, self.scores)
        insert_instances(Plan, self.plans)
        insert_instances(Doel, self.doelen)
        insert_rows(Doel.persons.through, ("doel_id", "inwoner_id"), self.doel_persons)
        insert_instances(Actie, self.acties)

    def counts(self) -> dict[str, int]:
        return {
            "dossiers": len(self.dossiers),
            "meldingen": len(self.meldingen),
            "tijdlijn": len(self.events),
            "termijnen": len(self.deadlines),
            "zrm_scores": len(self.scores),
            "plannen": len(self.plans),
        }


_URGENCY_RANK = {Urgency.CRISIS.value: 0, Urgency.HOOG.value: 1, Urgency.NORMAAL.value: 2}
_TRIAGE_KEY = {f.attname for f in Dossier._meta.concrete_fields} >= {"last_melding_rank", "last_melding_at"}


def _set_triage_key(dossier: Dossier, meldingen: list[Melding]) -> None:
    """The triage queue's order from the newest melding, as ``register_melding`` keeps it (when the model has it)."""
    if not _TRIAGE_KEY or not meldingen:
        return
    newest = max(meldingen, key=lambda m: (m.received_at, m.pk))
    setattr(dossier, "last_melding_rank", _URGENCY_RANK.get(newest.urgency, 2))  # noqa: B010
    setattr(dossier, "last_melding_at", newest.received_at)  # noqa: B010


class DossierWriter:
    """Turns a candidate household plus its scenario into rows."""

    def __init__(self, ctx: Context, rows: Rows) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.rows = rows

    # -- helpers ------------------------------------------------------------------------------
    def _event(
        self,
        dossier: Dossier,
        when: datetime,
        actor: int | None,
        kind: str,
        summary: str,
        reason: str = "",
        **data: object,
    ) -> None:
        self.rows.events.append((dossier.pk, when, actor, kind, summary[:300], reason, data))

    def _status(
        self,
        dossier: Dossier,
        when: datetime,
        actor: int | None,
        old: Status,
        new: Status,
        reason: str = "",
        close_reason: str = "",
    ) -> None:
        self._event(
            dossier,
            when,
            actor,
            Kind.STATUS,
            f"Status: {old.label} → {new.label}",
            reason,
            old=old.value,
            new=new.value,
            close_reason=close_reason,
        )

    def _pick(self, members: list[StaffMember], *roles: str) -> StaffMember:
        matching = [m for m in members if m.role in roles] or members
        return self.rng.choice(matching)

    def _melding(self, dossier: Dossier, hh: CandidateHousehold, when: datetime, registrar: int, route: str) -> Melding:
        rng = self.rng
        children = [p for p in hh.members if p.rol == "kind"]
        about = rng.choice(children) if children and route in (Route.SCHOOL, Route.VEILIG_THUIS) else hh.members[0]
        organisation = rng.choice(texts.REPORTER_ORGANISATIONS[route])
        urgency_weights = (40, 40, 20) if route == Route.VEILIG_THUIS else (86, 11, 3)
        melding = Melding(
            id=self.ctx.ids(Melding),
            dossier=dossier,
            inwoner_id=about.inwoner_id,
            route=route,
            reporter_name="" if route in (Route.ZELFMELDER, Route.OUTREACH) else f"Contactpersoon {organisation}",
            reporter_organisation=organisation,
            received_at=when,
            description=rng.choice(texts.MELDING_TEXTS[route]),
            urgency=rng.choices([u.value for u in Urgency], urgency_weights)[0],
            regime=default_regime(route),
            registered_by_id=registrar,
        )
        self.rows.meldingen.append(melding)
        self._event(
            dossier, when, registrar, Kind.MELDING, f"Melding ontvangen via {Route(route).label}", melding=melding.pk
        )
        return melding

    def _next_route(self) -> str:
        routes = list(Route)
        route: str
        if self.ctx.route_counter < len(routes):
            route = routes[self.ctx.route_counter]
        else:
            route = self.rng.choices(list(texts.ROUTE_WEIGHTS), list(texts.ROUTE_WEIGHTS.values()))[0]
        self.ctx.route_counter += 1
        return route

    def _deadlines(
        self,
        dossier: Dossier,
        start: date,
        actor: int,
        pp_met: date | None,
        onderzoek_met: date | None,
        melding: Melding,
    ) -> list[DossierDeadline]:
        terms = ((WMO_PERSOONLIJK_PLAN, pp_met), (WMO_ONDERZOEK, onderzoek_met))
        return self._terms(dossier, start, actor, terms, melding)

    def _terms(
        self,
        dossier: Dossier,
        start: date,
        actor: int,
        terms: Sequence[tuple[LegalTerm, date | None]],
        melding: Melding,
    ) -> list[DossierDeadline]:
        """The terms a melding started on `start` (met on the given day, or open), linked to the melding."""
        made = []
        for term, met in terms:
            computed = self.ctx.deadline(term, start)
            row = DossierDeadline(
                dossier=dossier,
                melding=melding,
                term_code=term.code,
                label=term.label,
                basis=term.basis,
                start=start,
                due=computed.due,
                adjustments=list(computed.adjustments),
                met_on=met,
            )
            made.append(row)
            self._event(
                dossier,
                self.ctx.at(start, 17),
                actor,
                Kind.TERMIJN,
                f"Termijn gestart: {term.label}, uiterlijk {date_format(computed.due)}",
                term=term.code,
            )
            if met is not None:
                self._event(dossier, self.ctx.at(met, 17), actor, Kind.TERMIJN, f"Termijn gehaald: {term.label}")
        self.rows.deadlines.extend(made)
        return made

    # -- the story ------------------------------------------------------------------------------
    def write(self, hh: CandidateHousehold, scenario: Scenario) -> None:
        ctx, rng = self.ctx, self.rng
        team = ctx.teams[hh.team]
        story = draw_story(ctx, scenario)
        days = story.stage_days
        registrar = self._pick(team.members, Role.GENERALIST, Role.TEAMLEIDER, Role.CONSULENT).user_id
        if scenario.regisseur:
            regisseur_id: int | None = ctx.users_by_username[scenario.regisseur]
        elif story.reached >= 1:
            regisseur_id = self._pick(
                team.members, *((Role.GENERALIST,) if rng.random() < 0.9 else (Role.CONSULENT,))
            ).user_id
        else:
            regisseur_id = None
        colleague = None
        if regisseur_id and rng.random() < 0.35:
            others = [m for m in team.members if m.role == Role.GENERALIST and m.user_id != regisseur_id]
            colleague = rng.choice(others).user_id if others else None
        consulent = None
        if story.reached >= 2 and (scenario.consulent or rng.random() < 0.1):
            consulenten = [m for m in team.members if m.role == Role.CONSULENT and m.user_id != regisseur_id]
            consulent = consulenten[0].user_id if consulenten else None

        opened = ctx.at(days[0])
        dossier = Dossier(
            id=ctx.ids(Dossier),
            huishouden_id=hh.huishouden_id,
            team_id=team.team_id,
            status=story.status,
            regisseur_id=regisseur_id,
            opened_at=opened,
            status_changed_at=opened,
        )
        self.rows.dossiers.append(dossier)
        actor = regisseur_id or registrar
        melding = self._melding(dossier, hh, opened, registrar, self._next_route())

        # Onderzoek dates, needed for the deadlines.
        conversation = done = pp_received = None
        if story.reached >= 2:
            conversation = min(days[2] + timedelta(days=rng.randint(1, 14)), ctx.today)
            if story.reached >= 3:
                conversation = min(conversation, days[3] - timedelta(days=1))
                done = days[3]
            elif conversation >= ctx.today and rng.random() < 0.5:
                conversation = None
            if rng.random() < 0.2:
                pp_received = min(days[0] + timedelta(days=rng.randint(2, 7)), ctx.today)
        own_deadlines: list[DossierDeadline] = []
        if melding.regime == Regime.WMO or scenario.overdue:
            melding.regime = Regime.WMO
            # The household is told of the right to a persoonlijk plan at first contact (triage).
            pp_met = pp_received or (days[1] if story.reached >= 1 else None)
            own_deadlines += self._deadlines(dossier, days[0], actor, pp_met, done, melding)
        else:
            # A worry or a vroegsignaal: the contact norm runs, met at first contact (triage). When the
            # household then asks for support (every story that reaches the onderzoek), the melding is
            # re-qualified as a Wmo melding and its terms run from that day (dossiers/regimes.py).
            contact = days[1] if story.reached >= 1 else None
            contact_norm = ((effective_term(NORM_CONTACT.code), contact),)
            own_deadlines += self._terms(dossier, days[0], actor, contact_norm, melding)
            if story.reached >= 2 and contact is not None:
                old = melding.get_regime_display()
                melding.regime = Regime.WMO
                self._event(
                    dossier,
                    ctx.at(contact, 16),
                    actor,
                    Kind.MELDING,
                    f"Melding geherkwalificeerd: {old} → {melding.get_regime_display()}",
                    "Het huishouden vraagt ondersteuning.",
                    melding=melding.pk,
                    regime=melding.regime,
                    on=contact.isoformat(),
                )
                pp_met = max(pp_received, contact) if pp_received else contact
                own_deadlines += self._deadlines(dossier, contact, actor, pp_met, done, melding)

        last_status_at = opened
        if story.reached >= 1:
            assert regisseur_id is not None
            when = ctx.at(days[1])
            names = {m.user_id: m.name for m in team.members}
            summary = f"Regisseur: {names.get(regisseur_id or 0, 'medewerker')}"
            if colleague:
                summary += f" (met {names[colleague]})"
            self._event(dossier, when, registrar, Kind.TOEWIJZING, summary, regisseur=regisseur_id, colleague=colleague)
            self._status(dossier, when, registrar, Status.AANGEMELD, Status.IN_TRIAGE, "Opgepakt in triage")
            last_status_at = when
            self.rows.involvements.append(
                Involvement(dossier=dossier, user_id=regisseur_id, role=InvolvementRole.REGISSEUR, start=when)
            )
            if colleague:
                self.rows.involvements.append(
                    Involvement(dossier=dossier, user_id=colleague, role=InvolvementRole.COLLEGA, start=when)
                )
        for stage in range(2, story.reached + 1):
            when = ctx.at(days[stage])
            self._status(dossier, when, actor, PATH[stage - 1], PATH[stage])
            last_status_at = when
            if stage == 2 and consulent:
                self.rows.involvements.append(
                    Involvement(dossier=dossier, user_id=consulent, role=InvolvementRole.CONSULENT, start=when)
                )

        end = story.closed_on or ctx.today
        problem_domains: list[int] = []
        if story.reached >= 2:
            staff = [u for u in (regisseur_id, colleague) if u]
            problem_domains = self._onderzoek(
                dossier, hh, story, actor, staff, conversation, done, pp_received, melding
            )
        if story.reached >= 3:
            self._plan(dossier, hh, story, actor, problem_domains)
        for _ in range(rng.choices((0, 1, 2, 3), (20, 40, 25, 15))[0]):
            note_day = days[0] + timedelta(days=rng.randint(0, max(0, (end - days[0]).days)))
            self._event(dossier, ctx.at(note_day), actor, Kind.NOTITIE, rng.choice(texts.NOTE_TEXTS))
        if story.reached >= 1 and story.status not in (Status.AFGESLOTEN, Status.HEROPEND) and rng.random() < 0.1:
            extra_day = days[1] + timedelta(days=rng.randint(0, max(0, (ctx.today - days[1]).days)))
            # A later worry about a household already in care: contact is made the same day, in the running episode.
            extra = self._melding(dossier, hh, ctx.at(extra_day), registrar, self._next_route())
            extra.regime = Regime.GEEN_HULPVRAAG
            own_deadlines += self._terms(
                dossier, extra_day, actor, ((effective_term(NORM_CONTACT.code), extra_day),), extra
            )

        if story.closed_on:
            when = ctx.at(story.closed_on)
            self._status(dossier, when, actor, PATH[story.reached], Status.AFGESLOTEN, "Afgesloten", story.close_reason)
            for involvement in self.rows.involvements[-3:]:
                if involvement.dossier is dossier and involvement.end is None:
                    involvement.end = when
            dossier.closed_at, dossier.close_reason = when, story.close_reason
            dossier.close_note = str(CloseReason(story.close_reason).label)
            if not story.reopened_on:
                dossier.outcome_step = self._outcome_step(dossier, story.close_reason)
            last_status_at = when
        if story.reopened_on:
            assert regisseur_id is not None
            when = ctx.at(story.reopened_on)
            again = self._melding(dossier, hh, when, registrar, self._next_route())
            again.regime = Regime.WMO
            self._status(dossier, when, actor, Status.AFGESLOTEN, Status.HEROPEND, "Nieuwe melding na afsluiten")
            self._event(dossier, when, actor, Kind.TOEWIJZING, "Regisseur opnieuw betrokken", regisseur=regisseur_id)
            self.rows.involvements.append(
                Involvement(dossier=dossier, user_id=regisseur_id, role=InvolvementRole.REGISSEUR, start=when)
            )
            triage = story.reopened_on + timedelta(days=rng.randint(0, 2))
            own_deadlines += self._deadlines(
                dossier, story.reopened_on, actor, triage if triage <= ctx.today else None, None, again
            )
            dossier.closed_at, dossier.close_reason, dossier.close_note = None, "", ""
            last_status_at = when
        dossier.status_changed_at = last_status_at
        if story.status != Status.AFGESLOTEN:
            open_dues = [d.due for d in own_deadlines if d.met_on is None]
            dossier.next_deadline = min(open_dues) if open_dues else None
        _set_triage_key(dossier, [m for m in self.rows.meldingen[-3:] if m.dossier is dossier])

    def _outcome_step(self, dossier: Dossier, close_reason: str) -> str:
        """The ladder step `change_status` stores on closing: what the onderzoek and the plan's actions show (these
        dossiers have no beschikking), else what the regisseur answers on the close page."""
        found = next((o.outcome for o in reversed(self.rows.onderzoeken[-2:]) if o.dossier is dossier), "")
        doers = set()
        for actie in reversed(self.rows.acties):
            if actie.doel.plan.dossier is not dossier:
                break
            if actie.status != ActieStatus.VERVALLEN:
                doers.add(actie.uitvoerder)
        step = step_from(
            close_reason,
            set(),
            general_provision=Uitvoerder.ALGEMENE_VOORZIENING in doers or found == Outcome.ALGEMENE_VOORZIENING,
            network=bool(doers & {Uitvoerder.NETWERK, Uitvoerder.VRIJWILLIGER}) or found == Outcome.NETWERK,
            own_strength=found == Outcome.ZELF,
        )
        if step is None:
            step = self.rng.choices(
                (OutcomeStep.EIGEN_KRACHT, OutcomeStep.NETWERK, OutcomeStep.ALGEMENE_VOORZIENING), (70, 20, 10)
            )[0]
        return step.value

    def _onderzoek(
        self,
        dossier: Dossier,
        hh: CandidateHousehold,
        story: Story,
        actor: int,
        staff: list[int],
        conversation: date | None,
        done: date | None,
        pp_received: date | None,
        melding: Melding,
    ) -> list[int]:
        ctx, rng = self.ctx, self.rng
        topics = {
            name: (rng.choice(options) if conversation else "")
            for name, options in zip(
                (
                    "topic_a_needs",
                    "topic_b_own_strength",
                    "topic_c_network",
                    "topic_d_carer_support",
                    "topic_e_general_provisions",
                    "topic_f_cooperation",
                    "topic_g_contribution",
                ),
                texts.TOPIC_TEXTS,
                strict=True,
            )
        }
        outcome = rng.choices([o.value for o in Outcome], (15, 20, 35, 30))[0] if done else ""
        onderzoek = Onderzoek(
            id=ctx.ids(Onderzoek),
            dossier=dossier,
            conversation_on=conversation,
            other_participants=rng.choice(("", "", "mantelzorger", "cliëntondersteuner", "dochter")),
            clientondersteuning_offered=rng.random() < 0.9,
            persoonlijk_plan_received_on=pp_received,
            outcome=outcome,
            verslag=rng.choice(texts.VERSLAG_TEXTS) if done else "",
            verslag_sent_on=min(done + timedelta(days=rng.randint(0, 5)), ctx.today) if done else None,
            completed_on=done,
            **topics,
        )
        self.rows.onderzoeken.append(onderzoek)
        self.rows.participants.extend((onderzoek.pk, u) for u in staff)
        self.rows.answered.append((onderzoek.pk, melding.pk))
        if conversation:
            self._event(dossier, ctx.at(conversation), actor, Kind.ONDERZOEK, "Keukentafelgesprek gevoerd")
        if done:
            self._event(dossier, ctx.at(done), actor, Kind.ONDERZOEK, f"Onderzoek afgerond: {Outcome(outcome).label}")
            return self._scores(dossier, hh, story, actor, conversation or done, done)
        return []

    def _scores(
        self, dossier: Dossier, hh: CandidateHousehold, story: Story, actor: int, first: date, done: date
    ) -> list[int]:
        """ZRM moments for the adults; returns the head's problem domains (the plan's goals)."""
        ctx, rng = self.ctx, self.rng
        end = story.closed_on or ctx.today
        moments = [first, done] if first < done else [first]
        if (end - done).days >= 90:
            moments = [first, done + timedelta(days=rng.randint(90, min(120, (end - done).days)))]
            if (end - moments[1]).days >= 90:
                moments.append(moments[1] + timedelta(days=rng.randint(90, min(180, (end - moments[1]).days))))
        if len(moments) < 2:
            moments.append(done)
        adults = [p for p in hh.members if (first - p.birth).days >= 18 * 365][:3] or list(hh.members[:1])
        lo, hi = ctx.min_level, ctx.max_level
        head_problems: list[int] = []
        for person in adults:
            problems = set(rng.sample(range(len(ctx.domains)), k=rng.randint(2, 4)))
            if not head_problems:
                head_problems = [ctx.domains[i][0] for i in sorted(problems)]
            levels = []
            for d, (_id, code) in enumerate(ctx.domains):
                if d in problems:
                    levels.append(rng.choices((lo, lo + 1, lo + 2), (25, 45, 30))[0])
                elif code in ("justitie", "middelengebruik"):
                    levels.append(hi if rng.random() < 0.9 else hi - 1)
                else:
                    levels.append(rng.choices(range(lo, hi + 1), (2, 8, 20, 35, 35)[: hi - lo + 1])[0])
            for m, moment in enumerate(moments):
                recorded = ctx.at(moment, 17)
                if m:
                    levels = [
                        max(
                            lo,
                            min(
                                hi,
                                level
                                + (rng.choice((-1, 0, 1, 1, 1, 2)) if d in problems else rng.choice((0, 0, 0, 1, -1))),
                            ),
                        )
                        for d, level in enumerate(levels)
                    ]
                for (domain_id, _code), level in zip(ctx.domains, levels, strict=True):
                    self.rows.scores.append(
                        (person.inwoner_id, dossier.pk, domain_id, level, moment, actor, "", recorded)
                    )
        for moment in moments:
            self._event(
                dossier,
                ctx.at(moment, 17),
                actor,
                Kind.ZRM,
                f"Zelfredzaamheid vastgelegd voor {len(adults)} persoon/personen",
            )
        return head_problems

    def _plan(
        self, dossier: Dossier, hh: CandidateHousehold, story: Story, actor: int, problem_domains: list[int]
    ) -> None:
        ctx, rng = self.ctx, self.rng
        days = story.stage_days
        agreed = days[4] if story.reached >= 4 else None
        head = hh.members[0]
        plan = Plan(
            id=ctx.ids(Plan),
            dossier=dossier,
            going_well=rng.choice(texts.GOING_WELL),
            worries=rng.choice(texts.WORRIES),
            review_on=agreed + timedelta(days=rng.randint(90, 180)) if agreed else None,
            agreed_on=agreed,
            agreed_by=head.name if agreed else "",
        )
        self.rows.plans.append(plan)
        self._event(dossier, ctx.at(days[3]), actor, Kind.PLAN, "Plan opgesteld met het huishouden")
        if agreed:
            self._event(dossier, ctx.at(agreed), actor, Kind.PLAN, f"Plan akkoord gegeven door {head.name}")
        domain_codes = dict(ctx.domains)
        for order, domain_id in enumerate(problem_domains[: rng.randint(1, 3)]):
            goal_status = self._goal_status(story)
            doel = Doel(
                id=ctx.ids(Doel),
                plan=plan,
                domain_id=domain_id,
                order=order,
                status=goal_status,
                description=rng.choice(texts.GOAL_TEXTS.get(domain_codes[domain_id], texts.GOAL_TEXTS["default"])),
            )
            self.rows.doelen.append(doel)
            self.rows.doel_persons.append((doel.pk, head.inwoner_id))
            for _ in range(rng.randint(1, 3)):
                who = rng.choices([u.value for u in Uitvoerder], (30, 20, 8, 15, 15, 6, 6))[0]
                if who == Uitvoerder.HUISHOUDEN:
                    name = head.name
                elif who == Uitvoerder.NETWERK and hh.network:
                    name = rng.choice(hh.network)
                else:
                    name = ""
                due = (agreed or days[3]) + timedelta(days=rng.randint(14, 120))
                if story.closed_on or due < ctx.today:
                    status = rng.choices((ActieStatus.GEDAAN, ActieStatus.VERVALLEN, ActieStatus.BEZIG), (75, 15, 10))[
                        0
                    ]
                else:
                    status = (
                        rng.choices((ActieStatus.OPEN, ActieStatus.BEZIG), (50, 50))[0] if agreed else ActieStatus.OPEN
                    )
                self.rows.acties.append(
                    Actie(
                        doel=doel,
                        description=rng.choice(texts.ACTION_TEXTS[who]),
                        uitvoerder=who,
                        uitvoerder_name=name,
                        due_on=due,
                        status=status,
                    )
                )

    def _goal_status(self, story: Story) -> str:
        rng = self.rng
        if story.reached < 4:
            return DoelStatus.OPEN
        if story.closed_on and story.close_reason == CloseReason.DOELEN_BEREIKT:
            return rng.choices((DoelStatus.BEREIKT, DoelStatus.NIET_BEREIKT), (85, 15))[0]
        if story.closed_on:
            return rng.choice((DoelStatus.BEREIKT, DoelStatus.NIET_BEREIKT, DoelStatus.VERVALLEN))
        return rng.choices((DoelStatus.BEZIG, DoelStatus.OPEN, DoelStatus.BEREIKT), (60, 20, 20))[0]


def write_dossiers(
    ctx: Context,
    candidates: Sequence[CandidateHousehold],
    scenarios: Sequence[Scenario],
    chunk: int,
    on_written: Callable[[int], object],
) -> dict[str, int]:
    """Draw and write today's dossiers chunk by chunk; a chunk is written (on PostgreSQL by a second
    thread, `BackgroundWriter`) while the next one is drawn. Its rows are not touched once drawn."""
    totals: dict[str, int] = {}
    with BackgroundWriter() as background:
        for start in range(0, len(candidates), chunk):
            rows = Rows()
            writer = DossierWriter(ctx, rows)
            for hh, scenario in zip(candidates[start : start + chunk], scenarios[start : start + chunk], strict=True):
                writer.write(hh, scenario)
            background.submit(rows.write)
            for key, value in rows.counts().items():
                totals[key] = totals.get(key, 0) + value
            on_written(len(rows.dossiers))
    return totals
