"""Screens of erop af, the informatiepunt and the catalogue of algemene voorzieningen.

Thin: `outreach.selectors` keeps every list within the user's own teams (another team's contact is a 404 and a log
line), the forms check input, `outreach.services` writes. Reading the team's contacts is logged; an informatiepunt
question holds nobody, so reading the counts is not.
"""

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role, User
from audit.models import AccessAction
from audit.services import log_access, log_denied
from core.access import CASEWORKERS, staff_view
from core.forms import add_service_errors
from core.submissions import repeated_submission, submit_once
from dossiers.models import Route
from outreach import selectors, services
from outreach.forms import ContactFilterForm, EropAfForm, InformatieVraagForm
from outreach.models import Answer, EropAfContact

#: Who goes out and answers questions: the team's generalists and its teamleider.
TEAM_ROLES = frozenset({Role.GENERALIST, Role.TEAMLEIDER})
PAGE_SIZE = 50
#: The list opens on the last three months.
DEFAULT_PERIOD = timedelta(days=91)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# --- Informatiepunt ---------------------------------------------------------------------------------------------


@staff_view(TEAM_ROLES)
@require_http_methods(["GET", "POST"])
def informatiepunt(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    kwargs: dict[str, Any] = {
        "teams": selectors.user_teams(user),
        "wijken": selectors.gemeente_wijken(user),
        "voorzieningen": selectors.algemene_voorzieningen(),
    }
    status = 200
    if request.method == "POST":
        repeat = repeated_submission(request)
        if repeat is not None:
            return repeat
        form = InformatieVraagForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            new = services.NewQuestion(
                team=data["team"],
                wijk=data["wijk"],
                topic=data["topic"],
                channel=data["channel"],
                answer=data["answer"],
                asked_on=data["asked_on"],
                voorziening=data["voorziening"],
            )
            # The result address names no question: the one-time form claim must not tie a staff member to it.
            after = (
                reverse("dossiers:melding_nieuw")
                if new.answer == Answer.MELDING
                else reverse("outreach:informatiepunt")
            )
            try:
                outcome = submit_once(request, lambda: services.record_question(new), lambda _question: after)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if isinstance(outcome, HttpResponse):
                    return outcome
                if new.answer == Answer.MELDING:
                    messages.success(request, _("De vraag is geteld. Registreer nu de melding."))
                else:
                    messages.success(request, _("De vraag is geteld. Er is geen dossier geopend."))
                return redirect(after)
        status = 400
    else:
        form = InformatieVraagForm(**kwargs)
    today = timezone.localdate()
    start = today.replace(day=1)
    per_topic, per_wijk = selectors.question_counts(user, start=start, end=today)
    return render(
        request,
        "outreach/informatiepunt.html",
        {
            "form": form,
            "has_team": kwargs["teams"].exists(),
            "period_start": start,
            "per_topic": per_topic,
            "per_wijk": per_wijk,
        },
        status=status,
    )


# --- Erop af ----------------------------------------------------------------------------------------------------


def _contact_or_404(request: HttpRequest, pk: int) -> EropAfContact:
    contact = selectors.contact_for(_user(request), pk)
    if contact is None:
        log_denied(request, object_type=services.OBJECT_TYPE, object_id=pk)
        raise Http404(_("Dit contact is niet gevonden."))
    return contact


@staff_view(TEAM_ROLES)
@require_GET
def contacts(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ContactFilterForm(request.GET or None, wijken=selectors.team_wijken(user))
    today = timezone.localdate()
    wijk, start, end = None, today - DEFAULT_PERIOD, today
    if form.is_bound and form.is_valid():
        wijk = form.cleaned_data["wijk"]
        start = form.cleaned_data["van"] or start
        end = form.cleaned_data["tot"] or end
    found = selectors.contacts_for(user, wijk=wijk, start=start, end=end)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=services.basis_for(user),
        object_type=services.OBJECT_TYPE,
        detail=_list_detail(len(page.object_list), wijk.name if wijk else "", start, end),
    )
    query = urlencode({key: value for key, value in request.GET.items() if key != "pagina"})
    return render(
        request,
        "outreach/contacts.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "start": start,
            "end": end,
            "has_team": selectors.user_teams(user).exists(),
        },
    )


def _list_detail(shown: int, wijk: str, start: date, end: date) -> str:
    return f"lijst: {shown} contacten, {wijk or 'alle wijken'}, {start.isoformat()} t/m {end.isoformat()}"


@staff_view(TEAM_ROLES)
@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    kwargs: dict[str, Any] = {"teams": selectors.user_teams(user), "wijken": selectors.team_wijken(user)}
    if request.method == "POST":
        repeat = repeated_submission(request)
        if repeat is not None:
            return repeat
        form = EropAfForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            new = services.NewContact(
                team=data["team"],
                wijk=data["wijk"],
                contact_on=data["contact_on"],
                setting=data["setting"],
                topics=data["topics"],
                reached=data["reached"],
                note=data["note"],
            )
            try:
                outcome = submit_once(
                    request,
                    lambda: services.register_contact(new, actor=user, request=request),
                    lambda contact: reverse("outreach:contact", args=[contact.pk]),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if isinstance(outcome, HttpResponse):
                    return outcome
                messages.success(request, _("Het contact is vastgelegd."))
                if request.POST.get("melding"):
                    return redirect(_melding_url(outcome))
                return redirect("outreach:contact", pk=outcome.pk)
        return render(request, "outreach/contact_form.html", {"form": form}, status=400)
    return render(
        request,
        "outreach/contact_form.html",
        {"form": EropAfForm(**kwargs), "has_team": kwargs["teams"].exists()},
    )


def _melding_url(contact: EropAfContact) -> str:
    return f"{reverse('dossiers:melding_nieuw')}?{urlencode({'route': Route.OUTREACH, 'van': contact.pk})}"


@staff_view(TEAM_ROLES)
@require_GET
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    contact = _contact_or_404(request, pk)
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=services.basis_for(user),
        object_type=services.OBJECT_TYPE,
        object_id=contact.pk,
    )
    return render(
        request,
        "outreach/contact_detail.html",
        {
            "contact": contact,
            "melding_url": _melding_url(contact),
            "retention_until": date_format(contact.contact_on + timedelta(days=services.retention_days())),
        },
    )


# --- Algemene voorzieningen ---------------------------------------------------------------------------------------


@staff_view(CASEWORKERS)
@require_GET
def voorzieningen(request: HttpRequest) -> HttpResponse:
    """What a team can point to without a decision; the functioneel beheerder keeps the list in /beheer/."""
    return render(request, "outreach/voorzieningen.html", {"voorzieningen": list(selectors.algemene_voorzieningen())})
