"""Screens for the outreach work on vroegsignalen: the team's worklist, the casus page, its forms, and the export.

Thin: `selectors` decides which casus the user may see (404 and a log line otherwise), the forms check input,
`services` applies the rules and writes the access log (and, for an accepted offer, the dossier's timeline).
"""

import json
import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from core.access import staff_view
from core.forms import add_service_errors
from core.submissions import submit_once
from deadlines.calendar_source import current_calendar
from vroegsignalering import ddas, export, selectors, services
from vroegsignalering.forms import AttemptForm, ExportForm, OutcomeForm
from vroegsignalering.models import ContactPoging, SignaalCasus

#: Who works the casussen: the team's generalists and its teamleider (the casus belongs to a team, not a dossier).
WORKERS = frozenset({Role.GENERALIST, Role.TEAMLEIDER})

#: Who may download the aggregate delivery: counts for policy and for the national dashboard, no casework.
EXPORTERS = frozenset({Role.BELEIDSMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER})

#: Who may download the national DDAS delivery: it holds BSNs (the delivery to CBS for the national monitor), so
#: only the functioneel beheerder, who sends it; the beleidsmedewerker has the aggregate.
DDAS_EXPORTERS = frozenset({Role.FUNCTIONEEL_BEHEERDER})

#: The casus page holds two forms with fields of the same name ("on", "note"): each gets its own prefix, so every
#: id on the page is unique and each label points at its own field.
ATTEMPT_PREFIX = "poging"
OUTCOME_PREFIX = "uitkomst"

#: Rows on the worklist; a team's open casussen rarely exceed it, the rest is counted below the table.
WORKLIST_SIZE = 200


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _casus_url(casus: SignaalCasus) -> str:
    return reverse("vroegsignalering:casus", kwargs={"pk": casus.pk})


@staff_view(WORKERS)
def worklist(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    casussen = selectors.worklist(user)
    shown = list(casussen[:WORKLIST_SIZE])
    rows = selectors.worklist_rows(shown, today, current_calendar())
    total = len(shown) if len(shown) < WORKLIST_SIZE else casussen.count()
    return render(request, "vroegsignalering/work/worklist.html", {"rows": rows, "total": total, "shown": len(shown)})


def _casus_page(
    request: HttpRequest,
    casus: SignaalCasus,
    *,
    attempt_form: AttemptForm | None = None,
    outcome_form: OutcomeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    log_access(
        request,
        user=user,
        action=AccessAction.VIEW,
        basis=AccessBasis.VROEGSIGNALERING,
        object_type="signaalcasus",
        object_id=casus.pk,
        dossier_id=casus.melding.dossier_id if casus.melding else None,
    )
    signals = list(casus.signalen.select_related("partner", "inwoner").order_by("reported_on", "pk"))
    attempts = list(ContactPoging.objects.filter(casus=casus).select_related("by").order_by("on", "pk"))
    context = {
        "casus": casus,
        "signals": signals,
        "attempts": attempts,
        "members": list(casus.huishouden.members.all()) if casus.huishouden else [],
        "dossier": selectors.household_dossier(user, casus),
        "attempt_form": attempt_form or AttemptForm(prefix=ATTEMPT_PREFIX),
        "outcome_form": outcome_form or OutcomeForm(prefix=OUTCOME_PREFIX),
        "attempts_needed": services.attempts_needed(),
        "unanswered": sum(1 for attempt in attempts if attempt.result == "niet_thuis"),
        "assigned_to_me": casus.assigned_to_id == user.pk,
    }
    return render(request, "vroegsignalering/work/casus.html", context, status=status)


@staff_view(WORKERS)
def casus_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _casus_page(request, selectors.get_casus(request, pk))


@staff_view(WORKERS)
@require_POST
def pick_up(request: HttpRequest, pk: int) -> HttpResponse:
    casus = selectors.get_casus(request, pk)
    try:
        services.pick_up(casus, actor=_user(request), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("U heeft deze casus opgepakt."))
    return redirect(_casus_url(casus))


@staff_view(WORKERS)
@require_POST
def record_attempt(request: HttpRequest, pk: int) -> HttpResponse:
    casus = selectors.get_casus(request, pk)
    form = AttemptForm(request.POST, prefix=ATTEMPT_PREFIX)
    if form.is_valid():
        data = form.cleaned_data
        attempt = services.NewAttempt(
            method=data["method"], on=data["on"], daypart=data["daypart"], result=data["result"], note=data["note"]
        )
        try:
            result = submit_once(
                request,
                lambda: services.record_attempt(casus, actor=_user(request), attempt=attempt, request=request),
                lambda poging: _casus_url(casus),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if isinstance(result, HttpResponse):
                return result
            messages.success(request, _("De contactpoging is vastgelegd."))
            return redirect(_casus_url(casus))
    return _casus_page(request, casus, attempt_form=form, status=400)


@staff_view(WORKERS)
@require_POST
def record_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    casus = selectors.get_casus(request, pk)
    form = OutcomeForm(request.POST, prefix=OUTCOME_PREFIX)
    if form.is_valid():
        data = form.cleaned_data
        try:
            closed = services.record_outcome(
                casus, actor=_user(request), outcome=data["outcome"], on=data["on"], note=data["note"], request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if closed.melding is not None:
                messages.success(
                    request,
                    _(
                        "Het aanbod is geaccepteerd. De melding schuldhulpverlening staat in het dossier van het huishouden."
                    ),
                )
            else:
                messages.success(
                    request, _("De casus is afgesloten: %(outcome)s.") % {"outcome": closed.get_outcome_display()}
                )
            return redirect(_casus_url(casus))
    return _casus_page(request, casus, outcome_form=form, status=400)


logger = logging.getLogger(__name__)


def _json_download(document: dict[str, Any], filename: str) -> HttpResponse:
    """A checked export as a readable JSON file to save (both the own export and the DDAS delivery)."""
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_view(EXPORTERS)
def export_view(request: HttpRequest) -> HttpResponse:
    """Choose a period (GET shows the form); a valid choice downloads the JSON, checked against the schema first."""
    form = ExportForm(request.GET or None)
    if not form.is_bound or not form.is_valid():
        status = 400 if form.is_bound else 200
        return render(request, "vroegsignalering/work/export.html", {"form": form}, status=status)
    gemeente, period = form.cleaned_data["gemeente"], form.cleaned_data["period"]
    try:
        document = export.export(gemeente, period)
    except export.InvalidExport as error:
        logger.error("vroegsignalering export refused: %s", error)
        context = {"form": form, "refused": True}
        return render(request, "vroegsignalering/work/export.html", context, status=503)
    log_access(
        request,
        user=_user(request),
        action=AccessAction.VIEW,
        basis=AccessBasis.GEAGGREGEERD,
        object_type="vroegsignalering_export",
        object_id=f"{gemeente.cbs_code}/{period.key}",
    )
    return _json_download(document, export.filename(gemeente, period))


@staff_view(DDAS_EXPORTERS)
def ddas_view(request: HttpRequest) -> HttpResponse:
    """The national delivery (DDAS 1.2) for a gemeente and period: checked against the schema, then downloaded."""
    form = ExportForm(request.GET or None)
    if not form.is_bound or not form.is_valid():
        status = 400 if form.is_bound else 200
        return render(request, "vroegsignalering/work/ddas.html", {"form": form}, status=status)
    gemeente, period = form.cleaned_data["gemeente"], form.cleaned_data["period"]
    try:
        document = ddas.delivery(gemeente, period)
    except ddas.InvalidDelivery as error:
        logger.error("DDAS delivery refused: %s", error)
        context = {"form": form, "refused": True}
        return render(request, "vroegsignalering/work/ddas.html", context, status=503)
    signals, zaken = ddas.summary(document)
    log_access(
        request,
        user=_user(request),
        action=AccessAction.VIEW,
        basis=AccessBasis.VROEGSIGNALERING,
        object_type="ddas-levering",
        object_id=f"{gemeente.cbs_code}/{period.key}",
        detail=f"DDAS {ddas.FORMAT_VERSION}, {document['startdatumLevering']} t/m {document['einddatumLevering']}: "
        f"{signals} vroegsignalen, {zaken} vroegsignaalzaken",
    )
    return _json_download(document, ddas.filename(gemeente, period))
