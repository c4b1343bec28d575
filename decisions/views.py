"""Screens for aanvragen and beschikkingen: submit, decide, sign (four eyes), send; the free budget; indications.

Object access always goes through the dossier (decisions.selectors); services check the rules.
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access, log_shown
from catalogue.codes import Law
from core.access import CASEWORKERS, staff_view
from core.forms import add_service_errors
from core.links import url_for_pk
from core.submissions import submit_once
from deadlines.calendar_source import current_calendar
from decisions import selectors, services
from decisions.forms import (
    AanvraagForm,
    BeschikkingForm,
    BudgetSpendForm,
    IndicationForm,
    RegelForm,
    SendForm,
    SignForm,
)
from decisions.models import Aanvraag, AanvraagStatus, Beschikking, BeschikkingStatus, Outcome
from dossiers import parts
from dossiers.sections import Section
from dossiers.selectors import get_visible_dossier, stored_deadline_state


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _log(request: HttpRequest, action: str, basis: str, object_type: str, obj: Any, dossier_id: int) -> None:
    log_access(
        request,
        action=action,
        basis=basis,
        object_type=object_type,
        object_id=obj.pk,
        dossier_id=dossier_id,
        section=Section.BESLUITEN,
    )


@staff_view(CASEWORKERS)
def worklist(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    data = selectors.worklist(user)
    today = timezone.localdate()
    calendar = current_calendar()
    # The rows' texts and links are made here, once per page: per row and field, `get_FOO_display` rebuilt
    # the field's translated choices and {% url %} resolved its pattern again.
    laws, outcomes, statuses = dict(Law.choices), dict(Outcome.choices), dict(BeschikkingStatus.choices)
    aanvraag_url, beschikking_url, bezwaar_url = (
        url_for_pk("decisions:aanvraag"),
        url_for_pk("decisions:beschikking"),
        url_for_pk("decisions:bezwaar"),
    )
    aanvraag_title = _("Aanvraag %(law)s van %(day)s")
    state = selectors.deadline_state
    aanvragen = [
        {
            "pk": row["pk"],
            "url": aanvraag_url(row["pk"]),
            "title": aanvraag_title % {"law": laws.get(row["law"], row["law"]), "day": _day(row["received_on"])},
            "spoed": row["spoed"],
            "name": f"{row['inwoner__voornamen']} {row['inwoner__achternaam']}",
            "consulent": _staff_name(row["consulent__first_name"], row["consulent__last_name"]),
            "due": _day(row["deadline__due"]) if row["deadline__due"] else "",
            "state": state(row, "deadline", today, calendar),
        }
        for row in data["aanvragen"]
    ]
    to_sign = [
        {
            "url": beschikking_url(row["pk"]),
            "number": row["number"],
            "outcome": outcomes.get(row["outcome"], row["outcome"]),
            "name": f"{row['aanvraag__inwoner__voornamen']} {row['aanvraag__inwoner__achternaam']}",
            "status": statuses.get(row["status"], row["status"]),
            "signed": row["first_signer_id"] is not None,
            "first_signer": _staff_name(row["first_signer__first_name"], row["first_signer__last_name"]),
            "due": _day(row["aanvraag__deadline__due"]) if row["aanvraag__deadline__due"] else "",
        }
        for row in data["to_sign"]
    ]
    bezwaren = [
        {
            "pk": row["pk"],
            "url": bezwaar_url(row["pk"]),
            "received_on": _day(row["received_on"]),
            "submitted_by": row["submitted_by"],
            "number": row["beschikking__number"],
            "due": _day(row["deadline__due"]) if row["deadline__due"] else "",
            "state": state(row, "deadline", today, calendar),
        }
        for row in data["bezwaren"]
    ]
    # The list names the applicants: one log line per dossier on it (see audit.services.log_shown).
    log_shown(
        request,
        user=user,
        basis=AccessBasis.TEAMLEIDER if user.role == Role.TEAMLEIDER else AccessBasis.BETROKKEN,
        dossier_ids=[row["dossier_id"] for row in data["aanvragen"]]
        + [row["aanvraag__dossier_id"] for row in data["to_sign"]]
        + [row["beschikking__aanvraag__dossier_id"] for row in data["bezwaren"]],
        detail="op de werklijst besluiten",
        section=Section.BESLUITEN,
    )
    context = {"aanvragen": aanvragen, "to_sign": to_sign, "bezwaren": bezwaren, "today": today}
    return render(request, "decisions/worklist.html", context)


def _day(day: date) -> str:
    return f"{date_format(day)}"


def _staff_name(first_name: str | None, last_name: str | None) -> str:
    """As `User.get_full_name`, from the two columns (both None: no user)."""
    if first_name is None and last_name is None:
        return ""
    return f"{first_name} {last_name}".strip()


@staff_view(CASEWORKERS)
def aanvraag_new(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    dossier, basis = get_visible_dossier(request, dossier_pk)
    form = AanvraagForm(request.POST or None, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create() -> Aanvraag:
            aanvraag = services.submit_aanvraag(
                dossier,
                _user(request),
                inwoner=data["inwoner"],
                law=data["law"],
                received_on=data["received_on"],
                description=data["description"],
                voorzieningen=list(data["voorzieningen"]),
                doel=data["doel"],
                consulent=data["consulent"],
                spoed=data["spoed"],
                spoed_reason=data["spoed_reason"],
            )
            _log(request, AccessAction.CREATE, basis, "aanvraag", aanvraag, dossier.pk)
            return aanvraag

        try:
            outcome = submit_once(request, create, lambda made: reverse("decisions:aanvraag", args=[made.pk]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            aanvraag = outcome
            messages.success(
                request,
                _("Aanvraag geregistreerd. Uiterlijk %(day)s moet de beschikking er zijn.")
                % {"day": date_format(aanvraag.deadline.due) if aanvraag.deadline else "-"},
            )
            return redirect("decisions:aanvraag", pk=aanvraag.pk)
    return render(request, "decisions/aanvraag_form.html", {"dossier": dossier, "form": form})


@staff_view(CASEWORKERS)
def aanvraag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    aanvraag, basis = selectors.get_visible_aanvraag(request, pk)
    _log(request, AccessAction.VIEW, basis, "aanvraag", aanvraag, aanvraag.dossier_id)
    deadline = aanvraag.deadline
    state = stored_deadline_state(deadline, timezone.localdate(), current_calendar()) if deadline else None
    context = {
        "aanvraag": aanvraag,
        "dossier": aanvraag.dossier,
        "producten": aanvraag.producten.select_related("voorziening"),
        "beschikkingen": aanvraag.beschikkingen.select_related("first_signer", "second_signer"),
        "deadline": deadline,
        "deadline_state": state,
        "voorschot": aanvraag.voorschot_deadline,
        "voorschot_state": stored_deadline_state(aanvraag.voorschot_deadline, timezone.localdate(), current_calendar())
        if aanvraag.voorschot_deadline
        else None,
        "can_prepare": aanvraag.status == AanvraagStatus.INGEDIEND
        and not aanvraag.beschikkingen.exclude(status=BeschikkingStatus.VERZONDEN).exists(),
    }
    return render(request, "decisions/aanvraag.html", context)


def _regel_forms(request: HttpRequest, aanvraag: Aanvraag) -> list[RegelForm]:
    data = request.POST if request.method == "POST" else None
    forms = []
    for product in aanvraag.producten.select_related("voorziening"):
        initial = {"granted": True, "start": timezone.localdate(), "leveringsvorm": "zin"}
        forms.append(RegelForm(data, voorziening=product.voorziening, prefix=f"product-{product.pk}", initial=initial))
    return forms


@staff_view(CASEWORKERS)
def beschikking_new(request: HttpRequest, pk: int) -> HttpResponse:
    aanvraag, basis = selectors.get_visible_aanvraag(request, pk)
    replaces: Beschikking | None = None
    replaces_pk = request.GET.get("vervangt") or request.POST.get("vervangt")
    if replaces_pk and replaces_pk.isascii() and replaces_pk.isdigit():
        replaces = aanvraag.beschikkingen.filter(pk=int(replaces_pk)).first()
    form = BeschikkingForm(
        request.POST or None,
        initial={"legal_basis": services.DEFAULT_LEGAL_BASIS.get(Law(aanvraag.law), ""), "outcome": "toekenning"},
    )
    regel_forms = _regel_forms(request, aanvraag)
    if request.method == "POST" and form.is_valid() and all(regel_form.is_valid() for regel_form in regel_forms):
        regels = [
            services.RegelInput(
                voorziening=regel_form.voorziening,
                granted=regel_form.cleaned_data["granted"],
                volume=regel_form.cleaned_data["volume"],
                start=regel_form.cleaned_data["start"],
                end=regel_form.cleaned_data["end"],
                leveringsvorm=regel_form.cleaned_data["leveringsvorm"],
                aanbieder=regel_form.cleaned_data["aanbieder"],
                pgb_choice_recorded=regel_form.cleaned_data["pgb_choice_recorded"],
                pgb_choice_note=regel_form.cleaned_data["pgb_choice_note"],
                rejection_reason=regel_form.cleaned_data["rejection_reason"],
            )
            for regel_form in regel_forms
        ]
        try:
            beschikking = services.prepare_beschikking(
                aanvraag,
                _user(request),
                outcome=form.cleaned_data["outcome"],
                motivation=form.cleaned_data["motivation"],
                legal_basis=form.cleaned_data["legal_basis"],
                eigen_bijdrage=form.cleaned_data["eigen_bijdrage"],
                regels=regels,
                replaces=replaces,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log(request, AccessAction.CREATE, basis, "beschikking", beschikking, aanvraag.dossier_id)
            messages.success(request, _("Concept-beschikking opgeslagen. Controleer en onderteken."))
            return redirect("decisions:beschikking", pk=beschikking.pk)
    context = {
        "aanvraag": aanvraag,
        "dossier": aanvraag.dossier,
        "form": form,
        "regel_forms": regel_forms,
        "replaces": replaces,
        "warnings": selectors.preparation_warnings(aanvraag, timezone.localdate()),
    }
    return render(request, "decisions/beschikking_form.html", context)


def _beschikking_context(request: HttpRequest, beschikking: Beschikking) -> dict[str, Any]:
    user = _user(request)
    regels = list(beschikking.regels.select_related("voorziening", "aanbieder"))
    check = services.mandate_check(user, beschikking)
    waiting_for_other = (
        beschikking.status == BeschikkingStatus.TWEEDE_HANDTEKENING and beschikking.first_signer_id == user.pk
    )
    return {
        "beschikking": beschikking,
        "aanvraag": beschikking.aanvraag,
        "dossier": beschikking.aanvraag.dossier,
        "regels": regels,
        "total": sum((regel.estimated_amount for regel in regels if regel.granted), 0),
        "mandate": check,
        "can_sign": beschikking.status in (BeschikkingStatus.CONCEPT, BeschikkingStatus.TWEEDE_HANDTEKENING)
        and not waiting_for_other,
        "waiting_for_other": waiting_for_other,
        "sign_form": SignForm(initial={"version": beschikking.version}),
        "send_form": SendForm(initial={"version": beschikking.version, "sent_on": timezone.localdate()}),
        "letters": beschikking.letters.select_related("created_by").defer("pdf"),
        "bezwaren": beschikking.bezwaren.select_related("deadline"),
        "replaced_by": beschikking.replaced_by.all(),
        # While it is a draft (not yet sent), the Wlz boundary is still to be weighed.
        "warnings": []
        if beschikking.status == BeschikkingStatus.VERZONDEN
        else selectors.preparation_warnings(beschikking.aanvraag, timezone.localdate()),
    }


@staff_view(CASEWORKERS)
def beschikking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    beschikking, basis = selectors.get_visible_beschikking(request, pk)
    _log(request, AccessAction.VIEW, basis, "beschikking", beschikking, beschikking.aanvraag.dossier_id)
    return render(request, "decisions/beschikking.html", _beschikking_context(request, beschikking))


@staff_view(CASEWORKERS)
@require_POST
def beschikking_sign(request: HttpRequest, pk: int) -> HttpResponse:
    beschikking, basis = selectors.get_visible_beschikking(request, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Het formulier is verlopen; laad de pagina opnieuw."))
        return redirect("decisions:beschikking", pk=beschikking.pk)
    try:
        signed = services.sign(beschikking, _user(request), version=form.cleaned_data["version"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _log(request, AccessAction.UPDATE, basis, "beschikking", signed, signed.aanvraag.dossier_id)
        if signed.status == BeschikkingStatus.TWEEDE_HANDTEKENING:
            messages.warning(
                request,
                _("Uw handtekening staat erop. Een tweede handtekening is nodig: %(why)s")
                # Why, in the language of the screen; the beschikking keeps the reasons in Dutch.
                % {"why": " ".join(services.mandate_check(_user(request), signed).reasons)},
            )
        else:
            messages.success(request, _("De beschikking is vastgesteld en kan worden verzonden."))
    return redirect("decisions:beschikking", pk=beschikking.pk)


@staff_view(CASEWORKERS)
@require_POST
def beschikking_send(request: HttpRequest, pk: int) -> HttpResponse:
    beschikking, basis = selectors.get_visible_beschikking(request, pk)
    form = SendForm(request.POST)
    if form.is_valid():
        try:
            sent = services.send(
                beschikking, _user(request), sent_on=form.cleaned_data["sent_on"], version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log(request, AccessAction.UPDATE, basis, "beschikking", sent, sent.aanvraag.dossier_id)
            messages.success(
                request,
                _("Verzonden. Bezwaar is mogelijk tot en met %(day)s.")
                % {"day": date_format(sent.objection_until) if sent.objection_until else "-"},
            )
            return redirect("decisions:beschikking", pk=beschikking.pk)
    context = _beschikking_context(request, beschikking)
    context["send_form"] = form
    return render(request, "decisions/beschikking.html", context, status=400)


@staff_view(CASEWORKERS)
def budget_spend(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    dossier, basis = get_visible_dossier(request, dossier_pk)
    form = BudgetSpendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def create() -> object:
            spend = services.spend_budget(dossier, _user(request), **form.cleaned_data)
            _log(request, AccessAction.CREATE, basis, "budgetuitgave", spend, dossier.pk)
            return spend

        try:
            outcome = submit_once(request, create, lambda _spend: parts.tab_url(dossier.pk, parts.BESLUITEN))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            messages.success(request, _("De uitgave is vastgelegd."))
            return redirect(parts.tab_url(dossier.pk, parts.BESLUITEN))
    state = services.budget_state(dossier, timezone.localdate().year)
    return render(request, "decisions/budget_form.html", {"dossier": dossier, "form": form, "state": state})


@staff_view(CASEWORKERS)
def indication_add(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    dossier, basis = get_visible_dossier(request, dossier_pk)
    form = IndicationForm(request.POST or None, dossier=dossier)
    if request.method == "POST" and form.is_valid():

        def create() -> object:
            indication = services.record_indication(dossier, _user(request), **form.cleaned_data)
            _log(request, AccessAction.CREATE, basis, "indicatie", indication, dossier.pk)
            return indication

        try:
            outcome = submit_once(request, create, lambda _made: parts.tab_url(dossier.pk, parts.BESLUITEN))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            messages.success(request, _("De indicatie is vastgelegd."))
            return redirect(parts.tab_url(dossier.pk, parts.BESLUITEN))
    return render(request, "decisions/indication_form.html", {"dossier": dossier, "form": form})
