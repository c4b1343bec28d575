"""The team's queue of partner meldingen that wait for a person's judgement (partners.selectors says whose)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from core.access import staff_view
from core.submissions import repeated_submission, submit_once
from organisation.models import Team
from partners import selectors, services
from partners.forms import RegisterForm, RejectForm, ResidentSearchForm, choice_token
from partners.models import PartnerMelding
from residents.models import Huishouden, Inwoner
from residents.selectors import find_residents, households_of

#: Rows per page of the queue.
QUEUE_PAGE_SIZE = 50
#: At most this many candidates are offered; more means the search was too wide.
MAX_CANDIDATES = 20


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _basis(user: User, pm: PartnerMelding | None = None) -> AccessBasis:
    """A teamleider picking up an unrouted melding does so as teamleider; otherwise as the team taking it in."""
    if user.role == Role.TEAMLEIDER and (pm is None or pm.team_id is None):
        return AccessBasis.TEAMLEIDER
    return AccessBasis.TEAM_TRIAGE


@staff_view(selectors.QUEUE_ROLES)
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.queue_for(user), QUEUE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    # The queue shows names and worries: one line in the access log for what this page showed.
    log_access(
        request,
        user=user,
        action=AccessAction.VIEW,
        basis=_basis(user),
        object_type="partnermelding",
        detail="wachtrij: " + ",".join(str(pm.pk) for pm in rows),
    )
    return render(request, "partners/queue.html", {"rows": rows, "page": page, "query": ""})


def _own_wijkteams(user: User) -> Any:
    return Team.objects.filter(pk__in=selectors.own_wijkteam_ids(user)).order_by("name")


def _candidates(pm: PartnerMelding, search: ResidentSearchForm | None) -> list[Inwoner]:
    """The matched resident, then whoever the team's search finds; without a search, what the partner gave finds:
    the BSN, surname + birth date, and the residents registered at the reported address (a misspelt name)."""
    found: dict[int, Inwoner] = {}
    if pm.inwoner is not None:
        found[pm.inwoner.pk] = pm.inwoner
    at_address: list[Inwoner] = []
    if search is not None and search.is_bound:
        queries = [search.cleaned_data] if search.is_valid() else []
    else:
        queries = [{"bsn": pm.bsn}] if pm.bsn else []
        if pm.geboortedatum is not None:
            queries.append({"achternaam": pm.achternaam, "geboortedatum": pm.geboortedatum})
        at_address = list(selectors.residents_at_reported_address(pm)[:MAX_CANDIDATES])
    for query in queries:
        for inwoner in find_residents(**query)[:MAX_CANDIDATES]:
            found.setdefault(inwoner.pk, inwoner)
    for inwoner in at_address:
        found.setdefault(inwoner.pk, inwoner)
    return list(found.values())[:MAX_CANDIDATES]


def _candidate_rows(candidates: list[Inwoner]) -> list[dict[str, Any]]:
    """What the page shows of each candidate: enough to pick the right one (name, birth date, a partial address)."""
    rows: list[dict[str, Any]] = []
    for inwoner in candidates:
        number = f"{inwoner.huisnummer or ''}{inwoner.huisnummer_toevoeging}".strip()
        options = [
            {"value": choice_token(inwoner.pk, huishouden.pk), "label": _("Huishouden %(id)s") % {"id": huishouden.pk}}
            for huishouden in households_of(inwoner)
        ]
        rows.append(
            {
                "name": inwoner.full_name,
                "geboortedatum": inwoner.geboortedatum,
                "address_hint": " ".join(part for part in (inwoner.postcode[:4], number) if part),
                "options": options,
            }
        )
    return rows


def _log_candidates(request: HttpRequest, user: User, candidates: list[Inwoner], pm: PartnerMelding) -> None:
    for inwoner in candidates:
        log_access(
            request,
            user=user,
            action=AccessAction.VIEW,
            basis=AccessBasis.REGISTRATIE,
            object_type="inwoner",
            object_id=inwoner.pk,
            detail=f"partnermelding {pm.pk}: mogelijke inwoner",
        )


@staff_view(selectors.QUEUE_ROLES)
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One waiting partner melding: find the resident and register it, or judge it not for the wijkteam."""
    user = _user(request)
    pm = selectors.partner_melding_for(request, user, pk)
    log_access(
        request,
        user=user,
        action=AccessAction.VIEW,
        basis=_basis(user, pm),
        object_type="partnermelding",
        object_id=pm.pk,
    )
    if not pm.is_waiting:
        return render(
            request, "partners/detail.html", {"pm": pm, "status": services.status_label(services.status_of(pm))}
        )
    teams = _own_wijkteams(user)
    search = ResidentSearchForm(request.GET) if "zoek" in request.GET else None
    register_form: RegisterForm | None = None
    reject_form = RejectForm()
    if request.method == "POST":
        repeat = repeated_submission(request)
        if repeat is not None:
            return repeat
        if request.POST.get("actie") == "afwijzen":
            reject_form = RejectForm(request.POST)
            if reject_form.is_valid():
                return _reject(request, user, pm, reject_form)
        else:
            register_form = RegisterForm(request.POST, teams=teams)
            if register_form.is_valid():
                response = _register(request, user, pm, register_form)
                if response is not None:
                    return response
    candidates = _candidates(pm, search)
    _log_candidates(request, user, candidates, pm)
    if register_form is None:
        initial_team = pm.team if pm.team is not None and teams.filter(pk=pm.team_id).exists() else teams.first()
        register_form = RegisterForm(teams=teams, initial={"team": initial_team})
    context = {
        "pm": pm,
        "search_form": search
        or ResidentSearchForm(initial={"bsn": pm.bsn, "achternaam": pm.achternaam, "geboortedatum": pm.geboortedatum}),
        "candidate_rows": _candidate_rows(candidates),
        "register_form": register_form,
        "reject_form": reject_form,
        "has_teams": teams.exists(),
    }
    return render(request, "partners/detail.html", context)


def _register(request: HttpRequest, user: User, pm: PartnerMelding, form: RegisterForm) -> HttpResponse | None:
    inwoner_id, huishouden_id = form.cleaned_data["keuze"]
    inwoner = Inwoner.objects.filter(pk=inwoner_id).first()
    huishouden = Huishouden.objects.filter(pk=huishouden_id).first()
    if inwoner is None or huishouden is None:
        form.add_error("keuze", _("Kies de inwoner en het huishouden uit de lijst."))
        return None
    team = form.cleaned_data["team"]

    def create() -> PartnerMelding:
        return services.register_from_queue(
            pm, actor=user, inwoner=inwoner, huishouden=huishouden, team=team, request=request
        )

    try:
        outcome = submit_once(request, create, lambda _pm: reverse("partners:queue"))
    except ValidationError as error:
        form.add_error(None, error)
        return None
    if isinstance(outcome, HttpResponse):
        return outcome
    messages.success(request, _("De melding is geregistreerd bij het huishouden en staat in de triage van het team."))
    return redirect("partners:queue")


def _reject(request: HttpRequest, user: User, pm: PartnerMelding, form: RejectForm) -> HttpResponse:
    try:
        services.reject(pm, actor=user, reason=form.cleaned_data["reason"], request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("partners:queue")
    messages.success(request, _("De melding is afgerond als niet voor het wijkteam. De partner ziet: afgerond."))
    return redirect("partners:queue")
