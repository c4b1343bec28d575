"""The only place that changes aanvragen, beschikkingen and budgets.

Each function runs in a transaction, checks its rules with a Dutch message (ValidationError) and
writes the timeline, so a refused step changes nothing and an accepted one leaves a trace.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from catalogue.codes import CATEGORIES_BY_LAW, Frequency, Kind, Law, Unit
from catalogue.models import Aanbieder, Voorziening
from catalogue.selectors import contracted_providers, tariff_on
from core.formatting import euro
from core.translations import in_record_language
from deadlines.calendar_source import current_calendar
from deadlines.terms import PW_VOORSCHOT, WMO_ONDERZOEK, compute_deadline
from decisions.models import (
    AangevraagdProduct,
    Aanvraag,
    AanvraagStatus,
    Beschikking,
    BeschikkingRegel,
    BeschikkingStatus,
    BudgetSpend,
    Leveringsvorm,
    Mandate,
    OtherLawIndication,
    Outcome,
    TeamBudget,
)
from dossiers.models import (
    Dossier,
    DossierDeadline,
    Involvement,
    InvolvementRole,
    Melding,
    Regime,
    TimelineEvent,
)
from dossiers.services import add_timeline_event, refresh_next_deadline, start_deadline
from dossiers.suspensions import end_suspensions_of_met_terms
from plans.models import Doel
from residents.models import Inwoner

#: The decision term per law: Wmo 2015 art. 2.3.5 lid 2, otherwise Awb 4:13.
DECISION_TERM = {Law.WMO: "WMO_BESCHIKKING", Law.JEUGDWET: "AWB_BESCHIKKING", Law.PARTICIPATIEWET: "AWB_BESCHIKKING"}

#: A sensible default legal basis per law; the consulent may sharpen it.
DEFAULT_LEGAL_BASIS = {
    Law.WMO: "Wmo 2015 art. 2.3.5 (maatwerkvoorziening)",
    Law.JEUGDWET: "Jeugdwet art. 2.3 (individuele voorziening)",
    Law.PARTICIPATIEWET: "Participatiewet art. 35 (bijzondere bijstand)",
}

#: Without an end date a decision is costed over one year.
COSTING_HORIZON = timedelta(days=365)


def _fail(message: str, field_name: str | None = None) -> ValidationError:
    return ValidationError({field_name: message} if field_name else message)


def _household_members(dossier: Dossier) -> set[int]:
    return set(dossier.huishouden.members.values_list("pk", flat=True))


# --- Aanvraag ---------------------------------------------------------------------------------


def need_of_aanvraag(dossier: Dossier, inwoner: Inwoner, received_on: date) -> Melding | None:
    """The need a Wmo aanvraag follows: the latest Wmo melding about this person received by then, else the
    dossier's latest Wmo melding (an aanvraag for a household member may follow a melding about another)."""
    wmo = dossier.meldingen.filter(regime=Regime.WMO, received_at__date__lte=received_on).order_by(
        "-received_at", "-pk"
    )
    return wmo.filter(inwoner=inwoner).first() or wmo.first()


def _onderzoek_term_of(dossier: Dossier, need: Melding) -> DossierDeadline | None:
    """The melding's own onderzoek term, else the one already running when it was reported (which it joined)."""
    # A term that lapsed because the melding was re-qualified (cancelled) no longer stands for the need.
    terms = DossierDeadline.objects.filter(term_code=WMO_ONDERZOEK.code, cancelled_on__isnull=True)
    own = terms.filter(melding=need).order_by("-start").first()
    if own is not None:
        return own
    reported_on = timezone.localdate(need.received_at)
    return terms.filter(dossier=dossier, start__lte=reported_on).order_by("-start").first()


def _onderzoek_allows_aanvraag(dossier: Dossier, inwoner: Inwoner, received_on: date) -> bool:
    """Wmo 2.3.2 lid 9: an aanvraag follows the onderzoek into its need, unless that need's six weeks passed
    without one. An onderzoek into an earlier need does not count for a need reported after it."""
    need = need_of_aanvraag(dossier, inwoner, received_on)
    if need is None:
        # No Wmo melding recorded (a dossier from before meldingen were kept): the dossier's onderzoek counts.
        if dossier.onderzoeken.filter(completed_on__isnull=False).exists():
            return True
        term = dossier.deadlines.filter(term_code=WMO_ONDERZOEK.code, cancelled_on__isnull=True).order_by("due").first()
    else:
        if need.onderzoeken.filter(completed_on__isnull=False).exists():  # type: ignore[attr-defined]
            return True
        term = _onderzoek_term_of(dossier, need)
    return term is not None and term.met_on is None and received_on > term.due


@transaction.atomic
def submit_aanvraag(
    dossier: Dossier,
    actor: User,
    *,
    inwoner: Inwoner,
    law: str,
    received_on: date,
    description: str,
    voorzieningen: list[Voorziening],
    doel: Doel | None = None,
    consulent: User | None = None,
    spoed: bool = False,
    spoed_reason: str = "",
) -> Aanvraag:
    """Register an aanvraag, start its legal decision term and bring the consulent in."""
    if inwoner.pk not in _household_members(dossier):
        raise _fail(_("Kies iemand uit dit huishouden."), "inwoner")
    if received_on > timezone.localdate():
        raise _fail(_("De datum van ontvangst ligt in de toekomst."), "received_on")
    if not description.strip():
        raise _fail(_("Beschrijf wat het huishouden vraagt."), "description")
    if not voorzieningen:
        raise _fail(_("Kies ten minste één voorziening."), "voorzieningen")
    for voorziening in voorzieningen:
        if voorziening.law != law or voorziening.kind != Kind.MAATWERK or not voorziening.active:
            raise _fail(
                _("%(name)s is geen actieve maatwerkvoorziening onder deze wet.") % {"name": voorziening.name},
                "voorzieningen",
            )
    if spoed and law != Law.WMO:
        raise _fail(_("Een spoedeisende tijdelijke voorziening (art. 2.3.3) bestaat alleen onder de Wmo."), "spoed")
    if spoed and not spoed_reason.strip():
        raise _fail(_("Leg vast waarom het spoed heeft."), "spoed_reason")
    if law == Law.WMO and not spoed and not _onderzoek_allows_aanvraag(dossier, inwoner, received_on):
        raise _fail(
            _(
                "Onder de Wmo volgt een aanvraag op het onderzoek naar de hulpvraag (art. 2.3.2 lid 9). Rond eerst "
                "het onderzoek af voor de laatste Wmo-melding, of kies 'spoedeisend' voor een tijdelijke voorziening."
            )
        )
    if doel is not None and doel.plan.dossier_id != dossier.pk:
        raise _fail(_("Dit doel hoort niet bij het plan van dit huishouden."), "doel")
    if consulent is not None:
        if consulent.role not in (Role.CONSULENT, Role.TEAMLEIDER):
            raise _fail(_("Kies een consulent of teamleider."), "consulent")
        if not consulent.team_memberships.filter(team=dossier.team).exists():
            raise _fail(_("De consulent hoort niet bij het team van dit dossier."), "consulent")

    deadline = start_deadline(dossier, DECISION_TERM[Law(law)], received_on, actor)
    # Bijstand: the right not yet established within 4 weeks means a voorschot (Participatiewet art. 52).
    voorschot = start_deadline(dossier, PW_VOORSCHOT.code, received_on, actor) if law == Law.PARTICIPATIEWET else None
    aanvraag = Aanvraag.objects.create(
        dossier=dossier,
        inwoner=inwoner,
        law=law,
        doel=doel,
        received_on=received_on,
        description=description.strip(),
        spoed=spoed,
        spoed_reason=spoed_reason.strip(),
        consulent=consulent,
        deadline=deadline,
        voorschot_deadline=voorschot,
        created_by=actor,
    )
    AangevraagdProduct.objects.bulk_create(
        AangevraagdProduct(aanvraag=aanvraag, voorziening=voorziening) for voorziening in voorzieningen
    )
    if consulent is not None and not dossier.involvements.filter(user=consulent, end__isnull=True).exists():
        Involvement.objects.create(dossier=dossier, user=consulent, role=InvolvementRole.CONSULENT)
    with in_record_language():
        add_timeline_event(
            dossier,
            actor,
            TimelineEvent.Kind.BESLUIT,
            _("Aanvraag %(law)s ontvangen: %(products)s")
            % {"law": aanvraag.get_law_display(), "products": ", ".join(v.name for v in voorzieningen)},
            reason=spoed_reason if spoed else "",
            aanvraag=aanvraag.pk,
        )
    refresh_next_deadline(dossier)
    return aanvraag


# --- Beschikking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegelInput:
    """One product as the consulent decides it."""

    voorziening: Voorziening
    granted: bool = True
    volume: int | None = None
    start: date | None = None
    end: date | None = None
    leveringsvorm: str = Leveringsvorm.ZIN
    aanbieder: Aanbieder | None = None
    pgb_choice_recorded: bool = False
    pgb_choice_note: str = ""
    rejection_reason: str = ""


def periods_in(frequency: str, start: date, end: date | None) -> int:
    """How many times the omvang applies between start and end (inclusive); without an end, one year."""
    last = end or (start + COSTING_HORIZON - timedelta(days=1))
    days = (last - start).days + 1
    if frequency == Frequency.PER_DAG:
        return days
    if frequency == Frequency.PER_WEEK:
        return math.ceil(days / 7)
    if frequency == Frequency.PER_MAAND:
        return (last.year - start.year) * 12 + last.month - start.month + 1
    return 1


def estimate_amount(voorziening: Voorziening, volume: int, start: date, end: date | None) -> Decimal:
    """Tariff × volume × periods. A provision in euros (unit 83) costs its volume. No tariff is an error."""
    periods = periods_in(voorziening.frequency or Frequency.TOTAAL, start, end)
    if voorziening.unit == Unit.EURO or voorziening.law == Law.PARTICIPATIEWET:
        return Decimal(volume) * periods
    tarief = tariff_on(voorziening, start)
    if tarief is None:
        raise _fail(
            _("Voor %(name)s is op %(day)s geen tarief vastgelegd; het bedrag kan niet worden berekend.")
            % {"name": voorziening.name, "day": date_format(start)}
        )
    return (tarief.amount * volume * periods).quantize(Decimal("0.01"))


def _check_outcome(outcome: str, regels: list[RegelInput]) -> None:
    granted = [regel.granted for regel in regels]
    if outcome == Outcome.TOEKENNING and not all(granted):
        raise _fail(_("Bij een toekenning worden alle producten toegekend; kies anders 'gedeeltelijke toekenning'."))
    if outcome == Outcome.AFWIJZING and any(granted):
        raise _fail(_("Bij een afwijzing wordt geen product toegekend."))
    if outcome == Outcome.GEDEELTELIJK and (all(granted) or not any(granted)):
        raise _fail(_("Een gedeeltelijke toekenning kent ten minste één product toe en wijst er ten minste één af."))


def _check_regel(aanvraag: Aanvraag, regel: RegelInput) -> None:
    name = regel.voorziening.name
    if regel.voorziening.law != aanvraag.law or regel.voorziening.kind != Kind.MAATWERK:
        raise _fail(_("%(name)s hoort niet bij een aanvraag onder deze wet.") % {"name": name})
    if not regel.granted:
        if not regel.rejection_reason.strip():
            raise _fail(_("Geef aan waarom %(name)s wordt afgewezen.") % {"name": name})
        return
    if not regel.volume or regel.volume <= 0:
        raise _fail(_("Geef de omvang van %(name)s (meer dan 0).") % {"name": name})
    if regel.start is None:
        raise _fail(_("Geef de ingangsdatum van %(name)s.") % {"name": name})
    if regel.end is not None and regel.end < regel.start:
        raise _fail(_("De einddatum van %(name)s ligt vóór de ingangsdatum.") % {"name": name})
    if regel.leveringsvorm == Leveringsvorm.PGB:
        if not (regel.pgb_choice_recorded and regel.pgb_choice_note.strip()):
            raise _fail(
                _("Een pgb voor %(name)s kan alleen als de keuze van de inwoner met een motivering is vastgelegd.")
                % {"name": name}
            )
        if regel.aanbieder is not None:
            raise _fail(_("Bij een pgb kiest de inwoner zelf de hulp; laat de aanbieder leeg."))
    elif regel.voorziening.uses_istandaarden:
        if regel.aanbieder is None:
            raise _fail(_("Kies de aanbieder die %(name)s in natura levert.") % {"name": name})
        if not contracted_providers(regel.voorziening, regel.start).filter(pk=regel.aanbieder.pk).exists():
            raise _fail(
                _("%(provider)s heeft op %(day)s geen contract voor %(name)s.")
                % {"provider": regel.aanbieder.name, "day": date_format(regel.start), "name": name}
            )


def _next_number(aanvraag: Aanvraag, today: date) -> str:
    prefix = f"B{today.year}-"
    last = Beschikking.objects.filter(number__startswith=prefix).aggregate(last=Max("number"))["last"]
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


@transaction.atomic
def prepare_beschikking(
    aanvraag: Aanvraag,
    actor: User,
    *,
    outcome: str,
    motivation: str,
    legal_basis: str,
    eigen_bijdrage: bool,
    regels: list[RegelInput],
    replaces: Beschikking | None = None,
) -> Beschikking:
    """A concept beschikking; nobody has signed it yet. `replaces` is the decision a bezwaar set aside."""
    if replaces is None and aanvraag.status != AanvraagStatus.INGEDIEND:
        raise _fail(_("Op deze aanvraag is al beslist of ze is ingetrokken."))
    if replaces is not None and (replaces.aanvraag_id != aanvraag.pk or replaces.status != BeschikkingStatus.VERZONDEN):
        raise _fail(_("Een nieuwe beschikking vervangt alleen een verzonden beschikking op dezelfde aanvraag."))
    if replaces is None and aanvraag.beschikkingen.exclude(status=BeschikkingStatus.VERZONDEN).exists():
        raise _fail(_("Er ligt al een beschikking in voorbereiding voor deze aanvraag."))
    if not motivation.strip():
        raise _fail(_("De motivering is verplicht (Awb art. 3:46)."), "motivation")
    if not legal_basis.strip():
        raise _fail(_("Noem de wettelijke grondslag."), "legal_basis")
    if not regels:
        raise _fail(_("Beslis over ten minste één product."))
    if eigen_bijdrage and aanvraag.law != Law.WMO:
        raise _fail(_("Een eigen bijdrage via het CAK geldt alleen voor de Wmo."), "eigen_bijdrage")
    _check_outcome(outcome, regels)
    for regel in regels:
        _check_regel(aanvraag, regel)

    today = timezone.localdate()
    for attempt in range(5):
        try:
            with transaction.atomic():
                beschikking = Beschikking.objects.create(
                    aanvraag=aanvraag,
                    number=_next_number(aanvraag, today),
                    outcome=outcome,
                    motivation=motivation.strip(),
                    legal_basis=legal_basis.strip(),
                    eigen_bijdrage=eigen_bijdrage,
                    prepared_by=actor,
                    replaces=replaces,
                )
            break
        except IntegrityError:
            if attempt == 4:
                raise
    BeschikkingRegel.objects.bulk_create(
        BeschikkingRegel(
            beschikking=beschikking,
            voorziening=regel.voorziening,
            granted=regel.granted,
            volume=regel.volume if regel.granted else None,
            unit=regel.voorziening.unit,
            frequency=regel.voorziening.frequency,
            start=regel.start if regel.granted else None,
            end=regel.end if regel.granted else None,
            leveringsvorm=regel.leveringsvorm if regel.granted else Leveringsvorm.ZIN,
            pgb_choice_recorded=regel.pgb_choice_recorded and regel.granted,
            pgb_choice_note=regel.pgb_choice_note.strip() if regel.granted else "",
            aanbieder=regel.aanbieder if regel.granted else None,
            estimated_amount=(
                estimate_amount(regel.voorziening, regel.volume or 0, regel.start, regel.end)
                if regel.granted and regel.start
                else Decimal("0")
            ),
            rejection_reason="" if regel.granted else regel.rejection_reason.strip(),
        )
        for regel in regels
    )
    with in_record_language():
        add_timeline_event(
            aanvraag.dossier,
            actor,
            TimelineEvent.Kind.BESLUIT,
            _("Beschikking %(number)s voorbereid: %(outcome)s")
            % {"number": beschikking.number, "outcome": beschikking.get_outcome_display()},
            beschikking=beschikking.pk,
        )
    return beschikking


@dataclass(frozen=True)
class MandateCheck:
    covered: bool
    reasons: list[str] = field(default_factory=list)


def mandate_check(user: User, beschikking: Beschikking) -> MandateCheck:
    """Whether `user`'s role may take this decision alone, and if not, why (in Dutch, for the screen)."""
    law = beschikking.aanvraag.law
    regels = list(beschikking.regels.select_related("voorziening"))
    categories = {regel.voorziening.product_category for regel in regels} or {""}
    mandates = list(Mandate.objects.filter(role=user.role, law=law, active=True))
    total = sum((regel.estimated_amount for regel in regels if regel.granted), Decimal("0"))
    reasons: list[str] = []
    limits: list[Decimal] = []
    for category in sorted(categories):
        fitting = [m.max_amount for m in mandates if m.product_category in ("", category)]
        if not fitting:
            label = CATEGORIES_BY_LAW.get(law, {}).get(category, "") if category else ""
            reasons.append(
                _("De rol %(role)s heeft geen mandaat voor %(law)s%(category)s.")
                % {
                    "role": user.get_role_display(),
                    "law": Law(law).label,
                    "category": f", productcategorie {category} {label}".rstrip() if category else "",
                }
            )
        else:
            limits.append(max(fitting))
    if limits and total > min(limits):
        reasons.append(
            _("Het geraamde bedrag (%(total)s) is hoger dan het mandaat van de rol %(role)s (%(limit)s).")
            % {"total": euro(total), "role": user.get_role_display(), "limit": euro(min(limits))}
        )
    return MandateCheck(covered=not reasons, reasons=reasons)


def _check_version(beschikking: Beschikking, version: int) -> Beschikking:
    current = Beschikking.objects.select_for_update().get(pk=beschikking.pk)
    if current.version != version:
        raise _fail(
            _(
                "Iemand anders heeft deze beschikking intussen gewijzigd of ondertekend. Bekijk de nieuwe stand en probeer opnieuw."
            )
        )
    return current


@transaction.atomic
def sign(beschikking: Beschikking, actor: User, *, version: int) -> Beschikking:
    """First signature: final when the signer's mandate covers it, else it waits for a second (four eyes)."""
    current = _check_version(beschikking, version)
    now = timezone.now()
    check = mandate_check(actor, current)
    if current.status == BeschikkingStatus.CONCEPT:
        current.first_signer = actor
        current.first_signed_at = now
        if check.covered:
            current.status = BeschikkingStatus.VASTGESTELD
            summary = gettext_lazy("Beschikking %(number)s ondertekend en vastgesteld")
        else:
            current.status = BeschikkingStatus.TWEEDE_HANDTEKENING
            with in_record_language():  # stored, and shown as it was written
                current.four_eyes_reason = "\n".join(mandate_check(actor, current).reasons)
            summary = gettext_lazy("Beschikking %(number)s ondertekend; wacht op een tweede handtekening")
    elif current.status == BeschikkingStatus.TWEEDE_HANDTEKENING:
        if current.first_signer_id == actor.pk:
            raise _fail(_("De tweede handtekening moet van iemand anders komen (vier ogen)."))
        if not check.covered:
            raise _fail(" ".join([_("Uw mandaat is ook niet toereikend:"), *check.reasons]))
        current.second_signer = actor
        current.second_signed_at = now
        current.status = BeschikkingStatus.VASTGESTELD
        summary = gettext_lazy("Beschikking %(number)s als tweede ondertekend en vastgesteld")
    else:
        raise _fail(_("Deze beschikking is al vastgesteld."))
    current.version += 1
    current.save()
    with in_record_language():
        add_timeline_event(
            current.aanvraag.dossier,
            actor,
            TimelineEvent.Kind.BESLUIT,
            summary % {"number": current.number},
            reason=current.four_eyes_reason if current.status == BeschikkingStatus.TWEEDE_HANDTEKENING else "",
            beschikking=current.pk,
        )
    return current


def _mark_met(deadline: DossierDeadline | None, on: date, actor: User) -> None:
    if deadline is None or deadline.met_on is not None:
        return
    # A term that is met no longer stands still: a suspension still running ends on the day it is met.
    end_suspensions_of_met_terms(DossierDeadline.objects.filter(pk=deadline.pk), on, actor)
    deadline.met_on = on
    deadline.save(update_fields=["met_on"])
    with in_record_language():
        add_timeline_event(
            deadline.dossier,
            actor,
            TimelineEvent.Kind.TERMIJN,
            _("Termijn gehaald: %(label)s") % {"label": deadline.label},
        )
    refresh_next_deadline(deadline.dossier)


@transaction.atomic
def send(beschikking: Beschikking, actor: User, *, sent_on: date, version: int) -> Beschikking:
    """Make the decision known: store the letter, start the objection term and allocate to providers."""
    from allocations.outgoing import allocate_beschikking
    from decisions.letter import store_letter

    current = _check_version(beschikking, version)
    if current.status != BeschikkingStatus.VASTGESTELD:
        raise _fail(_("Alleen een vastgestelde (ondertekende) beschikking kan worden verzonden."))
    today = timezone.localdate()
    if sent_on > today or sent_on < today - timedelta(days=7):
        raise _fail(_("De verzenddatum is vandaag of ligt hooguit een week terug."), "sent_on")
    current.sent_on = sent_on
    current.objection_until = compute_deadline("AWB_BEZWAARTERMIJN", sent_on, current_calendar()).due
    current.status = BeschikkingStatus.VERZONDEN
    current.version += 1
    current.save()
    store_letter(current, actor)
    aanvraag = current.aanvraag
    if aanvraag.status == AanvraagStatus.INGEDIEND:
        aanvraag.status = AanvraagStatus.BESLOTEN
        aanvraag.save(update_fields=["status"])
        _mark_met(aanvraag.deadline, sent_on, actor)
        # A decision within the 4 weeks makes a voorschot unnecessary; a later one leaves the term missed.
        _mark_met(aanvraag.voorschot_deadline, sent_on, actor)
    with in_record_language():
        add_timeline_event(
            aanvraag.dossier,
            actor,
            TimelineEvent.Kind.BESLUIT,
            _("Beschikking %(number)s verzonden; bezwaar kan tot en met %(day)s")
            % {"number": current.number, "day": date_format(current.objection_until)},
            beschikking=current.pk,
        )
    if current.replaces_id:
        _link_to_bezwaar(current, actor)
    allocate_beschikking(current, actor)
    return current


def _link_to_bezwaar(new: Beschikking, actor: User) -> None:
    """A sent replacement closes the loop of the gegrond bezwaar that asked for it."""
    from decisions.bezwaar import link_new_beschikking
    from decisions.models import Bezwaar, BezwaarOutcome

    bezwaar = Bezwaar.objects.filter(
        beschikking=new.replaces, outcome=BezwaarOutcome.GEGROND, new_beschikking__isnull=True
    ).first()
    if bezwaar is not None:
        link_new_beschikking(bezwaar, actor, new)


# --- Vrij besteedbaar budget ------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetState:
    budget: TeamBudget | None
    spent: Decimal
    remaining: Decimal


def budget_state(dossier: Dossier, year: int) -> BudgetState:
    budget = TeamBudget.objects.filter(team=dossier.team, year=year).first()
    if budget is None:
        return BudgetState(None, Decimal("0"), Decimal("0"))
    spent = budget.spends.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return BudgetState(budget, spent, budget.amount - spent)


@transaction.atomic
def spend_budget(
    dossier: Dossier, actor: User, *, amount: Decimal, description: str, reason: str, spent_on: date | None = None
) -> BudgetSpend:
    """Spend from the team's free budget: within the per-spend maximum and what is left, always with a reason."""
    spent_on = spent_on or timezone.localdate()
    budget = TeamBudget.objects.select_for_update().filter(team=dossier.team, year=spent_on.year).first()
    if budget is None:
        raise _fail(_("Dit team heeft voor %(year)s geen vrij besteedbaar budget.") % {"year": spent_on.year})
    if amount <= 0:
        raise _fail(_("Het bedrag moet groter zijn dan 0."), "amount")
    if amount > budget.max_per_spend:
        raise _fail(
            _("Per uitgave mag ten hoogste %(max)s uit het vrij besteedbaar budget; vraag anders een beschikking aan.")
            % {"max": euro(budget.max_per_spend)},
            "amount",
        )
    spent = budget.spends.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if spent + amount > budget.amount:
        raise _fail(
            _("Er is nog %(left)s over in het budget van dit jaar.") % {"left": euro(budget.amount - spent)},
            "amount",
        )
    if not description.strip():
        raise _fail(_("Beschrijf waarvoor het geld is."), "description")
    if not reason.strip():
        raise _fail(_("Leg vast waarom dit uit het vrij besteedbaar budget komt."), "reason")
    spend = BudgetSpend.objects.create(
        budget=budget,
        dossier=dossier,
        amount=amount,
        description=description.strip(),
        reason=reason.strip(),
        spent_by=actor,
        spent_on=spent_on,
    )
    with in_record_language():
        add_timeline_event(
            dossier,
            actor,
            TimelineEvent.Kind.BESLUIT,
            _("Vrij besteedbaar budget: %(amount)s voor %(what)s")
            % {"amount": euro(amount), "what": spend.description},
            reason=spend.reason,
        )
    return spend


@transaction.atomic
def record_indication(
    dossier: Dossier, actor: User, *, inwoner: Inwoner, kind: str, valid_from: date, valid_to: date | None, note: str
) -> OtherLawIndication:
    if inwoner.pk not in _household_members(dossier):
        raise _fail(_("Kies iemand uit dit huishouden."), "inwoner")
    if valid_to is not None and valid_to < valid_from:
        raise _fail(_("De einddatum ligt vóór de begindatum."), "valid_to")
    indication = OtherLawIndication.objects.create(
        dossier=dossier,
        inwoner=inwoner,
        kind=kind,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note.strip(),
        recorded_by=actor,
    )
    with in_record_language():
        add_timeline_event(
            dossier,
            actor,
            TimelineEvent.Kind.NOTITIE,
            _("%(kind)s vastgelegd voor %(name)s") % {"kind": indication.get_kind_display(), "name": inwoner.voornamen},
        )
    return indication


def overlaps(start: date | None, end: date | None, other_start: date | None, other_end: date | None) -> bool:
    if start is None or other_start is None:
        return False
    return (end is None or end >= other_start) and (other_end is None or other_end >= start)


__all__ = [
    "DECISION_TERM",
    "DEFAULT_LEGAL_BASIS",
    "BudgetState",
    "MandateCheck",
    "RegelInput",
    "budget_state",
    "estimate_amount",
    "mandate_check",
    "overlaps",
    "prepare_beschikking",
    "record_indication",
    "send",
    "sign",
    "spend_budget",
    "submit_aanvraag",
]
