"""Read queries for decisions. Object access always goes through the dossier: not visible means 404 and a log line."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from audit.models import AccessBasis
from catalogue.codes import Law
from deadlines.atw import AtwCalendar
from deadlines.terms import WMO_ONDERZOEK, Deadline, DeadlineState, UnknownTerm, get_term
from decisions.models import (
    AangevraagdProduct,
    Aanvraag,
    AanvraagStatus,
    Beschikking,
    BeschikkingRegel,
    BeschikkingStatus,
    Bezwaar,
    BezwaarStatus,
    OtherLawIndication,
    OtherLawKind,
)
from dossiers import policy
from dossiers.models import Dossier, TermSuspension
from dossiers.selectors import _active_break_glass, _active_involvements, active_team_ids

T = TypeVar("T", bound=Model)


def _visible(request: HttpRequest, queryset: QuerySet[T], pk: int) -> tuple[T, AccessBasis]:
    """Decisions are the BESLUITEN section: a consulted person may read them, never change them."""
    found = policy.authorize(request, queryset, pk, write=request.method not in {"GET", "HEAD"})
    return found.record, found.basis


def get_visible_aanvraag(request: HttpRequest, pk: int) -> tuple[Aanvraag, AccessBasis]:
    queryset = Aanvraag.objects.select_related("dossier__team", "dossier__huishouden", "inwoner", "doel", "consulent")
    return _visible(request, queryset, pk)


def get_visible_beschikking(request: HttpRequest, pk: int) -> tuple[Beschikking, AccessBasis]:
    queryset = Beschikking.objects.select_related(
        "aanvraag__dossier__team__gemeente", "aanvraag__inwoner", "prepared_by", "first_signer", "second_signer"
    )
    return _visible(request, queryset, pk)


def get_visible_bezwaar(request: HttpRequest, pk: int) -> tuple[Bezwaar, AccessBasis]:
    queryset = Bezwaar.objects.select_related(
        "beschikking__aanvraag__dossier__team__gemeente", "beschikking__aanvraag__inwoner", "deadline"
    )
    return _visible(request, queryset, pk)


# --- The dossier's decisions across all laws ------------------------------------------------------

#: Who pays, per law (and for the Wlz, which the municipality does not carry).
PAYER = {
    Law.WMO: gettext_lazy("Gemeente (Wmo 2015)"),
    Law.JEUGDWET: gettext_lazy("Gemeente (Jeugdwet)"),
    Law.PARTICIPATIEWET: gettext_lazy("Gemeente (Participatiewet, bijzondere bijstand)"),
}


@dataclass(frozen=True)
class BoundaryWarning:
    """A situation on the border between laws that the team must arrange with the other party."""

    person: str
    message: str


def _current(start: date | None, end: date | None, today: date) -> bool:
    return start is not None and (end is None or end >= today)


def boundary_warnings(
    regels: list[BeschikkingRegel], indications: list[OtherLawIndication], today: date
) -> list[BoundaryWarning]:
    """Known boundary situations: Wmo or Jeugdwet care next to a Wlz indication, and jeugdhulp running past 18."""
    warnings: list[BoundaryWarning] = []
    wlz_by_person: dict[int, OtherLawIndication] = {}
    for indication in indications:
        if indication.kind == OtherLawKind.WLZ and _current(indication.valid_from, indication.valid_to, today):
            wlz_by_person.setdefault(indication.inwoner_id, indication)
    for regel in regels:
        if not regel.granted or not _current(regel.start, regel.end, today):
            continue
        inwoner = regel.beschikking.aanvraag.inwoner
        law = regel.beschikking.aanvraag.law
        wlz = wlz_by_person.get(inwoner.pk)
        if wlz is not None and law in (Law.WMO, Law.JEUGDWET):
            warnings.append(
                BoundaryWarning(
                    person=inwoner.voornamen,
                    message=_(
                        "%(product)s (%(law)s) loopt, terwijl sinds %(since)s een Wlz-indicatie geldt. Zorg uit de Wlz "
                        "gaat voor: stem met het zorgkantoor af wanneer de Wlz-zorg start en beëindig dan deze voorziening."
                    )
                    % {
                        "product": regel.voorziening.name,
                        "law": Law(law).label,
                        "since": date_format(wlz.valid_from),
                    },
                )
            )
        if law == Law.JEUGDWET:
            birthday = inwoner.geboortedatum
            try:
                adult_on = birthday.replace(year=birthday.year + 18)
            except ValueError:  # 29 February
                adult_on = birthday.replace(year=birthday.year + 18, day=28)
            if regel.end is None or regel.end >= adult_on:
                warnings.append(
                    BoundaryWarning(
                        person=inwoner.voornamen,
                        message=_(
                            "%(product)s loopt door na de achttiende verjaardag (%(day)s). Regel tijdig de overgang "
                            "naar de Wmo, de Zvw of verlengde jeugdhulp."
                        )
                        % {"product": regel.voorziening.name, "day": date_format(adult_on)},
                    )
                )
    return warnings


def preparation_warnings(aanvraag: Aanvraag, today: date) -> list[BoundaryWarning]:
    """The Wlz-before-Wmo (or Jeugdwet) warning while a beschikking is being prepared, before anything is decided.

    `boundary_warnings` looks at sent beschikkingen; by then the municipality may already have granted
    care that the Wlz covers. Here the person's current Wlz indication in this dossier is enough.
    """
    if aanvraag.law not in (Law.WMO, Law.JEUGDWET):
        return []
    wlz = (
        OtherLawIndication.objects.filter(dossier_id=aanvraag.dossier_id, inwoner_id=aanvraag.inwoner_id)
        .filter(kind=OtherLawKind.WLZ)
        .order_by("-valid_from", "-pk")
    )
    current = next((row for row in wlz if _current(row.valid_from, row.valid_to, today)), None)
    if current is None:
        return []
    return [
        BoundaryWarning(
            person=aanvraag.inwoner.voornamen,
            message=_(
                "Sinds %(since)s geldt een Wlz-indicatie. Zorg uit de Wlz gaat voor op een maatwerkvoorziening "
                "onder de %(law)s: ken niets toe wat de Wlz dekt, en stem met het zorgkantoor af wanneer de "
                "Wlz-zorg start."
            )
            % {"since": date_format(current.valid_from), "law": Law(aanvraag.law).label},
        )
    ]


def dossier_decisions(dossier: Dossier, today: date) -> dict[str, Any]:
    """Context for `decisions/_dossier_section.html`, in a constant number of queries."""
    aanvragen = list(
        Aanvraag.objects.filter(dossier=dossier)
        # Only what the section shows (the person's first names, the terms): not the goal or the consulent.
        .select_related("inwoner", "deadline", "voorschot_deadline")
        .prefetch_related(
            Prefetch("producten", queryset=AangevraagdProduct.objects.select_related("voorziening")),
            Prefetch(
                "beschikkingen",
                queryset=Beschikking.objects.prefetch_related(
                    Prefetch("regels", queryset=BeschikkingRegel.objects.select_related("voorziening", "aanbieder"))
                ).order_by("prepared_at"),
            ),
        )
        .order_by("-received_on", "-pk")
    )
    replaced = {
        beschikking.replaces_id
        for aanvraag in aanvragen
        for beschikking in aanvraag.beschikkingen.all()
        if beschikking.replaces_id and beschikking.status == BeschikkingStatus.VERZONDEN
    }
    regels: list[BeschikkingRegel] = []
    by_law: dict[str, list[Aanvraag]] = {}
    for aanvraag in aanvragen:
        by_law.setdefault(aanvraag.law, []).append(aanvraag)
        for beschikking in aanvraag.beschikkingen.all():
            for regel in beschikking.regels.all():
                regel.beschikking = beschikking
                beschikking.aanvraag = aanvraag
                if beschikking.status == BeschikkingStatus.VERZONDEN and beschikking.pk not in replaced:
                    regels.append(regel)
    indications = list(
        OtherLawIndication.objects.filter(dossier=dossier).select_related("inwoner").order_by("-valid_from")
    )
    spends = list(dossier.budget_spends.select_related("spent_by").order_by("-spent_on", "-pk"))
    laws = [
        {"law": Law(law), "payer": PAYER[Law(law)], "aanvragen": by_law.get(law, [])}
        for law in Law.values
        if law in by_law
    ]
    return {
        "decision_laws": laws,
        "decision_warnings": boundary_warnings(regels, indications, today),
        "decision_indications": indications,
        "decision_spends": spends,
        "decision_spent_total": sum((spend.amount for spend in spends), Decimal("0")),
    }


@functools.cache
def _held_term(deadline_path: str) -> Exists:
    """Whether a suspension of the row's term runs: such a term has no due date yet and sorts after the rest.

    Built once per process and path (as the dossier worklist's columns are): the expression is copied when a
    query resolves it, so sharing it is safe."""
    return Exists(TermSuspension.objects.filter(deadline=OuterRef(deadline_path), end__isnull=True))


@functools.cache
def _held_since(deadline_path: str) -> Subquery:
    """The first day of the running suspension of the row's term, or NULL: the term's state needs it
    (`deadline_state`), and as a column it costs no query of its own."""
    running = TermSuspension.objects.filter(deadline=OuterRef(deadline_path), end__isnull=True)
    return Subquery(running.order_by("start").values("start")[:1])


#: What the worklist reads of a term: what `deadline_state` needs.
_TERM_FIELDS = ("term_code", "start", "due", "adjustments", "met_on", "cancelled_on")


def _deadline(path: str) -> tuple[str, ...]:
    return tuple(f"{path}__{field}" for field in _TERM_FIELDS)


def deadline_state(row: dict[str, Any], path: str, today: date, calendar: AtwCalendar) -> DeadlineState | None:
    """The state of the term read in `row` under `path` (None: no term), as `stored_deadline_state` gives it
    for a stored deadline, from the columns `worklist` reads instead of a model object and its suspensions."""
    if row[f"{path}__due"] is None:
        return None
    if row[f"{path}__cancelled_on"] is not None:
        return DeadlineState.VERVALLEN
    try:
        term = get_term(row[f"{path}__term_code"])
    except UnknownTerm:
        term = WMO_ONDERZOEK
    computed = Deadline(
        term=term,
        start=row[f"{path}__start"],
        due=row[f"{path}__due"],
        adjustments=tuple(row[f"{path}__adjustments"]),
        met_on=row[f"{path}__met_on"],
        suspended_since=row["held_since"],
    )
    return computed.state(today, calendar)


@functools.cache
def _worklist_aanvragen() -> QuerySet[Aanvraag, dict[str, Any]]:
    """The worklist's aanvragen without the user's dossiers, built once per process: each view only adds its
    filter (a clone), instead of building the annotations, ordering and columns again."""
    return (
        Aanvraag.objects.filter(status=AanvraagStatus.INGEDIEND)
        .annotate(held=_held_term("deadline"), held_since=_held_since("deadline"))
        .order_by("-spoed", "held", "deadline__due", "pk")
        .values(
            "pk",
            "dossier_id",
            "law",
            "received_on",
            "spoed",
            "inwoner__voornamen",
            "inwoner__achternaam",
            "consulent__first_name",
            "consulent__last_name",
            "held_since",
            *_deadline("deadline"),
        )
    )


@functools.cache
def _worklist_to_sign() -> QuerySet[Beschikking, dict[str, Any]]:
    """The beschikkingen to sign or send, without the user's dossiers (see `_worklist_aanvragen`)."""
    return (
        Beschikking.objects.filter(
            status__in=[
                BeschikkingStatus.CONCEPT,
                BeschikkingStatus.TWEEDE_HANDTEKENING,
                BeschikkingStatus.VASTGESTELD,
            ],
        )
        .annotate(held=_held_term("aanvraag__deadline"))
        .order_by("held", "aanvraag__deadline__due", "pk")
        .values(
            "pk",
            "number",
            "outcome",
            "status",
            "aanvraag__dossier_id",
            "aanvraag__deadline__due",
            "aanvraag__inwoner__voornamen",
            "aanvraag__inwoner__achternaam",
            "first_signer_id",
            "first_signer__first_name",
            "first_signer__last_name",
        )
    )


@functools.cache
def _worklist_bezwaren() -> QuerySet[Bezwaar, dict[str, Any]]:
    """The bezwaren in behandeling, without the user's dossiers (see `_worklist_aanvragen`)."""
    return (
        Bezwaar.objects.filter(status=BezwaarStatus.IN_BEHANDELING)
        .annotate(held=_held_term("deadline"), held_since=_held_since("deadline"))
        .order_by("held", "deadline__due", "pk")
        .values(
            "pk",
            "received_on",
            "submitted_by",
            "beschikking__number",
            "beschikking__aanvraag__dossier_id",
            "held_since",
            *_deadline("deadline"),
        )
    )


def decisions_workable(user: User) -> Callable[[str], Q]:
    """A per-row condition: does the row's dossier (at the relation path given, e.g. "aanvraag__dossier") let
    `user` work on its decisions?

    The same rules as ``policy.dossiers_with_section(user, Section.BESLUITEN, write=True)``: involvement, an
    emergency access, and the team leader's own team; not a consultation (which only reads), not a team in
    triage (the decisions are no triage section). That function gives the set of every such dossier, which
    for a team leader is the whole team (tens of thousands in a city), built before a worklist can pick its
    few open rows. Here each row asks with index lookups on its own dossier. A team leader's teams are read
    here once (one small query for all the page's lists): as a subquery in the row's check the database read
    the memberships again for every row. `test_worklist_access` holds both functions to the same answer.
    """
    if not user.is_authenticated or not user.does_casework or user.role == Role.SPECIALIST:
        return lambda owner: Q(pk__in=[])
    team_ids = list(active_team_ids(user)) if user.role == Role.TEAMLEIDER else []

    def workable(owner: str) -> Q:
        dossier_id = OuterRef(f"{owner}_id")
        condition = Q(Exists(_active_involvements(user).filter(dossier_id=dossier_id))) | Q(
            Exists(_active_break_glass(user).filter(dossier_id=dossier_id))
        )
        if team_ids:
            condition |= Q(Exists(Dossier.objects.filter(pk=dossier_id, team_id__in=team_ids)))
        return condition

    return workable


def worklist(user: User) -> dict[str, list[dict[str, Any]]]:
    """Aanvragen to decide, beschikkingen to sign or send, and bezwaren to decide, within the user's dossiers.

    Only dossiers in which the user may work on the decisions section: not a team in triage, not a
    consultation (which only reads), whatever else of the dossier the user may see. The rows are read as
    values (the columns the page shows), not as model objects with their related rows.
    """
    workable = decisions_workable(user)
    return {
        "aanvragen": list(_worklist_aanvragen().filter(workable("dossier"))[:200]),
        "to_sign": list(_worklist_to_sign().filter(workable("aanvraag__dossier"))[:200]),
        "bezwaren": list(_worklist_bezwaren().filter(workable("beschikking__aanvraag__dossier"))[:200]),
    }
