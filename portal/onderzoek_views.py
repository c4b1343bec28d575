"""Onderzoek en persoonlijk plan (Mijn Wijkteam): the verslag of the onderzoek and the reaction to it (Wmo 2015
art. 2.3.2 lid 8), and the persoonlijk plan (lid 2).

- The household reads the verslag of each onderzoek of its dossiers once it was handed out, downloads the PDF
  exactly as handed out, and reacts once: eens, or oneens with a reason. The reaction goes through
  ``assessments.services.record_reaction`` like one given on paper, so staff see it on the onderzoek and the
  timeline. A reaction already recorded (by the resident or by staff) is shown, never overwritten: a later
  remark goes to the regisseur as a message.
- While the 7-day term of a Wmo melding runs, the household sends its persoonlijk plan here; it meets the term
  the way a paper plan does. After the term a plan can still be sent: the team uses it, the term stays as it is
  (``assessments.services.submit_persoonlijk_plan`` explains why).
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.models import Onderzoek, PersoonlijkPlan
from assessments.services import (
    StaleVersion,
    persoonlijk_plan_terms,
    record_reaction,
    running_persoonlijk_plan_terms,
    submit_persoonlijk_plan,
)
from audit.models import AccessAction
from dossiers.models import Dossier, DossierDeadline
from dossiers.sections import Section
from dossiers.transitions import Status
from portal.access import log_portal, log_portal_shown, portal_dossier_ids, portal_get, portal_view
from portal.forms_onderzoek import PersoonlijkPlanForm, ReactionForm
from portal.models import PortalScope
from portal.principal import Principal


def _handed_out() -> QuerySet[Onderzoek]:
    """Onderzoeken whose verslag the household received: only those are the household's to read."""
    return Onderzoek.objects.filter(verslag_sent_on__isnull=False)


def _messages_url() -> str:
    try:
        return reverse("portal:berichten")
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class PlanState:
    """Where the household stands with its persoonlijk plan."""

    #: The dossier a plan sent now goes to; None when there is no Wmo melding to send one for.
    dossier: Dossier | None
    #: The running term with the last day to send the plan in; None when no term runs.
    running: DossierDeadline | None
    #: A term that was met (a plan was received), when none runs.
    met: DossierDeadline | None


def plan_state(dossier_ids: list[int], today: date | None = None) -> PlanState:
    running = running_persoonlijk_plan_terms(dossier_ids, today).select_related("dossier").order_by("due", "pk").first()
    if running is not None:
        return PlanState(dossier=running.dossier, running=running, met=None)
    newest = (
        persoonlijk_plan_terms(dossier_ids)
        .exclude(dossier__status=Status.AFGESLOTEN)
        .select_related("dossier")
        .order_by("-start", "-pk")
        .first()
    )
    if newest is None:
        return PlanState(dossier=None, running=None, met=None)
    return PlanState(dossier=newest.dossier, running=None, met=newest if newest.met_on else None)


@portal_view(PortalScope.ONDERZOEK)
def onderzoek(request: HttpRequest) -> HttpResponse:
    """The household's onderzoeken with a verslag handed out, and where it stands with its persoonlijk plan."""
    principal: Principal = request.portal  # type: ignore[attr-defined]
    dossier_ids = portal_dossier_ids(principal)
    onderzoeken = list(_handed_out().filter(dossier_id__in=dossier_ids).order_by("-verslag_sent_on", "-pk"))
    plans = list(PersoonlijkPlan.objects.filter(dossier_id__in=dossier_ids).order_by("-submitted_at", "-pk"))
    shown = sorted({item.dossier_id for item in onderzoeken} | {plan.dossier_id for plan in plans})
    log_portal_shown(request, principal, dossier_ids=shown, object_type="onderzoek", section=Section.ONDERZOEK)
    return render(
        request,
        "portal/onderzoek/index.html",
        {"onderzoeken": onderzoeken, "plans": plans, "plan_state": plan_state(dossier_ids)},
    )


def _render_verslag(
    request: HttpRequest, item: Onderzoek, form: ReactionForm | None = None, status: int = 200
) -> HttpResponse:
    if form is None and not item.reaction:
        form = ReactionForm(version=item.version)
    return render(
        request,
        "portal/onderzoek/verslag.html",
        {"onderzoek": item, "form": form, "messages_url": _messages_url()},
        status=status,
    )


@portal_view(PortalScope.ONDERZOEK)
def verslag(request: HttpRequest, onderzoek_id: int) -> HttpResponse:
    """The verslag as text, the PDF to download, and the reaction (the form, or the one recorded)."""
    principal: Principal = request.portal  # type: ignore[attr-defined]
    item = portal_get(request, _handed_out(), onderzoek_id, object_type="onderzoek")
    log_portal(
        request,
        principal,
        object_type="onderzoek",
        object_id=item.pk,
        dossier_id=item.dossier_id,
        section=Section.ONDERZOEK,
        detail="verslag gelezen",
    )
    return _render_verslag(request, item)


@portal_view(PortalScope.ONDERZOEK)
def verslag_pdf(request: HttpRequest, onderzoek_id: int) -> HttpResponse:
    """The verslag exactly as the household received it: the stored PDF, never a new rendering."""
    principal: Principal = request.portal  # type: ignore[attr-defined]
    item = portal_get(request, _handed_out().filter(verslag_pdf__isnull=False), onderzoek_id, object_type="onderzoek")
    log_portal(
        request,
        principal,
        object_type="onderzoek",
        object_id=item.pk,
        dossier_id=item.dossier_id,
        section=Section.ONDERZOEK,
        detail="verslag (pdf) gedownload",
    )
    response = HttpResponse(bytes(item.verslag_pdf or b""), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"verslag-onderzoek-{item.pk}.pdf") or ""
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@portal_view(PortalScope.ONDERZOEK)
def reactie(request: HttpRequest, onderzoek_id: int) -> HttpResponse:
    """Record the household's reaction to the verslag, once; a reaction already there is shown, not replaced."""
    principal: Principal = request.portal  # type: ignore[attr-defined]
    item = portal_get(request, _handed_out(), onderzoek_id, object_type="onderzoek")
    back = reverse("portal:onderzoek_verslag", args=[item.pk])
    if item.reaction:
        messages.info(
            request, _("Er is al een reactie op dit verslag. Wilt u iets aanvullen? Stuur uw regisseur een bericht.")
        )
        return HttpResponseRedirect(back)
    form = ReactionForm(request.POST, version=item.version)
    if not form.is_valid():
        return _render_verslag(request, item, form, status=400)
    try:
        record_reaction(
            item,
            reaction=form.cleaned_data["reaction"],
            note=form.cleaned_data["note"],
            on=timezone.localdate(),
            actor=None,
            basis=principal.basis,
            request=request,
            once_at_version=form.cleaned_data["version"],
            by=principal.describe_for_people(),
            log_detail=principal.describe(),
        )
    except StaleVersion:
        messages.error(request, _("Het verslag is intussen gewijzigd. Lees het opnieuw en geef dan uw reactie."))
        return HttpResponseRedirect(back)
    except ValidationError as error:
        if error.code == "already_reacted":
            messages.info(request, " ".join(error.messages))
            return HttpResponseRedirect(back)
        form.add_error(None, error)
        return _render_verslag(request, item, form, status=400)
    messages.success(request, _("Dank u wel. Uw reactie staat nu bij het verslag. Uw regisseur leest hem."))
    return HttpResponseRedirect(back)


@portal_view(PortalScope.ONDERZOEK)
def persoonlijk_plan(request: HttpRequest) -> HttpResponse:
    """Send the persoonlijk plan: within the 7-day term it meets the term; after it the team still uses it."""
    principal: Principal = request.portal  # type: ignore[attr-defined]
    dossier_ids = portal_dossier_ids(principal)
    state = plan_state(dossier_ids)
    status = 200
    if request.method == "POST" and state.dossier is not None:
        form = PersoonlijkPlanForm(request.POST)
        if form.is_valid():
            try:
                plan = submit_persoonlijk_plan(
                    state.dossier,
                    form.text(),
                    submitted_by=principal.describe_for_people(),
                    basis=principal.basis,
                    token=form.cleaned_data["token"],
                    log_detail=principal.describe(),
                    request=request,
                )
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                if plan.in_term:
                    messages.success(request, _("Dank u wel. Wij hebben uw persoonlijk plan ontvangen."))
                else:
                    messages.success(
                        request,
                        _(
                            "Dank u wel. Wij hebben uw persoonlijk plan ontvangen. Het team gebruikt het bij het gesprek."
                        ),
                    )
                return HttpResponseRedirect(reverse("portal:onderzoek"))
        status = 400
    else:
        form = PersoonlijkPlanForm()
        if request.method == "POST":
            status = 400
        if state.dossier is not None:
            log_portal(
                request,
                principal,
                object_type="persoonlijk_plan",
                dossier_id=state.dossier.pk,
                section=Section.ONDERZOEK,
                detail="formulier persoonlijk plan",
                action=AccessAction.VIEW,
            )
    return render(request, "portal/onderzoek/persoonlijk_plan.html", {"form": form, "state": state}, status=status)
