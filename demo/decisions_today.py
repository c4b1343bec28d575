"""Today's open decision work on today's dossiers: aanvragen to decide, beschikkingen to sign or send,
bezwaren in behandeling and providers' requests (315) waiting for an answer.

The history (demo/history.py) holds only decided aanvragen, so without this the consulent's
worklists (`/besluiten/`, `/berichten/`) are empty and a benchmark times empty pages. Here every
dossier of today in plan or uitvoering with a consulent involved may get what a real team has open
at any moment, in the shape the services would have left it: an aanvraag ``ingediend`` with its
decision term started on the day of receipt (the deadline engine computes the due date), a
beschikking in concept, waiting for a second signature (the preparer's mandate does not cover the
amount) or vastgesteld and waiting to be sent, a bezwaar against a sent refusal with its decision
term, and a 315 from a contracted provider with its open answer task.

Rows are drawn from their own random generator (seed, "besluiten van nu") in dossier order, so the
result depends only on the seed, the peildatum and the dossiers; they are written in bulk.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Min
from django.utils.formats import date_format

from accounts.models import Role, User
from allocations.models import Bericht, BerichtStatus, BerichtTaak, Direction, TaakSoort
from catalogue.codes import Frequency, Law, Unit
from catalogue.models import Aanbieder, Voorziening
from core.formatting import euro
from deadlines.atw import AtwCalendar
from deadlines.norms import effective_term
from deadlines.terms import AWB_BEZWAARTERMIJN, Deadline, compute_deadline
from decisions.bezwaar import decision_term, decision_term_start
from decisions.models import (
    AangevraagdProduct,
    Aanvraag,
    AanvraagStatus,
    Beschikking,
    BeschikkingRegel,
    BeschikkingStatus,
    Bezwaar,
    BezwaarStatus,
    Leveringsvorm,
    Mandate,
    Outcome,
)
from decisions.services import DECISION_TERM, DEFAULT_LEGAL_BASIS, periods_in
from demo import texts
from demo.bulk import IdAllocator, insert_instances, insert_rows, reset_sequences
from demo.casework import EVENT_COLUMNS, office_moment
from demo.history import Numbers
from dossiers.models import Dossier, DossierDeadline, Involvement, InvolvementRole, TimelineEvent
from dossiers.suspensions import not_held
from dossiers.transitions import Status
from istandaarden.kinds import MessageKind
from istandaarden.reading import MessageError
from istandaarden.rendering import leaf, render_message, required_group, xsd_versie
from istandaarden.schemas import SchemaSet
from residents.models import HuishoudenLid

Kind = TimelineEvent.Kind

#: Of the dossiers in plan or uitvoering with a consulent: share with an aanvraag waiting for a decision,
#: and share of those with a second one (another person or law).
OPEN_AANVRAAG = 0.65
SECOND_AANVRAAG = 0.15
#: What lies on an open aanvraag: nothing yet, a concept, a beschikking waiting for a second signature, or
#: one signed and waiting to be sent.
STAGES: tuple[tuple[str | None, int], ...] = (
    (None, 55),
    (BeschikkingStatus.CONCEPT, 20),
    (BeschikkingStatus.TWEEDE_HANDTEKENING, 10),
    (BeschikkingStatus.VASTGESTELD, 15),
)
#: Share of those dossiers with a bezwaar in behandeling against an earlier refusal.
BEZWAAR_SHARE = 0.06
#: Share of those dossiers whose provider has asked for an allocation (315) that is not answered yet.
VERZOEK_SHARE = 0.5
#: The first dossiers of the demo login `consulent` show every shape, also in the smallest demo.
SHOWCASE: tuple[tuple[str, ...], ...] = (
    ("ingediend", "tweede_handtekening", "verzoek"),
    ("concept", "vastgesteld", "bezwaar", "verzoek"),
)


@dataclass(frozen=True)
class Product:
    """A maatwerk product as the decisions need it: tariff, provider and iStandaard code."""

    voorziening_id: int
    law: str
    name: str
    unit: str
    frequency: str
    category: str
    code: str
    aanbieder_id: int | None
    cents: int


@dataclass(frozen=True)
class Person:
    inwoner_id: int
    bsn: str
    birth: date
    surname: str
    child: bool


@dataclass(frozen=True)
class Case:
    """A dossier that may get open decision work: its consulent and the household."""

    dossier_id: int
    consulent_id: int
    members: tuple[Person, ...]


@dataclass
class Rows:
    deadlines: list[DossierDeadline] = field(default_factory=list)
    aanvragen: list[Aanvraag] = field(default_factory=list)
    products: list[AangevraagdProduct] = field(default_factory=list)
    beschikkingen: list[Beschikking] = field(default_factory=list)
    regels: list[BeschikkingRegel] = field(default_factory=list)
    bezwaren: list[Bezwaar] = field(default_factory=list)
    berichten: list[Bericht] = field(default_factory=list)
    taken: list[BerichtTaak] = field(default_factory=list)
    events: list[tuple[object, ...]] = field(default_factory=list)

    def write(self) -> None:
        for model, objects in (
            (DossierDeadline, self.deadlines),
            (Aanvraag, self.aanvragen),
            (AangevraagdProduct, self.products),
            (Beschikking, self.beschikkingen),
            (BeschikkingRegel, self.regels),
            (Bezwaar, self.bezwaren),
            (Bericht, self.berichten),
            (BerichtTaak, self.taken),
        ):
            insert_instances(model, objects)
        insert_rows(TimelineEvent, EVENT_COLUMNS, self.events)

    def counts(self) -> dict[str, int]:
        open_aanvragen = sum(1 for a in self.aanvragen if a.status == AanvraagStatus.INGEDIEND)
        return {
            "open_aanvragen": open_aanvragen,
            "open_beschikkingen": sum(1 for b in self.beschikkingen if b.status != BeschikkingStatus.VERZONDEN),
            "open_bezwaren": len(self.bezwaren),
            "open_berichttaken": len(self.taken),
        }


def load_cases(up_to_dossier: int | None) -> list[Case]:
    """Dossiers of today in plan or uitvoering with a consulent involved, in dossier order."""
    involvements = Involvement.objects.filter(
        role=InvolvementRole.CONSULENT,
        end__isnull=True,
        dossier__status__in=[Status.PLAN, Status.UITVOERING],
    )
    if up_to_dossier is not None:
        involvements = involvements.filter(dossier_id__lte=up_to_dossier)
    consulent_of: dict[int, tuple[int, int]] = {}
    for dossier_id, user_id, huishouden_id in involvements.order_by("dossier_id", "pk").values_list(
        "dossier_id", "user_id", "dossier__huishouden_id"
    ):
        consulent_of.setdefault(dossier_id, (user_id, huishouden_id))
    households = {hh for _u, hh in consulent_of.values()}
    members: dict[int, list[Person]] = {}
    leden = (
        HuishoudenLid.objects.filter(huishouden_id__in=households, end__isnull=True)
        .order_by("huishouden_id", "inwoner__geboortedatum", "inwoner_id")
        .values_list(
            "huishouden_id", "rol", "inwoner_id", "inwoner__bsn", "inwoner__geboortedatum", "inwoner__achternaam"
        )
    )
    for hh, rol, inwoner, bsn, birth, surname in leden:
        members.setdefault(hh, []).append(Person(inwoner, bsn or "", birth, surname, rol == "kind"))
    return [
        Case(dossier, user, tuple(members[hh]))
        for dossier, (user, hh) in sorted(consulent_of.items())
        if members.get(hh)
    ]


def load_products() -> dict[str, list[Product]]:
    """Active maatwerk products per law with their first tariff and first contracted provider."""
    from catalogue.models import Contract, Tarief

    tariffs: dict[int, Decimal] = {}
    for voorziening_id, amount in Tarief.objects.order_by("voorziening_id", "-valid_from").values_list(
        "voorziening_id", "amount"
    ):
        tariffs.setdefault(voorziening_id, amount)
    providers: dict[int, int] = {}
    for voorziening_id, aanbieder_id in Contract.objects.order_by("voorziening_id", "aanbieder_id").values_list(
        "voorziening_id", "aanbieder_id"
    ):
        providers.setdefault(voorziening_id, aanbieder_id)
    products: dict[str, list[Product]] = {}
    for v in Voorziening.objects.filter(kind="maatwerk", active=True).order_by("id"):
        products.setdefault(v.law, []).append(
            Product(
                v.pk,
                v.law,
                v.name,
                v.unit,
                v.frequency,
                v.product_category,
                v.product_code,
                providers.get(v.pk),
                int(tariffs.get(v.pk, Decimal("10")) * 100),
            )
        )
    return products


class Drawer:
    """Draws the open work of one case after another; every row goes into `rows`."""

    def __init__(
        self,
        *,
        seed: int,
        today: date,
        calendar: AtwCalendar,
        ids: IdAllocator,
        products: dict[str, list[Product]],
        limits: dict[str, Decimal],
        providers: dict[int, str],
        gemeentecode: str,
        schemas: SchemaSet | None,
    ) -> None:
        self.rng = random.Random(f"{seed}-besluiten-van-nu")
        self.today = today
        self.calendar = calendar
        self.ids = ids
        self.products = products
        self.limits = limits
        self.providers = providers
        self.gemeentecode = gemeentecode
        self.schemas = schemas
        self.numbers = Numbers()
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.rows = Rows()
        self._deadlines: dict[tuple[str, date], Deadline] = {}
        self.touched: set[int] = set()

    # -- helpers ------------------------------------------------------------------------------
    def deadline(self, code: str, start: date) -> Deadline:
        """The engine's due date, as `dossiers.services.start_deadline` computes it."""
        key = (code, start)
        if key not in self._deadlines:
            self._deadlines[key] = compute_deadline(effective_term(code), start, self.calendar)
        return self._deadlines[key]

    def at(self, day: date, hour: int | None = None) -> datetime:
        return office_moment(self.rng, self.today, self.tz, day, hour)

    def event(self, dossier: int, when: datetime, actor: int, kind: str, summary: str, **data: object) -> None:
        self.rows.events.append((dossier, when, actor, kind, summary[:300], "", data))

    def start_term(self, dossier: int, code: str, start: date, actor: int, met: date | None = None) -> DossierDeadline:
        computed = self.deadline(code, start)
        row = DossierDeadline(
            id=self.ids(DossierDeadline),
            dossier_id=dossier,
            term_code=computed.term.code,
            label=computed.term.label,
            basis=computed.term.basis,
            start=start,
            due=computed.due,
            adjustments=list(computed.adjustments),
            met_on=met,
        )
        self.rows.deadlines.append(row)
        self.event(
            dossier,
            self.at(start, 17),
            actor,
            Kind.TERMIJN,
            f"Termijn gestart: {row.label}, uiterlijk {date_format(row.due)}",
            term=row.term_code,
        )
        if met is not None:
            self.event(dossier, self.at(met, 17), actor, Kind.TERMIJN, f"Termijn gehaald: {row.label}")
        return row

    def pick_law(self, case: Case) -> tuple[str, Person]:
        rng = self.rng
        children = [p for p in case.members if p.child]
        if children and rng.random() < 0.4 and self.products.get(Law.JEUGDWET):
            return Law.JEUGDWET, rng.choice(children)
        adults = [p for p in case.members if not p.child] or list(case.members)
        if rng.random() < 0.12 and self.products.get(Law.PARTICIPATIEWET):
            return Law.PARTICIPATIEWET, adults[0]
        return Law.WMO, adults[0]

    def amount(self, product: Product, volume: int, start: date, end: date) -> Decimal:
        periods = periods_in(product.frequency or Frequency.TOTAAL, start, end)
        if product.unit == Unit.EURO or product.law == Law.PARTICIPATIEWET:
            return Decimal(volume * periods)
        return (Decimal(product.cents * volume * periods) / 100).quantize(Decimal("0.01"))

    # -- shapes -------------------------------------------------------------------------------
    def aanvraag(self, case: Case, stage: str | None) -> None:
        rng = self.rng
        law, person = self.pick_law(case)
        products = self.products[law]
        if stage == BeschikkingStatus.TWEEDE_HANDTEKENING:
            # Beyond the consulent's mandate: the most costly product of the law (see `beschikking`).
            product = max(products, key=lambda p: p.cents)
        else:
            product = rng.choice(products)
        code = DECISION_TERM[Law(law)]
        term = effective_term(code)
        # Received within the term mostly; some are already past it (the worklist shows them red).
        span = max(1, (self.deadline(code, self.today).due - self.today).days)
        received = self.today - timedelta(days=rng.randint(0, span + max(2, span // 6)))
        spoed = law == Law.WMO and rng.random() < 0.05
        deadline = self.start_term(case.dossier_id, term.code, received, case.consulent_id)
        aanvraag = self.received(case, person, law, product, received, deadline, AanvraagStatus.INGEDIEND, spoed=spoed)
        if stage is not None:
            self.beschikking(case, aanvraag, product, stage)

    def beschikking(self, case: Case, aanvraag: Aanvraag, product: Product, stage: str) -> None:
        rng = self.rng
        prepared_on = aanvraag.received_on + timedelta(
            days=rng.randint(0, max(0, (self.today - aanvraag.received_on).days))
        )
        refused = stage == BeschikkingStatus.CONCEPT and rng.random() < 0.2
        start = self.today + timedelta(days=rng.randint(0, 14))
        end = start + timedelta(days=rng.choice((182, 364))) - timedelta(days=1)
        if product.unit == Unit.EURO or product.law == Law.PARTICIPATIEWET:
            volume = rng.randint(150, 1500)
        else:
            volume = rng.randint(1, 6)
        amount = self.amount(product, volume, start, end)
        limit = self.limits.get(product.law)
        four_eyes = ""
        if stage == BeschikkingStatus.TWEEDE_HANDTEKENING:
            # A decision beyond the consulent's mandate: the largest plausible omvang for a year.
            volume = 3000 if product.unit == Unit.EURO or product.law == Law.PARTICIPATIEWET else 8
            end = start + timedelta(days=363)
            amount = self.amount(product, volume, start, end)
            if limit is None or amount <= limit:
                stage = BeschikkingStatus.CONCEPT
            else:
                four_eyes = (
                    f"Het geraamde bedrag ({euro(amount)}) is hoger dan het mandaat van de rol "
                    f"{Role.CONSULENT.label} ({euro(limit)})."
                )
        elif limit is not None and amount > limit:
            volume = max(1, math.floor(volume * limit / amount))
            amount = self.amount(product, volume, start, end)
        outcome = Outcome.AFWIJZING if refused else Outcome.TOEKENNING
        prepared = self.at(prepared_on)
        signed = self.at(prepared_on, 16) if stage != BeschikkingStatus.CONCEPT else None
        beschikking = Beschikking(
            id=self.ids(Beschikking),
            aanvraag_id=aanvraag.pk,
            number=self.numbers.beschikking(prepared_on.year),
            outcome=outcome,
            motivation=rng.choice(texts.MOTIVATIONS[outcome]),
            legal_basis=DEFAULT_LEGAL_BASIS[Law(product.law)],
            eigen_bijdrage=product.law == Law.WMO and not refused,
            status=stage,
            prepared_by_id=case.consulent_id,
            prepared_at=prepared,
            first_signer_id=case.consulent_id if signed else None,
            first_signed_at=signed,
            four_eyes_reason=four_eyes,
            version=1 if signed is None else 2,
        )
        self.rows.beschikkingen.append(beschikking)
        self._regel(beschikking, product, not refused, volume, start, end, amount)
        self.event(
            case.dossier_id,
            prepared,
            case.consulent_id,
            Kind.BESLUIT,
            f"Beschikking {beschikking.number} voorbereid: {Outcome(outcome).label}",
            beschikking=beschikking.pk,
        )
        if signed is not None:
            summary = (
                f"Beschikking {beschikking.number} ondertekend; wacht op een tweede handtekening"
                if four_eyes
                else f"Beschikking {beschikking.number} ondertekend en vastgesteld"
            )
            self.event(case.dossier_id, signed, case.consulent_id, Kind.BESLUIT, summary, beschikking=beschikking.pk)

    def _regel(
        self, beschikking: Beschikking, product: Product, granted: bool, volume: int, start: date, end: date,
        amount: Decimal,
    ) -> None:  # fmt: skip
        allocated = granted and product.law in (Law.WMO, Law.JEUGDWET)
        self.rows.regels.append(
            BeschikkingRegel(
                id=self.ids(BeschikkingRegel),
                beschikking_id=beschikking.pk,
                voorziening_id=product.voorziening_id,
                granted=granted,
                volume=volume if granted else None,
                unit=product.unit if granted else "",
                frequency=product.frequency if granted else "",
                start=start if granted else None,
                end=end if granted else None,
                leveringsvorm=Leveringsvorm.ZIN,
                aanbieder_id=product.aanbieder_id if allocated else None,
                estimated_amount=amount if granted else Decimal("0"),
                rejection_reason="" if granted else self.rng.choice(texts.REJECTION_REASONS),
            )
        )

    def received(
        self,
        case: Case,
        person: Person,
        law: str,
        product: Product,
        received: date,
        deadline: DossierDeadline,
        status: str,
        *,
        spoed: bool = False,
    ) -> Aanvraag:
        """An aanvraag received on `received` for `product`, with its requested product and timeline event."""
        rng = self.rng
        aanvraag = Aanvraag(
            id=self.ids(Aanvraag),
            dossier_id=case.dossier_id,
            inwoner_id=person.inwoner_id,
            law=law,
            received_on=received,
            description=rng.choice(texts.AANVRAAG_TEXTS[law]),
            spoed=spoed,
            spoed_reason=rng.choice(texts.SPOED_REASONS) if spoed else "",
            status=status,
            consulent_id=case.consulent_id,
            deadline=deadline,
            created_by_id=case.consulent_id,
            created_at=self.at(received),
        )
        self.rows.aanvragen.append(aanvraag)
        self.rows.products.append(AangevraagdProduct(aanvraag_id=aanvraag.pk, voorziening_id=product.voorziening_id))
        self.event(
            case.dossier_id,
            aanvraag.created_at,
            case.consulent_id,
            Kind.BESLUIT,
            f"Aanvraag {Law(law).label} ontvangen: {product.name}",
            aanvraag=aanvraag.pk,
        )
        return aanvraag

    def bezwaar(self, case: Case) -> None:
        """A refusal sent some weeks ago and the objection against it, in behandeling."""
        rng = self.rng
        law, person = self.pick_law(case)
        product = rng.choice(self.products[law])
        code = DECISION_TERM[Law(law)]
        received = self.today - timedelta(days=rng.randint(40, 110))
        due = self.deadline(code, received).due
        sent = min(
            received + timedelta(days=rng.randint(3, max(3, (due - received).days))), self.today - timedelta(days=7)
        )
        term = self.start_term(case.dossier_id, code, received, case.consulent_id, met=sent)
        aanvraag = self.received(case, person, law, product, received, term, AanvraagStatus.BESLOTEN)
        objection_until = self.deadline(AWB_BEZWAARTERMIJN.code, sent).due
        moment = self.at(sent)
        beschikking = Beschikking(
            id=self.ids(Beschikking),
            aanvraag_id=aanvraag.pk,
            number=self.numbers.beschikking(sent.year),
            outcome=Outcome.AFWIJZING,
            motivation=rng.choice(texts.MOTIVATIONS[Outcome.AFWIJZING]),
            legal_basis=DEFAULT_LEGAL_BASIS[Law(law)],
            status=BeschikkingStatus.VERZONDEN,
            prepared_by_id=case.consulent_id,
            prepared_at=moment,
            first_signer_id=case.consulent_id,
            first_signed_at=moment,
            sent_on=sent,
            objection_until=objection_until,
            version=3,
        )
        self.rows.beschikkingen.append(beschikking)
        self._regel(beschikking, product, False, 0, sent, sent, Decimal("0"))
        self.event(case.dossier_id, moment, case.consulent_id, Kind.BESLUIT,
                   f"Beschikking {beschikking.number} verzonden; bezwaar kan tot en met {date_format(objection_until)}",
                   beschikking=beschikking.pk)  # fmt: skip
        # Mostly within the six weeks; now and then a late one (flagged, usually niet-ontvankelijk).
        lodged = sent + timedelta(days=rng.randint(5, 55))
        lodged = min(lodged, self.today)
        committee = rng.random() < 0.3
        late = lodged > objection_until
        bezwaar_term = self.start_term(
            case.dossier_id, decision_term(committee).code, decision_term_start(beschikking, lodged),
            case.consulent_id,
        )  # fmt: skip
        registered = self.at(lodged)
        self.rows.bezwaren.append(
            Bezwaar(
                id=self.ids(Bezwaar),
                beschikking_id=beschikking.pk,
                received_on=lodged,
                submitted_by=rng.choice(texts.SUBMITTERS),
                grounds=rng.choice(texts.BEZWAAR_GROUNDS),
                committee=committee,
                late=late,
                status=BezwaarStatus.IN_BEHANDELING,
                deadline=bezwaar_term,
                registered_by_id=case.consulent_id,
                registered_at=registered,
            )
        )
        summary = f"Bezwaar ontvangen tegen beschikking {beschikking.number}; beslissen uiterlijk {date_format(bezwaar_term.due)}"
        if late:
            summary += " (na de bezwaartermijn ontvangen)"
        self.event(case.dossier_id, registered, case.consulent_id, Kind.BEZWAAR, summary,
                   beschikking=beschikking.pk, committee=committee, late=late)  # fmt: skip

    def verzoek(self, case: Case) -> None:
        """A provider asks for an allocation (315) for a client of the dossier; the answer is due in 5 working days."""
        rng = self.rng
        if self.schemas is None:
            return
        law, person = self.pick_law(case)
        if law == Law.PARTICIPATIEWET:
            law = Law.WMO
            person = next((p for p in case.members if not p.child), case.members[0])
        candidates = [p for p in self.products.get(law, []) if p.aanbieder_id and p.code]
        if not candidates:
            return
        product = rng.choice(candidates)
        agb = self.providers.get(product.aanbieder_id or 0)
        if not agb or not person.bsn:
            return
        received = self.today - timedelta(days=rng.randint(0, 9))
        kind = MessageKind("WMO" if law == Law.WMO else "JW", "315")
        bericht_id = self.ids(Bericht)
        identificatie = f"A{bericht_id:09d}"
        start = received + timedelta(days=rng.randint(7, 21))
        try:
            content = self._render_315(kind, agb, identificatie, received, person, product, start)
        except MessageError:
            return
        created = self.at(received)
        self.rows.berichten.append(
            Bericht(
                id=bericht_id,
                direction=Direction.IN,
                kind=kind.name,
                file_name=f"{kind.name}_{agb}_{identificatie}.xml",
                content=content,
                status=BerichtStatus.GEACCEPTEERD,
                identificatie=identificatie,
                dagtekening=received,
                afzender=agb,
                ontvanger=self.gemeentecode,
                aanbieder_id=product.aanbieder_id,
                inwoner_id=person.inwoner_id,
                dossier_id=case.dossier_id,
                summary=f"Verzoek om toewijzing: 1 product(en) gevraagd ({product.code}).",
                created_at=created,
            )
        )
        self.rows.taken.append(
            BerichtTaak(
                bericht_id=bericht_id,
                soort=TaakSoort.ANTWOORD_VERZOEK,
                term_code="ISTD_ANTWOORD_VERZOEK",
                due=self.deadline("ISTD_ANTWOORD_VERZOEK", received).due,
                inwoner_id=person.inwoner_id,
            )
        )

    def _render_315(
        self, kind: MessageKind, agb: str, identificatie: str, received: date, person: Person, product: Product,
        start: date,
    ) -> bytes:  # fmt: skip
        assert self.schemas is not None
        header = required_group(
            "Header",
            leaf("BerichtCode", kind.berichtcode),
            leaf("BerichtVersie", "3"),
            leaf("BerichtSubversie", "2"),
            leaf("Afzender", agb),
            leaf("Ontvanger", self.gemeentecode),
            required_group("BerichtIdentificatie", leaf("Identificatie", identificatie), leaf("Dagtekening", received)),
            xsd_versie("XsdVersie", kind, self.schemas),
        )
        asked = required_group(
            "AangevraagdProduct",
            leaf("ReferentieAanbieder", f"R{identificatie}"),
            required_group("Product", leaf("Categorie", product.category), leaf("Code", product.code)),
            leaf("ToewijzingIngangsdatum", start),
            leaf("ToewijzingEinddatum", start + timedelta(days=181)),
            required_group(
                "Omvang",
                leaf("Volume", self.rng.randint(1, 6)),
                leaf("Eenheid", product.unit),
                leaf("Frequentie", product.frequency),
            ),
            required_group("Verwijzer", leaf("Type", "02"), leaf("Naam", self.rng.choice(texts.VERWIJZERS))),
        )
        client = required_group(
            "Client",
            leaf("Bsn", person.bsn),
            required_group("Geboortedatum", leaf("Datum", person.birth)),
            leaf("Geslacht", "0"),
            required_group("Naam", required_group("Geslachtsnaam", leaf("Achternaam", person.surname))),
            required_group("AangevraagdeProducten", asked),
        )
        return render_message(kind, required_group("Bericht", header, client), self.schemas)

    # -- one case -----------------------------------------------------------------------------
    def draw(self, case: Case, showcase: tuple[str, ...] | None) -> None:
        rng = self.rng
        shapes: list[str]
        if showcase is not None:
            shapes = list(showcase)
        else:
            shapes = []
            if rng.random() < OPEN_AANVRAAG:
                shapes.append(self._stage_name())
                if rng.random() < SECOND_AANVRAAG:
                    shapes.append(self._stage_name())
            if rng.random() < BEZWAAR_SHARE:
                shapes.append("bezwaar")
            if rng.random() < VERZOEK_SHARE:
                shapes.append("verzoek")
        for shape in shapes:
            if shape == "bezwaar":
                self.bezwaar(case)
            elif shape == "verzoek":
                self.verzoek(case)
            else:
                self.aanvraag(case, None if shape == "ingediend" else shape)
        if shapes:
            self.touched.add(case.dossier_id)

    def _stage_name(self) -> str:
        stage = self.rng.choices([s for s, _w in STAGES], [w for _s, w in STAGES])[0]
        return stage or "ingediend"


def _schemas() -> SchemaSet | None:
    """The iStandaarden XSDs when the operator installed them; without them no 315s are drawn."""
    try:
        schemas = SchemaSet(settings.ISTANDAARDEN_XSD_DIR)
    except (MessageError, OSError, ValueError):
        return None
    return schemas if all(schemas.has(MessageKind(s, "315")) for s in ("WMO", "JW")) else None


def refresh_next_deadlines(dossier_ids: Iterable[int]) -> None:
    """`Dossier.next_deadline` of the touched dossiers again the earliest open, not held term (as the services keep it)."""
    ids = list(dossier_ids)
    earliest = dict(
        not_held(DossierDeadline.objects.filter(dossier_id__in=ids, met_on__isnull=True, cancelled_on__isnull=True))
        .values("dossier_id")
        .annotate(first=Min("due"))
        .values_list("dossier_id", "first")
    )
    dossiers = list(Dossier.objects.filter(pk__in=ids).only("pk", "next_deadline"))
    for dossier in dossiers:
        dossier.next_deadline = earliest.get(dossier.pk)
    Dossier.objects.bulk_update(dossiers, ["next_deadline"], batch_size=500)


def write_decisions_today(
    *,
    seed: int,
    today: date,
    calendar: AtwCalendar,
    up_to_dossier: int | None = None,
    gemeentecode: str,
) -> dict[str, int]:
    """Draw and write today's open decision work; returns the counts for the seeding report.

    Ids come from a fresh allocator: rows made through the services since the last bulk phase (the showcase)
    took their ids from the sequences, past what an earlier allocator would hand out.
    """
    ids = IdAllocator()
    cases = load_cases(up_to_dossier)
    products = load_products()
    consulent = User.objects.filter(username="consulent").values_list("pk", flat=True).first()
    limits = dict(
        Mandate.objects.filter(role=Role.CONSULENT, active=True, product_category="").values_list("law", "max_amount")
    )
    providers = dict(Aanbieder.objects.values_list("pk", "agb_code"))
    drawer = Drawer(
        seed=seed,
        today=today,
        calendar=calendar,
        ids=ids,
        products=products,
        limits=limits,
        providers=providers,
        gemeentecode=gemeentecode,
        schemas=_schemas(),
    )
    showcased = 0
    for case in cases:
        showcase = None
        if case.consulent_id == consulent and showcased < len(SHOWCASE):
            showcase = SHOWCASE[showcased]
            showcased += 1
        drawer.draw(case, showcase)
    drawer.rows.write()
    reset_sequences(ids.models)
    refresh_next_deadlines(drawer.touched)
    return drawer.rows.counts()
