"""Read queries for dossiers, always filtered to what the user may see (need-to-know)."""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Lower
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CASEWORK_ROLES, Role, User
from audit.models import AccessBasis
from audit.services import log_denied
from consent.models import BreakGlass, Consultation, active_q
from deadlines.atw import AtwCalendar
from deadlines.terms import WARNING_WORKING_DAYS, WMO_ONDERZOEK, Deadline, DeadlineState, UnknownTerm, get_term
from dossiers.models import (
    Dossier,
    DossierDeadline,
    DossierNote,
    Involvement,
    InvolvementRole,
    Melding,
    TimelineEvent,
)
from dossiers.sections import ALL_SECTIONS, TRIAGE_SECTIONS, Section
from dossiers.suspensions import not_held, running_suspensions
from dossiers.transitions import OPEN_STATUSES, TRIAGE_STATUSES, Status
from organisation.models import TeamMembership
from residents.models import HuishoudenLid, LidRol, Netwerkrelatie


def active_team_ids(user: User) -> QuerySet[TeamMembership, int]:
    today = timezone.localdate()
    return (
        TeamMembership.objects.filter(user=user)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list("team_id", flat=True)
    )


def _active_involvements(user: User) -> QuerySet[Involvement]:
    return Involvement.objects.filter(user=user).filter(Q(end__isnull=True) | Q(end__gt=timezone.now()))


def _active_consultations(user: User) -> "QuerySet[Consultation]":
    return Consultation.objects.filter(active_q(), specialist=user)


def _active_break_glass(user: User) -> "QuerySet[BreakGlass]":
    now = timezone.now()
    return BreakGlass.objects.filter(user=user, started_at__lte=now, expires_at__gt=now)


def visible_dossiers(user: User) -> QuerySet[Dossier]:
    """Dossiers `user` may open: while involved; in triage for their team; all of their team as teamleider;
    while consulted; during an emergency access.

    A specialist (partner organisation) sees only the dossiers they are consulted in. Policy advisors,
    functioneel beheerders and the privacy officer never see personal data here.
    """
    if not user.is_authenticated:
        return Dossier.objects.none()
    consulted = _active_consultations(user).order_by().values_list("dossier_id", flat=True)
    if user.role == Role.SPECIALIST:
        return Dossier.objects.filter(pk__in=consulted)
    if not user.does_casework:
        return Dossier.objects.none()
    team_ids = active_team_ids(user)
    # One list of ids, each ground an index lookup of its own, joined by UNION: with the grounds OR'ed in one
    # condition the database cannot estimate them and tests every dossier of the city (a full scan).
    grounds = [
        _active_involvements(user).order_by().values_list("dossier_id", flat=True),
        _active_break_glass(user).order_by().values_list("dossier_id", flat=True),
        Dossier.objects.filter(team_id__in=team_ids, status__in=TRIAGE_STATUSES)
        .order_by()
        .values_list("pk", flat=True),
    ]
    if user.role == Role.TEAMLEIDER:
        grounds.append(Dossier.objects.filter(team_id__in=team_ids).order_by().values_list("pk", flat=True))
    return Dossier.objects.filter(pk__in=consulted.union(*grounds))


@dataclass(frozen=True)
class DossierAccess:
    """What a user may see of one dossier, and why. Decided once per request by `dossier_access`."""

    basis: AccessBasis
    sections: frozenset[Section]
    #: Only sections of a consultation in "lezen en notities" mode; involved staff may note everywhere.
    note_sections: frozenset[Section] = frozenset()
    pseudonymised: bool = False
    consultations: tuple[Consultation, ...] = ()
    break_glass: BreakGlass | None = None

    @property
    def is_full(self) -> bool:
        """Every section, on a ground that also allows changes (not a consultation)."""
        return self.sections == ALL_SECTIONS and self.basis != AccessBasis.CONSULTATIE

    @property
    def may_write(self) -> bool:
        return self.basis != AccessBasis.CONSULTATIE

    def shows(self, section: Section | str) -> bool:
        return Section(section) in self.sections


_FULL_BASES = {AccessBasis.REGISSEUR, AccessBasis.BETROKKEN, AccessBasis.TEAMLEIDER}


@dataclass(frozen=True)
class _AccessFacts:
    """What the database says about one user and one dossier: the inputs of `_decide`."""

    #: The role of the user's first active involvement (by id), or None.
    involvement_role: str | None
    in_team: bool
    consulted: bool
    #: The active emergency access that ends last, or None.
    break_glass_id: int | None


_FACT_NAMES = ("_access_involvement_role", "_access_in_team", "_access_consulted", "_access_break_glass_id")


def _may_have_access(user: User) -> bool:
    return bool(user.is_authenticated and (user.does_casework or user.role == Role.SPECIALIST))


def _with_access_facts(dossiers: QuerySet[Dossier], user: User) -> QuerySet[Dossier]:
    """Every ground of `dossier_access` as a column of the dossier's own row, so deciding costs no extra query.

    Only a consultation (its sections) or an emergency access (its reason and end) need a second query,
    and only when the row says there is one.
    """
    today = timezone.localdate()
    return dossiers.annotate(
        _access_involvement_role=Subquery(
            _active_involvements(user).filter(dossier=OuterRef("pk")).order_by("pk").values("role")[:1]
        ),
        _access_in_team=Exists(
            TeamMembership.objects.filter(user=user, team_id=OuterRef("team_id")).filter(
                Q(end__isnull=True) | Q(end__gte=today)
            )
        ),
        _access_consulted=Exists(_active_consultations(user).filter(dossier=OuterRef("pk"))),
        _access_break_glass_id=Subquery(
            _active_break_glass(user).filter(dossier=OuterRef("pk")).order_by("-expires_at").values("pk")[:1]
        ),
    )


def _facts_of(dossier: Dossier) -> _AccessFacts:
    """The facts `_with_access_facts` put on the dossier (taken off, so they never outlive the decision)."""
    values = [dossier.__dict__.pop(name) for name in _FACT_NAMES]
    return _AccessFacts(
        involvement_role=values[0], in_team=bool(values[1]), consulted=bool(values[2]), break_glass_id=values[3]
    )


def dossier_with_access(
    user: User, pk: int | None, dossiers: QuerySet[Dossier] | None = None
) -> tuple[Dossier | None, DossierAccess | None]:
    """The dossier `pk` (from `dossiers`, default all) and what `user` may see of it, in one query.

    The same decision as `dossier_access`; the dossier page and every view that opens one dossier use
    this, so the access check does not cost a query per ground.
    """
    dossiers = Dossier.objects.all() if dossiers is None else dossiers
    if pk is None:
        return None, None
    if not _may_have_access(user):
        return dossiers.filter(pk=pk).first(), None
    dossier = _with_access_facts(dossiers.filter(pk=pk), user).first()
    if dossier is None:
        return None, None
    return dossier, _decide(user, dossier, _facts_of(dossier))


def dossier_access(user: User, dossier: Dossier) -> DossierAccess | None:
    """On what ground and for which sections `user` may see `dossier`, or None. Strongest ground first.

    Every ground is compared with the current time, so a consultation or an emergency access ends
    by itself at its end date.
    """
    if not _may_have_access(user):
        return None
    row = _with_access_facts(Dossier.objects.filter(pk=dossier.pk), user).values(*_FACT_NAMES).first()
    if row is None:
        return None
    facts = _AccessFacts(
        involvement_role=row["_access_involvement_role"],
        in_team=bool(row["_access_in_team"]),
        consulted=bool(row["_access_consulted"]),
        break_glass_id=row["_access_break_glass_id"],
    )
    return _decide(user, dossier, facts)


def _decide(user: User, dossier: Dossier, facts: _AccessFacts) -> DossierAccess | None:
    """The rules of `dossier_access` on facts read beforehand."""
    if user.role == Role.SPECIALIST:
        return _consultation_access(_consultations_in(user, dossier, facts), frozenset())
    basis: AccessBasis | None = None
    if facts.involvement_role == InvolvementRole.REGISSEUR:
        basis = AccessBasis.REGISSEUR
    elif facts.involvement_role is not None:
        basis = AccessBasis.BETROKKEN
    if basis is None and facts.in_team and user.role == Role.TEAMLEIDER:
        basis = AccessBasis.TEAMLEIDER
    if basis in _FULL_BASES:
        assert basis is not None
        return DossierAccess(basis=basis, sections=ALL_SECTIONS, note_sections=ALL_SECTIONS)
    emergency = (
        _active_break_glass(user).filter(pk=facts.break_glass_id).first() if facts.break_glass_id is not None else None
    )
    if emergency is not None:
        return DossierAccess(
            basis=AccessBasis.BREAK_THE_GLASS, sections=ALL_SECTIONS, note_sections=ALL_SECTIONS, break_glass=emergency
        )
    triage = TRIAGE_SECTIONS if facts.in_team and dossier.status in TRIAGE_STATUSES else frozenset()
    return _consultation_access(_consultations_in(user, dossier, facts), triage)


def _consultations_in(user: User, dossier: Dossier, facts: _AccessFacts) -> tuple[Consultation, ...]:
    if not facts.consulted:
        return ()
    return tuple(_active_consultations(user).filter(dossier=dossier).order_by("ends_at", "pk"))


def _consultation_access(consultations: tuple[Consultation, ...], triage: frozenset[Section]) -> DossierAccess | None:
    if not consultations:
        return DossierAccess(basis=AccessBasis.TEAM_TRIAGE, sections=triage, note_sections=triage) if triage else None
    sections = frozenset(triage).union(*(consultation.section_set for consultation in consultations))
    notes = frozenset().union(*(consultation.section_set for consultation in consultations if consultation.may_note))
    return DossierAccess(
        basis=AccessBasis.CONSULTATIE,
        sections=sections,
        note_sections=notes,
        # The team sees names in triage anyway; otherwise only when no consultation is pseudonymised.
        pseudonymised=not triage and all(consultation.pseudonymised for consultation in consultations),
        consultations=consultations,
    )


def access_basis(user: User, dossier: Dossier) -> AccessBasis | None:
    """On what ground `user` may see `dossier`, or None. The order gives the strongest ground first."""
    access = dossier_access(user, dossier)
    return access.basis if access is not None else None


def visible_sections(user: User, dossier: Dossier) -> frozenset[Section]:
    access = dossier_access(user, dossier)
    return access.sections if access is not None else frozenset()


def _refuse(request: HttpRequest, pk: int, dossier: Dossier | None, detail: str = "", section: str = "") -> NoReturn:
    log_denied(
        request,
        object_type="dossier",
        object_id=pk,
        dossier_id=dossier.pk if dossier else None,
        detail=detail,
        section=section,
    )
    raise Http404(_("Dit dossier bestaat niet of u heeft er geen toegang toe."))


def get_dossier_access(
    request: HttpRequest,
    pk: int,
    section: Section | None = None,
    *,
    write: bool = False,
    partial: bool = False,
    pseudonymised_ok: bool = False,
    dossiers: QuerySet[Dossier] | None = None,
) -> tuple[Dossier, DossierAccess]:
    """The dossier with what the user may see of it, or 404 (without revealing whether it exists) and a log line.

    `section=None` asks for the whole dossier: a consulted specialist or a team member in triage is
    refused, so a view that does not name its section is safe by default. `partial=True` (the dossier
    page) accepts any access and leaves it to the caller to show only the visible sections.
    `write=True` refuses a consultation: consulted people only read (and add notes through their own view).
    Pseudonymised access is refused unless the view renders without names (`pseudonymised_ok`).
    `dossiers`: where to find the dossier, for a view that reads more of its row in the same query; the
    access decision is the same.
    """
    user = request.user
    assert isinstance(user, User)
    if dossiers is None:
        dossiers = Dossier.objects.all()
    dossier, access = dossier_with_access(user, pk, dossiers.select_related("huishouden", "team", "regisseur"))
    if dossier is None or access is None:
        _refuse(request, pk, dossier, section=section or "")
    if write and not access.may_write:
        _refuse(request, pk, dossier, detail="consultatie: alleen lezen", section=section or "")
    if access.pseudonymised and not pseudonymised_ok:
        _refuse(request, pk, dossier, detail="consultatie: gepseudonimiseerd", section=section or "")
    if section is not None and section not in access.sections:
        _refuse(request, pk, dossier, detail="onderdeel niet zichtbaar", section=section)
    if section is None and not partial and not access.is_full:
        _refuse(request, pk, dossier, detail="geen toegang tot het hele dossier")
    return dossier, access


def get_visible_dossier(
    request: HttpRequest, pk: int, section: Section | None = None, *, write: bool = False
) -> tuple[Dossier, AccessBasis]:
    """The dossier with its access basis, or 404 and a log line; see `get_dossier_access`."""
    dossier, access = get_dossier_access(request, pk, section, write=write)
    return dossier, access.basis


# --- Worklists, triage board and search (read-only, always inside visible_dossiers) ---------------

_MAIN_MEMBER_ORDER = Case(When(rol=LidRol.HOOFD, then=Value(0)), default=Value(1), output_field=IntegerField())


@functools.cache
def _main_member_name() -> Subquery:
    """The household's first head (else first member), as "voornamen tussenvoegsel achternaam".

    The tussenvoegsel in small letters after the first names, as `residents.names.full_name` writes it; the
    view collapses the double space a name without one leaves.

    Built once per process: an expression is copied when a queryset uses it, and building this one anew cost
    more CPU on every list view than running it did.
    """
    members = (
        HuishoudenLid.objects.filter(huishouden=OuterRef("huishouden_id"))
        .annotate(order=_MAIN_MEMBER_ORDER)
        .order_by("order", "pk")
        .annotate(
            full_name=Concat(
                "inwoner__voornamen",
                Value(" "),
                Lower("inwoner__tussenvoegsel"),
                Value(" "),
                "inwoner__achternaam",
                output_field=CharField(),
            )
        )
    )
    return Subquery(members.values("full_name")[:1], output_field=CharField())


def _next_open_deadline() -> QuerySet[DossierDeadline]:
    """The term `Dossier.next_deadline` stands for: open, and not held by a running suspension."""
    return not_held(
        DossierDeadline.objects.filter(dossier=OuterRef("pk"), met_on__isnull=True, cancelled_on__isnull=True)
    ).order_by("due", "pk")


@functools.cache
def _worklist_annotations() -> dict[str, Subquery]:
    """The worklist row's computed columns, built once per process (see `_main_member_name`)."""
    return {
        "main_member_name": _main_member_name(),
        "next_deadline_label": Subquery(_next_open_deadline().values("label")[:1]),
        "next_deadline_term": Subquery(_next_open_deadline().values("term_code")[:1]),
    }


def with_worklist_columns(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Add what a worklist row shows, in the same query: regisseur, main member, next deadline's label and term."""
    return dossiers.select_related("regisseur").annotate(**_worklist_annotations())


def warning_limit(today: date, calendar: AtwCalendar) -> date:
    """The first day that is no longer "dreigt te verlopen" (more than WARNING_WORKING_DAYS working days away)."""
    return calendar.add_working_days(today, WARNING_WORKING_DAYS + 1)


def deadline_state(due: date | None, term_code: str | None, today: date, calendar: AtwCalendar) -> DeadlineState | None:
    """The state of an open deadline due on `due`, decided by the deadline engine."""
    if due is None:
        return None
    try:
        term = get_term(term_code or "")
    except UnknownTerm:
        term = WMO_ONDERZOEK  # the state depends on the due date only; the term is just a carrier
    return Deadline(term=term, start=due, due=due, adjustments=()).state(today, calendar)


def filter_by_deadline_state(
    dossiers: QuerySet[Dossier], state: str, today: date, calendar: AtwCalendar
) -> QuerySet[Dossier]:
    """Filter in SQL on the state of `next_deadline`, with the same limits as `Deadline.state`."""
    limit = warning_limit(today, calendar)
    if state == DeadlineState.VERLOPEN:
        return dossiers.filter(next_deadline__lt=today)
    if state == DeadlineState.DREIGT_TE_VERLOPEN:
        return dossiers.filter(next_deadline__gte=today, next_deadline__lt=limit)
    if state == DeadlineState.OP_TIJD:
        return dossiers.filter(next_deadline__gte=limit)
    return dossiers


def worklist(user: User, *, whole_team: bool = False) -> QuerySet[Dossier]:
    """Open dossiers `user` is involved in (or, for a teamleider asking for it, all of their teams).

    Sorted by urgency: overdue first, then by the next deadline, dossiers without a deadline last.
    Without the row's columns: page first, then add them with `with_worklist_columns_for_page`.
    """
    if whole_team and user.role == Role.TEAMLEIDER:
        # The teamleider ground of `visible_dossiers` on its own: every dossier of the own teams. Asked through
        # the whole UNION, the database first listed every dossier the leader may see (tens of thousands).
        base = Dossier.objects.filter(team_id__in=active_team_ids(user))
    else:
        base = Dossier.objects.filter(pk__in=_active_involvements(user).values("dossier_id"))
    return base.filter(status__in=OPEN_STATUSES).order_by(F("next_deadline").asc(nulls_last=True), "pk")


def with_worklist_columns_for_page(page: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """The dossiers of one page (a sliced, ordered queryset) with a worklist row's columns, in the page's order.

    Still one query: the page's ids are a subquery. The columns are computed for these rows only,
    not for every row the database skips on its way to a deep page.
    """
    ordering = page.query.order_by
    return with_worklist_columns(Dossier.objects.filter(pk__in=page.values("pk"))).order_by(*ordering)


def triage_queue(user: User) -> QuerySet[Dossier]:
    """Dossiers of the user's teams waiting to be picked up, most urgent and longest waiting first.

    Sorted on the key stored on the dossier (the newest melding's urgency rank, then its arrival), which
    the index ``dossier_triage_queue`` holds in this order: a deep page of a city-wide queue no longer
    looks up every waiting dossier's newest melding. Without the row's columns: page first, then add
    them with `with_triage_columns_for_page`.
    """
    if not user.is_authenticated or not user.does_casework:
        return Dossier.objects.none()
    # Exactly the triage ground of `visible_dossiers` (the team's waiting dossiers), written without its
    # other grounds: every column it needs is in the index, so skipped rows are never read from the table.
    return (
        Dossier.objects.filter(team_id__in=active_team_ids(user), status__in=TRIAGE_STATUSES)
        # Crisis first, then whoever has waited longest: a triage board is a queue.
        .order_by("last_melding_rank", F("last_melding_at").asc(nulls_last=True), "pk")
    )


def _with_triage_columns(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Add what a triage row shows: the main member and the newest melding's route, urgency and arrival."""
    newest = Melding.objects.filter(dossier=OuterRef("pk")).order_by("-received_at", "-pk")
    return dossiers.select_related("team", "regisseur").annotate(
        main_member_name=_main_member_name(),
        melding_route=Subquery(newest.values("route")[:1]),
        melding_urgency=Subquery(newest.values("urgency")[:1]),
        melding_received_at=Subquery(newest.values("received_at")[:1]),
    )


def with_triage_columns_for_page(page: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """The dossiers of one triage page (a sliced `triage_queue`) with the row's columns, in queue order.

    One query, as for the worklist: the columns are computed for the page's rows only.
    """
    ordering = page.query.order_by
    return _with_triage_columns(Dossier.objects.filter(pk__in=page.values("pk"))).order_by(*ordering)


#: What a triage row shows, read as plain values: no Dossier, Team and User objects built for 50 rows.
TRIAGE_ROW_FIELDS = (
    "pk",
    "status",
    "regisseur_id",
    "team__name",
    "regisseur__username",
    "regisseur__first_name",
    "regisseur__last_name",
    "main_member_name",
    "melding_route",
    "melding_urgency",
    "melding_received_at",
)


def triage_rows_for_page(page: QuerySet[Dossier]) -> list[dict[str, Any]]:
    """`with_triage_columns_for_page` as values (`TRIAGE_ROW_FIELDS`), in queue order; still one query."""
    ordering = page.query.order_by
    rows = _with_triage_columns(Dossier.objects.filter(pk__in=page.values("pk"))).order_by(*ordering)
    return list(rows.values(*TRIAGE_ROW_FIELDS))


def triage_board(user: User) -> QuerySet[Dossier]:
    """`triage_queue` with every row's columns; prefer paging `triage_queue` and `with_triage_columns_for_page`."""
    return _with_triage_columns(triage_queue(user))


def casework_members(team_ids: list[int]) -> dict[int, list[User]]:
    """Active members per team who may do casework (candidates for regisseur), in one query."""
    today = timezone.localdate()
    memberships = (
        TeamMembership.objects.filter(team_id__in=team_ids, user__is_active=True, user__role__in=CASEWORK_ROLES)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__pk")
    )
    members: dict[int, list[User]] = {team_id: [] for team_id in team_ids}
    for membership in memberships:
        if membership.user not in members[membership.team_id]:
            members[membership.team_id].append(membership.user)
    return members


def _matching_members(
    *, bsn: str = "", name: str = "", postcode: str = "", huisnummer: int | None = None
) -> QuerySet[HuishoudenLid] | None:
    members = HuishoudenLid.objects.all()
    if bsn:
        return members.filter(inwoner__bsn=bsn)
    if postcode and huisnummer is not None:
        return members.filter(inwoner__postcode=postcode, inwoner__huisnummer=huisnummer)
    if name:
        for word in name.split():
            members = members.filter(
                Q(inwoner__voornamen__icontains=word)
                | Q(inwoner__tussenvoegsel__icontains=word)
                | Q(inwoner__achternaam__icontains=word)
            )
        return members
    return None


@dataclass(frozen=True)
class _SearchGrounds:
    """The grounds of `visible_dossiers`, in a form a search can ask of the few dossiers that match.

    A search must not list every dossier the user may see before it compares names: for a team leader that
    is the team's whole caseload. So the grounds are split in the two kinds `visible_dossiers` joins: the
    user's own (involved, consulted, break-the-glass: a short list of ids) and the team's (a condition on the
    dossier's team and status). Held to `visible_dossiers` by dossiers/tests/test_search_grounds.py.
    """

    #: Ids of the dossiers the user has a ground of their own for.
    own: QuerySet[Any, int]
    #: The teams whose dossiers the user sees by team; None: no team ground (a specialist).
    team_ids: QuerySet[TeamMembership, int] | None
    #: Only the team's dossiers in these statuses (triage); None: all of them (a team leader).
    team_statuses: frozenset[str] | None


def _search_grounds(user: User) -> _SearchGrounds | None:
    """None when the user may see no dossier at all (see `visible_dossiers`)."""
    if not user.is_authenticated:
        return None
    consulted = _active_consultations(user).order_by().values_list("dossier_id", flat=True)
    if user.role == Role.SPECIALIST:
        return _SearchGrounds(own=consulted, team_ids=None, team_statuses=None)
    if not user.does_casework:
        return None
    own = consulted.union(
        _active_involvements(user).order_by().values_list("dossier_id", flat=True),
        _active_break_glass(user).order_by().values_list("dossier_id", flat=True),
    )
    statuses = None if user.role == Role.TEAMLEIDER else frozenset(TRIAGE_STATUSES)
    return _SearchGrounds(own=own, team_ids=active_team_ids(user), team_statuses=statuses)


#: A search first looks up which households match and passes them on as numbers when at most this many
#: residents match (a BSN, an address, most names): the list and the break-the-glass offer then read only
#: those households. A more common name stays a subquery, so the database may start from a user's few
#: dossiers instead.
LISTED_MATCHES = 2000

#: The households a search matched: their ids, or (too many to list) the query that finds them.
Households = list[int] | QuerySet[HuishoudenLid, int]


def matching_households(
    *, bsn: str = "", name: str = "", postcode: str = "", huisnummer: int | None = None
) -> Households:
    """The households with a member matching the criteria, looked up once for the list and the offer."""
    members = _matching_members(bsn=bsn, name=name, postcode=postcode, huisnummer=huisnummer)
    if members is None:
        return []
    households = members.order_by().values_list("huishouden_id", flat=True)
    # Memberships, not distinct households: the database stops reading after the limit instead of first
    # collecting every match of a common name to count them.
    listed = list(households[: LISTED_MATCHES + 1])
    return sorted(set(listed)) if len(listed) <= LISTED_MATCHES else households


def _in_households(households: Households) -> Households | RawSQL:
    """The right-hand side of `huishouden_id__in`: on PostgreSQL a listed match goes as one array parameter.

    Hundreds of households as one placeholder each cost more to build and quote than the database needs to
    read them (5 ms of CPU for a name with 500 households, list and offer together).
    """
    if isinstance(households, list) and connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (households,))
    return households


def search_dossiers(user: User, households: Households) -> QuerySet[Dossier]:
    """Visible dossiers of the matching households (`matching_households`); never looks outside them.

    One lookup per kind of ground, each restricted to the matching households, joined by UNION: the database
    picks per ground whether to start from the matches (a BSN, an address, a rare name) or from the ground's
    few dossiers (a common name, for a user with a short list). Without the row's columns: page first.
    """
    grounds = _search_grounds(user)
    if grounds is None or (isinstance(households, list) and not households):
        return Dossier.objects.none()
    matching = Dossier.objects.filter(huishouden_id__in=_in_households(households)).order_by()
    found = matching.filter(pk__in=grounds.own).values_list("pk", flat=True)
    if grounds.team_ids is not None:
        by_team = matching.filter(team_id__in=grounds.team_ids)
        if grounds.team_statuses is not None:
            by_team = by_team.filter(status__in=grounds.team_statuses)
        found = found.union(by_team.values_list("pk", flat=True))
    return Dossier.objects.filter(pk__in=found).order_by("-opened_at", "-pk")


def search_emergency_candidates(user: User, households: Households) -> QuerySet[Dossier]:
    """Open dossiers of the user's own teams in the matching households that the user cannot open.

    These are the break-the-glass offers: only the dossier number is shown, never the household. "Cannot open"
    is asked of the matches only, ground by ground: not involved, consulted or in an emergency access, and not
    visible by team.
    """
    grounds = _search_grounds(user)
    if grounds is None or not user.does_casework or (isinstance(households, list) and not households):
        return Dossier.objects.none()
    if grounds.team_ids is not None and grounds.team_statuses is None:
        return Dossier.objects.none()  # a team leader sees every dossier of the team
    matching = Dossier.objects.filter(
        team_id__in=active_team_ids(user), status__in=OPEN_STATUSES, huishouden_id__in=_in_households(households)
    ).exclude(pk__in=grounds.own)
    if grounds.team_ids is not None and grounds.team_statuses is not None:
        matching = matching.exclude(status__in=grounds.team_statuses)
    return matching.select_related("team").order_by("-opened_at", "-pk")


def stored_deadline_state(deadline: DossierDeadline, today: date, calendar: AtwCalendar) -> DeadlineState:
    """The engine's state for a stored deadline, also when it was met (late or on time)."""
    if deadline.cancelled_on is not None:
        return DeadlineState.VERVALLEN
    try:
        term = get_term(deadline.term_code)
    except UnknownTerm:
        term = WMO_ONDERZOEK
    computed = Deadline(
        term=term,
        start=deadline.start,
        due=deadline.due,
        adjustments=tuple(deadline.adjustments),
        met_on=deadline.met_on,
        suspended_since=held_since(deadline),
    )
    return computed.state(today, calendar)


#: Column of `deadlines_of`'s rows: the start of the running suspension (so no prefetch query).
_RUNNING_SINCE = "running_suspension_since"


@functools.cache
def _running_suspension_start() -> Subquery:
    """The start of the deadline's running suspension, built once per process (see `_main_member_name`)."""
    return Subquery(running_suspensions().order_by("start").values("start")[:1])


def held_since(deadline: DossierDeadline) -> date | None:
    """The first day of the suspension that holds the term, or None.

    Reads the column `deadlines_of` adds, else the (prefetched) ``suspensions``.
    """
    if _RUNNING_SINCE in deadline.__dict__:
        since: date | None = deadline.__dict__[_RUNNING_SINCE]
        return since
    running = [suspension.start for suspension in deadline.suspensions.all() if suspension.end is None]
    return min(running) if running else None


#: What a list of a dossier shows of a staff member: the name (`User.__str__`) and organisation.
STAFF_NAME_FIELDS = ("first_name", "last_name", "username", "organisation")


def with_staff_name(model: type[Model], relation: str) -> list[str]:
    """For `.only()`: every column of ``model`` and only the name columns of the staff member at ``relation``.

    A page listing many rows with their author then reads neither the password hash nor the other
    columns of every account it names.
    """
    return [
        *(field.attname for field in model._meta.concrete_fields),
        *(f"{relation}__{name}" for name in STAFF_NAME_FIELDS),
    ]


def timeline_of(dossier: Dossier) -> QuerySet[TimelineEvent]:
    return (
        TimelineEvent.objects.filter(dossier=dossier)
        .select_related("actor")
        .only(*with_staff_name(TimelineEvent, "actor"))
        .order_by("-at", "-id")
    )


def household_members(dossier: Dossier) -> list[HuishoudenLid]:
    """The household's members, main member first: the header, the pseudonyms and the household tab use them."""
    return list(
        HuishoudenLid.objects.filter(huishouden_id=dossier.huishouden_id)
        .select_related("inwoner")
        .annotate(order=_MAIN_MEMBER_ORDER)
        .order_by("order", "pk")
    )


def network_of(dossier: Dossier) -> list[Netwerkrelatie]:
    return list(
        Netwerkrelatie.objects.filter(huishouden_id=dossier.huishouden_id)
        .select_related("for_inwoner")
        .order_by("name", "pk")
    )


def meldingen_of(dossier: Dossier) -> list[Melding]:
    return list(Melding.objects.filter(dossier=dossier).select_related("inwoner").order_by("-received_at", "-pk"))


def involvements_of(dossier: Dossier) -> list[Involvement]:
    return list(
        Involvement.objects.filter(dossier=dossier)
        .select_related("user")
        .only(*with_staff_name(Involvement, "user"))
        .order_by("end", "-start", "pk")
    )


def deadlines_of(dossier: Dossier) -> list[DossierDeadline]:
    """The dossier's terms, each with the start of its running suspension as a column (no query per term)."""
    return list(
        DossierDeadline.objects.filter(dossier=dossier)
        .annotate(**{_RUNNING_SINCE: _running_suspension_start()})
        .order_by("due", "pk")
    )


def notes_of(dossier: Dossier, sections: Iterable[Section]) -> dict[str, list[DossierNote]]:
    """The notes of the given sections, per section, in one query."""
    notes: dict[str, list[DossierNote]] = {}
    wanted = [section.value for section in sections]
    if not wanted:
        return notes
    for note in (
        DossierNote.objects.filter(dossier=dossier, section__in=wanted)
        .select_related("author")
        .only(*with_staff_name(DossierNote, "author"))
    ):
        notes.setdefault(note.section, []).append(note)
    return notes


@dataclass(frozen=True)
class ClosedForYou:
    """A closed dossier the user worked on: what the page says instead of a bare 404."""

    dossier: Dossier
    team_leaders: list[User]


def closed_after_involvement(user: User, pk: int) -> ClosedForYou | None:
    """The dossier `pk` when it is closed and `user` was involved in it until it closed, else None.

    Closing ends every involvement, so the former regisseur loses access at once; they knew the dossier,
    so telling them that it is closed and who can reopen it reveals nothing new.
    """
    dossier = (
        Dossier.objects.filter(pk=pk, status=Status.AFGESLOTEN, involvements__user=user)
        .select_related("team")
        .only("pk", "status", "closed_at", "close_reason", "team", "team__name")
        .first()
    )
    if dossier is None:
        return None
    today = timezone.localdate()
    leaders = [
        membership.user
        # The team leader's ground of access is the role within the team (`_decide`), so those are named.
        for membership in TeamMembership.objects.filter(
            team_id=dossier.team_id, user__role=Role.TEAMLEIDER, user__is_active=True
        )
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    ]
    return ClosedForYou(dossier=dossier, team_leaders=leaders)
