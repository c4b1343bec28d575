"""Bezwaar screens: register an objection against a sent beschikking, follow its term, postpone, decide.

Thin views: the forms check input, decisions.selectors decides who may see what (404 and a log
line otherwise), decisions.bezwaar changes state. Every read and write goes to the access log.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from audit.models import AccessAction
from audit.services import log_access
from core.access import CASEWORKERS, staff_view
from core.submissions import submit_once
from deadlines.calendar_source import current_calendar
from deadlines.terms import DeadlineError, PostponementReasonMissing, UnknownTerm, get_term
from decisions import bezwaar as services
from decisions.bezwaar_forms import BezwaarDecideForm, BezwaarForm, BezwaarPostponeForm
from decisions.models import Beschikking, BeschikkingStatus, Bezwaar, BezwaarOutcome, BezwaarStatus
from decisions.selectors import get_visible_beschikking, get_visible_bezwaar
from dossiers.sections import Section
from dossiers.selectors import stored_deadline_state


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _add_errors(form: forms.Form, error: ValidationError | DeadlineError, field_for_deadline: str = "") -> None:
    """Show a service refusal on the form: on its field when the service named one the form has."""
    if isinstance(error, DeadlineError):
        field = field_for_deadline if isinstance(error, PostponementReasonMissing) else None
        form.add_error(field or None, str(error))
        return
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    form.add_error(None, error)


def _log(
    request: HttpRequest, action: str, basis: str, object_type: str, object_id: int, dossier_id: int, detail: str = ""
) -> None:
    log_access(
        request,
        action=action,
        basis=basis,
        object_type=object_type,
        object_id=object_id,
        dossier_id=dossier_id,
        detail=detail,
        section=Section.BESLUITEN,
    )


# --- Registreren ---------------------------------------------------------------------------------


@staff_view(CASEWORKERS)
def bezwaar_new(request: HttpRequest, pk: int) -> HttpResponse:
    beschikking, basis = get_visible_beschikking(request, pk)
    dossier = beschikking.aanvraag.dossier
    if beschikking.status != BeschikkingStatus.VERZONDEN:
        _log(request, AccessAction.VIEW, basis, "beschikking", beschikking.pk, dossier.pk, detail="bezwaar registreren")
        messages.error(request, _("Bezwaar kan alleen worden ingediend tegen een verzonden beschikking."))
        return redirect("decisions:beschikking", pk=beschikking.pk)
    if request.method != "POST":
        _log(request, AccessAction.VIEW, basis, "beschikking", beschikking.pk, dossier.pk, detail="bezwaar registreren")
        form = BezwaarForm(
            initial={"received_on": timezone.localdate(), "submitted_by": beschikking.aanvraag.inwoner.full_name}
        )
        return _new_page(request, beschikking, form)
    form = BezwaarForm(request.POST)
    if form.is_valid():

        def create() -> Bezwaar:
            bezwaar = services.register_bezwaar(beschikking, _user(request), **form.cleaned_data)
            _log(request, AccessAction.CREATE, basis, "bezwaar", bezwaar.pk, dossier.pk)
            return bezwaar

        try:
            outcome = submit_once(request, create, lambda made: reverse("decisions:bezwaar", args=[made.pk]))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            bezwaar = outcome
            messages.success(request, _("Het bezwaar is geregistreerd; de beslistermijn loopt."))
            if bezwaar.late:
                messages.warning(
                    request,
                    _(
                        "Dit bezwaar is ontvangen na de bezwaartermijn (tot en met %(day)s). Beoordeel of de "
                        "termijnoverschrijding verschoonbaar is (Awb art. 6:11); anders is het bezwaar "
                        "niet-ontvankelijk."
                    )
                    % {"day": f"{date_format(beschikking.objection_until)}" if beschikking.objection_until else "–"},
                )
            return redirect("decisions:bezwaar", pk=bezwaar.pk)
    return _new_page(request, beschikking, form, status=400)


def _new_page(request: HttpRequest, beschikking: Beschikking, form: BezwaarForm, status: int = 200) -> HttpResponse:
    context = {
        "beschikking": beschikking,
        "dossier": beschikking.aanvraag.dossier,
        "objection_until": services.objection_term_end(beschikking),
        "today": timezone.localdate(),
        "form": form,
    }
    return render(request, "decisions/bezwaar/new.html", context, status=status)


# --- Bezwaarpagina -------------------------------------------------------------------------------


def _replacements(bezwaar: Bezwaar) -> QuerySet[Beschikking]:
    """Beschikkingen prepared to replace the one objected to: the only ones a gegrond objection may link."""
    return Beschikking.objects.filter(replaces=bezwaar.beschikking_id).order_by("-prepared_at", "-pk")


def _new_beschikking_url(bezwaar: Bezwaar) -> str:
    base = reverse("decisions:beschikking_nieuw", args=[bezwaar.beschikking.aanvraag_id])
    return f"{base}?{urlencode({'vervangt': bezwaar.beschikking_id})}"


def _detail_page(
    request: HttpRequest,
    bezwaar: Bezwaar,
    *,
    postpone_form: BezwaarPostponeForm | None = None,
    decide_form: BezwaarDecideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    beschikking = bezwaar.beschikking
    deadline = bezwaar.deadline
    today = timezone.localdate()
    replacements = _replacements(bezwaar)
    term = None
    if deadline is not None:
        try:
            term = get_term(deadline.term_code)
        except UnknownTerm:
            term = None
    is_open = bezwaar.status == BezwaarStatus.IN_BEHANDELING
    needs_new_beschikking = bezwaar.outcome == BezwaarOutcome.GEGROND and bezwaar.new_beschikking_id is None
    context = {
        "bezwaar": bezwaar,
        "beschikking": beschikking,
        "aanvraag": beschikking.aanvraag,
        "dossier": beschikking.aanvraag.dossier,
        "objection_until": services.objection_term_end(beschikking),
        "deadline": deadline,
        "deadline_state": stored_deadline_state(deadline, today, current_calendar()) if deadline else None,
        "term": term,
        "can_postpone": is_open and deadline is not None and not deadline.postponed_weeks,
        "postpone_weeks": services.POSTPONEMENT_WEEKS,
        "is_open": is_open,
        "postpone_form": postpone_form or BezwaarPostponeForm(prefix="verdagen"),
        "decide_form": decide_form
        or BezwaarDecideForm(prefix="beslissen", replacements=replacements, initial={"decided_on": today}),
        "needs_new_beschikking": needs_new_beschikking,
        "replacements": list(replacements) if needs_new_beschikking else [],
        "has_replacements": replacements.exists(),
        "new_beschikking_url": _new_beschikking_url(bezwaar),
    }
    return render(request, "decisions/bezwaar/detail.html", context, status=status)


@staff_view(CASEWORKERS)
def bezwaar_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bezwaar, basis = get_visible_bezwaar(request, pk)
    _log(request, AccessAction.VIEW, basis, "bezwaar", bezwaar.pk, bezwaar.beschikking.aanvraag.dossier_id)
    return _detail_page(request, bezwaar)


@staff_view(CASEWORKERS)
@require_POST
def bezwaar_postpone(request: HttpRequest, pk: int) -> HttpResponse:
    bezwaar, basis = get_visible_bezwaar(request, pk)
    form = BezwaarPostponeForm(request.POST, prefix="verdagen")
    if form.is_valid():
        try:
            services.postpone_bezwaar(bezwaar, _user(request), reason=form.cleaned_data["reason"])
        except (ValidationError, DeadlineError) as error:
            _add_errors(form, error, field_for_deadline="reason")
        else:
            dossier_id = bezwaar.beschikking.aanvraag.dossier_id
            _log(request, AccessAction.UPDATE, basis, "bezwaar", bezwaar.pk, dossier_id, detail="termijn verdaagd")
            messages.success(request, _("De beslistermijn is met zes weken verdaagd."))
            return redirect("decisions:bezwaar", pk=bezwaar.pk)
    return _detail_page(request, bezwaar, postpone_form=form, status=400)


@staff_view(CASEWORKERS)
@require_POST
def bezwaar_decide(request: HttpRequest, pk: int) -> HttpResponse:
    bezwaar, basis = get_visible_bezwaar(request, pk)
    form = BezwaarDecideForm(request.POST, prefix="beslissen", replacements=_replacements(bezwaar))
    if form.is_valid():
        try:
            decided = services.decide_bezwaar(bezwaar, _user(request), **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            dossier_id = bezwaar.beschikking.aanvraag.dossier_id
            _log(
                request,
                AccessAction.UPDATE,
                basis,
                "bezwaar",
                bezwaar.pk,
                dossier_id,
                detail=f"beslist {decided.outcome}",
            )
            messages.success(
                request,
                _("De beslissing op het bezwaar is vastgelegd: %(outcome)s.")
                % {"outcome": decided.get_outcome_display().lower()},
            )
            return redirect("decisions:bezwaar", pk=bezwaar.pk)
    return _detail_page(request, bezwaar, decide_form=form, status=400)
