"""Read queries for the plan page and the plan section of the dossier page (constant query counts)."""

from typing import Any

from django.db.models import Prefetch

from dossiers.models import Dossier
from plans.models import Actie, Doel, DoelStatus, Plan, PlanComment


def plan_of(dossier: Dossier) -> Plan | None:
    """The household's plan with goals, their persons and actions: 4 queries, however many goals."""
    return (
        Plan.objects.filter(dossier=dossier)
        .prefetch_related(
            Prefetch(
                "doelen",
                queryset=Doel.objects.select_related("domain")
                .prefetch_related(
                    "persons",
                    Prefetch("acties", queryset=Actie.objects.select_related("voorziening").order_by("due_on", "pk")),
                )
                .order_by("order", "pk"),
            )
        )
        .first()
    )


def comments_of(plan: Plan | None) -> list[PlanComment]:
    """The household's comments on the plan (from Mijn Wijkteam), oldest first, with their goal: 1 query."""
    if plan is None:
        return []
    return list(PlanComment.objects.filter(plan=plan).select_related("doel").order_by("written_at", "pk"))


def get_doel(dossier: Dossier, doel_pk: int) -> Doel | None:
    return Doel.objects.select_related("plan__dossier").filter(pk=doel_pk, plan__dossier=dossier).first()


def get_actie(dossier: Dossier, actie_pk: int) -> Actie | None:
    return Actie.objects.select_related("doel__plan__dossier").filter(pk=actie_pk, doel__plan__dossier=dossier).first()


def dossier_sections(dossier: Dossier) -> dict[str, Any]:
    """Context for `plans/_dossier_section.html`, in a constant number of queries."""
    plan = plan_of(dossier)
    return {
        "plan": plan,
        "plan_doelen": list(plan.doelen.all()) if plan else [],
        "plan_doel_statuses": DoelStatus.choices,
        "plan_comments": comments_of(plan),
    }
