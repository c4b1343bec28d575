"""Years of history on top of today's workload: closed dossiers with everything a city accumulates.

`seed_demo --years N` adds, per resident and year, HISTORY_DOSSIERS_PER_RESIDENT_YEAR dossiers that
opened in the past N years on households without a current dossier: meldingen, terms (met, some
late, the rest lapsed at closing), timeline, onderzoek, ZRM scores at two or three moments, plan
with goals and actions, aanvragen with their beschikking, decision term and toewijzing, and the
access log of the professionals who worked on them. Almost all are closed; a few long-running ones
are still in uitvoering.

Rows are plain tuples written per chunk of households (COPY on PostgreSQL), and every chunk draws
from its own random generator seeded with (seed, chunk), so the result depends only on seed,
peildatum, residents and years. Volumes follow MONITOR.md: at 1,000,000 residents and 5 years about
270,000 dossiers, 4.5 million timeline events, 1 million ZRM scores, 400,000 beschikkingen and
ten million log lines, next to today's workload.
"""

from __future__ import annotations

import heapq
import json
import random
import re
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Choices, Model
from django.utils.formats import date_format

from accounts.models import Role
from allocations.models import DeliveryStatus, Toewijzing
from assessments.models import Onderzoek, Outcome, Score
from catalogue.codes import Frequency, Law, Unit
from catalogue.codes import Kind as ProductKind
from catalogue.models import Contract, Tarief, Voorziening
from deadlines.atw import AtwCalendar
from deadlines.norms import effective_term
from deadlines.terms import AWB_BEZWAARTERMIJN, NORM_CONTACT, compute_deadline
from decisions.bezwaar import decision_term
from decisions.models import (
    AangevraagdProduct,
    Aanvraag,
    AanvraagStatus,
    Beschikking,
    BeschikkingRegel,
    BeschikkingStatus,
    Bezwaar,
    BezwaarOutcome,
    BezwaarStatus,
    Leveringsvorm,
    OtherLawIndication,
    OtherLawKind,
)
from decisions.models import Outcome as DecisionOutcome
from decisions.services import periods_in
from demo import accesslog, texts
from demo.accesslog import LineBuffer, LogSpool
from demo.areas import AreaProfile, household_weight, profile
from demo.bulk import (
    BackgroundWriter,
    CopySpec,
    IdAllocator,
    copy_formatted,
    copy_spec,
    copy_transformer,
    format_copy,
    insert_rows,
)
from demo.casework import CLOSING, PATH
from demo.population import Organisation, TeamInfo
from demo.workers import ChunkPool, default_workers
from dossiers.models import (
    Dossier,
    DossierDeadline,
    Involvement,
    InvolvementRole,
    Melding,
    Route,
    TimelineEvent,
    Urgency,
)
from dossiers.outcome import OutcomeStep, step_from
from dossiers.regimes import Regime, default_regime, melding_terms
from dossiers.transitions import CloseReason, Status
from organisation.models import Gemeente
from plans.models import Actie, ActieStatus, Doel, DoelStatus, Plan, Uitvoerder
from residents.models import HuishoudenLid, LidRol

#: Dossiers opened per resident per year (MONITOR.md: ~300,000 in five years at 1,000,000 residents,
#: of which today's workload holds ~29,000).
HISTORY_DOSSIERS_PER_RESIDENT_YEAR = 0.054
#: Share of history dossiers still running today (long-term support).
STILL_OPEN = 0.01
#: Share of dossiers with a completed onderzoek whose household was scored on the ZRM.
ZRM_SHARE = 0.18
#: Aanvragen per dossier in uitvoering that needs maatwerk (each gets a beschikking): products for more than one
#: person, renewals. Which dossiers need maatwerk: `AreaProfile.maatwerk` (demo/areas.py).
AANVRAAG_COUNTS = (1, 2, 3, 3, 4, 5, 6, 7)
#: Bezwaren per beschikking (about 4 per 100, MONITOR.md): mostly against a refusal.
BEZWAAR_AGAINST_REFUSAL = 0.30
BEZWAAR_AGAINST_GRANT = 0.025
#: Outcomes of the bezwaren decided in time (a late one is niet-ontvankelijk): gegrond ~20%, ongegrond ~55%,
#: niet-ontvankelijk ~10%, ingetrokken ~15%.
BEZWAAR_OUTCOMES = {
    BezwaarOutcome.GEGROND.value: 20,
    BezwaarOutcome.ONGEGROND.value: 56,
    BezwaarOutcome.NIET_ONTVANKELIJK.value: 7,
    BezwaarOutcome.INGETROKKEN.value: 17,
}
#: Chance per member of an indication under another law, by age at the onderzoek: (kind, chance, months valid or
#: None for open-ended). Multiplied by `AreaProfile.other_law`.
OTHER_LAWS: dict[str, tuple[tuple[str, float, tuple[int, int] | None], ...]] = {
    "child": ((OtherLawKind.JUSTITIE.value, 0.02, (6, 24)),),
    "adult": ((OtherLawKind.JUSTITIE.value, 0.04, (6, 24)), (OtherLawKind.ZVW_WIJKVERPLEGING.value, 0.03, (2, 9))),
    "senior": ((OtherLawKind.WLZ.value, 0.06, None), (OtherLawKind.ZVW_WIJKVERPLEGING.value, 0.16, (3, 18))),
}
#: Omvang per product, by unit and frequency: (low, high). Euros: the amount itself.
_VOLUMES = {
    (Unit.UUR.value, Frequency.PER_WEEK.value): (1, 4),
    (Unit.DAGDEEL.value, Frequency.PER_WEEK.value): (2, 6),
    (Unit.STUKS_OUTPUT.value, Frequency.PER_MAAND.value): (4, 20),
    (Unit.ETMAAL.value, Frequency.PER_MAAND.value): (28, 31),
}
CHUNK = 2000

Kind = TimelineEvent.Kind
_STATUS_LABEL = {s.value: str(s.label) for s in Status}
_ROUTES = list(texts.ROUTE_WEIGHTS)
_ROUTE_CUM = list(accumulate(texts.ROUTE_WEIGHTS.values()))
_CLOSING_CUM = list(accumulate(c[1] for c in CLOSING))
_EMPTY = "{}"
_OUTCOMES = [o.value for o in Outcome]
#: Who signals a worry about a household already in care.
_SIGNAL_ROUTES = (Route.SCHOOL, Route.WIJKAGENT, Route.WONINGCORPORATIE, Route.HUISARTS, Route.VROEGSIGNAAL)
#: The motivation of a decision on an objection, per outcome (an ingetrokken one needs none).
_BEZWAAR_NOTES = {
    BezwaarOutcome.GEGROND.value: "Het onderzoek was onvolledig; de aanvraag wordt opnieuw beoordeeld en er volgt "
    "een nieuwe beschikking.",
    BezwaarOutcome.ONGEGROND.value: "Na de hoorzitting blijft het besluit staan: de algemene voorziening en het "
    "netwerk bieden voldoende ondersteuning.",
    BezwaarOutcome.NIET_ONTVANKELIJK.value: "Het bezwaar kwam na de bezwaartermijn binnen zonder verschoonbare reden.",
}
_SOLVED_OUTCOMES = [Outcome.ZELF.value, Outcome.NETWERK.value, Outcome.ALGEMENE_VOORZIENING.value]
#: What a regisseur answers on the close page when the dossier shows no step (dossiers/outcome.py).
_ASKED_STEPS = [OutcomeStep.EIGEN_KRACHT, OutcomeStep.NETWERK, OutcomeStep.ALGEMENE_VOORZIENING]
_ASKED_WEIGHTS = (70, 20, 10)
#: Who carries out the plan's actions, after what the onderzoek found: (doers, weights).
_DOERS: dict[str, tuple[tuple[Uitvoerder, ...], tuple[int, ...]]] = {
    Outcome.MAATWERK.value: (
        (Uitvoerder.HUISHOUDEN, Uitvoerder.WIJKTEAM, Uitvoerder.AANBIEDER, Uitvoerder.ALGEMENE_VOORZIENING),
        (3, 3, 4, 1),
    ),
    Outcome.ALGEMENE_VOORZIENING.value: (
        (Uitvoerder.HUISHOUDEN, Uitvoerder.WIJKTEAM, Uitvoerder.ALGEMENE_VOORZIENING, Uitvoerder.NETWERK),
        (3, 2, 5, 1),
    ),
    Outcome.NETWERK.value: (
        (Uitvoerder.HUISHOUDEN, Uitvoerder.WIJKTEAM, Uitvoerder.NETWERK, Uitvoerder.VRIJWILLIGER),
        (3, 2, 4, 1),
    ),
    Outcome.ZELF.value: ((Uitvoerder.HUISHOUDEN, Uitvoerder.WIJKTEAM), (6, 3)),
    "": (
        (Uitvoerder.HUISHOUDEN, Uitvoerder.WIJKTEAM, Uitvoerder.ALGEMENE_VOORZIENING, Uitvoerder.AANBIEDER),
        (1, 1, 1, 1),
    ),
}
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class Member:
    inwoner_id: int
    name: str
    birth: date
    rol: str


@dataclass(frozen=True)
class Household:
    huishouden_id: int
    team: int
    members: tuple[Member, ...]
    #: Index of the wijk (Organisation.wijk_names): its AreaProfile.
    wijk: int = 0


@dataclass(frozen=True)
class Product:
    voorziening_id: int
    law: str
    name: str
    unit: str
    frequency: str
    aanbieder_id: int | None
    cents: int  # tariff per unit


def history_dossier_count(residents: int, years: int) -> int:
    return round(residents * years * HISTORY_DOSSIERS_PER_RESIDENT_YEAR)


def select_households(
    seed: int, wanted: int, organisation: Organisation, today: date
) -> tuple[int, Iterator[list[Household]]]:
    """Households without a dossier yet, `wanted` of them (or all), streamed from the database in chunks.

    Drawn without replacement, weighted by household (type, age of the head: `household_weight`) and by the
    inflow of the wijk (`AreaProfile.inflow`): each household gets an exponential key with its weight as rate and
    the smallest keys win (Efraimidis and Spirakis), in one pass over the heads.
    """
    taken = set(Dossier.objects.values_list("huishouden_id", flat=True))
    heads = (
        HuishoudenLid.objects.filter(rol=LidRol.HOOFD)
        .order_by("huishouden_id", "id")
        .values_list("huishouden_id", "huishouden__type", "inwoner__geboortedatum", "inwoner__buurt_id")
    )
    inflow = [profile(name).inflow for name in organisation.wijk_names] or [1.0]
    rng = random.Random(f"{seed}:history:households")
    keyed: list[tuple[float, int]] = []
    seen: set[int] = set()
    for hh, kind, birth, buurt in heads.iterator(chunk_size=20_000):
        if hh in taken or hh in seen:
            continue
        seen.add(hh)
        weight = household_weight(kind, today.year - birth.year) * inflow[organisation.wijk_of_buurt.get(buurt, 0)]
        keyed.append((rng.expovariate(weight), hh))
    chosen = sorted(hh for _key, hh in heapq.nsmallest(min(wanted, len(keyed)), keyed))
    del keyed, seen
    team_of_buurt = {buurt_id: team for buurt_id, team, _n, _pc in organisation.buurten}

    def chunks() -> Iterator[list[Household]]:
        for start in range(0, len(chosen), CHUNK):
            ids = chosen[start : start + CHUNK]
            wanted_ids = set(ids)
            members: dict[int, list[tuple[Member, int]]] = {}
            rows = (
                HuishoudenLid.objects.filter(huishouden_id__gte=ids[0], huishouden_id__lte=ids[-1])
                .order_by("huishouden_id", "id")
                .values_list(
                    "huishouden_id",
                    "rol",
                    "inwoner_id",
                    "inwoner__voornamen",
                    "inwoner__tussenvoegsel",
                    "inwoner__achternaam",
                    "inwoner__geboortedatum",
                    "inwoner__buurt_id",
                )
            )
            # Read whole (a few thousand rows), not through a server-side cursor: the previous chunk is being
            # written meanwhile (BackgroundWriter), and PostgreSQL alters no table an open cursor reads.
            for hh, rol, inwoner, first, prefix, last, birth, buurt in list(rows):
                if hh in wanted_ids:
                    name = " ".join(p for p in (first, prefix, last) if p)
                    members.setdefault(hh, []).append((Member(inwoner, name, birth, rol), buurt))
            yield [
                Household(
                    hh,
                    team_of_buurt.get(members[hh][0][1], 0),
                    tuple(m for m, _b in members[hh]),
                    organisation.wijk_of_buurt.get(members[hh][0][1], 0),
                )
                for hh in ids
                if hh in members
            ]

    return len(chosen), chunks()


@dataclass
class Catalogue:
    gemeente_id: int
    products: dict[str, list[Product]]
    domains: list[tuple[int, str]]
    min_level: int
    max_level: int

    @classmethod
    def load(cls, day: date) -> Catalogue:
        from assessments.models import Instrument

        instrument = Instrument.objects.get(is_default=True)
        levels = list(instrument.levels.values_list("value", flat=True))
        products: dict[str, list[Product]] = {}
        for v in Voorziening.objects.filter(kind=ProductKind.MAATWERK, active=True).order_by("id"):
            contract = Contract.objects.filter(voorziening=v).order_by("aanbieder_id").first()
            tariff = Tarief.objects.filter(voorziening=v).order_by("valid_from").first()
            cents = int((tariff.amount if tariff else Decimal("10")) * 100)
            aanbieder = contract.aanbieder_id if contract else None
            products.setdefault(v.law, []).append(Product(v.pk, v.law, v.name, v.unit, v.frequency, aanbieder, cents))
        return cls(
            gemeente_id=Gemeente.objects.values_list("id", flat=True).get(cbs_code=texts.GEMEENTE_CBS_CODE),
            products=products,
            domains=list(instrument.domains.order_by("order").values_list("id", "code")),
            min_level=min(levels),
            max_level=max(levels),
        )


@dataclass
class Rows:
    dossiers: list[tuple[object, ...]] = field(default_factory=list)
    meldingen: list[tuple[object, ...]] = field(default_factory=list)
    involvements: list[tuple[object, ...]] = field(default_factory=list)
    deadlines: list[tuple[object, ...]] = field(default_factory=list)
    events: list[tuple[object, ...]] = field(default_factory=list)
    onderzoeken: list[tuple[object, ...]] = field(default_factory=list)
    participants: list[tuple[int, int]] = field(default_factory=list)
    answered: list[tuple[int, int]] = field(default_factory=list)
    scores: list[tuple[object, ...]] = field(default_factory=list)
    plans: list[tuple[object, ...]] = field(default_factory=list)
    doelen: list[tuple[object, ...]] = field(default_factory=list)
    doel_persons: list[tuple[int, int]] = field(default_factory=list)
    acties: list[tuple[object, ...]] = field(default_factory=list)
    aanvragen: list[tuple[object, ...]] = field(default_factory=list)
    products: list[tuple[object, ...]] = field(default_factory=list)
    beschikkingen: list[tuple[object, ...]] = field(default_factory=list)
    regels: list[tuple[object, ...]] = field(default_factory=list)
    toewijzingen: list[tuple[object, ...]] = field(default_factory=list)
    bezwaren: list[tuple[object, ...]] = field(default_factory=list)
    indications: list[tuple[object, ...]] = field(default_factory=list)

    def write(self) -> None:
        for attr, model, columns, raw in _tables():
            insert_rows(model, columns, getattr(self, attr), raw=raw)

    def to_copy(self, specs: list[CopySpec], transformer: object) -> list[bytes]:
        """Each table's rows as COPY text (PostgreSQL), in `_tables` order: what `write` would send."""
        return [
            format_copy(spec, getattr(self, attr), transformer)
            for (attr, *_rest), spec in zip(_tables(), specs, strict=True)
        ]

    def counts(self) -> dict[str, int]:
        return {
            "dossiers": len(self.dossiers),
            "meldingen": len(self.meldingen),
            "tijdlijn": len(self.events),
            "termijnen": len(self.deadlines),
            "zrm_scores": len(self.scores),
            "plannen": len(self.plans),
            "aanvragen": len(self.aanvragen),
            "beschikkingen": len(self.beschikkingen),
            "toewijzingen": len(self.toewijzingen),
            "bezwaren": len(self.bezwaren),
            "indicaties_andere_wet": len(self.indications),
        }


def _tables() -> list[tuple[str, type[Model], tuple[str, ...], tuple[str, ...]]]:
    """Per `Rows` list its model, columns and raw columns, in the order they are written."""
    return [
        ("dossiers", Dossier, DOSSIER_COLUMNS, ()),
        ("meldingen", Melding, MELDING_COLUMNS, ()),
        ("involvements", Involvement, ("dossier_id", "user_id", "role", "start", "end"), ()),
        ("deadlines", DossierDeadline, DEADLINE_COLUMNS, ("adjustments",)),
        ("events", TimelineEvent, EVENT_COLUMNS, ("data",)),
        ("onderzoeken", Onderzoek, ONDERZOEK_COLUMNS, ()),
        ("participants", Onderzoek.participants.through, ("onderzoek_id", "user_id"), ()),
        ("answered", Onderzoek.meldingen.through, ("onderzoek_id", "melding_id"), ()),
        ("scores", Score, SCORE_COLUMNS, ()),
        ("plans", Plan, PLAN_COLUMNS, ()),
        ("doelen", Doel, ("id", "plan_id", "domain_id", "description", "status", "order"), ()),
        ("doel_persons", Doel.persons.through, ("doel_id", "inwoner_id"), ()),
        ("acties", Actie, ("doel_id", "description", "uitvoerder", "uitvoerder_name", "due_on", "status"), ()),
        ("aanvragen", Aanvraag, AANVRAAG_COLUMNS, ()),
        ("products", AangevraagdProduct, ("aanvraag_id", "voorziening_id", "note"), ()),
        ("beschikkingen", Beschikking, BESCHIKKING_COLUMNS, ()),
        ("regels", BeschikkingRegel, REGEL_COLUMNS, ()),
        ("toewijzingen", Toewijzing, TOEWIJZING_COLUMNS, ()),
        ("bezwaren", Bezwaar, BEZWAAR_COLUMNS, ()),
        ("indications", OtherLawIndication, INDICATION_COLUMNS, ()),
    ]


def _dossier_columns() -> tuple[str, ...]:
    base = ("id", "huishouden_id", "team_id", "status", "regisseur_id", "opened_at", "closed_at", "close_reason",
            "close_note", "status_changed_at", "next_deadline")  # fmt: skip
    names = {f.attname for f in Dossier._meta.concrete_fields}
    # The triage order (dossiers.services.register_melding keeps it in step) and the ladder step stored on
    # closing, where the model has them.
    return base + tuple(c for c in ("last_melding_rank", "last_melding_at", "outcome_step") if c in names)


DOSSIER_COLUMNS = _dossier_columns()
MELDING_COLUMNS = ("id", "dossier_id", "inwoner_id", "route", "reporter_name", "reporter_organisation",
                   "received_at", "description", "urgency", "regime", "wgs_threat", "registered_by_id")  # fmt: skip
DEADLINE_COLUMNS = ("id", "dossier_id", "melding_id", "term_code", "label", "basis", "start", "due", "adjustments",
                    "met_on", "cancelled_on", "cancel_reason")  # fmt: skip
EVENT_COLUMNS = ("dossier_id", "at", "actor_id", "kind", "summary", "reason", "data")
ONDERZOEK_COLUMNS = ("id", "dossier_id", "conversation_on", "other_participants", "topic_a_needs",
                     "topic_b_own_strength", "topic_c_network", "clientondersteuning_offered",
                     "clientondersteuning_offered_on", "outcome", "verslag", "verslag_sent_on", "completed_on",
                     "updated_at")  # fmt: skip
SCORE_COLUMNS = ("inwoner_id", "dossier_id", "domain_id", "level", "assessed_on", "assessor_id", "motivation",
                 "recorded_at")  # fmt: skip
PLAN_COLUMNS = ("id", "dossier_id", "going_well", "worries", "review_on", "agreed_on", "agreed_by", "updated_at")
AANVRAAG_COLUMNS = ("id", "dossier_id", "inwoner_id", "law", "received_on", "description", "status", "consulent_id",
                    "deadline_id", "created_by_id", "created_at")  # fmt: skip
BESCHIKKING_COLUMNS = ("id", "aanvraag_id", "number", "outcome", "motivation", "legal_basis", "eigen_bijdrage",
                       "status", "prepared_by_id", "prepared_at", "first_signer_id", "first_signed_at", "sent_on",
                       "objection_until", "version")  # fmt: skip
REGEL_COLUMNS = ("id", "beschikking_id", "voorziening_id", "granted", "volume", "unit", "frequency", "start", "end",
                 "leveringsvorm", "aanbieder_id", "estimated_amount", "rejection_reason")  # fmt: skip
TOEWIJZING_COLUMNS = ("gemeente_id", "law", "nummer", "inwoner_id", "dossier_id", "aanbieder_id", "voorziening_id",
                      "regel_id", "ingangsdatum", "einddatum", "volume", "unit", "frequency", "toegewezen_at",
                      "status", "started_on", "stopped_on", "pending_send", "version")  # fmt: skip
BEZWAAR_COLUMNS = ("id", "beschikking_id", "received_on", "submitted_by", "grounds", "committee", "late", "status",
                   "outcome", "decided_on", "decision_note", "deadline_id", "registered_by_id", "registered_at")  # fmt: skip
INDICATION_COLUMNS = ("inwoner_id", "dossier_id", "kind", "valid_from", "valid_to", "note", "recorded_by_id",
                      "recorded_at")  # fmt: skip

_URGENCY_RANK = {Urgency.CRISIS.value: 0, Urgency.HOOG.value: 1, Urgency.NORMAAL.value: 2}
_DECISION_TERM = {Law.WMO.value: "WMO_BESCHIKKING", Law.JEUGDWET.value: "AWB_BESCHIKKING",
                  Law.PARTICIPATIEWET.value: "AWB_BESCHIKKING"}  # fmt: skip
_LEGAL_BASIS = {
    Law.WMO.value: "Wmo 2015 art. 2.3.5 (maatwerkvoorziening)",
    Law.JEUGDWET.value: "Jeugdwet art. 2.3 (individuele voorziening)",
    Law.PARTICIPATIEWET.value: "Participatiewet art. 35 (bijzondere bijstand)",
}
_ALLOCATED_LAWS = (Law.WMO.value, Law.JEUGDWET.value)


class Numbers:
    """Beschikking numbers per year and toewijzing numbers per law, continuing after what exists."""

    def __init__(self) -> None:
        self._per_year: dict[int, int] = {}
        self._per_law: dict[str, int] = {}

    def beschikking(self, year: int) -> str:
        if year not in self._per_year:
            prefix = f"B{year}-"
            last = (
                Beschikking.objects.filter(number__startswith=prefix)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            )
            self._per_year[year] = int(last.removeprefix(prefix)) if last else 0
        self._per_year[year] += 1
        return f"B{year}-{self._per_year[year]:06d}"

    def toewijzing(self, law: str) -> str:
        if law not in self._per_law:
            numbers = Toewijzing.objects.filter(law=law).values_list("nummer", flat=True)
            self._per_law[law] = max((int(n) for n in numbers if n.isdigit()), default=0)
        self._per_law[law] += 1
        return str(self._per_law[law])


class NumberMarks:
    """Stands in for `Numbers` where numbers cannot be known yet (a chunk drawn in a worker process).

    Numbers run on across chunks, so a chunk drawn beside others leaves a mark where each number goes;
    the seeding process fills them in chunk order (`fill_numbers`), giving the numbers `Numbers` would
    have given while drawing. The marks are characters that COPY's text format passes unchanged.
    """

    def beschikking(self, year: int) -> str:
        return f"\x1eB{year}\x1f"

    def toewijzing(self, law: str) -> str:
        return f"\x1eT{law}\x1f"


_MARK = re.compile(rb"\x1e([BT])([^\x1f]*)\x1f")


def fill_numbers(data: bytes, numbers: Numbers) -> bytes:
    """Replace `NumberMarks`' marks in COPY text by the next numbers, in the order they appear."""

    def number(match: re.Match[bytes]) -> bytes:
        value = match.group(2).decode()
        if match.group(1) == b"B":
            return numbers.beschikking(int(value)).encode()
        return numbers.toewijzing(value).encode()

    return _MARK.sub(number, data) if b"\x1e" in data else data


#: Ids per household at most, per model with ids of its own: each chunk gets a fixed block of
#: `CHUNK` times this, so a chunk's ids do not depend on the chunks before it (nor on who drew them).
_IDS_PER_HOUSEHOLD: dict[type[Model], int] = {
    Dossier: 1,
    # The melding that opened the dossier and a later signal.
    Melding: 2,
    # The melding's terms, the signal's contact norm, a decision term per aanvraag and one per bezwaar.
    DossierDeadline: max(len(melding_terms(r)) for r in Regime) + 1 + 2 * max(AANVRAAG_COUNTS),
    Onderzoek: 1,
    Plan: 1,
    Doel: 2,
    Aanvraag: max(AANVRAAG_COUNTS),
    Beschikking: max(AANVRAAG_COUNTS),
    BeschikkingRegel: max(AANVRAAG_COUNTS),
    Bezwaar: max(AANVRAAG_COUNTS),
}


class BlockIds:
    """Ids of one chunk: from its block of each model, in drawing order."""

    def __init__(self, bases: dict[type[Model], int], index: int) -> None:
        self._next = {model: base + index * _IDS_PER_HOUSEHOLD[model] * CHUNK for model, base in bases.items()}
        self._end = {model: first + _IDS_PER_HOUSEHOLD[model] * CHUNK for model, first in self._next.items()}

    def __call__(self, model: type[Model]) -> int:
        value = self._next[model]
        if value >= self._end[model]:
            raise RuntimeError(f"More {model.__name__} ids in a chunk than _IDS_PER_HOUSEHOLD allows")
        self._next[model] = value + 1
        return value


class HistoryWriter:
    """Draws one closed (or long-running) dossier per household and notes its rows and log lines."""

    def __init__(
        self,
        *,
        today: date,
        years: int,
        calendar: AtwCalendar,
        teams: list[TeamInfo],
        catalogue: Catalogue,
        ids: Callable[[type[Model]], int],
        numbers: Numbers | NumberMarks,
        spool: LogSpool | LineBuffer,
        profiles: Sequence[AreaProfile] = (),
    ) -> None:
        self.today = today
        #: Per wijk index: how its dossiers differ from the city average (demo/areas.py).
        self.profiles = list(profiles) or [profile("")]
        self.first_day = today - timedelta(days=365 * years)
        self.calendar = calendar
        self.teams = teams
        self.catalogue = catalogue
        self.ids = ids
        self.numbers = numbers
        self.spool = spool
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self._deadline_cache: dict[tuple[str, date], tuple[str, str, date, str]] = {}
        self._days: dict[date, tuple[int, int]] = {}
        self._labels: dict[tuple[type[Choices], str], str] = {}
        self._terms = {code: effective_term(code) for code in ("WMO_PERSOONLIJK_PLAN", "WMO_ONDERZOEK", "NORM_CONTACT")}
        self.rng = random.Random(0)
        self.rows = Rows()
        # What the current dossier shows for the outcome ladder (dossiers/outcome.py): granted maatwerk per law,
        # plan actions by an algemene voorziening or the network, the onderzoek's outcome.
        self._laws: set[str] = set()
        self._general = self._network = False
        self._found = ""
        self._still_open = False
        #: The earliest open term of a dossier still running (a bezwaar not decided yet): Dossier.next_deadline.
        self._next_due: date | None = None
        #: The moment the current dossier opened: nothing of it happens earlier.
        self._opened = datetime.combine(today, time(0), tzinfo=self.tz) - timedelta(days=365 * (years + 2))
        k = accesslog.kind
        self._k_triage = {
            Role.TEAMLEIDER: k("view", "teamleider", "dossier", "/dossiers/triage/", "op het triagebord"),
            "other": k("view", "team_triage", "dossier", "/dossiers/triage/", "op het triagebord"),
        }
        self._k_assign = {
            Role.TEAMLEIDER: k("update", "teamleider", "dossier", "/dossiers/{d}/toewijzen/", "regisseur toegewezen"),
            "other": k("update", "team_triage", "dossier", "/dossiers/{d}/toewijzen/", "regisseur toegewezen"),
        }
        self._k_worklist = k("view", "betrokken", "dossier", "/dossiers/", "op de eigen werkvoorraad")
        self._k_team_worklist = k("view", "teamleider", "dossier", "/dossiers/", "op de werkvoorraad van het team")
        self._k_besluiten = k("view", "betrokken", "dossier", "/besluiten/", "op de werklijst besluiten")
        self._k: dict[tuple[str, str], int] = {}
        for basis in ("regisseur", "betrokken", "teamleider"):
            for name, action, otype, path, detail in (
                ("dossier", "view", "dossier", "/dossiers/{d}/", ""),
                ("tijdlijn", "view", "dossier", "/dossiers/{d}/tijdlijn/", "tijdlijn"),
                ("onderzoek", "view", "onderzoek", "/onderzoek/{d}/", ""),
                ("onderzoek_update", "update", "onderzoek", "/onderzoek/{d}/", ""),
                ("zrm", "create", "zrm_score", "/onderzoek/{d}/zrm/{o}/", "13 scores"),
                ("plan", "view", "plan", "/plan/{d}/", ""),
                ("plan_update", "update", "plan", "/plan/{d}/akkoord/", ""),
                ("aanvraag_create", "create", "aanvraag", "/besluiten/dossier/{d}/aanvraag/nieuw/", ""),
                ("aanvraag", "view", "aanvraag", "/besluiten/aanvraag/{o}/", ""),
                ("beschikking_send", "update", "beschikking", "/besluiten/beschikking/{o}/verzenden/", ""),
                ("beschikking", "view", "beschikking", "/besluiten/beschikking/{o}/", ""),
            ):
                self._k[(name, basis)] = k(action, basis, otype, path, detail)
            for status in ("in_onderzoek", "plan", "uitvoering", "evaluatie", "afgesloten"):
                self._k[(f"status_{status}", basis)] = k(
                    "update", basis, "dossier", "/dossiers/{d}/status/", f"status {status}"
                )

    def _label(self, choices: type[Choices], value: str) -> str:
        """A choice's label as text, translated once per run (gettext per dossier cost a tenth of the drawing)."""
        key = (choices, value)
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = str(choices(value).label)
        return label

    # -- time -----------------------------------------------------------------------------------
    def _moment(self, day: date, after: datetime | None = None) -> datetime:
        """Office hours on `day`, never before `after` (so a dossier's story runs forward)."""
        r = self.rng.random
        when = datetime.combine(day, time(8 + int(r() * 9), int(r() * 12) * 5), tzinfo=self.tz)
        if after is None or after < self._opened:
            after = self._opened
        if when <= after:
            when = after + timedelta(minutes=1 + int(r() * 25))
        return when

    def _day(self, day: date) -> tuple[int, int]:
        """Microseconds since the epoch of local midnight on `day` (office-hours offset), and its month."""
        cached = self._days.get(day)
        if cached is None:
            offset = datetime.combine(day, time(12), tzinfo=self.tz).utcoffset() or timedelta(0)
            midnight = (day.toordinal() - _EPOCH_ORDINAL) * 86_400_000_000 - offset // timedelta(microseconds=1)
            cached = self._days[day] = (midnight, day.year * 12 + day.month)
        return cached

    def _log(self, when: datetime, user: int, kind_index: int, dossier: int, obj: int = 0) -> None:
        """A log line within the minute after `when` (the page that was open when the thing was done)."""
        midnight, month = self._day(when.date())
        micros = midnight + (when.hour * 3600 + when.minute * 60 + 1) * 1_000_000 + int(self.rng.random() * 58_999_999)
        self.spool.add(micros, month, user, kind_index, dossier, obj)

    def _view(self, day: date, user: int, kind_index: int, dossier: int) -> None:
        """A look at the dossier some time during office hours on `day` (a worklist, the board)."""
        midnight, month = self._day(day)
        self.spool.add(midnight + 28_800_000_000 + int(self.rng.random() * 34_200_000_000), month, user, kind_index,
                       dossier, 0)  # fmt: skip

    def _basis(self, user: int, regisseur: int | None, leader: int) -> str:
        if user == regisseur:
            return "regisseur"
        if user == leader:
            return "teamleider"
        return "betrokken"

    def _deadline(self, code: str, start: date) -> tuple[str, str, date, str]:
        key = (code, start)
        cached = self._deadline_cache.get(key)
        if cached is None:
            term = self._terms.get(code) or effective_term(code)
            computed = compute_deadline(term, start, self.calendar)
            cached = (str(term.label), str(term.basis), computed.due, json.dumps(list(computed.adjustments)))
            self._deadline_cache[key] = cached
        return cached

    def _event(
        self, dossier: int, when: datetime, actor: int | None, kind: str, summary: str, data: str = _EMPTY
    ) -> None:
        self.rows.events.append((dossier, when, actor, kind, summary[:300], "", data))

    def _term(
        self, dossier: int, melding: int | None, code: str, start: date, actor: int, met: date | None,
        closed: date | None, after: datetime,
    ) -> date:  # fmt: skip
        """One stored term: met on `met`, or lapsed when the dossier closed; returns its due date."""
        label, basis, due, adjustments = self._deadline(code, start)
        cancelled = closed if met is None and closed is not None else None
        self.rows.deadlines.append(
            (self.ids(DossierDeadline), dossier, melding, code, label, basis, start, due, adjustments, met, cancelled,
             "Dossier afgesloten" if cancelled else "")
        )  # fmt: skip
        self._event(dossier, self._moment(start, after), actor, Kind.TERMIJN,
                    f"Termijn gestart: {label}, uiterlijk {date_format(due)}", f'{{"term":"{code}"}}')  # fmt: skip
        if met is not None:
            self._event(dossier, self._moment(met, after), actor, Kind.TERMIJN, f"Termijn gehaald: {label}")
        return due

    # -- one dossier ----------------------------------------------------------------------------
    def write(self, hh: Household) -> None:
        rng, today = self.rng, self.today
        team = self.teams[hh.team]
        members = team.members
        generalists = [m for m in members if m.role == Role.GENERALIST] or members
        consulenten = (
            [m for m in members if m.role == Role.CONSULENT]
            or [m for m in members if m.role == Role.TEAMLEIDER]
            or members
        )
        leader = next((m.user_id for m in members if m.role == Role.TEAMLEIDER), members[0].user_id)

        area = self.profiles[hh.wijk] if hh.wijk < len(self.profiles) else self.profiles[0]
        self._laws, self._general, self._network, self._found = set(), False, False, ""
        self._next_due = None
        reached_index = bisect(_CLOSING_CUM, rng.random() * _CLOSING_CUM[-1])
        reached, _w, reasons = CLOSING[reached_index]
        close_reason = rng.choice(reasons)
        gaps = [0, rng.randint(0, 3), rng.randint(1, 10), rng.randint(7, 40), rng.randint(5, 30), rng.randint(90, 240)]
        if area.lead_time != 1:
            # A team with a waiting list: longer in the queue, and every step after it slower.
            gaps[1] = round(gaps[1] * area.lead_time + (area.lead_time - 1) * rng.randint(0, 20))
            gaps[2:5] = [round(g * area.lead_time) for g in gaps[2:5]]
        needs_maatwerk = reached >= 4 and rng.random() < area.maatwerk
        still_open = reached >= 4 and rng.random() < STILL_OPEN / 0.66
        span = sum(gaps[1 : reached + 1])
        if still_open:
            total = span + rng.randint(30, 400)
        else:
            total = span + rng.randint(1, 30)
        window = (today - self.first_day).days
        start = today - timedelta(days=1 + total + rng.randint(0, max(0, window - total - 1)))
        days = [start]
        for stage in range(1, reached + 1):
            days.append(days[-1] + timedelta(days=gaps[stage]))
        closed_on = None if still_open else start + timedelta(days=total)
        self._still_open = still_open
        end_day = closed_on or today - timedelta(days=1)

        dossier = self.ids(Dossier)
        registrar = rng.choice(members).user_id
        regisseur = rng.choice(generalists).user_id if reached >= 1 else None
        colleague = None
        if regisseur is not None and rng.random() < 0.35:
            others = [m.user_id for m in generalists if m.user_id != regisseur]
            colleague = rng.choice(others) if others else None
        actor = regisseur or registrar
        self._opened = datetime.combine(start, time(0), tzinfo=self.tz)
        opened = self._moment(start)
        self._opened = opened
        cursor = opened

        # The melding that opened the dossier.
        route = _ROUTES[bisect(_ROUTE_CUM, rng.random() * _ROUTE_CUM[-1])]
        children = [p for p in hh.members if p.rol == "kind"]
        about = rng.choice(children) if children and route in (Route.SCHOOL, Route.VEILIG_THUIS) else hh.members[0]
        organisation = rng.choice(texts.REPORTER_ORGANISATIONS[route])
        urgency = "normaal" if rng.random() < 0.86 else "hoog" if rng.random() < 0.8 else "crisis"
        regime = default_regime(route).value
        melding = self.ids(Melding)
        self.rows.meldingen.append(
            (melding, dossier, about.inwoner_id, route,
             "" if route in (Route.ZELFMELDER, Route.OUTREACH) else f"Contactpersoon {organisation}", organisation,
             opened, rng.choice(texts.MELDING_TEXTS[route]), urgency, regime, "", registrar)
        )  # fmt: skip
        self._event(dossier, opened, registrar, Kind.MELDING, f"Melding ontvangen via {self._label(Route, route)}",
                    f'{{"melding":{melding}}}')  # fmt: skip
        # The new melding shows on the team's triage board, where whoever registered it sees it.
        self._log(opened, registrar, self._k_triage[Role.TEAMLEIDER if registrar == leader else "other"], dossier)

        done = days[3] if reached >= 3 else None
        triage_day = days[1] if reached >= 1 else None
        for code in melding_terms(regime):
            met = done if "ONDERZOEK" in code else triage_day
            self._term(dossier, melding, code, start, actor, met, closed_on, opened)

        # Triage: the board, then the assignment.
        last_status_at = opened
        status = Status.AANGEMELD.value
        day = start + timedelta(days=1)
        stop = triage_day or end_day
        while day < stop:
            if day.weekday() < 5:
                viewer = rng.choice(members)
                self._view(day, viewer.user_id,
                          self._k_triage[Role.TEAMLEIDER if viewer.role == Role.TEAMLEIDER else "other"], dossier)  # fmt: skip
            day += timedelta(days=1)
        if triage_day is not None:
            assert regisseur is not None
            assigner = rng.choice((leader, registrar))
            when = self._moment(triage_day, cursor)
            cursor = when
            self._log(when, assigner, self._k_triage[Role.TEAMLEIDER if assigner == leader else "other"], dossier)
            self._log(when, assigner, self._k_assign[Role.TEAMLEIDER if assigner == leader else "other"], dossier)
            names = {m.user_id: m.name for m in members}
            summary = f"Regisseur: {names.get(regisseur, 'medewerker')}" + (
                f" (met {names[colleague]})" if colleague else ""
            )
            self._event(dossier, when, assigner, Kind.TOEWIJZING, summary,
                        f'{{"regisseur":{regisseur},"colleague":{colleague or "null"}}}')  # fmt: skip
            self._status(dossier, when, assigner, Status.AANGEMELD.value, Status.IN_TRIAGE.value, "Opgepakt in triage")
            self.rows.involvements.append((dossier, regisseur, InvolvementRole.REGISSEUR.value, when, None))
            if colleague:
                self.rows.involvements.append((dossier, colleague, InvolvementRole.COLLEGA.value, when, None))
            last_status_at, status = when, Status.IN_TRIAGE.value
        for stage in range(2, reached + 1):
            when = self._moment(days[stage], cursor)
            cursor = when
            new = PATH[stage].value
            self._status(dossier, when, actor, PATH[stage - 1].value, new)
            self._log(when, actor, self._k[(f"status_{new}", "regisseur")], dossier)
            last_status_at, status = when, new

        staff = [u for u in (regisseur, colleague) if u]
        if reached >= 2:
            self._onderzoek(dossier, hh, days, done, closed_on, actor, staff, melding, leader, regisseur,
                            reached, needs_maatwerk)  # fmt: skip
            self._other_laws(dossier, hh, days[2], end_day, actor, area)
        plan_domains: list[int] = []
        if done is not None and rng.random() < ZRM_SHARE:
            plan_domains = self._zrm(dossier, hh, done, end_day, actor, leader, regisseur)
        if reached >= 3:
            self._plan(dossier, hh, days, reached, closed_on, close_reason, actor, plan_domains, leader, regisseur)
        if needs_maatwerk:
            consulent = rng.choice(consulenten).user_id
            self._decisions(dossier, hh, days[4], end_day, actor, consulent, leader, regisseur, area)
        last_melding, rank = opened, _URGENCY_RANK[urgency]
        if triage_day is not None and rng.random() < area.signals:
            signal_day = triage_day + timedelta(days=rng.randint(1, max(1, (end_day - triage_day).days - 1)))
            if signal_day < end_day:
                last_melding = self._signal(dossier, hh, signal_day, end_day, registrar, actor, closed_on, area)
                rank = _URGENCY_RANK[Urgency.NORMAAL.value]
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            note_day = start + timedelta(days=rng.randint(0, max(0, (end_day - start).days - 1)))
            self._event(dossier, self._moment(note_day, opened), actor, Kind.NOTITIE, rng.choice(texts.NOTE_TEXTS))

        # Worklists while the dossier is assigned: the regisseur's own, now and then the team leader's.
        if triage_day is not None:
            assert regisseur is not None
            day = triage_day + timedelta(days=1)
            while day < end_day:
                if day.weekday() < 5:
                    roll = rng.random()
                    if roll < 0.22:
                        self._view(day, regisseur, self._k_worklist, dossier)
                    elif roll < 0.25:
                        self._view(day, leader, self._k_team_worklist, dossier)
                    elif roll < 0.30:
                        self._view(day, regisseur, self._k[("dossier", "regisseur")], dossier)
                    elif roll < 0.315:
                        self._view(day, regisseur, self._k[("tijdlijn", "regisseur")], dossier)
                    elif roll < 0.34 and colleague:
                        self._view(day, colleague, self._k[("dossier", "betrokken")], dossier)
                day += timedelta(days=1 + int(rng.random() * 2))

        if closed_on is not None:
            when = self._moment(closed_on, cursor)
            # Without a regisseur (closed in the queue) the team leader closes it.
            closer = regisseur or leader
            self._status(dossier, when, closer, status, Status.AFGESLOTEN.value, "Afgesloten", close_reason)
            self._log(when, closer, self._k[("status_afgesloten", self._basis(closer, regisseur, leader))], dossier)
            self._end_involvements(dossier, when)
            last_status_at, status = when, Status.AFGESLOTEN.value
        row = (dossier, hh.huishouden_id, team.team_id, status, regisseur, opened,
               last_status_at if closed_on else None, close_reason if closed_on else "",
               self._label(CloseReason, close_reason) if closed_on else "", last_status_at, self._next_due)  # fmt: skip
        step = self._outcome_step(close_reason) if closed_on else ""
        extra = {"last_melding_rank": rank, "last_melding_at": last_melding, "outcome_step": step}
        self.rows.dossiers.append(row + tuple(extra[c] for c in DOSSIER_COLUMNS[len(row) :]))

    def _end_involvements(self, dossier: int, when: datetime) -> None:
        """Access follows involvement and ends with it (the dossier's rows are the last few)."""
        rows = self.rows.involvements
        for i in range(len(rows) - 1, max(-1, len(rows) - 5), -1):
            d, u, r, s, e = rows[i]
            if d == dossier and e is None:
                rows[i] = (d, u, r, s, when)

    def _signal(self, dossier: int, hh: Household, day: date, end: date, registrar: int, actor: int,
                closed_on: date | None, area: AreaProfile) -> datetime:  # fmt: skip
        """A later worry about a household already in care (school, police, the housing corporation): a melding
        in the running episode, without a request for help, with the contact norm; the regisseur makes contact."""
        rng = self.rng
        route = rng.choice(_SIGNAL_ROUTES)
        children = [p for p in hh.members if p.rol == "kind"]
        about = rng.choice(children) if children and route == Route.SCHOOL else hh.members[0]
        organisation = rng.choice(texts.REPORTER_ORGANISATIONS[route])
        melding = self.ids(Melding)
        when = self._moment(day)
        self.rows.meldingen.append(
            (melding, dossier, about.inwoner_id, route, f"Contactpersoon {organisation}", organisation, when,
             rng.choice(texts.MELDING_TEXTS[route]), Urgency.NORMAAL.value, Regime.GEEN_HULPVRAAG.value, "",
             registrar)
        )  # fmt: skip
        self._event(dossier, when, registrar, Kind.MELDING, f"Melding ontvangen via {self._label(Route, route)}",
                    f'{{"melding":{melding}}}')  # fmt: skip
        contact = day + timedelta(days=round(rng.randint(0, 5) * area.lead_time))
        met = min(contact, end - timedelta(days=1))
        self._term(dossier, melding, NORM_CONTACT.code, day, actor, met, closed_on, when)
        return when

    def _outcome_step(self, close_reason: str) -> str:
        """The ladder step stored on closing, as `change_status` stores it: what the records show (the same
        `step_from`), else what the regisseur answered on the close page (mostly: the household managed itself)."""
        found = self._found
        derived = step_from(
            close_reason,
            self._laws,
            general_provision=self._general or found == Outcome.ALGEMENE_VOORZIENING,
            network=self._network or found == Outcome.NETWERK,
            own_strength=found == Outcome.ZELF,
        )
        if derived is None:
            derived = self.rng.choices(_ASKED_STEPS, _ASKED_WEIGHTS)[0]
        return derived.value

    def _other_laws(self, dossier: int, hh: Household, first: date, end: date, actor: int,
                    area: AreaProfile) -> None:  # fmt: skip
        """Indications under another law (Wlz, Zvw wijkverpleging, justitie) the team recorded during the
        onderzoek: older people get Wlz and wijkverpleging, adults and teenagers a justice framework."""
        rng = self.rng
        recorded_day = first + timedelta(days=rng.randint(0, max(0, min(30, (end - first).days - 1))))
        for member in hh.members[:4]:
            age = (first - member.birth).days // 365
            group = "senior" if age >= 65 else "adult" if age >= 18 else "child" if age >= 12 else ""
            for kind, chance, months in OTHER_LAWS.get(group, ()):
                if rng.random() >= chance * area.other_law:
                    continue
                # Often already running when the team came in; otherwise it started during the dossier.
                if rng.random() < 0.5:
                    valid_from = first - timedelta(days=rng.randint(30, 720))
                else:
                    valid_from = first + timedelta(days=rng.randint(0, max(0, (end - first).days)))
                valid_to = valid_from + timedelta(days=30 * rng.randint(*months)) if months else None
                recorded = self._moment(recorded_day)
                self.rows.indications.append(
                    (member.inwoner_id, dossier, kind, valid_from, valid_to, "", actor, recorded)
                )
                # As decisions.services.record_indication writes it.
                self._event(dossier, recorded, actor, Kind.NOTITIE,
                            f"{self._label(OtherLawKind, kind)} vastgelegd voor {member.name.split(' ')[0]}")  # fmt: skip

    def _status(self, dossier: int, when: datetime, actor: int | None, old: str, new: str, reason: str = "",
                close_reason: str = "") -> None:  # fmt: skip
        self.rows.events.append(
            (dossier, when, actor, Kind.STATUS, f"Status: {_STATUS_LABEL[old]} → {_STATUS_LABEL[new]}", reason,
             f'{{"old":"{old}","new":"{new}","close_reason":"{close_reason}"}}')
        )  # fmt: skip

    def _onderzoek(
        self, dossier: int, hh: Household, days: list[date], done: date | None, closed_on: date | None, actor: int,
        staff: list[int], melding: int, leader: int, regisseur: int | None, reached: int, maatwerk: bool,
    ) -> int:  # fmt: skip
        rng = self.rng
        conversation: date | None = days[2] + timedelta(days=rng.randint(1, 14))
        assert conversation is not None
        if done is not None:
            conversation = min(conversation, done - timedelta(days=1))
            conversation = max(conversation, days[2])
        elif closed_on is not None and conversation >= closed_on:
            conversation = None
        if not done:
            outcome = ""
        elif maatwerk:
            outcome = Outcome.MAATWERK.value
        elif reached >= 4:
            # Uitvoering without a beschikking: the household, its network or an algemene voorziening.
            outcome = rng.choices(_SOLVED_OUTCOMES, (25, 35, 40))[0]
        else:
            outcome = rng.choices(_OUTCOMES, (15, 20, 35, 30))[0]
        self._found = outcome
        onderzoek = self.ids(Onderzoek)
        topic = rng.randrange(2)
        updated = datetime.combine(done or conversation or days[2], time(17), tzinfo=self.tz)
        self.rows.onderzoeken.append(
            (onderzoek, dossier, conversation, rng.choice(("", "", "mantelzorger", "cliëntondersteuner")),
             texts.TOPIC_TEXTS[0][topic], texts.TOPIC_TEXTS[1][topic], texts.TOPIC_TEXTS[2][topic], True, days[0],
             outcome, texts.VERSLAG_TEXTS[topic] if done else "", done, done, updated)
        )  # fmt: skip
        self.rows.participants.extend((onderzoek, u) for u in staff)
        self.rows.answered.append((onderzoek, melding))
        basis = self._basis(actor, regisseur, leader)
        if conversation:
            when = self._moment(conversation)
            self._event(dossier, when, actor, Kind.ONDERZOEK, "Keukentafelgesprek gevoerd")
            self._log(when, actor, self._k[("onderzoek", basis)], dossier, onderzoek)
            self._log(when, actor, self._k[("onderzoek_update", basis)], dossier, onderzoek)
        if done:
            when = self._moment(done)
            self._event(dossier, when, actor, Kind.ONDERZOEK, f"Onderzoek afgerond: {self._label(Outcome, outcome)}")
            self._log(when, actor, self._k[("onderzoek", basis)], dossier, onderzoek)
            self._log(when, actor, self._k[("onderzoek_update", basis)], dossier, onderzoek)
        return onderzoek

    def _zrm(self, dossier: int, hh: Household, done: date, end: date, actor: int, leader: int,
             regisseur: int | None) -> list[int]:  # fmt: skip
        """The head scored at the onderzoek and again later: the trend the monitor shows."""
        rng, cat = self.rng, self.catalogue
        lo, hi = cat.min_level, cat.max_level
        moments = [done]
        if (end - done).days > 60:
            moments.append(done + timedelta(days=rng.randint(60, (end - done).days - 1)))
            if (end - moments[-1]).days > 60 and rng.random() < 0.3:
                moments.append(moments[-1] + timedelta(days=rng.randint(30, (end - moments[-1]).days - 1)))
        head = hh.members[0]
        problems = set(rng.sample(range(len(cat.domains)), k=rng.randint(2, 4)))
        levels = [
            rng.choice((lo, lo + 1, lo + 1, lo + 2)) if d in problems else rng.choice((hi - 1, hi, hi, hi - 2))
            for d in range(len(cat.domains))
        ]
        basis = self._basis(actor, regisseur, leader)
        for m, moment in enumerate(moments):
            if m:
                levels = [
                    min(hi, max(lo, level + (rng.choice((-1, 0, 1, 1, 1, 2)) if d in problems else 0)))
                    for d, level in enumerate(levels)
                ]
            recorded = datetime.combine(moment, time(17), tzinfo=self.tz)
            for (domain_id, _code), level in zip(cat.domains, levels, strict=True):
                self.rows.scores.append((head.inwoner_id, dossier, domain_id, level, moment, actor, "", recorded))
            self._event(dossier, recorded, actor, Kind.ZRM, "Zelfredzaamheid vastgelegd voor 1 persoon/personen")
            self._log(recorded, actor, self._k[("zrm", basis)], dossier, head.inwoner_id)
        return [cat.domains[d][0] for d in sorted(problems)]

    def _plan(self, dossier: int, hh: Household, days: list[date], reached: int, closed_on: date | None,
              close_reason: str, actor: int, domains: list[int], leader: int, regisseur: int | None) -> None:  # fmt: skip
        rng = self.rng
        agreed = days[4] if reached >= 4 else None
        head = hh.members[0]
        plan = self.ids(Plan)
        drafted = self._moment(days[3])
        self.rows.plans.append(
            (plan, dossier, rng.choice(texts.GOING_WELL), rng.choice(texts.WORRIES),
             agreed + timedelta(days=rng.randint(90, 180)) if agreed else None, agreed, head.name if agreed else "",
             datetime.combine(agreed or days[3], time(17), tzinfo=self.tz))
        )  # fmt: skip
        basis = self._basis(actor, regisseur, leader)
        self._event(dossier, drafted, actor, Kind.PLAN, "Plan opgesteld met het huishouden")
        self._log(drafted, actor, self._k[("plan", basis)], dossier)
        if agreed:
            when = self._moment(agreed)
            self._event(dossier, when, actor, Kind.PLAN, f"Plan akkoord gegeven door {head.name}")
            self._log(when, actor, self._k[("plan_update", basis)], dossier)
        goal_domains = domains or [self.catalogue.domains[rng.randrange(len(self.catalogue.domains))][0]]
        codes = dict(self.catalogue.domains)
        for order, domain_id in enumerate(goal_domains[: rng.randint(1, 2)]):
            if reached < 4:
                status = DoelStatus.OPEN.value
            elif closed_on is None:
                status = DoelStatus.BEZIG.value
            elif close_reason == CloseReason.DOELEN_BEREIKT:
                status = DoelStatus.BEREIKT.value if rng.random() < 0.85 else DoelStatus.NIET_BEREIKT.value
            else:
                status = rng.choice(
                    (DoelStatus.BEREIKT.value, DoelStatus.NIET_BEREIKT.value, DoelStatus.VERVALLEN.value)
                )
            doel = self.ids(Doel)
            goals = texts.GOAL_TEXTS.get(codes.get(domain_id, ""), texts.GOAL_TEXTS["default"])
            self.rows.doelen.append((doel, plan, domain_id, rng.choice(goals), status, order))
            self.rows.doel_persons.append((doel, head.inwoner_id))
            doers, weights = _DOERS.get(self._found, _DOERS[""])
            for _ in range(rng.randint(1, 2)):
                who = rng.choices(doers, weights)[0]
                due = (agreed or days[3]) + timedelta(days=rng.randint(14, 120))
                done_status = ActieStatus.GEDAAN if rng.random() < 0.8 else ActieStatus.VERVALLEN
                status = done_status if closed_on or due < self.today else ActieStatus.BEZIG
                if status != ActieStatus.VERVALLEN:
                    self._general |= who == Uitvoerder.ALGEMENE_VOORZIENING
                    self._network |= who in (Uitvoerder.NETWERK, Uitvoerder.VRIJWILLIGER)
                self.rows.acties.append(
                    (doel, rng.choice(texts.ACTION_TEXTS[who]), who.value, head.name if who == Uitvoerder.HUISHOUDEN else "",
                     due, status.value)
                )  # fmt: skip

    def _decisions(self, dossier: int, hh: Household, first: date, end: date, actor: int, consulent: int,
                   leader: int, regisseur: int | None, area: AreaProfile) -> None:  # fmt: skip
        """Aanvragen during uitvoering, each decided by the consulent: mostly in time, some late.

        Youth care for a child; for an adult bijzondere bijstand (more in a poorer wijk) or the Wmo, which for
        older people is almost always the Wmo. A refusal is now and then objected to (`_bezwaar`)."""
        rng, cat = self.rng, self.catalogue
        self.rows.involvements.append(
            (
                dossier,
                consulent,
                InvolvementRole.CONSULENT.value,
                datetime.combine(first, time(9), tzinfo=self.tz),
                None,
            )
        )
        basis = self._basis(consulent, regisseur, leader)
        children = [p for p in hh.members if p.rol == "kind"]
        span = max(0, (end - first).days - 1)
        head = hh.members[0]
        senior = (first - head.birth).days >= 65 * 365
        income_support = area.income_support / 4 if senior else min(0.9, 3 * area.income_support)
        for _ in range(rng.choice(AANVRAAG_COUNTS)):
            received = first + timedelta(days=rng.randint(0, span))
            if children and rng.random() < 0.6:
                law, person = Law.JEUGDWET.value, rng.choice(children)
            elif rng.random() < income_support:
                law, person = Law.PARTICIPATIEWET.value, head
            else:
                law, person = Law.WMO.value, head
            products = cat.products.get(law)
            if not products:
                continue
            product = rng.choice(products)
            code = _DECISION_TERM[law]
            label, term_basis, due, adjustments = self._deadline(code, received)
            if rng.random() < area.late_decisions:
                sent = due + timedelta(days=rng.randint(1, 20))
            else:
                sent = received + timedelta(days=rng.randint(1, max(1, (due - received).days)))
            # Decided before the dossier closed (or before today for a running one).
            sent = min(sent, end - timedelta(days=1))
            if sent < received:
                continue
            deadline = self.ids(DossierDeadline)
            self.rows.deadlines.append(
                (deadline, dossier, None, code, label, term_basis, received, due, adjustments, sent, None, "")
            )
            created = self._moment(received)
            aanvraag = self.ids(Aanvraag)
            self.rows.aanvragen.append(
                (aanvraag, dossier, person.inwoner_id, law, received, f"Aanvraag {product.name.lower()}",
                 AanvraagStatus.BESLOTEN.value, consulent, deadline, consulent, created)
            )  # fmt: skip
            self.rows.products.append((aanvraag, product.voorziening_id, ""))
            self._event(dossier, created, consulent, Kind.BESLUIT,
                        f"Aanvraag {self._label(Law, law)} ontvangen: {product.name}", f'{{"aanvraag":{aanvraag}}}')  # fmt: skip
            self._event(dossier, created, consulent, Kind.TERMIJN, f"Termijn gestart: {label}, uiterlijk {date_format(due)}",
                        f'{{"term":"{code}"}}')  # fmt: skip
            self._log(created, consulent, self._k[("aanvraag_create", basis)], dossier, aanvraag)
            if received < sent:
                self._log(self._moment(received + timedelta(days=1)), consulent, self._k_besluiten, dossier)

            granted = rng.random() < 0.85
            outcome = DecisionOutcome.TOEKENNING.value if granted else DecisionOutcome.AFWIJZING.value
            signed = self._moment(sent)
            beschikking = self.ids(Beschikking)
            objection = self._deadline(AWB_BEZWAARTERMIJN.code, sent)[2]
            self.rows.beschikkingen.append(
                (beschikking, aanvraag, self.numbers.beschikking(sent.year), outcome,
                 "Na het onderzoek en het gesprek met het huishouden is deze voorziening passend." if granted
                 else "Het netwerk en algemene voorzieningen bieden voldoende oplossing.",
                 _LEGAL_BASIS[law], law == Law.WMO.value, BeschikkingStatus.VERZONDEN.value, consulent, signed,
                 consulent, signed, sent, objection, 3)
            )  # fmt: skip
            regel = self.ids(BeschikkingRegel)
            start = sent + timedelta(days=rng.randint(0, 14)) if granted else None
            stop = start + timedelta(days=rng.choice((91, 182, 364))) if start else None
            volume = _volume(rng, product) if granted else None
            aanbieder = product.aanbieder_id if granted and law in _ALLOCATED_LAWS else None
            amount = _amount(product, volume, start, stop) if volume and start and stop else Decimal("0")
            if granted:
                self._laws.add(law)
            self.rows.regels.append(
                (regel, beschikking, product.voorziening_id, granted, volume, product.unit if granted else "",
                 product.frequency if granted else "", start, stop, Leveringsvorm.ZIN.value, aanbieder,
                 amount, "" if granted else "Voorliggende voorzieningen volstaan.")
            )  # fmt: skip
            self._event(dossier, signed, consulent, Kind.BESLUIT,
                        f"Beschikking verzonden; bezwaar kan tot en met {date_format(objection)}",
                        f'{{"beschikking":{beschikking}}}')  # fmt: skip
            self._event(dossier, signed, consulent, Kind.TERMIJN, f"Termijn gehaald: {label}")
            self._log(signed, consulent, self._k[("aanvraag", basis)], dossier, aanvraag)
            self._log(signed, consulent, self._k[("beschikking_send", basis)], dossier, beschikking)
            looked = sent + timedelta(days=rng.randint(1, 20))
            if looked < end:
                self._log(self._moment(looked), actor, self._k[("beschikking", self._basis(actor, regisseur, leader))],
                          dossier, beschikking)  # fmt: skip
            if aanbieder is not None and start is not None and stop is not None and product.unit:
                ended = stop < self.today
                self.rows.toewijzingen.append(
                    (self.catalogue.gemeente_id, law, self.numbers.toewijzing(law), person.inwoner_id, dossier,
                     aanbieder, product.voorziening_id, regel, start, stop, volume, product.unit, product.frequency,
                     signed, DeliveryStatus.GESTOPT.value if ended else DeliveryStatus.GESTART.value,
                     start if start < self.today else None, stop if ended else None, False, 1)
                )  # fmt: skip
            if rng.random() < (BEZWAAR_AGAINST_GRANT if granted else BEZWAAR_AGAINST_REFUSAL):
                self._bezwaar(dossier, beschikking, sent, objection, end, consulent, area)

    def _bezwaar(self, dossier: int, beschikking: int, sent: date, objection: date, end: date, consulent: int,
                 area: AreaProfile) -> None:  # fmt: skip
        """An objection lodged while the dossier ran (decisions.bezwaar registers none on a closed dossier), with
        its decision term from the end of the objection term (Awb 7:10) and the decision on it, as
        `register_bezwaar` and `decide_bezwaar` leave them. A late objection is niet-ontvankelijk."""
        rng = self.rng
        late = rng.random() < 0.05
        lodged = objection + timedelta(days=rng.randint(1, 20)) if late else sent + timedelta(days=rng.randint(3, 40))
        if lodged >= end:
            return
        committee = rng.random() < 0.3
        code = decision_term(committee).code
        label, term_basis, due, adjustments = self._deadline(code, max(objection, lodged))
        outcome = (
            BezwaarOutcome.NIET_ONTVANKELIJK.value
            if late
            else rng.choices(list(BEZWAAR_OUTCOMES), list(BEZWAAR_OUTCOMES.values()))[0]
        )
        if outcome == BezwaarOutcome.INGETROKKEN:
            decided = lodged + timedelta(days=rng.randint(7, 50))
        elif rng.random() < 0.1 * area.lead_time:
            decided = due + timedelta(days=rng.randint(1, 45))
        else:
            decided = due - timedelta(days=rng.randint(0, max(0, (due - lodged).days - 1)))
        decided_on: date | None = decided
        if decided >= self.today:
            # Not decided yet: only on a dossier still running (a closed one would hold an open term).
            if self._still_open:
                outcome, decided_on = "", None
                self._next_due = min(due, self._next_due or due)
            else:
                decided_on = max(lodged, self.today - timedelta(days=1))
        deadline = self.ids(DossierDeadline)
        self.rows.deadlines.append(
            (deadline, dossier, None, code, label, term_basis, max(objection, lodged), due, adjustments, decided_on,
             None, "")
        )  # fmt: skip
        bezwaar = self.ids(Bezwaar)
        registered = self._moment(lodged)
        self.rows.bezwaren.append(
            (bezwaar, beschikking, lodged, rng.choice(texts.SUBMITTERS), rng.choice(texts.BEZWAAR_GROUNDS), committee,
             late, BezwaarStatus.AFGEHANDELD.value if decided_on else BezwaarStatus.IN_BEHANDELING.value, outcome,
             decided_on, _BEZWAAR_NOTES.get(outcome, ""), deadline, consulent, registered)
        )  # fmt: skip
        summary = f"Bezwaar ontvangen tegen de beschikking; beslissen uiterlijk {date_format(due)}"
        self._event(dossier, registered, consulent, Kind.BEZWAAR,
                    summary + (" (na de bezwaartermijn ontvangen)" if late else ""),
                    f'{{"bezwaar":{bezwaar},"beschikking":{beschikking}}}')  # fmt: skip
        self._event(dossier, registered, consulent, Kind.TERMIJN,
                    f"Termijn gestart: {label}, uiterlijk {date_format(due)}", f'{{"term":"{code}"}}')  # fmt: skip
        if decided_on:
            when = self._moment(decided_on)
            met = "Termijn gehaald" if decided_on <= due else "Termijn te laat gehaald"
            self._event(dossier, when, consulent, Kind.TERMIJN, f"{met}: {label}")
            self._event(dossier, when, consulent, Kind.BEZWAAR,
                        f"Beslissing op bezwaar tegen de beschikking: {self._label(BezwaarOutcome, outcome).lower()}",
                        f'{{"bezwaar":{bezwaar},"outcome":"{outcome}"}}')  # fmt: skip


def _volume(rng: random.Random, product: Product) -> int:
    """A plausible omvang: hours or dagdelen per week, rides or nights per month, euros for a one-off amount."""
    if product.unit == Unit.EURO or product.law == Law.PARTICIPATIEWET:
        return rng.randint(150, 1500) if product.law == Law.PARTICIPATIEWET else rng.randint(500, 12_000)
    low, high = _VOLUMES.get((product.unit, product.frequency), (1, 6))
    return rng.randint(low, high)


def _amount(product: Product, volume: int, start: date, end: date) -> Decimal:
    """Tariff × omvang × periods, as `decisions.services.estimate_amount` stores it when a decision is prepared."""
    periods = periods_in(product.frequency or Frequency.TOTAAL, start, end)
    if product.unit == Unit.EURO or product.law == Law.PARTICIPATIEWET:
        return Decimal(volume * periods)
    return (Decimal(product.cents * volume * periods) / 100).quantize(Decimal("0.01"))


@dataclass
class _Chunk:
    """One chunk as drawn: COPY text per table (PostgreSQL) or the rows, its log lines and counts."""

    households: int
    counts: dict[str, int]
    log: dict[int, tuple[str, int]]
    copy: list[bytes] | None = None
    rows: Rows | None = None


@dataclass
class _Drawing:
    """What every chunk is drawn with; set before the workers fork (they read it from there)."""

    seed: int
    writer: HistoryWriter
    bases: dict[type[Model], int]
    #: PostgreSQL: how each table's rows become COPY text. None: rows are handed back as they are.
    specs: list[CopySpec] | None
    transformer: object
    numbers: Numbers | None


_drawing: _Drawing | None = None


def _draw_chunk(index: int, households: Sequence[Household]) -> _Chunk:
    """Chunk `index`: its own random generator, its own id blocks; nothing read from other chunks."""
    drawing = _drawing
    assert drawing is not None
    writer = drawing.writer
    writer.rng = random.Random(f"{drawing.seed}:history:{index}")
    writer.ids = BlockIds(drawing.bases, index)
    writer.numbers = drawing.numbers or NumberMarks()
    writer.spool = lines = LineBuffer()
    writer.rows = rows = Rows()
    for hh in households:
        writer.write(hh)
    chunk = _Chunk(len(households), rows.counts(), lines.texts())
    if drawing.specs is None:
        chunk.rows = rows
    else:
        chunk.copy = rows.to_copy(drawing.specs, drawing.transformer)
    return chunk


def _copy_chunk(specs: list[CopySpec], blocks: list[bytes]) -> None:
    for spec, data in zip(specs, blocks, strict=True):
        copy_formatted(spec, data)


def write_history(
    *,
    seed: int,
    today: date,
    years: int,
    residents: int,
    organisation: Organisation,
    calendar: AtwCalendar,
    ids: IdAllocator,
    spool: LogSpool,
    on_start: Callable[[int], object] = lambda _n: None,
    on_written: Callable[[int], object] = lambda _n: None,
    workers: int | None = None,
) -> dict[str, int]:
    """Draw and write the history dossiers chunk by chunk; the log lines go to `spool`.

    On PostgreSQL the chunks are drawn by `workers` processes (default: `default_workers`) as COPY
    text, numbered in chunk order here and written by a second thread while the next ones are drawn.
    The rows are the same for any number of workers. Elsewhere (SQLite) they are drawn here.
    """
    global _drawing
    wanted = history_dossier_count(residents, years)
    count, chunks = select_households(seed, wanted, organisation, today)
    on_start(count)
    chunk_count = -(-count // CHUNK)
    bases = {model: ids.reserve(model, per * CHUNK * chunk_count) for model, per in _IDS_PER_HOUSEHOLD.items()}
    numbers = Numbers()
    postgres = connection.vendor == "postgresql"
    if not postgres:
        workers = 0
    elif workers is None:
        workers = default_workers() if chunk_count > 2 else 0
    writer = HistoryWriter(
        today=today,
        years=years,
        calendar=calendar,
        teams=organisation.teams,
        catalogue=Catalogue.load(today),
        ids=ids,
        numbers=numbers,
        spool=spool,
        profiles=[profile(name) for name in organisation.wijk_names],
    )
    _drawing = _Drawing(
        seed=seed,
        writer=writer,
        bases=bases,
        specs=[copy_spec(model, columns, raw) for _attr, model, columns, raw in _tables()] if postgres else None,
        transformer=copy_transformer() if postgres else None,
        # Drawn here, numbers can be given at once; drawn in a worker they are filled in afterwards.
        numbers=None if postgres else numbers,
    )
    totals: dict[str, int] = {}
    try:
        # Chunk n+1 is drawn while chunk n is written (the rows of a chunk are not touched once it is done).
        with ChunkPool(_draw_chunk, workers) as pool, BackgroundWriter() as background:
            for chunk in pool.results(chunks):
                if chunk.copy is not None:
                    specs = _drawing.specs
                    assert specs is not None
                    blocks = [fill_numbers(data, numbers) for data in chunk.copy]
                    background.submit(partial(_copy_chunk, specs, blocks))
                elif chunk.rows is not None:
                    background.submit(chunk.rows.write)
                for month, (text, lines) in chunk.log.items():
                    spool.add_lines(month, text, lines)
                for key, value in chunk.counts.items():
                    totals[key] = totals.get(key, 0) + value
                on_written(chunk.households)
    finally:
        _drawing = None
    return totals
