"""The plan screens. Thin: forms check input, selectors decide what is visible, services save.

Every form here posts to its own URL and redirects back, so the page works without JavaScript;
on an error the plan page is shown again with the error next to the field.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role, User
from audit.models import AccessAction
from audit.services import log_access, log_denied
from catalogue.models import Kind, Voorziening
from core.access import CASEWORKERS, staff_view
from core.submissions import submit_once
from dossiers import parts
from dossiers.models import Dossier
from dossiers.sections import Section
from dossiers.selectors import get_dossier_access, get_visible_dossier
from plans import pdf, selectors, services
from plans.forms import ActieForm, ActieStatusForm, AkkoordForm, DoelForm, DoelStatusForm, PlanForm
from plans.models import Plan
from residents.models import Inwoner


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _members(dossier: Dossier) -> "QuerySet[Inwoner]":
    return Inwoner.objects.filter(lidmaatschappen__huishouden_id=dossier.huishouden_id).order_by("pk")


def _add_service_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _back_url(request: HttpRequest, dossier: Dossier) -> str:
    """The dossier page when the form was posted from there, else the plan page."""
    if request.POST.get("return_to") == "dossier":
        return parts.tab_url(dossier.pk, parts.PLAN) + "#plan-kop"
    return reverse("plans:plan", kwargs={"dossier_pk": dossier.pk})


def _back(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    return redirect(_back_url(request, dossier))


def _goal_rows(plan: Plan | None, failed: dict[str, Any], *, with_forms: bool) -> list[dict[str, Any]]:
    """Each goal with its own small forms; a form that just failed is shown with its errors.

    Without `with_forms` (someone who only reads) the rows hold just the goal and its actions.
    """
    if plan is None:
        return []
    if not with_forms:
        return [
            {"doel": doel, "acties": [{"actie": actie} for actie in doel.acties.all()]} for doel in plan.doelen.all()
        ]
    rows = []
    voorzieningen = list(Voorziening.objects.filter(kind=Kind.ALGEMEEN, active=True).order_by("name"))
    for doel in plan.doelen.all():
        acties = [
            {
                "actie": actie,
                "status_form": failed.get(f"actie-status-{actie.pk}")
                or ActieStatusForm(prefix=f"actie-status-{actie.pk}", initial={"status": actie.status}),
            }
            for actie in doel.acties.all()
        ]
        rows.append(
            {
                "doel": doel,
                "acties": acties,
                "status_form": failed.get(f"doel-{doel.pk}")
                or DoelStatusForm(prefix=f"doel-{doel.pk}", initial={"status": doel.status}),
                "actie_form": failed.get(f"actie-{doel.pk}")
                or ActieForm(prefix=f"actie-{doel.pk}", voorzieningen=voorzieningen),
            }
        )
    return rows


def _plan_page(
    request: HttpRequest,
    dossier: Dossier,
    *,
    can_edit: bool,
    plan_form: PlanForm | None = None,
    doel_form: DoelForm | None = None,
    akkoord_form: AkkoordForm | None = None,
    failed: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The plan page. `can_edit` is False for someone who only reads (a consultation): the page then
    shows the plan without forms, as the views that save refuse them anyway."""
    plan = selectors.plan_of(dossier)
    context: dict[str, Any] = {
        "dossier": dossier,
        "plan": plan,
        "goals": _goal_rows(plan, failed or {}, with_forms=can_edit),
        "can_edit": can_edit,
        # What the household wrote in Mijn Wijkteam, also for whoever edits the plan here.
        "plan_comments": selectors.comments_of(plan),
    }
    if can_edit:
        context |= {
            "plan_form": plan_form or PlanForm(initial=PlanForm.initial_for(plan)),
            "doel_form": doel_form or DoelForm(members=_members(dossier), prefix="doel"),
            "akkoord_form": akkoord_form or AkkoordForm(prefix="akkoord", initial={"agreed_on": timezone.localdate()}),
        }
    return render(request, "plans/plan.html", context, status=status)


@staff_view(CASEWORKERS | {Role.SPECIALIST})
def plan(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    """A consulted specialist may read the plan (section PLAN); changing it needs involvement."""
    dossier, access = get_dossier_access(request, dossier_pk, Section.PLAN, write=request.method == "POST")
    basis = access.basis
    if request.method != "POST":
        log_access(
            request,
            action=AccessAction.VIEW,
            basis=basis,
            object_type="plan",
            dossier_id=dossier.pk,
            section=Section.PLAN,
        )
        return _plan_page(request, dossier, can_edit=access.may_write)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            outcome = submit_once(
                request,
                lambda: services.save_plan(
                    dossier,
                    going_well=form.cleaned_data["going_well"],
                    worries=form.cleaned_data["worries"],
                    review_on=form.cleaned_data["review_on"],
                    version=form.cleaned_data["version"],
                    actor=_user(request),
                    basis=basis,
                    request=request,
                ),
                lambda _plan: _back_url(request, dossier),
            )
        except services.StaleVersion as error:
            messages.error(request, " ".join(error.messages))
            return redirect("plans:plan", dossier_pk=dossier.pk)
        if isinstance(outcome, HttpResponse):
            return outcome
        messages.success(request, _("Het plan is opgeslagen."))
        return _back(request, dossier)
    return _plan_page(request, dossier, can_edit=True, plan_form=form, status=400)


@staff_view(CASEWORKERS)
@require_POST
def doel_toevoegen(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    dossier, basis = get_visible_dossier(request, dossier_pk, Section.PLAN, write=True)
    form = DoelForm(request.POST, members=_members(dossier), prefix="doel")
    if form.is_valid():
        try:
            outcome = submit_once(
                request,
                lambda: services.add_doel(
                    dossier,
                    description=form.cleaned_data["description"],
                    domain=form.cleaned_data["domain"],
                    persons=list(form.cleaned_data["persons"]),
                    actor=_user(request),
                    basis=basis,
                    request=request,
                ),
                lambda _doel: _back_url(request, dossier),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            messages.success(request, _("Het doel is toegevoegd."))
            return _back(request, dossier)
    return _plan_page(request, dossier, can_edit=True, doel_form=form, status=400)


def _doel_or_404(request: HttpRequest, dossier: Dossier, doel_pk: int) -> Any:
    doel = selectors.get_doel(dossier, doel_pk)
    if doel is None:
        log_denied(request, object_type="doel", object_id=doel_pk, dossier_id=dossier.pk)
        raise Http404(_("Dit doel hoort niet bij dit dossier."))
    return doel


@staff_view(CASEWORKERS)
@require_POST
def doel_status(request: HttpRequest, dossier_pk: int, doel_pk: int) -> HttpResponse:
    dossier, basis = get_visible_dossier(request, dossier_pk, Section.PLAN, write=True)
    doel = _doel_or_404(request, dossier, doel_pk)
    form = DoelStatusForm(request.POST, prefix=f"doel-{doel.pk}")
    if form.is_valid():
        services.change_doel_status(
            doel, form.cleaned_data["status"], actor=_user(request), basis=basis, request=request
        )
        messages.success(request, _("De status van het doel is gewijzigd."))
        return _back(request, dossier)
    return _plan_page(request, dossier, can_edit=True, failed={f"doel-{doel.pk}": form}, status=400)


@staff_view(CASEWORKERS)
@require_POST
def actie_toevoegen(request: HttpRequest, dossier_pk: int, doel_pk: int) -> HttpResponse:
    dossier, basis = get_visible_dossier(request, dossier_pk, Section.PLAN, write=True)
    doel = _doel_or_404(request, dossier, doel_pk)
    form = ActieForm(request.POST, prefix=f"actie-{doel.pk}")
    if form.is_valid():
        try:
            outcome = submit_once(
                request,
                lambda: services.add_actie(
                    doel,
                    description=form.cleaned_data["description"],
                    uitvoerder=form.cleaned_data["uitvoerder"],
                    uitvoerder_name=form.cleaned_data["uitvoerder_name"],
                    due_on=form.cleaned_data["due_on"],
                    voorziening=form.cleaned_data["voorziening"],
                    actor=_user(request),
                    basis=basis,
                    request=request,
                ),
                lambda _actie: _back_url(request, dossier),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            messages.success(request, _("De actie is toegevoegd."))
            return _back(request, dossier)
    return _plan_page(request, dossier, can_edit=True, failed={f"actie-{doel.pk}": form}, status=400)


@staff_view(CASEWORKERS)
@require_POST
def actie_status(request: HttpRequest, dossier_pk: int, actie_pk: int) -> HttpResponse:
    dossier, basis = get_visible_dossier(request, dossier_pk, Section.PLAN, write=True)
    actie = selectors.get_actie(dossier, actie_pk)
    if actie is None:
        log_denied(request, object_type="actie", object_id=actie_pk, dossier_id=dossier.pk)
        raise Http404(_("Deze actie hoort niet bij dit dossier."))
    form = ActieStatusForm(request.POST, prefix=f"actie-status-{actie.pk}")
    if form.is_valid():
        services.change_actie_status(
            actie, form.cleaned_data["status"], actor=_user(request), basis=basis, request=request
        )
        messages.success(request, _("De status van de actie is gewijzigd."))
        return _back(request, dossier)
    return _plan_page(request, dossier, can_edit=True, failed={f"actie-status-{actie.pk}": form}, status=400)


@staff_view(CASEWORKERS)
@require_POST
def akkoord(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    dossier, basis = get_visible_dossier(request, dossier_pk, Section.PLAN, write=True)
    form = AkkoordForm(request.POST, prefix="akkoord")
    if form.is_valid():
        try:
            outcome = submit_once(
                request,
                lambda: services.record_agreement(
                    dossier,
                    agreed_on=form.cleaned_data["agreed_on"],
                    agreed_by=form.cleaned_data["agreed_by"],
                    actor=_user(request),
                    basis=basis,
                    request=request,
                ),
                lambda _plan: _back_url(request, dossier),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            messages.success(request, _("Het akkoord van het huishouden is vastgelegd."))
            return _back(request, dossier)
    return _plan_page(request, dossier, can_edit=True, akkoord_form=form, status=400)


@staff_view(CASEWORKERS | {Role.SPECIALIST})
@require_GET
def plan_pdf(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    """The plan as a PDF for the household. Only for those who may change the plan: it is handed to the
    household by whoever works with them, not by someone who looks along. Every download is logged."""
    dossier, access = get_dossier_access(request, dossier_pk, Section.PLAN, write=True)
    content = pdf.render_plan_pdf(dossier)
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=access.basis,
        object_type="plan",
        dossier_id=dossier.pk,
        section=Section.PLAN,
        detail="plan pdf voor het huishouden",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"ons-plan-{dossier.pk}.pdf") or ""
    # Personal data: no copies in shared or browser caches.
    response["Cache-Control"] = "private, no-store"
    return response
