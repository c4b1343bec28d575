"""Screens for opschalen, the case conference, afspraken, the handover of regie, afschalen, and the worklist.

Thin: `regie.selectors` and `dossiers.selectors` decide who may see what (404 and a log line otherwise), forms check
input, `regie.services` applies the rules and writes the timeline and the access log.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access, log_denied
from consent import services as consent_services
from consent.models import ConsentStatus
from core.access import CASEWORKERS, staff_view
from core.forms import add_service_errors
from core.submissions import submit_once
from dossiers.models import Dossier
from dossiers.selectors import get_dossier_access
from regie import selectors, services
from regie.forms import (
    AgreementFormSet,
    AgreementStatusForm,
    ConferenceForm,
    DeEscalateForm,
    EscalateForm,
    HandoverForm,
)
from regie.models import Agreement, CaseConference, Escalation


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _detail_url(escalation: Escalation) -> str:
    return reverse("regie:detail", kwargs={"pk": escalation.pk})


def _regisseur_dossier(request: HttpRequest, pk: int) -> Dossier:
    """The dossier, for its regisseur only: others get 404 and a log line (as for erbij halen)."""
    dossier, access = get_dossier_access(request, pk, write=True)
    if access.basis != AccessBasis.REGISSEUR:
        log_denied(request, object_type="opschaling", dossier_id=dossier.pk, detail="alleen de regisseur")
        raise Http404(_("Alleen de regisseur kan dit doen."))
    return dossier


def _escalation_for_regisseur(request: HttpRequest, pk: int) -> Escalation:
    escalation, basis = selectors.get_escalation(request, pk)
    if basis != AccessBasis.REGISSEUR:
        log_denied(
            request,
            object_type="opschaling",
            object_id=pk,
            dossier_id=escalation.dossier_id,
            detail="alleen de regisseur",
        )
        raise Http404(_("Alleen de regisseur kan dit doen."))
    return escalation


def _people(escalation: Escalation) -> QuerySet[User]:
    """Who can take part in a conference: today's members of the regieteam and of the dossier's wijkteam."""
    ids = services.active_member_ids(escalation.regieteam_id).union(
        services.active_member_ids(escalation.dossier.team_id)
    )
    return User.objects.filter(is_active=True, pk__in=list(ids)).order_by("first_name", "last_name", "pk")


# --- Worklist and one escalation -------------------------------------------------------------------------


@staff_view(CASEWORKERS)
def worklist(request: HttpRequest) -> HttpResponse:
    """The escalations of the user's regieteams (and, for a teamleider, of the own team's dossiers)."""
    user = _user(request)
    escalations = list(selectors.worklist(user)[:200])
    log_access(
        request,
        user=user,
        action=AccessAction.VIEW,
        basis=AccessBasis.CONSULTATIE,
        object_type="opschaling",
        detail=f"werklijst regieteam ({len(escalations)})",
    )
    running = [escalation for escalation in escalations if escalation.is_running]
    ended = [escalation for escalation in escalations if not escalation.is_running]
    return render(request, "regie/worklist.html", {"running": running, "ended": ended})


@staff_view(CASEWORKERS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    escalation, basis = selectors.get_escalation(request, pk)
    escalation = selectors.with_conferences(Escalation.objects.filter(pk=escalation.pk)).select_related(
        "regieteam", "dossier__team", "dossier__regisseur", "dossier__huishouden", "started_by", "ended_by"
    )[0]
    log_access(
        request,
        user=_user(request),
        action=AccessAction.VIEW,
        basis=basis,
        object_type="opschaling",
        object_id=escalation.pk,
        dossier_id=escalation.dossier_id,
    )
    is_regisseur = basis == AccessBasis.REGISSEUR
    user = _user(request)
    may_track = escalation.is_running and (is_regisseur or services.is_member(user, escalation.regieteam_id))
    return render(
        request,
        "regie/detail.html",
        {
            "escalation": escalation,
            "dossier": escalation.dossier,
            "conferences": list(escalation.conferences.all()),
            "is_regisseur": is_regisseur,
            "may_track": may_track,
            "today": timezone.localdate(),
        },
    )


# --- Opschalen -----------------------------------------------------------------------------------------


@staff_view(CASEWORKERS)
def escalate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    dossier = _regisseur_dossier(request, pk)
    running = selectors.running_escalation(dossier)
    if running is not None:
        messages.info(request, _("Dit huishouden is al opgeschaald naar %(team)s.") % {"team": running.regieteam})
        return redirect(_detail_url(running))
    regieteams = selectors.regieteams_for(dossier)
    status = 200
    if request.method == "POST":
        form = EscalateForm(request.POST, regieteams=regieteams)
        if form.is_valid():
            data = form.cleaned_data
            try:
                outcome = submit_once(
                    request,
                    lambda: services.escalate(
                        dossier,
                        regieteam=data["regieteam"],
                        reason_category=data["reason_category"],
                        explanation=data["explanation"],
                        by=user,
                        request=request,
                    ),
                    _detail_url,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if isinstance(outcome, HttpResponse):
                    return outcome
                messages.success(
                    request,
                    _("Opgeschaald naar %(team)s. U blijft de regisseur van dit huishouden.")
                    % {"team": outcome.regieteam},
                )
                return redirect(_detail_url(outcome))
        status = 400
    else:
        form = EscalateForm(regieteams=regieteams)
    return render(
        request,
        "regie/escalate.html",
        {"dossier": dossier, "form": form, "has_regieteams": regieteams.exists()},
        status=status,
    )


# --- Casusoverleg --------------------------------------------------------------------------------------


@staff_view(CASEWORKERS)
def conference_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    escalation = _escalation_for_regisseur(request, pk)
    if not escalation.is_running:
        messages.error(request, _("Deze opschaling is al afgeschaald."))
        return redirect(_detail_url(escalation))
    dossier = escalation.dossier
    people = _people(escalation)
    form_kwargs: dict[str, Any] = {
        "people": people,
        "consents": consent_services.dossier_consents(dossier)
        .filter(status=ConsentStatus.GEGEVEN)
        .select_related("inwoner"),
    }
    status = 200
    if request.method == "POST":
        form = ConferenceForm(request.POST, **form_kwargs)
        agreements = AgreementFormSet(request.POST, prefix="afspraak", form_kwargs={"people": people})
        if form.is_valid() and agreements.is_valid():
            data = form.cleaned_data
            items = [row.as_input() for row in agreements.forms if row.has_changed() and row.cleaned_data]
            try:
                outcome = submit_once(
                    request,
                    lambda: services.record_conference(
                        escalation,
                        held_on=data["held_on"],
                        participants=list(data["participants"]),
                        external_participants=data["external_participants"],
                        sections=data["sections"],
                        summary=data["summary"],
                        review_on=data["review_on"],
                        agreements=items,
                        consent=data["consent"],
                        legal_ground=data["legal_ground"],
                        legal_motivation=data["legal_motivation"],
                        handover_to=data["handover_to"],
                        by=user,
                        request=request,
                    ),
                    lambda _conference: _detail_url(escalation),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if isinstance(outcome, HttpResponse):
                    return outcome
                messages.success(request, _("Het casusoverleg is vastgelegd."))
                return redirect(_detail_url(escalation))
        status = 400
    else:
        form = ConferenceForm(initial={"held_on": timezone.localdate()}, **form_kwargs)
        agreements = AgreementFormSet(prefix="afspraak", form_kwargs={"people": people})
    return render(
        request,
        "regie/conference_form.html",
        {"escalation": escalation, "dossier": dossier, "form": form, "agreements": agreements},
        status=status,
    )


@staff_view(CASEWORKERS)
@require_POST
def agreement_status(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = Agreement.objects.select_related("conference__escalation").filter(pk=pk).first()
    if agreement is None:
        log_denied(request, object_type="afspraak", object_id=pk)
        raise Http404(_("Deze afspraak bestaat niet of u heeft er geen toegang toe."))
    escalation, _basis = selectors.get_escalation(request, agreement.conference.escalation_id)
    form = AgreementStatusForm(request.POST)
    form.is_valid()
    try:
        services.mark_agreement(agreement, done=bool(form.cleaned_data.get("done")), by=_user(request), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_detail_url(escalation) + "#overleggen-kop")


# --- Overdracht van regie ------------------------------------------------------------------------------


@staff_view(CASEWORKERS)
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    conference = CaseConference.objects.select_related("handover_to").filter(pk=pk).first()
    if conference is None:
        log_denied(request, object_type="casusoverleg", object_id=pk)
        raise Http404(_("Dit overleg bestaat niet of u heeft er geen toegang toe."))
    escalation = _escalation_for_regisseur(request, conference.escalation_id)
    conference.escalation = escalation
    dossier = escalation.dossier
    members = consent_services.household_members(dossier).order_by("geboortedatum", "pk")
    status = 200
    if request.method == "POST":
        form = HandoverForm(request.POST, members=members)
        if form.is_valid():
            data = form.cleaned_data
            try:
                done = services.hand_over(
                    conference,
                    agreed_by=data["agreed_by"],
                    agreed_on=data["agreed_on"],
                    how=data["how"],
                    by=_user(request),
                    request=request,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("De regie is overgedragen aan %(who)s.") % {"who": done.new_regisseur})
                # The former regisseur's involvement ended with the handover: back to the regieteam's list.
                return redirect(reverse("regie:worklist"))
        status = 400
    else:
        form = HandoverForm(members=members, initial={"agreed_on": timezone.localdate()})
    return render(
        request,
        "regie/handover_form.html",
        {"escalation": escalation, "conference": conference, "dossier": dossier, "form": form},
        status=status,
    )


# --- Afschalen -----------------------------------------------------------------------------------------


@staff_view(CASEWORKERS)
def de_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = _escalation_for_regisseur(request, pk)
    if not escalation.is_running:
        messages.info(request, _("Deze opschaling is al afgeschaald."))
        return redirect(_detail_url(escalation))
    still_open = services.open_agreements(escalation)
    status = 200
    if request.method == "POST":
        form = DeEscalateForm(request.POST)
        if form.is_valid():
            try:
                services.de_escalate(
                    escalation,
                    result=form.cleaned_data["result"],
                    note=form.cleaned_data["note"],
                    by=_user(request),
                    request=request,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Afgeschaald. Het regieteam kijkt niet meer mee; u blijft de regisseur."))
                return redirect(_detail_url(escalation))
        status = 400
    else:
        form = DeEscalateForm()
    return render(
        request,
        "regie/de_escalate.html",
        {"escalation": escalation, "dossier": escalation.dossier, "form": form, "open_agreements": still_open},
        status=status,
    )
