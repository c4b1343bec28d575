"""Onderzoek and ZRM screens. Thin: forms check input, selectors decide what is visible, services save."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role, User
from assessments import charts, selectors, services
from assessments.forms import OnderzoekForm, ReactionForm, VerslagHandoverForm, ZrmScoreForm
from assessments.models import WMO_TOPICS, Onderzoek, not_applicable_field
from assessments.verslag import verslag_pdf as verslag_pdf_of
from audit.models import AccessAction
from audit.services import log_access, log_denied
from core.access import CASEWORKERS, staff_view
from core.submissions import submit_once
from dossiers import parts
from dossiers.models import Dossier
from dossiers.sections import Section
from dossiers.selectors import get_dossier_access, get_visible_dossier
from residents.models import Inwoner


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _add_service_errors(
    form: OnderzoekForm | ZrmScoreForm | VerslagHandoverForm | ReactionForm, error: ValidationError
) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _onderzoek_in(request: HttpRequest, dossier: Dossier, onderzoek_pk: int) -> Onderzoek:
    """An onderzoek of this dossier, or 404 with a log line: records are found through their dossier."""
    found = Onderzoek.objects.filter(pk=onderzoek_pk, dossier=dossier).prefetch_related("participants").first()
    if found is None:
        log_denied(request, object_type="onderzoek", object_id=onderzoek_pk, dossier_id=dossier.pk)
        raise Http404(_("Dit onderzoek bestaat niet in dit dossier."))
    return found


def _wmo(dossier: Dossier, current: Onderzoek | None) -> bool:
    """Whether the onderzoek on the page follows the Wmo rules: by its meldingen, or the needs it will answer."""
    meldingen = list(current.meldingen.all()) if current else []
    if current is None or not current.is_completed:
        meldingen += list(services.unanswered_meldingen(dossier))
    return services.is_wmo_onderzoek(meldingen)


def _onderzoek_url(dossier: Dossier, current: Onderzoek | None) -> str:
    if current is None:
        return reverse("assessments:onderzoek", args=[dossier.pk])
    return reverse("assessments:onderzoek_detail", args=[dossier.pk, current.pk])


def _render_onderzoek(
    request: HttpRequest,
    dossier: Dossier,
    current: Onderzoek | None,
    *,
    can_edit: bool,
    form: OnderzoekForm | None = None,
    handover_form: VerslagHandoverForm | None = None,
    reaction_form: ReactionForm | None = None,
    form_action: str = "",
    status: int = 200,
) -> HttpResponse:
    wmo = _wmo(dossier, current)
    if form is None:
        form = OnderzoekForm(
            initial=OnderzoekForm.initial_for(current), staff=selectors.involved_users(dossier), wmo=wmo
        )
    topics = (
        [(label, getattr(current, name), getattr(current, not_applicable_field(name))) for name, label in WMO_TOPICS]
        if current
        else []
    )
    context = {
        "dossier": dossier,
        "onderzoek": current,
        "form": form,
        # The page's own address: the current onderzoek (which a save re-checks) or a named earlier one.
        "form_action": form_action or _onderzoek_url(dossier, current),
        "wmo": wmo,
        "topics": topics,
        "can_edit": can_edit,
        "handover_form": handover_form or VerslagHandoverForm(initial={"handed_over_on": timezone.localdate()}),
        "reaction_form": reaction_form or ReactionForm(initial={"reaction_on": timezone.localdate()}),
        "onderzoeken": list(dossier.onderzoeken.prefetch_related("meldingen").order_by("-pk")),
        "waiting": list(services.unanswered_meldingen(dossier)),
        "needs_new": services.needs_new_onderzoek(dossier),
    }
    return render(request, "assessments/onderzoek_form.html", context, status=status)


@staff_view(CASEWORKERS | {Role.SPECIALIST})
def onderzoek(request: HttpRequest, dossier_pk: int, onderzoek_pk: int | None = None) -> HttpResponse:
    """The onderzoek of the current need, or (with `onderzoek_pk`) an earlier one of this dossier.

    A consulted specialist may read the onderzoek (section ONDERZOEK); saving needs involvement. Someone who
    may not save (`can_edit` False) gets the onderzoek read-only, without the form.
    """
    dossier, access = get_dossier_access(request, dossier_pk, Section.ONDERZOEK, write=request.method == "POST")
    basis = access.basis
    if onderzoek_pk is not None:
        current: Onderzoek | None = _onderzoek_in(request, dossier, onderzoek_pk)
    else:
        found = services.current_onderzoek(dossier)
        current = selectors.onderzoek_by_pk(found.pk) if found else None
    if request.method != "POST":
        log_access(
            request,
            action=AccessAction.VIEW,
            basis=basis,
            object_type="onderzoek",
            object_id=current.pk if current else "",
            dossier_id=dossier.pk,
            section=Section.ONDERZOEK,
        )
        return _render_onderzoek(request, dossier, current, can_edit=access.may_write, form_action=request.path)
    form = OnderzoekForm(request.POST, staff=selectors.involved_users(dossier), wmo=_wmo(dossier, current))
    if form.is_valid():
        try:
            outcome = submit_once(
                request,
                lambda: services.save_onderzoek(
                    dossier,
                    services.OnderzoekInput(values=form.values(), participants=list(form.cleaned_data["participants"])),
                    onderzoek=current,
                    version=form.cleaned_data["version"],
                    actor=_user(request),
                    basis=basis,
                    request=request,
                ),
                lambda _onderzoek: parts.tab_url(dossier.pk, parts.ONDERZOEK),
            )
        except services.StaleVersion as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_onderzoek_url(dossier, current))
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            messages.success(request, _("Het onderzoek is opgeslagen."))
            return redirect(parts.tab_url(dossier.pk, parts.ONDERZOEK))
    return _render_onderzoek(request, dossier, current, can_edit=True, form=form, form_action=request.path, status=400)


def _pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    # Personal data: no copies in shared or browser caches.
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view(CASEWORKERS | {Role.SPECIALIST})
@require_GET
def verslag_pdf(request: HttpRequest, dossier_pk: int, onderzoek_pk: int) -> HttpResponse:
    """The verslag as a PDF: as it was handed over, or a draft (CONCEPT) before that. Every download is logged."""
    dossier, access = get_dossier_access(request, dossier_pk, Section.ONDERZOEK)
    current = _onderzoek_in(request, dossier, onderzoek_pk)
    content, draft = verslag_pdf_of(current)
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=access.basis,
        object_type="onderzoek",
        object_id=current.pk,
        dossier_id=dossier.pk,
        section=Section.ONDERZOEK,
        detail="verslag pdf (concept)" if draft else "verslag pdf (uitgereikt)",
    )
    suffix = "-concept" if draft else ""
    return _pdf_response(content, filename=f"verslag-onderzoek-{current.pk}{suffix}.pdf")


@staff_view(CASEWORKERS)
@require_POST
def verslag_uitreiken(request: HttpRequest, dossier_pk: int, onderzoek_pk: int) -> HttpResponse:
    """Record the day the resident received the verslag (Wmo 2.3.2 lid 8); its PDF is kept as handed over."""
    dossier, access = get_dossier_access(request, dossier_pk, Section.ONDERZOEK, write=True)
    current = _onderzoek_in(request, dossier, onderzoek_pk)
    form = VerslagHandoverForm(request.POST)
    if form.is_valid():
        try:
            outcome = submit_once(
                request,
                lambda: services.hand_over_verslag(
                    current,
                    on=form.cleaned_data["handed_over_on"],
                    actor=_user(request),
                    basis=access.basis,
                    request=request,
                ),
                lambda _onderzoek: _onderzoek_url(dossier, current),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            messages.success(request, _("Vastgelegd: het verslag is uitgereikt."))
            return redirect(_onderzoek_url(dossier, current))
    return _render_onderzoek(request, dossier, current, can_edit=True, handover_form=form, status=400)


@staff_view(CASEWORKERS)
@require_POST
def verslag_reactie(request: HttpRequest, dossier_pk: int, onderzoek_pk: int) -> HttpResponse:
    """Record the resident's reaction to the verslag: agree or disagree, with an explanation."""
    dossier, access = get_dossier_access(request, dossier_pk, Section.ONDERZOEK, write=True)
    current = _onderzoek_in(request, dossier, onderzoek_pk)
    form = ReactionForm(request.POST)
    if form.is_valid():
        try:
            outcome = submit_once(
                request,
                lambda: services.record_reaction(
                    current,
                    reaction=form.cleaned_data["reaction"],
                    note=form.cleaned_data["reaction_note"],
                    on=form.cleaned_data["reaction_on"],
                    actor=_user(request),
                    basis=access.basis,
                    request=request,
                ),
                lambda _onderzoek: _onderzoek_url(dossier, current),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            messages.success(request, _("De reactie op het verslag is vastgelegd."))
            return redirect(_onderzoek_url(dossier, current))
    return _render_onderzoek(request, dossier, current, can_edit=True, reaction_form=form, status=400)


def _member_in(request: HttpRequest, dossier: Dossier, inwoner_pk: int) -> Inwoner:
    """A member of the dossier's household, or 404 with a log line (an id from elsewhere reveals nothing)."""
    inwoner = selectors.member_in_household(dossier, inwoner_pk)
    if inwoner is None:
        log_denied(request, object_type="inwoner", object_id=inwoner_pk, dossier_id=dossier.pk)
        raise Http404(_("Deze persoon hoort niet bij het huishouden van dit dossier."))
    return inwoner


@staff_view(CASEWORKERS | {Role.SPECIALIST})
@require_GET
def zrm_verloop(request: HttpRequest, dossier_pk: int, inwoner_pk: int) -> HttpResponse:
    """One person's ZRM scores over time: a chart per domain (SVG made on the server) and the same numbers as a table.

    Read-only, so a consulted specialist with section ONDERZOEK may see it; a pseudonymised consultation is
    refused (the page is about one named person). Fixed query count, whatever the number of scores.
    """
    dossier, access = get_dossier_access(request, dossier_pk, Section.ONDERZOEK)
    inwoner = _member_in(request, dossier, inwoner_pk)
    instrument = selectors.default_instrument()
    if instrument is None:
        raise Http404(_("Er is geen standaardinstrument ingesteld."))
    scores = selectors.score_history(dossier, instrument, inwoner)
    points = charts.points_of(scores)
    title = _("Zelfredzaamheid van %(name)s door de tijd") % {"name": inwoner.full_name}
    svg = charts.render_svg(charts.spec(points, instrument), labelled_by="zrm-verloop-kop") if scores else ""
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=access.basis,
        object_type="inwoner",
        object_id=inwoner.pk,
        dossier_id=dossier.pk,
        section=Section.ONDERZOEK,
        detail="zrm verloop",
    )
    levels = list(instrument.levels.all())  # type: ignore[attr-defined]
    labels = {level.value: level.shown_label for level in levels}
    # The table: per domain in the instrument's order, oldest first (the sort is stable).
    rows = [
        (score, labels.get(score.level, ""))
        for score in sorted(scores, key=lambda score: (score.domain.order, score.domain_id))
    ]
    context = {
        "dossier": dossier,
        "inwoner": inwoner,
        "instrument": instrument,
        "title": title,
        "rows": rows,
        "svg": svg,
        "levels": levels,
        "can_score": access.may_write,
    }
    return render(request, "assessments/zrm_verloop.html", context)


@staff_view(CASEWORKERS)
def zrm_scoren(request: HttpRequest, dossier_pk: int, inwoner_pk: int) -> HttpResponse:
    dossier, basis = get_visible_dossier(request, dossier_pk, Section.ONDERZOEK, write=True)
    inwoner = _member_in(request, dossier, inwoner_pk)
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
                    lambda _scores: parts.tab_url(dossier.pk, parts.ONDERZOEK),
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                if isinstance(outcome, HttpResponse):
                    return outcome
                messages.success(request, _("De scores zijn vastgelegd."))
                return redirect(parts.tab_url(dossier.pk, parts.ONDERZOEK))
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
        "levels": list(instrument.levels.all()),  # type: ignore[attr-defined]
    }
    return render(request, "assessments/zrm_form.html", context, status=status)
