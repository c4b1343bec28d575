"""Mijn besluiten: the resident's aanvragen with their terms, the beschikkingen with the letters as sent, the last
day to object, a bezwaar already made, and who gives the help (the toewijzingen).

Person-level records: an aanvraag names the person it is for (``Aanvraag.inwoner``), so only the current
subject's own aanvragen show, and only those of the household's dossiers (``portal_dossier_ids``): a partner's
beschikking in the same household is not in this list, nor is one from a household the person left.

Only beschikkingen that were sent are shown. A concept, one waiting for a second signature and one that is
signed but not sent yet are not a decision the resident has received (Awb 3:40: a decision takes effect once
it is made known); they have no letter and no objection term yet. The last day to object is the one the
project computed when the letter was sent (``decisions.bezwaar.objection_term_end``), never a second count.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from allocations.models import Toewijzing
from decisions.bezwaar import objection_term_end
from decisions.letter import LetterLine
from decisions.letter import _line as letter_line  # the products worded as the letter words them
from decisions.models import (
    AangevraagdProduct,
    Aanvraag,
    Beschikking,
    BeschikkingRegel,
    BeschikkingStatus,
    Bezwaar,
    BezwaarStatus,
    Letter,
)
from dossiers.models import DossierDeadline, TermSuspension
from dossiers.sections import Section
from portal.access import log_portal, log_portal_shown, portal_dossier_ids, portal_get, portal_view
from portal.models import PortalScope
from portal.principal import Principal


@dataclass
class DecisionCard:
    """One sent beschikking as the resident sees it."""

    beschikking: Beschikking
    lines: list[LetterLine]
    letter: Letter | None
    objection_until: date | None
    objection_open: bool
    bezwaren: list[Bezwaar]
    replaced_by: Beschikking | None = None


@dataclass
class RequestCard:
    """One aanvraag with its term and the decisions on it."""

    aanvraag: Aanvraag
    products: list[str]
    term: DossierDeadline | None
    term_held_since: date | None
    voorschot_term: DossierDeadline | None
    decisions: list[DecisionCard] = field(default_factory=list)


def _sent_beschikkingen() -> QuerySet[Beschikking]:
    """Sent beschikkingen with what the page shows of them; the letters without their bytes."""
    return (
        Beschikking.objects.filter(status=BeschikkingStatus.VERZONDEN)
        .prefetch_related(
            Prefetch("regels", queryset=BeschikkingRegel.objects.select_related("voorziening", "aanbieder")),
            Prefetch("letters", queryset=Letter.objects.only("pk", "beschikking_id", "created_at")),
            Prefetch("bezwaren", queryset=Bezwaar.objects.select_related("deadline").order_by("received_on", "pk")),
        )
        .order_by("sent_on", "pk")
    )


def _aanvragen(principal: Principal, dossier_ids: list[int]) -> list[Aanvraag]:
    running = TermSuspension.objects.filter(deadline=OuterRef("deadline"), end__isnull=True).order_by("start")
    return list(
        Aanvraag.objects.filter(dossier_id__in=dossier_ids, inwoner=principal.subject)
        .select_related("deadline", "voorschot_deadline")
        .annotate(term_held_since=Subquery(running.values("start")[:1]))
        .prefetch_related(
            Prefetch("producten", queryset=AangevraagdProduct.objects.select_related("voorziening").order_by("pk")),
            Prefetch("beschikkingen", queryset=_sent_beschikkingen()),
        )
        .order_by("-received_on", "-pk")
    )


def _cards(aanvragen: list[Aanvraag], today: date) -> list[RequestCard]:
    sent = [beschikking for aanvraag in aanvragen for beschikking in aanvraag.beschikkingen.all()]
    replaced_by = {beschikking.replaces_id: beschikking for beschikking in sent if beschikking.replaces_id}
    cards = []
    for aanvraag in aanvragen:
        term = aanvraag.deadline if aanvraag.deadline and aanvraag.deadline.cancelled_on is None else None
        voorschot = aanvraag.voorschot_deadline
        card = RequestCard(
            aanvraag=aanvraag,
            products=[product.voorziening.name for product in aanvraag.producten.all()],
            term=term,
            term_held_since=aanvraag.term_held_since if term is not None else None,  # type: ignore[attr-defined]
            voorschot_term=voorschot if voorschot and voorschot.is_open else None,
        )
        for beschikking in aanvraag.beschikkingen.all():
            letters = sorted(beschikking.letters.all(), key=lambda row: (row.created_at, row.pk), reverse=True)
            until = objection_term_end(beschikking) if beschikking.objection_until or beschikking.sent_on else None
            card.decisions.append(
                DecisionCard(
                    beschikking=beschikking,
                    lines=[letter_line(regel) for regel in beschikking.regels.all()],
                    letter=letters[0] if letters else None,
                    objection_until=until,
                    objection_open=until is not None and today <= until,
                    bezwaren=list(beschikking.bezwaren.all()),
                    replaced_by=replaced_by.get(beschikking.pk),
                )
            )
        cards.append(card)
    return cards


def _toewijzingen(principal: Principal, dossier_ids: list[int]) -> list[Toewijzing]:
    return list(
        Toewijzing.objects.filter(dossier_id__in=dossier_ids, inwoner=principal.subject)
        .select_related("aanbieder", "voorziening")
        .order_by("-ingangsdatum", "-pk")
    )


@require_GET
@portal_view(PortalScope.BESLUITEN)
def besluiten(request: HttpRequest) -> HttpResponse:
    principal: Principal = request.portal  # type: ignore[attr-defined]
    dossier_ids = portal_dossier_ids(principal)
    today = timezone.localdate()
    cards = _cards(_aanvragen(principal, dossier_ids), today)
    toewijzingen = _toewijzingen(principal, dossier_ids)
    # The page looked in every dossier of the household for the person's decisions: one line per dossier.
    log_portal_shown(request, principal, dossier_ids=dossier_ids, object_type="besluiten", section=Section.BESLUITEN)
    return render(
        request,
        "portal/besluiten/besluiten.html",
        {
            "principal": principal,
            "cards": cards,
            "toewijzingen": toewijzingen,
            "today": today,
            "open_bezwaar": BezwaarStatus.IN_BEHANDELING,
        },
    )


@require_GET
@portal_view(PortalScope.BESLUITEN)
def letter_pdf(request: HttpRequest, letter_id: int) -> HttpResponse:
    """The letter exactly as it was stored when the beschikking was sent: the bytes the household received."""
    principal: Principal = request.portal  # type: ignore[attr-defined]
    letters = Letter.objects.filter(
        beschikking__status=BeschikkingStatus.VERZONDEN, beschikking__aanvraag__inwoner=principal.subject
    ).select_related("beschikking__aanvraag")
    letter = portal_get(request, letters, letter_id, dossier_path="beschikking__aanvraag__dossier", object_type="brief")
    beschikking = letter.beschikking
    log_portal(
        request,
        principal,
        object_type="brief",
        object_id=beschikking.pk,
        dossier_id=beschikking.aanvraag.dossier_id,
        section=Section.BESLUITEN,
        detail=f"download brief {letter.pk}",
    )
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"besluit-{beschikking.number}.pdf") or ""
    # Personal data: no copies in shared or browser caches.
    response["Cache-Control"] = "private, no-store"
    return response
