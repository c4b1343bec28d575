"""Onderzoek and ZRM screens. Thin: forms check input, selectors decide what is visible, services save."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from assessments import selectors, services
from assessments.forms import OnderzoekForm, ZrmScoreForm
from assessments.models import WMO_TOPICS
from audit.models import AccessAction
from audit.services import log_access, log_denied
from core.access import CASEWORKERS, staff_view
from core.submissions import submit_once
from dossiers.sections import Section
from dossiers.selectors import get_dossier_access, get_visible_dossier
from residents.models import Inwoner


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _add_service_errors(form: OnderzoekForm | ZrmScoreForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@staff_view(CASEWORKERS | {Role.SPECIALIST})
def onderzoek(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    """A consulted specialist may read the onderzoek (section ONDERZOEK); saving needs involvement.

    Someone who may not save (`can_edit` False) gets the onderzoek read-only, without the form.
    """
    dossier, access = get_dossier_access(request, dossier_pk, Section.ONDERZOEK, write=request.method == "POST")
    basis = access.basis
    current = selectors.onderzoek_of(dossier)
    staff = selectors.involved_users(dossier)
    status = 200
    if request.method == "POST":
        form = OnderzoekForm(request.POST, staff=staff)
        if form.is_valid():
            try:
                outcome = submit_once(
                    request,
                    lambda: services.save_onderzoek(
                        dossier,
                        services.OnderzoekInput(
                            values=form.values(), participants=list(form.cleaned_data["participants"])
                        ),
                        version=form.cleaned_data["version"],
                        actor=_user(request),
                        basis=basis,
                        request=request,
                    ),
                    lambda _onderzoek: reverse("dossiers:detail", args=[dossier.pk]),
                )
            except services.StaleVersion as error:
                messages.error(request, " ".join(error.messages))
                return redirect("assessments:onderzoek", dossier_pk=dossier.pk)
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                if isinstance(outcome, HttpResponse):
                    return outcome
                messages.success(request, _("Het onderzoek is opgeslagen."))
                return redirect("dossiers:detail", pk=dossier.pk)
        status = 400
    else:
        form = OnderzoekForm(initial=OnderzoekForm.initial_for(current), staff=staff)
        log_access(
            request,
            action=AccessAction.VIEW,
            basis=basis,
            object_type="onderzoek",
            object_id=current.pk if current else "",
            dossier_id=dossier.pk,
            section=Section.ONDERZOEK,
        )
    topics = [(label, getattr(current, name)) for name, label in WMO_TOPICS] if current else []
    context = {
        "dossier": dossier,
        "onderzoek": current,
        "form": form,
        "topics": topics,
        "can_edit": access.may_write,
    }
    return render(request, "assessments/onderzoek_form.html", context, status=status)


@staff_view(CASEWORKERS)
def zrm_scoren(request: HttpRequest, dossier_pk: int, inwoner_pk: int) -> HttpResponse:
    dossier, basis = get_visible_dossier(request, dossier_pk, Section.ONDERZOEK, write=True)
    inwoner = Inwoner.objects.filter(pk=inwoner_pk, lidmaatschappen__huishouden_id=dossier.huishouden_id).first()
    if inwoner is None:
        log_denied(request, object_type="inwoner", object_id=inwoner_pk, dossier_id=dossier.pk)
        raise Http404(_("Deze persoon hoort niet bij het huishouden van dit dossier."))
    instrument = selectors.default_instrument()
    if instrument is None:
        raise Http404(_("Er is geen standaardinstrument ingesteld."))
    status = 200
    if request.method == "POST":
        form = ZrmScoreForm(request.POST, instrument=instrument)
        if form.is_valid():
            try:
                outcome = submit_once(
                    request,
                    lambda: services.record_scores(
                        dossier,
                        inwoner,
                        form.scores(),
                        assessed_on=form.cleaned_data["assessed_on"],
                        actor=_user(request),
                        basis=basis,
                        request=request,
                    ),
                    lambda _scores: reverse("dossiers:detail", args=[dossier.pk]),
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                if isinstance(outcome, HttpResponse):
                    return outcome
                messages.success(request, _("De scores zijn vastgelegd."))
                return redirect("dossiers:detail", pk=dossier.pk)
        status = 400
    else:
        form = ZrmScoreForm(initial={"assessed_on": timezone.localdate()}, instrument=instrument)
    grid = selectors.zrm_grid(dossier, instrument, [inwoner])
    domain_rows = [(*fields, cell) for fields, cell in zip(form.domain_rows(), grid[0].cells, strict=True)]
    context = {
        "dossier": dossier,
        "inwoner": inwoner,
        "form": form,
        "instrument": instrument,
        "row": grid[0],
        "domain_rows": domain_rows,
    }
    return render(request, "assessments/zrm_form.html", context, status=status)
