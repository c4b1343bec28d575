"""Screens of the privacy officer: dossiers past their term, a proposal to destroy, and its review.

Nothing here shows a name, a BSN or an address: dossier numbers, teams, dates and rules only.
Proposing and reviewing take two different privacy officers (checked in `retention.services`).
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.services import log_denied
from core.access import staff_view
from dossiers.models import Dossier
from retention import services
from retention.destruction import plan_targets
from retention.forms import ProposeForm, ReviewForm
from retention.models import DestructionRequest, DestructionStatus
from retention.selectors import dossiers_past_retention, due_dossier, open_requests, recent_decisions

PRIVACY = frozenset({Role.PRIVACY_OFFICER})


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@staff_view(PRIVACY)
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "retention/overview.html",
        {"due": dossiers_past_retention(), "open_requests": open_requests(), "decided": recent_decisions()},
    )


@staff_view(PRIVACY)
def propose(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    due = due_dossier(dossier_pk)
    if due is None:
        # Unknown, still open, or within its term: nothing to propose, and no hint which of these.
        log_denied(request, object_type=services.OBJECT_TYPE, dossier_id=dossier_pk, detail="niet vernietigbaar")
        raise Http404
    if due.open_request_id is not None:
        messages.info(request, _("Voor dit dossier staat al een voorstel open."))
        return redirect("retention:beoordelen", pk=due.open_request_id)
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.propose_destruction(
                dossier_pk, _user(request), form.cleaned_data["reason"], request=request
            )
        except services.DestructionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Het voorstel staat klaar. Een andere privacyfunctionaris moet het beoordelen.")
            )
            return redirect("retention:beoordelen", pk=record.pk)
    return render(request, "retention/propose.html", {"due": due, "form": form})


def _impact(record: DestructionRequest) -> dict[str, int] | None:
    """How many persons go and stay if this proposal is approved: counts, never names."""
    if record.status != DestructionStatus.PROPOSED:
        return None
    dossier = Dossier.objects.filter(pk=record.dossier_id).first()
    if dossier is None:
        return None
    targets = plan_targets(dossier)
    return {
        "persons_removed": len(targets.person_ids),
        "persons_kept": len(targets.kept_person_ids),
        "household_removed": int(targets.household_id is not None),
    }


@staff_view(PRIVACY)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    record = DestructionRequest.objects.select_related("proposed_by", "reviewed_by", "rule").filter(pk=pk).first()
    if record is None:
        log_denied(request, object_type=services.OBJECT_TYPE, object_id=pk, detail="onbekend verzoek")
        raise Http404
    user = _user(request)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and record.is_open and form.is_valid():
        decision = request.POST.get("besluit")
        note = form.cleaned_data["note"]
        try:
            if decision == ReviewForm.APPROVE:
                services.approve_destruction(record, user, note, request=request)
                done = _("Dossier %(id)s is vernietigd. Alleen de anonieme gegevens zijn bewaard.") % {
                    "id": record.dossier_id
                }
            elif decision == ReviewForm.REJECT:
                services.reject_destruction(record, user, note, request=request)
                done = _("Het voorstel is afgewezen.")
            else:
                raise services.DestructionRefused(_("Kies goedkeuren of afwijzen."))
        except services.DestructionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("retention:beoordelen", pk=record.pk)
    return render(
        request,
        "retention/review.html",
        {
            "record": record,
            "form": form,
            "own_proposal": record.proposed_by_id == user.pk,
            "impact": _impact(record),
        },
    )
