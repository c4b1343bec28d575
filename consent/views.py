"""Screens for "erbij halen", the consent register, sharing, emergency access, notes and the review list.

Thin: `dossiers.selectors.get_dossier_access` decides what the user may see (404 and a log line
otherwise), forms check input, `consent.services` applies the rules and writes the logs.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access, log_denied
from consent import recipients, selectors, services
from consent.forms import (
    BreakGlassForm,
    ConsentForm,
    ConsultationForm,
    DisclosureForm,
    NoteForm,
    ReviewForm,
    invitable_users,
)
from consent.models import Consent, ConsentStatus, Consultation, ReviewItem, break_glass_hours
from core.access import CASEWORKERS, staff_view
from core.forms import add_service_errors
from core.submissions import repeated_submission, submit_once
from dossiers import parts, policy
from dossiers.models import Dossier
from dossiers.sections import Section
from dossiers.selectors import dossier_access, get_dossier_access

REVIEWERS = frozenset({Role.TEAMLEIDER, Role.PRIVACY_OFFICER})
#: Who can be consulted: colleagues and specialists of partner organisations.
CONSULTED = CASEWORKERS | {Role.SPECIALIST}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _detail_url(dossier: Dossier, anchor: str = "", tab: parts.Tab | None = None) -> str:
    return parts.tab_url(dossier.pk, tab) + anchor


def _detail(dossier: Dossier, anchor: str = "", tab: parts.Tab | None = None) -> HttpResponse:
    return redirect(_detail_url(dossier, anchor, tab))


# --- Erbij halen -----------------------------------------------------------------------------------


@staff_view(CASEWORKERS)
def consultation_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    dossier, access = get_dossier_access(request, pk, write=True)
    if access.basis != AccessBasis.REGISSEUR:
        log_denied(request, object_type="consultatie", dossier_id=dossier.pk, detail="alleen de regisseur")
        raise Http404(_("Alleen de regisseur kan iemand erbij halen."))
    form_kwargs: dict[str, Any] = {
        "users": invitable_users(dossier.team_id, exclude=user),
        "consents": services.dossier_consents(dossier).filter(status=ConsentStatus.GEGEVEN).select_related("inwoner"),
    }
    status = 200
    if request.method == "POST":
        form = ConsultationForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                outcome = submit_once(
                    request,
                    lambda: services.invite(
                        dossier,
                        specialist=data["specialist"],
                        invited_by=user,
                        sections=data["sections"],
                        mode=data["mode"],
                        pseudonymised=data["pseudonymised"],
                        ends_at=form.ends_at(),
                        reason=data["reason"],
                        consent=data["consent"],
                        legal_ground=data["legal_ground"],
                        legal_motivation=data["legal_motivation"],
                        request=request,
                    ),
                    lambda _consultation: _detail_url(dossier, "#meekijken-kop", parts.BETROKKENEN),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if isinstance(outcome, HttpResponse):
                    return outcome
                messages.success(
                    request, _("%(who)s kijkt nu mee in de gekozen onderdelen.") % {"who": data["specialist"]}
                )
                return _detail(dossier, "#meekijken-kop", parts.BETROKKENEN)
        status = 400
    else:
        form = ConsultationForm(**form_kwargs)
    return render(request, "consent/consultation_form.html", {"dossier": dossier, "form": form}, status=status)


@staff_view(CASEWORKERS)
@require_POST
def consultation_revoke(request: HttpRequest, pk: int, consultation_pk: int) -> HttpResponse:
    dossier, access = get_dossier_access(request, pk, write=True)
    consultation = (
        Consultation.objects.select_related("dossier", "specialist").filter(pk=consultation_pk, dossier=dossier).first()
    )
    if consultation is None or access.basis not in {AccessBasis.REGISSEUR, AccessBasis.TEAMLEIDER}:
        log_denied(request, object_type="consultatie", object_id=consultation_pk, dossier_id=dossier.pk)
        raise Http404(_("Deze consultatie bestaat niet of u mag haar niet intrekken."))
    try:
        services.revoke(consultation, by=_user(request), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("De consultatie is ingetrokken; %(who)s kijkt niet meer mee.") % {"who": consultation.specialist}
        )
    return _detail(dossier, "#meekijken-kop", parts.BETROKKENEN)


# --- Toestemmingen ---------------------------------------------------------------------------------


def _recipient_choices(dossier: Dossier) -> dict[str, Any]:
    """The organisations and people a consent (or a disclosure) can name in this dossier's municipality."""
    return {"organisations": recipients.known_organisations(dossier.team.gemeente_id), "people": recipients.people()}


def _consent_page(request: HttpRequest, dossier: Dossier, form: ConsentForm, status: int = 200) -> HttpResponse:
    context = {"dossier": dossier, "consents": selectors.consents_of(dossier), "form": form}
    return render(request, "consent/consent_register.html", context, status=status)


@staff_view(CASEWORKERS)
def consent_register(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    dossier, access = get_dossier_access(request, pk, write=request.method == "POST")
    members = services.household_members(dossier).order_by("pk")
    if request.method != "POST":
        log_access(
            request, action=AccessAction.VIEW, basis=access.basis, object_type="toestemming", dossier_id=dossier.pk
        )
        return _consent_page(request, dossier, ConsentForm(members=members, **_recipient_choices(dossier)))
    form = ConsentForm(request.POST, members=members, **_recipient_choices(dossier))
    if form.is_valid():
        data = form.cleaned_data
        try:
            outcome = submit_once(
                request,
                lambda: services.record_consent(
                    dossier,
                    data["inwoner"],
                    purpose=data["purpose"],
                    recipient=data["recipient"],
                    recipient_organisation=data["recipient_organisation"],
                    recipient_person=data["recipient_person"],
                    given_on=data["given_on"],
                    how=data["how"],
                    given_by_name=data["given_by_name"],
                    given_by_capacity=data["given_by_capacity"],
                    second_given_by_name=data["second_given_by_name"],
                    second_given_by_capacity=data["second_given_by_capacity"],
                    note=data["note"],
                    recorded_by=user,
                    basis=access.basis,
                    request=request,
                ),
                lambda _consent: reverse("consent:register", args=[dossier.pk]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            messages.success(request, _("De toestemming is vastgelegd."))
            return redirect("consent:register", pk=dossier.pk)
    return _consent_page(request, dossier, form, status=400)


@staff_view(CASEWORKERS)
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    found = policy.authorize(request, Consent.objects.select_related("inwoner"), consent_pk, write=True)
    consent, dossier = found.record, found.dossier
    if dossier.pk != pk:
        log_denied(
            request, object_type="toestemming", object_id=consent_pk, dossier_id=dossier.pk, detail="ander dossier"
        )
        raise Http404(_("Deze toestemming hoort niet bij dit dossier."))
    try:
        services.withdraw_consent(consent, by=_user(request), basis=found.basis, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De toestemming is ingetrokken."))
    return redirect("consent:register", pk=dossier.pk)


# --- Gegevens delen --------------------------------------------------------------------------------


@staff_view(CASEWORKERS)
def disclosure_new(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, access = get_dossier_access(request, pk, write=True)
    status = 200
    if request.method == "POST":
        form = DisclosureForm(request.POST, organisations=recipients.known_organisations(dossier.team.gemeente_id))
        if form.is_valid():
            data = form.cleaned_data
            try:
                outcome = submit_once(
                    request,
                    lambda: services.disclose(
                        dossier,
                        recipient=data["recipient"],
                        purpose=data["purpose"],
                        sections=data["sections"],
                        shared_by=_user(request),
                        legal_ground=data["legal_ground"],
                        legal_motivation=data["legal_motivation"],
                        basis=access.basis,
                        request=request,
                    ),
                    lambda _disclosure: _detail_url(dossier, "#meekijken-kop", parts.BETROKKENEN),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if isinstance(outcome, HttpResponse):
                    return outcome
                messages.success(request, _("Het delen is vastgelegd."))
                return _detail(dossier, "#meekijken-kop", parts.BETROKKENEN)
        status = 400
    else:
        form = DisclosureForm(organisations=recipients.known_organisations(dossier.team.gemeente_id))
    context = {"dossier": dossier, "form": form, "consents": selectors.consents_of(dossier)}
    return render(request, "consent/disclosure_form.html", context, status=status)


# --- Notities binnen een onderdeel -----------------------------------------------------------------


@staff_view(CONSULTED)
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Involved staff note in every section; a consulted person only in mode "lezen en notities"."""
    form = NoteForm(request.POST)
    section = request.POST.get("section", "")
    dossier, access = get_dossier_access(
        request, pk, Section(section) if section in Section.values else None, partial=True, pseudonymised_ok=True
    )
    if section not in access.note_sections:
        log_denied(request, object_type="notitie", dossier_id=dossier.pk, detail="geen notitierecht", section=section)
        raise Http404(_("U kunt in dit onderdeel geen notities maken."))
    if form.is_valid():
        try:
            outcome = submit_once(
                request,
                lambda: services.add_note(
                    dossier,
                    section=section,
                    text=form.cleaned_data["text"],
                    author=_user(request),
                    basis=access.basis,
                    request=request,
                ),
                lambda _note: _detail_url(dossier, f"#notities-{section}", parts.tab_with_notes(section)),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            messages.success(request, _("De notitie is toegevoegd."))
    else:
        messages.error(request, _("Schrijf een notitie."))
    return _detail(dossier, f"#notities-{section}", parts.tab_with_notes(section))


# --- Noodtoegang (break-the-glass) -----------------------------------------------------------------


@staff_view(CASEWORKERS)
def break_glass(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    dossier = Dossier.objects.select_related("team").filter(pk=pk).first()
    if dossier is None or not services.in_team(user, dossier):
        log_denied(request, object_type="noodtoegang", object_id=pk, dossier_id=dossier.pk if dossier else None)
        raise Http404(_("Dit dossier bestaat niet of hoort niet bij uw team."))
    # A repeat gets the notice first; else the full access the first send granted would redirect it silently.
    repeat = repeated_submission(request)
    if repeat is not None:
        return repeat
    access = dossier_access(user, dossier)
    if access is not None and access.is_full:
        return redirect("dossiers:detail", pk=dossier.pk)
    status = 200
    if request.method == "POST":
        form = BreakGlassForm(request.POST)
        if form.is_valid():
            try:
                outcome = submit_once(
                    request,
                    lambda: services.break_the_glass(
                        dossier, user=user, reason=form.cleaned_data["reason"], request=request
                    ),
                    lambda _access: _detail_url(dossier),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if isinstance(outcome, HttpResponse):
                    return outcome
                messages.warning(
                    request,
                    _("U heeft noodtoegang voor %(hours)s uur. De teamleider en de privacyfunctionaris zien dit terug.")
                    % {"hours": break_glass_hours()},
                )
                return redirect("dossiers:detail", pk=dossier.pk)
        status = 400
    else:
        form = BreakGlassForm()
    context = {"dossier": dossier, "form": form, "hours": break_glass_hours()}
    return render(request, "consent/break_glass.html", context, status=status)


# --- Reviewlijst -----------------------------------------------------------------------------------


@staff_view(REVIEWERS)
def review_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    show_all = request.GET.get("alles") == "1"
    items = selectors.review_items_for(user)
    if not show_all:
        items = items.filter(reviewed_at__isnull=True)
    rows = [{"item": item, "form": ReviewForm(prefix=f"review-{item.pk}")} for item in items[:200]]
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=AccessBasis.PRIVACY_TOEZICHT if user.role == Role.PRIVACY_OFFICER else AccessBasis.TEAMLEIDER,
        object_type="reviewlijst",
    )
    return render(request, "consent/review_list.html", {"rows": rows, "show_all": show_all})


@staff_view(REVIEWERS)
@require_POST
def review_mark(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    item: ReviewItem | None = selectors.review_items_for(user).filter(pk=pk).first()
    if item is None:
        log_denied(request, object_type="reviewpunt", object_id=pk)
        raise Http404(_("Dit reviewpunt bestaat niet of hoort niet bij uw team."))
    form = ReviewForm(request.POST, prefix=f"review-{item.pk}")
    if form.is_valid():
        try:
            services.mark_reviewed(item, by=user, note=form.cleaned_data["review_note"], request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Het punt is als beoordeeld gemarkeerd."))
    else:
        messages.error(request, _("Schrijf kort op wat u heeft vastgesteld."))
    return redirect("consent:review")


# --- Werklijst van een specialist ------------------------------------------------------------------


@staff_view(CONSULTED)
def my_consultations(request: HttpRequest) -> HttpResponse:
    consultations = list(selectors.my_consultations(_user(request)))
    return render(request, "consent/my_consultations.html", {"consultations": consultations})
