"""Mijn plan: the household's plan as the household reads it, and what it does with it online.

The household reads its goals, actions and review date; marks its own actions done (those the household
or its network carries out, never the team's or a provider's); comments on the plan or one goal; and
agrees to the plan as it is now (the version on the page: when the team changed the plan meanwhile, the
agreement is refused). plans.services changes the plan and writes the timeline; this module checks who
may, and logs every read and write here as a portal access.

Which goals: the resident sees the whole household's plan (it is agreed by the household and handed to
it on paper too). A representative sees the goals for the whole household and those for the person they
represent, not a goal only about another member of the household.

Who may agree: the resident, or a legal representative (a parent with authority, a curator, a mentor)
with the plan among their parts. A gemachtigde (e.g. a mantelzorger) reads and comments, but the
agreement is the household's own (or its legal representative's); a bewindvoerder acts on money only.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import AccessAction
from dossiers.models import Dossier
from dossiers.sections import Section
from dossiers.transitions import Status
from plans import selectors, services
from plans.models import OWN_UITVOERDERS, Actie, ActieStatus, Doel, Plan
from portal.access import current_dossier, log_portal, portal_get, portal_view
from portal.forms_plan import AgreeForm, CommentForm
from portal.models import PortalScope, RepresentationKind
from portal.principal import Principal

#: The representatives who may agree to the plan for the person they represent (by law or a court).
AGREEING_KINDS: frozenset[str] = frozenset(
    {RepresentationKind.OUDER_MET_GEZAG, RepresentationKind.CURATOR, RepresentationKind.MENTOR}
)


def may_agree(principal: Principal) -> bool:
    return principal.is_self or (
        principal.representation is not None and principal.representation.kind in AGREEING_KINDS
    )


def _principal(request: HttpRequest) -> Principal:
    return request.portal  # type: ignore[attr-defined,no-any-return]


def _shows_goal(principal: Principal, doel: Doel) -> bool:
    """The prefetched persons decide (no query): see the module docstring."""
    if principal.is_self:
        return True
    persons = list(doel.persons.all())
    return not persons or principal.subject in persons


def _visible_goals_q(principal: Principal, prefix: str = "") -> Q:
    if principal.is_self:
        return Q()
    return Q(**{f"{prefix}persons__isnull": True}) | Q(**{f"{prefix}persons": principal.subject})


def _is_open(dossier: Dossier) -> bool:
    return dossier.status != Status.AFGESLOTEN


def _page(
    request: HttpRequest,
    *,
    comment_form: CommentForm | None = None,
    agree_form: AgreeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The plan page (after a read, or again with a form's errors); logs the read."""
    principal = _principal(request)
    dossier = current_dossier(principal) if principal.subject is not None else None
    plan = selectors.plan_of(dossier) if dossier is not None else None
    goals = [doel for doel in plan.doelen.all() if _shows_goal(principal, doel)] if plan is not None else []
    shown_goal_ids = {doel.pk for doel in goals}
    comments = [
        comment
        for comment in selectors.comments_of(plan)
        if comment.doel_id is None or comment.doel_id in shown_goal_ids
    ]
    if dossier is not None:
        log_portal(
            request,
            principal,
            object_type="plan",
            object_id=plan.pk if plan is not None else "",
            dossier_id=dossier.pk,
            section=Section.PLAN,
            detail="mijn plan",
        )
    can_act = dossier is not None and plan is not None and _is_open(dossier)
    context: dict[str, Any] = {
        "principal": principal,
        "dossier": dossier,
        "plan": plan,
        "goals": [
            {
                "doel": doel,
                "acties": [
                    {
                        "actie": actie,
                        "own": actie.uitvoerder in OWN_UITVOERDERS,
                        "can_mark": can_act
                        and actie.uitvoerder in OWN_UITVOERDERS
                        and actie.status in (ActieStatus.OPEN, ActieStatus.BEZIG),
                    }
                    for actie in doel.acties.all()
                ],
            }
            for doel in goals
        ],
        "comments": comments,
        "can_act": can_act,
        "may_agree": may_agree(principal),
    }
    if can_act and plan is not None:
        context["comment_form"] = comment_form or CommentForm(goals=goals)
        context["agree_form"] = agree_form or AgreeForm(version=plan.version)
        context["agreed_now"] = plan.is_agreed and plan.agreed_version in (None, plan.version)
    return render(request, "portal/plan/plan.html", context, status=status)


@portal_view(PortalScope.PLAN)
def plan(request: HttpRequest) -> HttpResponse:
    return _page(request)


def _open_plan(request: HttpRequest) -> tuple[Dossier, Plan] | None:
    """The current dossier and its plan when the household can still act on it; else a message and None."""
    principal = _principal(request)
    dossier = current_dossier(principal) if principal.subject is not None else None
    plan = Plan.objects.filter(dossier=dossier).first() if dossier is not None else None
    if dossier is None or plan is None:
        messages.error(request, _("Er is nog geen plan. Uw regisseur maakt het plan samen met u."))
        return None
    if not _is_open(dossier):
        messages.error(request, _("Dit plan hoort bij hulp die is afgesloten. U kunt het alleen nog lezen."))
        return None
    return dossier, plan


@require_POST
@portal_view(PortalScope.PLAN)
def actie_gedaan(request: HttpRequest, actie_id: int) -> HttpResponse:
    """Mark one of the household's own actions done. Another household's action: a logged 404."""
    principal = _principal(request)
    actie = portal_get(
        request,
        Actie.objects.select_related("doel__plan__dossier").filter(_visible_goals_q(principal, "doel__")),
        actie_id,
        dossier_path="doel__plan__dossier",
        object_type="actie",
    )
    dossier = actie.doel.plan.dossier
    if not _is_open(dossier):
        messages.error(request, _("Dit plan hoort bij hulp die is afgesloten. U kunt het alleen nog lezen."))
        return redirect("portal:plan")
    try:
        actie, changed = services.mark_actie_done_by_household(actie, by=principal.describe_for_people())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:plan")
    if changed:
        log_portal(
            request,
            principal,
            object_type="actie",
            object_id=actie.pk,
            dossier_id=dossier.pk,
            section=Section.PLAN,
            detail="actie gedaan",
            action=AccessAction.UPDATE,
        )
        messages.success(request, _("Goed gedaan! De actie staat nu op gedaan. Uw regisseur ziet dit ook."))
    else:
        messages.info(request, _("Deze actie stond al op gedaan."))
    return redirect("portal:plan")


@require_http_methods(["GET", "POST"])
@portal_view(PortalScope.PLAN)
def reactie(request: HttpRequest) -> HttpResponse:
    """A comment on the plan or on one of its goals; it lands on the dossier's plan tab and timeline.

    The form is on the plan page: opening this address (e.g. back from logging in again) leads there."""
    if request.method != "POST":
        return redirect("portal:plan")
    principal = _principal(request)
    found = _open_plan(request)
    if found is None:
        return redirect("portal:plan")
    dossier, plan = found
    goals = [
        doel
        for doel in Doel.objects.filter(plan=plan).prefetch_related("persons").order_by("order", "pk")
        if _shows_goal(principal, doel)
    ]
    form = CommentForm(request.POST, goals=goals)
    if form.is_valid():
        try:
            comment, created = services.add_household_comment(
                plan,
                text=form.cleaned_data["text"],
                doel=form.cleaned_data["doel"],
                by=principal.describe_for_people(),
                token=form.cleaned_data["token"] or None,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if created:
                log_portal(
                    request,
                    principal,
                    object_type="planreactie",
                    object_id=comment.pk,
                    dossier_id=dossier.pk,
                    section=Section.PLAN,
                    detail="reactie op het plan",
                    action=AccessAction.CREATE,
                )
                messages.success(request, _("Dank u wel. Uw reactie staat bij het plan. Het team leest hem."))
            else:
                messages.info(request, _("Uw reactie was al verstuurd. Wij hebben hem één keer opgeslagen."))
            return redirect("portal:plan")
    return _page(request, comment_form=form, status=400)


@require_http_methods(["GET", "POST"])
@portal_view(PortalScope.PLAN)
def akkoord(request: HttpRequest) -> HttpResponse:
    """The household agrees to the plan as shown (its version); a plan changed meanwhile is refused.

    The form is on the plan page: opening this address (e.g. back from logging in again) leads there."""
    if request.method != "POST":
        return redirect("portal:plan")
    principal = _principal(request)
    if not may_agree(principal):
        messages.error(
            request,
            _(
                "Akkoord geven kan alleen de inwoner zelf of een wettelijk vertegenwoordiger. U kunt wel een reactie geven."
            ),
        )
        return redirect("portal:plan")
    found = _open_plan(request)
    if found is None:
        return redirect("portal:plan")
    dossier, plan = found
    form = AgreeForm(request.POST, version=plan.version)
    if not form.is_valid():
        return _page(request, agree_form=form, status=400)
    try:
        plan = services.household_agrees(plan, version=form.cleaned_data["version"], by=principal.describe_for_people())
    except services.AlreadyAgreed as error:
        messages.info(request, " ".join(error.messages))
        return redirect("portal:plan")
    except services.StaleVersion as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:plan")
    log_portal(
        request,
        principal,
        object_type="plan",
        object_id=plan.pk,
        dossier_id=dossier.pk,
        section=Section.PLAN,
        detail=f"akkoord met versie {plan.agreed_version}",
        action=AccessAction.UPDATE,
    )
    messages.success(request, _("Dank u wel. Uw akkoord met het plan is opgeslagen."))
    return redirect("portal:plan")


def _add_errors(form: CommentForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
