"""Read queries for retention: which closed dossiers are past their term, without any personal data.

The list is built from one query on dossiers (per-law facts annotated in SQL) and one on the
rules, however many dossiers there are; the term itself is computed in `retention.terms`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, F, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from catalogue.codes import Law
from decisions.models import Beschikking, BeschikkingRegel, BeschikkingStatus
from dossiers.models import Dossier
from dossiers.transitions import Status
from retention.models import DestructionRequest, DestructionStatus, RetentionRule
from retention.terms import LawHistory, governing_term, shortest_years

#: A beschikking counts as a decision once it is adopted; a concept that was never signed does not.
FINAL_STATUSES = (BeschikkingStatus.VASTGESTELD, BeschikkingStatus.VERZONDEN)


@dataclass(frozen=True)
class DueDossier:
    """One row of "Dossiers voorbij de bewaartermijn": numbers and dates only."""

    dossier_id: int
    team_name: str
    closed_on: date
    rule: RetentionRule
    destroyable_since: date
    laws: tuple[str, ...]
    open_request_id: int | None


def active_rules() -> dict[str, RetentionRule]:
    return {rule.key: rule for rule in RetentionRule.objects.all()}


def _decisions(law: str) -> QuerySet[Beschikking]:
    return Beschikking.objects.filter(
        aanvraag__dossier=OuterRef("pk"), aanvraag__law=law, status__in=FINAL_STATUSES
    ).order_by()


def _granted_lines(law: str) -> QuerySet[BeschikkingRegel]:
    return BeschikkingRegel.objects.filter(
        beschikking__aanvraag__dossier=OuterRef("pk"),
        beschikking__aanvraag__law=law,
        beschikking__status__in=FINAL_STATUSES,
        granted=True,
    ).order_by()


def with_retention_facts(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Annotate, per law, whether the dossier holds a decision and when its last granted provision ends."""
    annotations: dict[str, object] = {
        "team_name": F("team__name"),
        "open_request_id": Subquery(
            DestructionRequest.objects.filter(dossier_id=OuterRef("pk"), status=DestructionStatus.PROPOSED)
            .order_by()
            .values("pk")[:1]
        ),
    }
    for law in Law.values:
        lines = _granted_lines(law)
        annotations[f"has_{law}"] = Exists(_decisions(law))
        annotations[f"{law}_last_end"] = Subquery(
            lines.values("beschikking__aanvraag__dossier").annotate(last=Max("end")).values("last")[:1]
        )
        annotations[f"{law}_open_ended"] = Exists(lines.filter(end__isnull=True))
    return dossiers.annotate(**annotations)  # type: ignore[arg-type]


def law_histories(dossier: Dossier) -> list[LawHistory]:
    """The per-law facts of a dossier annotated by `with_retention_facts`."""
    return [
        LawHistory(
            law=law,
            last_end=getattr(dossier, f"{law}_last_end"),
            open_ended=bool(getattr(dossier, f"{law}_open_ended")),
        )
        for law in Law.values
        if getattr(dossier, f"has_{law}")
    ]


def _closed_on(dossier: Dossier) -> date:
    assert dossier.closed_at is not None
    return timezone.localdate(dossier.closed_at)


def due_entry(dossier: Dossier, rules: dict[str, RetentionRule], today: date) -> DueDossier | None:
    """The list row for an annotated dossier, or None while it is not closed or not past its term."""
    if dossier.status != Status.AFGESLOTEN or dossier.closed_at is None:
        return None
    histories = law_histories(dossier)
    term = governing_term(_closed_on(dossier), histories, rules)
    if term is None or term.destroyable_on > today:
        return None
    return DueDossier(
        dossier_id=dossier.pk,
        team_name=dossier.team_name,  # type: ignore[attr-defined]
        closed_on=_closed_on(dossier),
        rule=term.rule,
        destroyable_since=term.destroyable_on,
        laws=tuple(history.law for history in histories),
        open_request_id=dossier.open_request_id,  # type: ignore[attr-defined]
    )


def dossiers_past_retention(today: date | None = None) -> list[DueDossier]:
    """Closed dossiers whose governing (longest) term has passed, oldest first."""
    today = today or timezone.localdate()
    rules = active_rules()
    years = shortest_years(rules.values())
    if years is None:
        return []
    # A dossier becomes destroyable no sooner than the shortest term after closing.
    latest_close = timezone.make_aware(datetime.combine(today - relativedelta(years=years), time.max))
    candidates = with_retention_facts(
        Dossier.objects.filter(status=Status.AFGESLOTEN, closed_at__isnull=False, closed_at__lte=latest_close)
    ).order_by("closed_at", "pk")
    rows = [due_entry(dossier, rules, today) for dossier in candidates]
    return sorted((row for row in rows if row is not None), key=lambda row: (row.destroyable_since, row.dossier_id))


def due_dossier(dossier_id: int, today: date | None = None) -> DueDossier | None:
    """One dossier's row when it is past its term, else None (unknown, open, or still within its term)."""
    today = today or timezone.localdate()
    dossier = with_retention_facts(Dossier.objects.filter(pk=dossier_id)).first()
    if dossier is None:
        return None
    return due_entry(dossier, active_rules(), today)


def open_requests() -> QuerySet[DestructionRequest]:
    return DestructionRequest.objects.filter(status=DestructionStatus.PROPOSED).select_related("proposed_by", "rule")


def recent_decisions(limit: int = 20) -> QuerySet[DestructionRequest]:
    return (
        DestructionRequest.objects.exclude(status=DestructionStatus.PROPOSED)
        .select_related("proposed_by", "reviewed_by")
        .order_by("-reviewed_at", "-id")[:limit]
    )
