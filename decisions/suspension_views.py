"""Suspend the decision term of an aanvraag (Awb 4:15) or the term of a bezwaar (7:10 lid 2), and end it.

Thin views: decisions.selectors decides who may see and change the aanvraag or bezwaar (404 and a log
line otherwise), dossiers.suspensions records the suspension and moves the term. Who may change the
decision may suspend its term: the casework roles, through the dossier's decisions section.
"""

from dataclasses import dataclass
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

from accounts.models import User
from audit.models import AccessAction
from audit.services import log_access
from core.access import CASEWORKERS, staff_view
from core.forms import add_service_errors
from core.submissions import submit_once
from deadlines.calendar_source import current_calendar
from deadlines.terms import suspension_grounds
from decisions.models import AanvraagStatus, BezwaarStatus
from decisions.selectors import get_visible_aanvraag, get_visible_bezwaar
from decisions.suspension_forms import EndSuspensionForm, SuspendForm
from dossiers.models import DossierDeadline, TermSuspension
from dossiers.sections import Section
from dossiers.selectors import held_since, stored_deadline_state
from dossiers.suspensions import due_if_ended_today, end_suspension, suspend_deadline


@dataclass(frozen=True)
class _Subject:
    """The aanvraag or bezwaar whose term is suspended, as these screens need it."""

    object_type: str
    pk: int
    dossier_id: int
    title: str
    deadline: DossierDeadline | None
    is_open: bool
    page_url: str
    suspend_url: str
    end_url: str


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _aanvraag(request: HttpRequest, pk: int) -> tuple[_Subject, str]:
    aanvraag, basis = get_visible_aanvraag(request, pk)
    subject = _Subject(
        object_type="aanvraag",
        pk=aanvraag.pk,
        dossier_id=aanvraag.dossier_id,
        title=str(aanvraag),
        deadline=aanvraag.deadline,
        is_open=aanvraag.status == AanvraagStatus.INGEDIEND,
        page_url=reverse("decisions:aanvraag", args=[aanvraag.pk]),
        suspend_url=reverse("decisions:aanvraag_opschorten", args=[aanvraag.pk]),
        end_url=reverse("decisions:aanvraag_opschorting_beeindigen", args=[aanvraag.pk]),
    )
    return subject, basis


def _bezwaar(request: HttpRequest, pk: int) -> tuple[_Subject, str]:
    bezwaar, basis = get_visible_bezwaar(request, pk)
    subject = _Subject(
        object_type="bezwaar",
        pk=bezwaar.pk,
        dossier_id=bezwaar.beschikking.aanvraag.dossier_id,
        title=_("Bezwaar tegen beschikking %(number)s") % {"number": bezwaar.beschikking.number},
        deadline=bezwaar.deadline,
        is_open=bezwaar.status == BezwaarStatus.IN_BEHANDELING,
        page_url=reverse("decisions:bezwaar", args=[bezwaar.pk]),
        suspend_url=reverse("decisions:bezwaar_opschorten", args=[bezwaar.pk]),
        end_url=reverse("decisions:bezwaar_opschorting_beeindigen", args=[bezwaar.pk]),
    )
    return subject, basis


def _log(request: HttpRequest, action: str, basis: str, subject: _Subject, detail: str) -> None:
    log_access(
        request,
        action=action,
        basis=basis,
        object_type=subject.object_type,
        object_id=subject.pk,
        dossier_id=subject.dossier_id,
        detail=detail,
        section=Section.BESLUITEN,
    )


def _page(
    request: HttpRequest,
    subject: _Subject,
    *,
    form: SuspendForm | None = None,
    end_form: EndSuspensionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    deadline = subject.deadline
    today = timezone.localdate()
    context: dict[str, Any] = {"subject": subject, "deadline": deadline, "today": today}
    if deadline is not None:
        deadline = DossierDeadline.objects.prefetch_related("suspensions__recorded_by").get(pk=deadline.pk)
        since = held_since(deadline)
        context.update(
            deadline=deadline,
            deadline_state=stored_deadline_state(deadline, today, current_calendar()),
            suspensions=list(deadline.suspensions.all()),
            held_since=since,
            due_if_ended_today=due_if_ended_today(deadline, today) if since else None,
            can_suspend=subject.is_open and deadline.met_on is None and bool(suspension_grounds(deadline.term_code)),
            form=form or SuspendForm(term_code=deadline.term_code, initial={"start": today}),
            end_form=end_form or EndSuspensionForm(initial={"end": today}, prefix="einde"),
        )
    return render(request, "decisions/suspension.html", context, status=status)


def _suspend(request: HttpRequest, subject: _Subject, basis: str) -> HttpResponse:
    deadline = subject.deadline
    if request.method != "POST" or deadline is None or not subject.is_open:
        _log(request, AccessAction.VIEW, basis, subject, "opschorting")
        if request.method == "POST":
            messages.error(request, _("Deze termijn kan niet (meer) worden opgeschort."))
            return redirect(subject.page_url)
        return _page(request, subject)
    form = SuspendForm(request.POST, term_code=deadline.term_code)
    if form.is_valid():

        def create() -> TermSuspension:
            suspension = suspend_deadline(deadline, _user(request), **form.cleaned_data)
            _log(request, AccessAction.UPDATE, basis, subject, "termijn opgeschort")
            return suspension

        try:
            outcome = submit_once(request, create, lambda _made: subject.suspend_url)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            if outcome.end is None:
                messages.success(request, _("De termijn is opgeschort; hij loopt weer zodra u het einde vastlegt."))
            else:
                messages.success(request, _("De opschorting is vastgelegd; de uiterste datum is verschoven."))
            return redirect(subject.suspend_url)
    return _page(request, subject, form=form, status=400)


def _end(request: HttpRequest, subject: _Subject, basis: str) -> HttpResponse:
    deadline = subject.deadline
    form = EndSuspensionForm(request.POST, prefix="einde")
    if deadline is None:
        messages.error(request, _("Er loopt geen opschorting van deze termijn."))
        return redirect(subject.page_url)
    if form.is_valid():
        try:
            end_suspension(deadline, _user(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log(request, AccessAction.UPDATE, basis, subject, "opschorting beëindigd")
            deadline.refresh_from_db()
            messages.success(
                request,
                _("De termijn loopt weer. Uiterste datum: %(day)s.") % {"day": date_format(deadline.due)},
            )
            return redirect(subject.suspend_url)
    return _page(request, subject, end_form=form, status=400)


@staff_view(CASEWORKERS)
def aanvraag_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    subject, basis = _aanvraag(request, pk)
    return _suspend(request, subject, basis)


@staff_view(CASEWORKERS)
@require_POST
def aanvraag_end_suspension(request: HttpRequest, pk: int) -> HttpResponse:
    subject, basis = _aanvraag(request, pk)
    return _end(request, subject, basis)


@staff_view(CASEWORKERS)
def bezwaar_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    subject, basis = _bezwaar(request, pk)
    return _suspend(request, subject, basis)


@staff_view(CASEWORKERS)
@require_POST
def bezwaar_end_suspension(request: HttpRequest, pk: int) -> HttpResponse:
    subject, basis = _bezwaar(request, pk)
    return _end(request, subject, basis)
