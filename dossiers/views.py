"""Casework screens: worklist, triage, new melding, dossier page, search.

Views stay thin: forms check input, selectors decide what the user may see, services change state.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access, log_denied, log_shown, log_together
from core.access import CASEWORKERS, staff_view
from core.links import url_for_pk
from core.submissions import repeated_submission, submit_once
from deadlines.atw import AtwCalendar
from deadlines.calendar_source import current_calendar
from deadlines.terms import DeadlineError, DeadlineState
from dossiers import dossier_parts, origins, parts, selectors, services
from dossiers.dossier_parts import TIMELINE_PAGE_SIZE
from dossiers.forms import (
    AssignRegisseurForm,
    CloseForm,
    MeldingForm,
    NetwerkrelatieForm,
    PostponeForm,
    RequalifyForm,
    SearchForm,
    StatusForm,
    TermMetForm,
    WorklistFilterForm,
)
from dossiers.models import Dossier, DossierNote, Melding, Route, Urgency
from dossiers.outcome import derived_step
from dossiers.pseudonyms import build_mask
from dossiers.sections import Section
from dossiers.transitions import TRIAGE_STATUSES, Status, allowed_next
from organisation.models import Team
from residents import selectors as resident_selectors
from residents import services as resident_services
from residents.forms import NEW_HOUSEHOLD, HouseholdChoiceForm, NewResidentForm, ResidentSearchForm
from residents.models import Huishouden, HuishoudenLid, Inwoner, LidRol

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _error_text(error: ValidationError | DeadlineError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _form_errors(form: object) -> str:
    errors = getattr(form, "errors", {})
    return " ".join(str(message) for messages_ in errors.values() for message in messages_)


def _request_without_bsn(request: HttpRequest, criteria: dict[str, object]) -> HttpRequest | None:
    """A BSN must not end up in the access log, also not through the logged path (its query string)."""
    return None if criteria.get("bsn") else request


def _redirect_after_change(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    """Back to where the user came from, or the worklist when the change ended their access."""
    if request.POST.get("return_to") == "triage":
        return redirect("dossiers:triage")
    if selectors.visible_dossiers(_user(request)).filter(pk=dossier.pk).exists():
        return redirect("dossiers:detail", pk=dossier.pk)
    return redirect("dossiers:werkvoorraad")


# --- Mijn werkvoorraad ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorklistRow:
    """One row of a dossier table, every cell already text: the template only places and escapes them."""

    dossier: Dossier
    main_member: str
    state: DeadlineState | None
    url: str = ""
    label: str = ""
    status: str = ""
    regisseur: str = ""
    #: "Label: dd-mm-jjjj" of the next open deadline, or "" when there is none.
    next_deadline: str = ""
    #: Short texts the apps add to the row (dossiers.parts.register_worklist_badges), e.g. unread messages.
    badges: tuple[str, ...] = ()


def _worklist_rows(dossiers: "Iterable[Dossier]", today: date, calendar: AtwCalendar) -> list[WorklistRow]:
    """The rows of a dossier table, with each cell's text made here rather than by a template lookup per cell.

    A worklist shows 50 rows on every view; looking each cell up through the template (a `{% url %}`, a
    choice's display, a user's name) cost more than the database did.
    """
    status_labels = {value: str(label) for value, label in Status.choices}
    detail_url = url_for_pk("dossiers:detail")
    rows = []
    for dossier in dossiers:
        due = dossier.next_deadline
        rows.append(
            WorklistRow(
                dossier=dossier,
                url=detail_url(dossier.pk),
                label=str(dossier),
                status=status_labels.get(dossier.status, dossier.status),
                regisseur=str(dossier.regisseur) if dossier.regisseur_id else "",
                main_member=" ".join((getattr(dossier, "main_member_name", None) or "").split()),
                next_deadline=f"{getattr(dossier, 'next_deadline_label', '') or ''}: {date_format(due)}" if due else "",
                state=selectors.deadline_state(due, getattr(dossier, "next_deadline_term", None), today, calendar),
            )
        )
    return rows


def _page_dossiers(page: Page[Dossier]) -> QuerySet[Dossier]:
    """A page of a paginated queryset is a sliced queryset (the stubs only promise a sequence)."""
    assert isinstance(page.object_list, QuerySet)
    return page.object_list


def _worklist_page(dossiers: QuerySet[Dossier], number: str | None) -> tuple[Page[Dossier], list[Dossier]]:
    """The asked page of an ordered worklist and its dossiers with the row's columns.

    Most caseworkers have fewer open dossiers than fit on a page: the first page is read at once, and
    when it is not full it is the whole list, so the COUNT that the paginator would run first is not needed.
    """
    paginator = Paginator(dossiers, PAGE_SIZE)
    if number in (None, "", "1"):
        first = list(selectors.with_worklist_columns_for_page(dossiers[:PAGE_SIZE]))
        if len(first) < PAGE_SIZE:
            paginator.__dict__["count"] = len(first)  # the cached count: a short first page is everything
        return paginator.page(1), first
    page = paginator.get_page(number)
    return page, list(selectors.with_worklist_columns_for_page(_page_dossiers(page)))


def _regisseur_filter(leader: User, regisseur: str) -> str:
    """What the team leader filtered on, in words: a colleague of the own teams by name, anyone else by nothing."""
    if regisseur == "geen":
        return str(_("dossiers nog zonder regisseur"))
    colleague = (
        User.objects.filter(pk=regisseur, team_memberships__team_id__in=selectors.active_team_ids(leader))
        .distinct()
        .first()
    )
    return str(colleague) if colleague else str(_("een regisseur buiten uw team"))


@staff_view(CASEWORKERS)
def werkvoorraad(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = WorklistFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    whole_team = bool(filters.get("team")) and user.role == Role.TEAMLEIDER
    today = timezone.localdate()
    calendar = current_calendar()
    dossiers = selectors.worklist(user, whole_team=whole_team)
    if filters.get("status"):
        dossiers = dossiers.filter(status=filters["status"])
    if filters.get("termijn"):
        dossiers = selectors.filter_by_deadline_state(dossiers, filters["termijn"], today, calendar)
    regisseur = filters.get("regisseur") if whole_team else ""
    if regisseur:
        dossiers = (
            dossiers.filter(regisseur__isnull=True)
            if regisseur == "geen"
            else dossiers.filter(regisseur_id=int(regisseur))
        )
    page, page_dossiers = _worklist_page(dossiers, request.GET.get("pagina"))
    rows = _worklist_rows(page_dossiers, today, calendar)
    badges = parts.worklist_badges([row.dossier.pk for row in rows])
    rows = [replace(row, badges=badges[row.dossier.pk]) if row.dossier.pk in badges else row for row in rows]
    # Names on a worklist are a look at those households too (the team leader's team view above all).
    log_shown(
        request,
        user=user,
        basis=AccessBasis.TEAMLEIDER if whole_team else AccessBasis.BETROKKEN,
        dossier_ids=[row.dossier.pk for row in rows],
        detail="op de werkvoorraad van het team" if whole_team else "op de eigen werkvoorraad",
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "rows": rows,
        "page": page,
        "query": query.urlencode(),
        "is_teamleider": user.role == Role.TEAMLEIDER,
        "whole_team": whole_team,
        "regisseur_filter": _regisseur_filter(user, regisseur) if regisseur else None,
    }
    template = "dossiers/_werkvoorraad_table.html" if _is_htmx(request) else "dossiers/werkvoorraad.html"
    return render(request, template, context)


# --- Triage -----------------------------------------------------------------------------------------


#: Triage rows per page: enough for a team's morning, small enough to stay fast for a city-wide queue.
TRIAGE_PAGE_SIZE = 50


@staff_view(CASEWORKERS)
def triage(request: HttpRequest) -> HttpResponse:
    """The team's queue, a page at a time; assigning happens on a small page per dossier.

    A dropdown of the whole team per row made the page megabytes large at city size: the
    candidates are loaded only on the assign page, for one team.
    """
    user = _user(request)
    # Page first on the key stored on the dossier, then the row columns for that page only.
    page = Paginator(selectors.triage_queue(user), TRIAGE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = _triage_rows(selectors.triage_rows_for_page(_page_dossiers(page)))
    # The board shows names of households the user is not (yet) involved in: account for each one.
    log_shown(
        request,
        user=user,
        basis=_triage_basis(user),
        dossier_ids=[row["pk"] for row in rows],
        detail="op het triagebord",
    )
    return render(request, "dossiers/triage.html", {"rows": rows, "page": page, "query": ""})


def _triage_rows(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What each triage row prints, as text made once per page.

    Per row the template used to resolve three URLs, build a Dossier, Team and User, and look up the status
    label with `get_status_display` (which rebuilds the field's translated choices on every call).
    """
    routes, urgencies, statuses = dict(Route.choices), dict(Urgency.choices), dict(Status.choices)
    detail_url, assign_url, status_url = (
        url_for_pk("dossiers:detail"),
        url_for_pk("dossiers:triage_toewijzen"),
        url_for_pk("dossiers:status"),
    )
    title = _("Dossier %(id)s")
    rows = []
    for value in values:
        pk, urgency, received_at = value["pk"], value["melding_urgency"] or "", value["melding_received_at"]
        regisseur = ""
        if value["regisseur_id"] is not None:
            full_name = f"{value['regisseur__first_name']} {value['regisseur__last_name']}".strip()
            regisseur = full_name or value["regisseur__username"]
        rows.append(
            {
                "pk": pk,
                "title": title % {"id": pk},
                "team": value["team__name"],
                "url": detail_url(pk),
                "assign_url": assign_url(pk),
                "status_url": status_url(pk),
                "status": statuses.get(value["status"], value["status"]),
                "regisseur": regisseur,
                "main_member": " ".join((value["main_member_name"] or "").split()),
                "route": routes.get(value["melding_route"] or "", ""),
                "urgency": urgency,
                "urgency_label": urgencies.get(urgency, ""),
                "received_at": date_format(timezone.localtime(received_at), "DATETIME_FORMAT") if received_at else "",
            }
        )
    return rows


def _triage_basis(user: User) -> AccessBasis:
    return AccessBasis.TEAMLEIDER if user.role == Role.TEAMLEIDER else AccessBasis.TEAM_TRIAGE


@staff_view(CASEWORKERS)
@require_http_methods(["GET", "POST"])
def triage_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the regisseur (and a second colleague for the home visit) of one dossier from its team."""
    user = _user(request)
    dossier, basis = selectors.get_visible_dossier(request, pk, Section.MELDINGEN, write=True)
    if dossier.status not in TRIAGE_STATUSES and basis != AccessBasis.TEAMLEIDER:
        messages.error(request, _("Dit dossier is niet meer in triage; alleen de teamleider kan de regie wijzigen."))
        return redirect("dossiers:triage")
    candidates = selectors.casework_members([dossier.team_id])[dossier.team_id]
    if request.method == "GET":
        return render(request, "dossiers/triage_assign.html", {"dossier": dossier, "candidates": candidates})
    form = AssignRegisseurForm(request.POST, candidates=candidates)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("dossiers:triage_toewijzen", pk=dossier.pk)
    try:
        services.assign_regisseur(
            dossier,
            form.cleaned_data["regisseur"],
            actor=user,
            colleague=form.cleaned_data.get("colleague"),
            basis=basis,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("dossiers:triage_toewijzen", pk=dossier.pk)
    messages.success(
        request,
        _("%(name)s is regisseur van %(dossier)s.") % {"name": form.cleaned_data["regisseur"], "dossier": dossier},
    )
    return redirect("dossiers:triage")


# --- Nieuwe melding ---------------------------------------------------------------------------------


def _user_teams(user: User) -> list[Team]:
    return list(Team.objects.wijkteams().filter(pk__in=selectors.active_team_ids(user)).order_by("name"))


def _household_choices(inwoner: Inwoner | None) -> list[tuple[int, str]]:
    """The households a melding can join, without naming their members.

    The caseworker registering a melding may not be involved with that household yet, so the
    choice shows what tells households apart (number, type, size), not who lives there.
    """
    if inwoner is None:
        return []
    # A subquery, not a join: households_of already joins the memberships to filter on `inwoner`.
    members = (
        HuishoudenLid.objects.filter(huishouden=OuterRef("pk"), end__isnull=True)
        .order_by()
        .values("huishouden")
        .annotate(count=Count("pk"))
        .values("count")
    )
    households = resident_selectors.households_of(inwoner).annotate(current_members=Subquery(members))
    return [
        (
            huishouden.pk,
            ngettext(
                "%(household)s (%(type)s, %(count)s lid)",
                "%(household)s (%(type)s, %(count)s leden)",
                huishouden.current_members,
            )
            % {"household": huishouden, "type": huishouden.get_type_display(), "count": huishouden.current_members},
        )
        for huishouden in households
    ]


_RESIDENT_SALT = "dossiers.melding.inwoner"
#: How long a resident found in a search may be chosen for a melding.
RESIDENT_TOKEN_MAX_AGE = 2 * 60 * 60


def resident_token(inwoner: Inwoner) -> str:
    """A signed reference to a resident who came up in a (logged) search.

    The melding screen only accepts these, so nobody can open an arbitrary resident by
    guessing an id: need-to-know also holds while registering.
    """
    return signing.dumps(inwoner.pk, salt=_RESIDENT_SALT)


def _inwoner_param(value: str | None) -> Inwoner | None:
    if not value:
        return None
    try:
        pk = signing.loads(value, salt=_RESIDENT_SALT, max_age=RESIDENT_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return Inwoner.objects.filter(pk=pk).first()


@dataclass(frozen=True)
class LookupCandidate:
    """What the melding screen shows of a person: enough to pick the right one, nothing more.

    Every caseworker can look up any resident of the municipality here, before anyone is
    involved, so the screen shows the name, the birth date and a partial address (the digits
    of the postcode and the house number) and no street, household members or contact data.
    """

    token: str
    name: str
    geboortedatum: date
    address_hint: str


def _address_hint(inwoner: Inwoner) -> str:
    number = f"{inwoner.huisnummer or ''}{inwoner.huisnummer_toevoeging}".strip()
    return " ".join(part for part in (inwoner.postcode[:4], number) if part)


def lookup_candidate(inwoner: Inwoner) -> LookupCandidate:
    return LookupCandidate(
        token=resident_token(inwoner),
        name=inwoner.full_name,
        geboortedatum=inwoner.geboortedatum,
        address_hint=_address_hint(inwoner),
    )


def _with_tokens(people: list[Inwoner]) -> list[LookupCandidate]:
    return [lookup_candidate(person) for person in people]


def _log_lookup(request: HttpRequest, kind: str, people: list[Inwoner]) -> None:
    """One search row (the kind of criteria and how many were found) and one row per person shown.

    The terms themselves (a BSN, a name) never go into the log; the ids of the people shown do,
    so each person's access overview lists that this caseworker saw them on the melding screen.
    """
    user = _user(request)
    # The path is logged without its query string, so the request (for the address) is safe to pass.
    with log_together():  # one append for the search and every person it showed
        log_access(
            request,
            user=user,
            action=AccessAction.SEARCH,
            basis=AccessBasis.REGISTRATIE,
            object_type="inwoner",
            detail=f"melding: {kind}, {len(people)} gevonden",
        )
        for person in people:
            log_access(
                request,
                user=user,
                action=AccessAction.VIEW,
                basis=AccessBasis.REGISTRATIE,
                object_type="inwoner",
                object_id=person.pk,
                detail=f"melding: zoekresultaat ({kind})",
            )


@dataclass(frozen=True)
class MeldingOrigin:
    """The record a melding starts from (``?route=...&van=<id>``, dossiers.origins), as the form carries it."""

    route: str
    pk: int
    description: str
    origin: origins.Origin

    @property
    def query(self) -> str:
        return urlencode({"route": self.route, "van": self.pk})


def _melding_origin(request: HttpRequest, user: User, source: Any) -> MeldingOrigin | None:
    """The origin named in the request, if any; one the user may not use is refused (404 and a log line)."""
    route, van = source.get("route", ""), source.get("van", "")
    origin = origins.for_route(route) if van else None
    if origin is None:
        return None
    pk = int(van) if van.isascii() and van.isdigit() and len(van) < 10 else None
    description = origin.describe(user, pk) if pk is not None else None
    if pk is None or description is None:
        log_denied(request, object_type=origin.object_type, object_id=van[:20], detail="melding maken")
        raise Http404(_("Dit is niet gevonden."))
    return MeldingOrigin(route=route, pk=pk, description=description, origin=origin)


@staff_view(CASEWORKERS)
def melding_new(request: HttpRequest) -> HttpResponse:
    """Step 1: find the resident; step 2: the melding about them (an existing or a new resident)."""
    user = _user(request)
    teams = _user_teams(user)
    team_qs = Team.objects.filter(pk__in=[team.pk for team in teams])
    source = request.POST if request.method == "POST" else request.GET
    inwoner = _inwoner_param(source.get("inwoner"))
    joins = _inwoner_param(source.get("bij"))
    origin = _melding_origin(request, user, source)
    context: dict[str, object] = {
        "teams": teams,
        "origin": origin,
        "inwoner": lookup_candidate(inwoner) if inwoner else None,
        "inwoner_token": resident_token(inwoner) if inwoner else "",
        "joins": lookup_candidate(joins) if joins else None,
        "joins_token": resident_token(joins) if joins else "",
    }

    if request.method == "POST":
        return _melding_post(request, user, team_qs, inwoner, joins, context, origin)

    search_form = ResidentSearchForm(request.GET if "zoek" in request.GET else None)
    context["search_form"] = search_form
    candidates: list[Inwoner] | None = None
    if search_form.is_bound and search_form.is_valid():
        data = search_form.cleaned_data
        candidates = list(resident_selectors.find_residents(**data))
        _log_lookup(request, search_form.kind(), candidates)
        if data.get("bsn") and len(candidates) == 1:
            inwoner = candidates[0]
            context["inwoner"] = lookup_candidate(inwoner)
            context["inwoner_token"] = resident_token(inwoner)
            context["found_by_bsn"] = True
        context["new_query"] = urlencode(
            {"nieuw": "1", **{key: str(value) for key, value in data.items() if value not in (None, "")}}
        )
    context["candidates"] = candidates
    context["candidate_choices"] = _with_tokens(candidates or [])
    melding_form = MeldingForm(
        teams=team_qs, initial={"team": teams[0] if teams else None}, fixed_route=origin.route if origin else ""
    )
    if inwoner is not None:
        context["household_form"] = HouseholdChoiceForm(households=_household_choices(inwoner))
        context["melding_form"] = melding_form
    elif "nieuw" in request.GET:
        initial = {key: request.GET[key] for key in ("bsn", "achternaam", "geboortedatum") if request.GET.get(key)}
        context["resident_form"] = NewResidentForm(initial=initial)
        context["household_form"] = HouseholdChoiceForm(
            households=_household_choices(joins), initial={"rol": LidRol.OVERIG}
        )
        context["melding_form"] = melding_form
    return render(request, "dossiers/melding_form.html", context)


def _melding_post(
    request: HttpRequest,
    user: User,
    team_qs: QuerySet[Team],
    inwoner: Inwoner | None,
    joins: Inwoner | None,
    context: dict[str, object],
    origin: MeldingOrigin | None = None,
) -> HttpResponse:
    repeat = repeated_submission(request)
    if repeat is not None:
        return repeat
    melding_form = MeldingForm(request.POST, teams=team_qs, fixed_route=origin.route if origin else "")
    resident_form = NewResidentForm(request.POST) if inwoner is None else None
    household_form = HouseholdChoiceForm(request.POST, households=_household_choices(inwoner or joins))
    context.update(
        {
            "search_form": ResidentSearchForm(),
            "melding_form": melding_form,
            "resident_form": resident_form,
            "household_form": household_form,
        }
    )
    valid = all([melding_form.is_valid(), household_form.is_valid(), resident_form is None or resident_form.is_valid()])
    if resident_form is not None:
        bsn = resident_form.data.get("bsn", "").strip()
        same_bsn = resident_selectors.find_by_bsn(bsn) if bsn else None
        if same_bsn is not None:
            _log_lookup(request, "bsn bij registratie", [same_bsn])
            context["candidates"] = [same_bsn]
            context["candidate_choices"] = _with_tokens([same_bsn])
            context["duplicate_reason"] = "bsn"
            valid = False
        elif resident_form.is_valid() and not request.POST.get("bevestig_nieuw"):
            duplicates = list(
                resident_selectors.possible_duplicates(
                    resident_form.cleaned_data["achternaam"], resident_form.cleaned_data["geboortedatum"]
                )
            )
            if duplicates:
                _log_lookup(request, "naam en geboortedatum bij registratie", duplicates)
                context["candidates"] = duplicates
                context["candidate_choices"] = _with_tokens(duplicates)
                context["duplicate_reason"] = "naam"
                valid = False
    if not valid:
        return render(request, "dossiers/melding_form.html", context, status=200)

    def create() -> Melding:
        with transaction.atomic():
            person = inwoner
            if resident_form is not None:
                person = resident_services.create_inwoner(resident_form.save(commit=False))
            assert person is not None
            choice = household_form.cleaned_data["huishouden"]
            if choice == NEW_HOUSEHOLD:
                huishouden = resident_services.create_household(person, household_form.cleaned_data["type"])
            else:
                huishouden = get_object_or_404(Huishouden, pk=int(choice))
                resident_services.add_to_household(huishouden, person, household_form.cleaned_data["rol"])
            data = melding_form.cleaned_data
            registered = services.register_melding(
                actor=user,
                team=data["team"],
                inwoner=person,
                huishouden=huishouden,
                melding=services.NewMelding(
                    route=data["route"],
                    description=data["description"],
                    urgency=data["urgency"],
                    received_at=data["received_at"],
                    reporter_name=data["reporter_name"],
                    reporter_organisation=data["reporter_organisation"],
                    regime=data["regime"],
                    wgs_threat=data["wgs_threat"],
                ),
                request=request,
            )
            if origin is not None:
                origin.origin.link(user, origin.pk, registered, request)
            return registered

    try:
        outcome = submit_once(request, create, lambda melding: _melding_result_url(user, melding))
    except ValidationError as error:
        # A colleague registered this BSN between our check and our insert: offer that resident.
        assert resident_form is not None
        resident_form.add_error(None, error)
        same_bsn = resident_selectors.find_by_bsn(resident_form.cleaned_data.get("bsn") or "")
        if same_bsn is not None:
            _log_lookup(request, "bsn bij registratie", [same_bsn])
            context["candidates"] = [same_bsn]
            context["candidate_choices"] = _with_tokens([same_bsn])
            context["duplicate_reason"] = "bsn"
        return render(request, "dossiers/melding_form.html", context, status=200)
    if isinstance(outcome, HttpResponse):
        return outcome
    dossier = outcome.dossier
    if selectors.visible_dossiers(user).filter(pk=dossier.pk).exists():
        messages.success(request, _("De melding is geregistreerd."))
    else:
        messages.success(
            request,
            _("De melding is geregistreerd bij het lopende %(dossier)s van het team %(team)s.")
            % {"dossier": dossier, "team": dossier.team},
        )
    return redirect(_melding_result_url(user, outcome))


def _melding_result_url(user: User, melding: Melding) -> str:
    """The dossier when the user may see it, else the worklist (a melding joined another team's dossier)."""
    if selectors.visible_dossiers(user).filter(pk=melding.dossier_id).exists():
        return reverse("dossiers:detail", args=[melding.dossier_id])
    return reverse("dossiers:werkvoorraad")


# --- Dossierpagina ----------------------------------------------------------------------------------


def _log_view(request: HttpRequest, dossier: Dossier, basis: str, detail: str = "", section: str = "") -> None:
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=basis,
        object_type="dossier",
        object_id=dossier.pk,
        dossier_id=dossier.pk,
        detail=detail,
        section=section,
    )


def _pseudonym(index: int) -> str:
    """ "Inwoner A", "Inwoner B", ... "Inwoner AA": stable per page, by the household's member order."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return _("Inwoner %(letter)s") % {"letter": letters}


def _members(dossier: Dossier, today: date) -> list[parts.Member]:
    return [
        parts.Member(lid=lid, age=lid.inwoner.age_on(today), pseudonym=_pseudonym(index))
        for index, lid in enumerate(selectors.household_members(dossier))
    ]


def _household_name(dossier: Dossier, members: list[parts.Member], pseudonymised: bool) -> str:
    """The page's heading: the household by its main member's surname; a pseudonymised page names no one."""
    if pseudonymised or not members:
        return str(dossier)
    return _("Huishouden %(name)s") % {"name": members[0].lid.inwoner.surname}


def _log_tab(
    request: HttpRequest,
    dossier: Dossier,
    access: selectors.DossierAccess,
    shown: list[parts.DossierPart],
    tab: parts.Tab,
) -> None:
    """One line per page: which tab, and the section of the dossier it showed (when it showed one)."""
    sections = sorted({part.section.value for part in shown if part.section is not None})
    _log_view(
        request,
        dossier,
        access.basis,
        detail=f"onderdeel: {tab.key}" + ("" if len(sections) < 2 else " (" + ", ".join(sections) + ")"),
        section=sections[0] if len(sections) == 1 else "",
    )


@staff_view(CASEWORKERS | {Role.SPECIALIST})
def dossier_detail(request: HttpRequest, pk: int, tab: str = parts.OVERZICHT.key) -> HttpResponse:
    """One tab of the dossier under its summary header; only the parts the user may see, no names when pseudonymised.

    The parts come from the apps (`dossiers.parts`): this view reads what the shown tab needs and nothing else.
    """
    try:
        dossier, access = selectors.get_dossier_access(request, pk, partial=True, pseudonymised_ok=True)
    except Http404:
        closed = selectors.closed_after_involvement(_user(request), pk)
        if closed is None:
            raise
        # The refusal is logged; the former regisseur learns why and who can reopen, instead of "not found".
        return render(request, "dossiers/closed_for_you.html", {"closed": closed}, status=403)
    # Looked up after the access check, so someone without access is refused (and logged) whatever the key.
    shown_tab = parts.tab(tab)
    if shown_tab is None:
        raise Http404
    shown = parts.parts_of(shown_tab, access)
    if not shown and shown_tab != parts.OVERZICHT:
        # The user may open the dossier, but not this part of it: say so, and log the refusal.
        log_denied(
            request,
            object_type="dossier",
            object_id=dossier.pk,
            dossier_id=dossier.pk,
            detail=f"onderdeel: {shown_tab.key}",
        )
        raise PermissionDenied
    _log_tab(request, dossier, access, shown, shown_tab)
    today = timezone.localdate()
    members = _members(dossier, today)
    pseudonyms = {member.lid.inwoner_id: member.pseudonym for member in members}
    view = parts.PartView(
        dossier=dossier,
        access=access,
        today=today,
        calendar=current_calendar(),
        members=members,
        pseudonyms=pseudonyms,
        user=_user(request),
    )
    context: dict[str, object] = {
        "dossier": dossier,
        "household_name": _household_name(dossier, members, access.pseudonymised),
        "route_steps": _route_steps(dossier),
        "access": access,
        "basis": access.basis,
        "tabs": parts.tabs_for(access),
        "tab": shown_tab,
        "pseudonymised": access.pseudonymised,
        "pseudonyms": pseudonyms,
        "name_mask": build_mask((member.lid.inwoner, member.pseudonym) for member in members)
        if access.pseudonymised
        else None,
        "today": today,
        "atw_calendar": view.calendar,  # read once: the provisional marks next to dates use it too
        "members": members,
        "may_write": access.may_write,
        "is_regisseur": access.basis == AccessBasis.REGISSEUR,
    }
    for part in shown:
        if part.context is not None:
            context.update(part.context(view))
    note_sections = {part.section for part in shown if part.notes and part.section is not None}
    notes = selectors.notes_of(dossier, note_sections)
    context["parts"] = [
        {"part": part, "template": part.template_for(access), "notes": _notes_block(part, shown, notes, access)}
        for part in shown
    ]
    return render(request, "dossiers/detail.html", context)


def _notes_block(
    part: parts.DossierPart,
    shown: list[parts.DossierPart],
    notes: dict[str, list[DossierNote]],
    access: selectors.DossierAccess,
) -> dict[str, object] | None:
    """The notes of a section go under the last part of the tab that shows that section."""
    section = part.section
    if section is None or not any(other.notes and other.section == section for other in shown):
        return None
    if [other for other in shown if other.section == section][-1] is not part:
        return None
    return {"section": section, "notes": notes.get(section.value, []), "may_note": section in access.note_sections}


def _route_steps(dossier: Dossier) -> list[dict[str, object]]:
    """The access route as a step indicator: done, current, to come (a reopened dossier is on its own step)."""
    route = [
        Status.AANGEMELD,
        Status.IN_TRIAGE,
        Status.IN_ONDERZOEK,
        Status.PLAN,
        Status.UITVOERING,
        Status.EVALUATIE,
        Status.AFGESLOTEN,
    ]
    current = Status(dossier.status)
    if current == Status.HEROPEND:
        route[0] = Status.HEROPEND
    position = route.index(current)
    return [
        {"label": status.label, "state": "done" if index < position else "current" if index == position else "todo"}
        for index, status in enumerate(route)
    ]


@staff_view(CASEWORKERS | {Role.SPECIALIST})
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    # Timeline summaries name people, so a pseudonymised consultation does not get them.
    dossier, access = selectors.get_dossier_access(request, pk, Section.TIJDLIJN)
    _log_view(request, dossier, access.basis, detail="tijdlijn", section=Section.TIJDLIJN)
    page = Paginator(selectors.timeline_of(dossier), TIMELINE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {"dossier": dossier, "timeline": dossier_parts.timeline_rows(list(page.object_list)), "page": page}
    template = "dossiers/_timeline_items.html" if _is_htmx(request) else "dossiers/timeline.html"
    return render(request, template, context)


@staff_view(CASEWORKERS)
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    # A team member in triage may move a dossier on; a consulted person never changes anything.
    dossier, basis = selectors.get_visible_dossier(request, pk, Section.MELDINGEN, write=True)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige nieuwe status."))
        return redirect("dossiers:detail", pk=dossier.pk)
    target = Status(form.cleaned_data["target"])
    try:
        services.change_status(
            dossier,
            target,
            actor=_user(request),
            reason=form.cleaned_data["reason"],
            close_reason=form.cleaned_data["close_reason"],
            basis=basis,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        if request.POST.get("return_to") == "triage":
            return redirect("dossiers:triage")
        return redirect("dossiers:detail", pk=dossier.pk)
    messages.success(request, _("De status is nu '%(status)s'.") % {"status": target.label})
    return _redirect_after_change(request, dossier)


@staff_view(CASEWORKERS)
@require_http_methods(["GET", "POST"])
def close_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing asks for confirmation: the page lists what is still open (each app says what it has open)."""
    dossier, basis = selectors.get_visible_dossier(request, pk, Section.MELDINGEN, write=True)
    if Status.AFGESLOTEN not in allowed_next(Status(dossier.status)):
        messages.error(request, _("Dit dossier is al afgesloten."))
        return redirect("dossiers:detail", pk=dossier.pk)
    derived = derived_step(dossier.pk, close_reason="")
    form = CloseForm(request.POST or None, auto_id="afsluiten_%s", derived=derived)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                dossier,
                Status.AFGESLOTEN,
                actor=_user(request),
                reason=form.cleaned_data["reason"],
                close_reason=form.cleaned_data["close_reason"],
                outcome_step=form.cleaned_data.get("outcome_step", ""),
                basis=basis,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Het dossier is afgesloten."))
            return _redirect_after_change(request, dossier)
    _log_view(request, dossier, basis, detail="afsluiten", section=Section.MELDINGEN)
    context = {"dossier": dossier, "form": form, "open_work": parts.open_work(dossier)}
    return render(request, "dossiers/close.html", context, status=400 if form.errors else 200)


@staff_view(CASEWORKERS)
@require_POST
def postpone_deadline(request: HttpRequest, pk: int, deadline_pk: int) -> HttpResponse:
    dossier, _basis = selectors.get_visible_dossier(request, pk)
    deadline = get_object_or_404(dossier.deadlines.select_related("dossier"), pk=deadline_pk)
    form = PostponeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("dossiers:detail", pk=dossier.pk)
    try:
        services.postpone_deadline(deadline, form.cleaned_data["weeks"], form.cleaned_data["reason"], _user(request))
    except (DeadlineError, ValidationError) as error:
        messages.error(request, _error_text(error))
        return redirect("dossiers:detail", pk=dossier.pk)
    messages.success(request, _("De termijn is verdaagd."))
    return redirect("dossiers:detail", pk=dossier.pk)


@staff_view(CASEWORKERS)
@require_POST
def add_netwerk(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, basis = selectors.get_visible_dossier(request, pk, Section.HUISHOUDEN, write=True)
    form = NetwerkrelatieForm(
        request.POST, members=Inwoner.objects.filter(lidmaatschappen__huishouden=dossier.huishouden)
    )
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(parts.tab_url(dossier.pk, parts.HUISHOUDEN))
    try:
        outcome = submit_once(
            request,
            lambda: services.add_netwerkrelatie(
                dossier, actor=_user(request), basis=basis, request=request, **form.cleaned_data
            ),
            lambda _relatie: parts.tab_url(dossier.pk, parts.HUISHOUDEN),
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(parts.tab_url(dossier.pk, parts.HUISHOUDEN))
    if isinstance(outcome, HttpResponse):
        return outcome
    messages.success(request, _("De netwerkrelatie is toegevoegd."))
    return redirect(parts.tab_url(dossier.pk, parts.HUISHOUDEN))


@staff_view(CASEWORKERS)
@require_POST
def requalify_melding(request: HttpRequest, pk: int, melding_pk: int) -> HttpResponse:
    """Put a melding under another law; its terms start from the chosen date (dossiers/regimes.py)."""
    dossier, access = selectors.get_dossier_access(request, pk, Section.MELDINGEN, write=True)
    melding = get_object_or_404(dossier.meldingen, pk=melding_pk)
    form = RequalifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(parts.tab_url(dossier.pk, parts.MELDINGEN))
    data = form.cleaned_data
    try:
        services.requalify_melding(
            melding,
            regime=data["regime"],
            wgs_threat=data["wgs_threat"],
            on=data["on"],
            reason=data["reason"],
            actor=_user(request),
            basis=access.basis,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(parts.tab_url(dossier.pk, parts.MELDINGEN))
    melding.refresh_from_db()
    messages.success(request, _("De melding valt nu onder: %(regime)s.") % {"regime": melding.get_regime_display()})
    return redirect(parts.tab_url(dossier.pk, parts.MELDINGEN))


@staff_view(CASEWORKERS)
@require_POST
def mark_term_met(request: HttpRequest, pk: int, deadline_pk: int) -> HttpResponse:
    """The Wgs first conversation or the contact norm met on a day (dossiers/regimes.py MET_BY_HAND).

    Idempotent: a term already met stays as it was and the user is told so.
    """
    dossier, access = selectors.get_dossier_access(request, pk, Section.MELDINGEN, write=True)
    deadline = get_object_or_404(dossier.deadlines.select_related("dossier"), pk=deadline_pk)
    back = redirect("dossiers:detail", pk=dossier.pk)
    try:
        services.check_met_by_hand(deadline)
    except services.TermAlreadyMet as already:
        messages.info(request, _error_text(already))
        return back
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return back
    form = TermMetForm(request.POST, term_code=deadline.term_code)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return back
    try:
        services.mark_term_met_by_hand(
            deadline,
            on=form.cleaned_data["on"],
            how=form.cleaned_data["how"],
            note=form.cleaned_data["note"],
            actor=_user(request),
            basis=access.basis,
            request=request,
        )
    except services.TermAlreadyMet as already:
        messages.info(request, _error_text(already))
        return back
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return back
    messages.success(
        request,
        _("De termijn '%(label)s' is gehaald op %(day)s.")
        % {"label": deadline.label, "day": date_format(form.cleaned_data["on"])},
    )
    return back


# --- Zoeken -----------------------------------------------------------------------------------------


def _log_search(
    request: HttpRequest,
    user: User,
    criteria: dict[str, object],
    total: int,
    shown: list[int],
    emergency: list[Dossier],
) -> None:
    """Log what kind of search it was and which dossiers it showed, never the terms (names, addresses).

    The log is kept as long as the dossiers and must not become a second register of who was looked
    for: the kind of criterion, the number of results and the dossiers listed are enough to account for it.
    """
    kind = "bsn" if "bsn" in criteria else "adres" if "postcode" in criteria else "naam"
    basis = AccessBasis.TEAMLEIDER if user.role == Role.TEAMLEIDER else AccessBasis.BETROKKEN
    with log_together():
        log_access(
            request,
            user=user,
            action=AccessAction.SEARCH,
            basis=basis,
            object_type="dossier",
            detail=f"zoeken op {kind}: {total} resultaten",
        )
        log_shown(request, user=user, basis=basis, dossier_ids=shown, detail=f"in zoekresultaat (zoeken op {kind})")
        log_shown(
            request,
            user=user,
            basis=AccessBasis.NONE,
            dossier_ids=[dossier.pk for dossier in emergency],
            detail=f"genoemd voor noodtoegang (zoeken op {kind})",
        )


def _search_page(found: QuerySet[Dossier], number: str | None) -> tuple[Page[Dossier], list[Dossier]]:
    """The asked page of search results with the row's columns, and how many results there are, in one query.

    The total comes with the rows (COUNT(*) OVER ()), so the search runs once instead of once for the count
    and again for the page; the database adds the columns after the sort and limit, for the page's rows only.
    A page past the end (or not a number) goes the paginator's way: count first, then the page it settles on.
    """
    paginator = Paginator(found, PAGE_SIZE)
    wanted = int(number) if number and number.isascii() and number.isdigit() else 1
    if wanted >= 1:
        start = (wanted - 1) * PAGE_SIZE
        counted = selectors.with_worklist_columns(found).annotate(search_total=Window(Count("*")))
        dossiers: list[Dossier] = list(counted[start : start + PAGE_SIZE])
        if dossiers or wanted == 1:
            total = getattr(dossiers[0], "search_total", 0) if dossiers else 0
            paginator.__dict__["count"] = total  # the paginator's cached count
            return paginator.page(wanted), dossiers
    page = paginator.get_page(number)
    return page, list(selectors.with_worklist_columns_for_page(_page_dossiers(page)))


@dataclass(frozen=True)
class EmergencyOffer:
    """A break-the-glass offer under the search results: the dossier's number, team and status, never the household."""

    label: str
    team: str
    status: str
    url: str


def _emergency_offers(dossiers: "Iterable[Dossier]") -> list[EmergencyOffer]:
    """The offers' texts made once here (one reverse, the status labels once), not looked up per row in the template."""
    status_labels = {value: str(label) for value, label in Status.choices}
    noodtoegang_url = url_for_pk("consent:noodtoegang")
    return [
        EmergencyOffer(
            label=str(dossier),
            team=str(dossier.team),
            status=status_labels.get(dossier.status, dossier.status),
            url=noodtoegang_url(dossier.pk),
        )
        for dossier in dossiers
    ]


@staff_view(CASEWORKERS)
def search(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = SearchForm(request.GET if "q" in request.GET else None)
    rows: list[WorklistRow] | None = None
    emergency: list[Dossier] = []
    page = None
    if form.is_bound and form.is_valid():
        criteria = form.criteria()
        households = selectors.matching_households(**criteria)
        page, page_dossiers = _search_page(selectors.search_dossiers(user, households), request.GET.get("pagina"))
        rows = _worklist_rows(page_dossiers, timezone.localdate(), current_calendar())
        emergency = list(selectors.search_emergency_candidates(user, households)[:20])
        _log_search(request, user, criteria, page.paginator.count, [row.dossier.pk for row in rows], emergency)
    query = urlencode({"q": request.GET.get("q", "")})
    context = {"form": form, "rows": rows, "page": page, "query": query, "emergency": _emergency_offers(emergency)}
    return render(request, "dossiers/search_with_emergency.html", context)
