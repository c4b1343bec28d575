"""The escalation in the dossier's "Plan" tab: the running escalation, its conferences and open agreements.

Only for full access (the regisseur, involved colleagues, the teamleider): a regieteam member who looks along reads
the escalation on its own page (regie.views.detail). Two queries whatever the dossier holds: the escalations with
their conference figures, and the open agreements of the running one.
"""

from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext as _

from dossiers import parts
from dossiers.models import Dossier
from dossiers.parts import DossierPart, PartView
from regie.models import Agreement, AgreementStatus, CaseConference, Escalation


def _context(view: PartView) -> dict[str, Any]:
    latest = CaseConference.objects.filter(escalation=OuterRef("pk")).order_by("-held_on", "-pk")
    escalations = list(
        Escalation.objects.filter(dossier=view.dossier)
        .select_related("regieteam")
        .annotate(
            conference_count=Count("conferences"),
            last_held_on=Subquery(latest.values("held_on")[:1]),
            next_review_on=Subquery(latest.values("review_on")[:1]),
        )
        .order_by("-started_at", "-pk")
    )
    running = next((escalation for escalation in escalations if escalation.is_running), None)
    open_agreements = list(
        Agreement.objects.filter(
            conference__escalation__dossier=view.dossier,
            conference__escalation__ended_at__isnull=True,
            status=AgreementStatus.OPEN,
        )
        .select_related("user")
        .order_by("due_on", "pk")
    )
    return {
        "escalations": escalations,
        "running_escalation": running,
        "open_agreements": open_agreements,
    }


def open_escalation(dossier: Dossier) -> list[str]:
    """Before closing: a running escalation should be ended (afschalen) first."""
    running = Escalation.objects.filter(dossier=dossier, ended_at__isnull=True).select_related("regieteam").first()
    if running is None:
        return []
    return [_("Het huishouden is nog opgeschaald naar %(team)s. Schaal eerst af.") % {"team": running.regieteam}]


PART = DossierPart(
    "regie",
    parts.PLAN,
    90,
    None,
    "regie/_dossier_part.html",
    context=_context,
    full_access_only=True,
)
