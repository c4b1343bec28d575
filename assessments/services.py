"""The only place that changes onderzoeken and ZRM scores.

Each function runs in a transaction, writes the dossier timeline and the access log, and marks the
Wmo deadlines met when the law's step is done. An onderzoek is edited by several people at once
(often in pairs), so saves carry the version they started from and a stale one is refused.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models import WMO_TOPICS, Instrument, InstrumentDomain, Onderzoek, Outcome, Score
from audit.models import AccessAction
from audit.services import log_access
from dossiers.models import Dossier, TimelineEvent
from dossiers.services import add_timeline_event, mark_deadline_met
from residents.models import Inwoner


class StaleVersion(ValidationError):
    """Someone else saved in between; nothing was changed."""


ONDERZOEK_FIELDS: tuple[str, ...] = (
    "other_participants",
    "conversation_on",
    *(name for name, _label in WMO_TOPICS),
    "clientondersteuning_offered",
    "persoonlijk_plan_received_on",
    "outcome",
    "verslag",
    "verslag_sent_on",
    "completed_on",
)


@dataclass(frozen=True)
class OnderzoekInput:
    """What the onderzoek form may change; `values` holds exactly the ONDERZOEK_FIELDS."""

    values: dict[str, Any]
    participants: list[User] = field(default_factory=list)


def current_onderzoek(dossier: Dossier) -> Onderzoek | None:
    return Onderzoek.objects.filter(dossier=dossier).order_by("-pk").first()


def completion_problems(values: dict[str, Any]) -> dict[str, str]:
    """Why an onderzoek cannot be completed as given (field -> Dutch message); empty when it can."""
    if not values.get("completed_on"):
        return {}
    problems: dict[str, str] = {}
    if values.get("outcome") not in Outcome.values:
        problems["outcome"] = _("Kies de uitkomst voordat u het onderzoek afrondt.")
    if not (values.get("verslag") or "").strip():
        problems["verslag"] = _("Schrijf het verslag voor het huishouden voordat u het onderzoek afrondt.")
    return problems


def _stale_onderzoek() -> StaleVersion:
    return StaleVersion(
        _(
            "Iemand anders heeft dit onderzoek intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen; "
            "laad de pagina opnieuw."
        ),
        code="stale",
    )


@transaction.atomic
def save_onderzoek(
    dossier: Dossier,
    data: OnderzoekInput,
    *,
    version: int,
    actor: User,
    basis: str,
    request: HttpRequest | None = None,
) -> Onderzoek:
    """Create the dossier's onderzoek (version 0 = "there was none") or update it if `version` is still current."""
    values = {name: data.values.get(name) for name in ONDERZOEK_FIELDS}
    for text_field in ("other_participants", "outcome", "verslag", *(name for name, _label in WMO_TOPICS)):
        values[text_field] = values[text_field] or ""
    values["clientondersteuning_offered"] = bool(values["clientondersteuning_offered"])
    problems = completion_problems(values)
    if problems:
        raise ValidationError({name: [message] for name, message in problems.items()})
    # Serialise concurrent first saves of the same dossier; the version check does the rest.
    Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
    existing = current_onderzoek(dossier)
    if existing is None:
        if version != 0:
            raise _stale_onderzoek()
        onderzoek = Onderzoek.objects.create(dossier=dossier, **values)
        was_completed, had_plan = False, False
        action = AccessAction.CREATE
    else:
        updated = Onderzoek.objects.filter(pk=existing.pk, version=version).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise _stale_onderzoek()
        was_completed = existing.completed_on is not None
        had_plan = existing.persoonlijk_plan_received_on is not None
        onderzoek = Onderzoek.objects.get(pk=existing.pk)
        action = AccessAction.UPDATE
    onderzoek.participants.set(data.participants)

    completed_on: date | None = values["completed_on"]
    if completed_on and not was_completed:
        summary = _("Onderzoek afgerond: %(outcome)s") % {"outcome": onderzoek.get_outcome_display()}
    elif action == AccessAction.CREATE:
        summary = _("Onderzoek vastgelegd")
    else:
        summary = _("Onderzoek bijgewerkt")
    add_timeline_event(dossier, actor, TimelineEvent.Kind.ONDERZOEK, summary, onderzoek=onderzoek.pk)
    plan_on: date | None = values["persoonlijk_plan_received_on"]
    if plan_on and not had_plan:
        mark_deadline_met(dossier, "WMO_PERSOONLIJK_PLAN", plan_on, actor)
    if completed_on:
        mark_deadline_met(dossier, "WMO_ONDERZOEK", completed_on, actor)
    log_access(
        request,
        user=actor,
        action=action,
        basis=basis,
        object_type="onderzoek",
        object_id=onderzoek.pk,
        dossier_id=dossier.pk,
    )
    return onderzoek


# --- Zelfredzaamheid-Matrix --------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainScore:
    domain: InstrumentDomain
    level: int
    motivation: str = ""


def default_instrument() -> Instrument:
    return Instrument.objects.get(is_default=True)


def is_household_member(dossier: Dossier, inwoner: Inwoner) -> bool:
    return dossier.huishouden.leden.filter(inwoner=inwoner).exists()


@transaction.atomic
def record_scores(
    dossier: Dossier,
    inwoner: Inwoner,
    scores: list[DomainScore],
    *,
    assessed_on: date,
    actor: User,
    basis: str,
    request: HttpRequest | None = None,
) -> list[Score]:
    """Add one score per given domain; earlier scores stay, so the history shows the progress."""
    if not is_household_member(dossier, inwoner):
        raise ValidationError(_("Deze persoon hoort niet bij het huishouden van dit dossier."))
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": [_("De datum van de score ligt in de toekomst.")]})
    if not scores:
        raise ValidationError(_("Kies voor minstens één leefdomein een niveau."))
    instrument_ids = {score.domain.instrument_id for score in scores}
    if len(instrument_ids) != 1:
        raise ValidationError(_("Alle scores moeten bij hetzelfde instrument horen."))
    levels = set(
        Instrument.objects.get(pk=instrument_ids.pop()).levels.values_list("value", flat=True)  # type: ignore[attr-defined]
    )
    for score in scores:
        if score.level not in levels:
            raise ValidationError(
                _("%(level)s is geen niveau van dit instrument voor %(domain)s.")
                % {"level": score.level, "domain": score.domain.name}
            )
    now = timezone.now()
    created = Score.objects.bulk_create(
        Score(
            inwoner=inwoner,
            dossier=dossier,
            domain=score.domain,
            level=score.level,
            assessed_on=assessed_on,
            assessor=actor,
            motivation=score.motivation,
            recorded_at=now,
        )
        for score in scores
    )
    add_timeline_event(
        dossier,
        actor,
        TimelineEvent.Kind.ZRM,
        _("Zelfredzaamheid gescoord voor %(name)s (%(count)s leefdomeinen, %(date)s)")
        % {"name": inwoner.full_name, "count": len(created), "date": assessed_on.strftime("%d-%m-%Y")},
        inwoner=inwoner.pk,
        scores={score.domain.code: score.level for score in scores},
    )
    log_access(
        request,
        user=actor,
        action=AccessAction.CREATE,
        basis=basis,
        object_type="zrm_score",
        object_id=inwoner.pk,
        dossier_id=dossier.pk,
        detail=f"{len(created)} scores",
    )
    return created
