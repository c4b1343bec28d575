"""The only place that proposes, reviews and executes the destruction of a dossier.

Destruction is irreversible, so it takes two privacy officers: one proposes, another approves
(four eyes), and approval executes at once in a single transaction: the anonymous facts are
recorded first, then the personal data is removed (`retention.destruction`). If anything still
needs a row, the whole transaction rolls back and nothing is lost.

Each step is written to the access log (object type "vernietiging") with the dossier number.
The log itself is append-only and is never part of a destruction.
"""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from core.translations import in_record_language
from dossiers.models import Dossier
from dossiers.transitions import Status
from retention import destruction
from retention.facts import collect_facts
from retention.models import DestroyedDossierFact, DestructionRequest, DestructionStatus
from retention.selectors import DueDossier, due_dossier

OBJECT_TYPE = "vernietiging"


class DestructionRefused(Exception):
    """A destruction step that is not allowed; the message is Dutch and meant for the screen."""


def _require_privacy_officer(actor: User) -> None:
    if actor.role != Role.PRIVACY_OFFICER:
        raise DestructionRefused(_("Alleen een privacyfunctionaris mag vernietiging voorstellen of beoordelen."))


def _require_due(dossier_id: int) -> DueDossier:
    """The list row of the dossier, or a refusal that says why it may not be destroyed (yet)."""
    dossier = Dossier.objects.filter(pk=dossier_id).only("status", "closed_at").first()
    if dossier is None:
        raise DestructionRefused(_("Dit dossier bestaat niet (meer)."))
    if dossier.status != Status.AFGESLOTEN or dossier.closed_at is None:
        raise DestructionRefused(_("Dit dossier is niet afgesloten en kan daarom niet worden vernietigd."))
    due = due_dossier(dossier_id)
    if due is None:
        raise DestructionRefused(
            _("De bewaartermijn van dit dossier is nog niet verstreken (of niet vast te stellen): niet vernietigen.")
        )
    return due


def _log(request: HttpRequest | None, actor: User, action: str, record: DestructionRequest, detail: str) -> None:
    log_access(
        request,
        user=actor,
        action=action,
        basis=AccessBasis.PRIVACY_TOEZICHT,
        object_type=OBJECT_TYPE,
        object_id=record.pk,
        dossier_id=record.dossier_id,
        detail=detail,
    )


@transaction.atomic
def propose_destruction(
    dossier: Dossier | int, actor: User, reason: str, *, request: HttpRequest | None = None
) -> DestructionRequest:
    """Propose to destroy a closed dossier whose term has passed; another privacy officer must review it."""
    _require_privacy_officer(actor)
    dossier_id = dossier if isinstance(dossier, int) else dossier.pk
    if not reason.strip():
        raise DestructionRefused(_("Geef een toelichting bij het voorstel."))
    Dossier.objects.select_for_update().filter(pk=dossier_id).first()
    due = _require_due(dossier_id)
    if due.open_request_id is not None:
        raise DestructionRefused(_("Voor dit dossier staat al een voorstel tot vernietiging open."))
    with in_record_language():  # the rule as it read then, kept with the request: a record, so Dutch
        rule_summary = str(due.rule)[:300]
    record = DestructionRequest.objects.create(
        dossier_id=due.dossier_id,
        team_name=due.team_name,
        closed_on=due.closed_on,
        rule=due.rule,
        rule_summary=rule_summary,
        due_on=due.destroyable_since,
        proposed_by=actor,
        reason=reason.strip(),
    )
    _log(request, actor, AccessAction.CREATE, record, "vernietiging voorgesteld")
    return record


def _review(record: DestructionRequest, actor: User) -> DestructionRequest:
    _require_privacy_officer(actor)
    locked = DestructionRequest.objects.select_for_update().get(pk=record.pk)
    if locked.status != DestructionStatus.PROPOSED:
        raise DestructionRefused(_("Dit voorstel is al beoordeeld."))
    if locked.proposed_by_id == actor.pk:
        raise DestructionRefused(
            _("U hebt dit voorstel zelf gedaan. Een andere privacyfunctionaris moet het beoordelen (vier ogen).")
        )
    return locked


@transaction.atomic
def approve_destruction(
    record: DestructionRequest, actor: User, note: str = "", *, request: HttpRequest | None = None
) -> DestructionRequest:
    """Approve a proposal (a different privacy officer) and execute it at once."""
    locked = _review(record, actor)
    Dossier.objects.select_for_update().filter(pk=locked.dossier_id).first()
    _require_due(locked.dossier_id)  # it may have been reopened since the proposal
    now = timezone.now()
    locked.status = DestructionStatus.APPROVED
    locked.reviewed_by = actor
    locked.reviewed_at = now
    locked.review_note = note.strip()
    locked.save()
    _log(request, actor, AccessAction.UPDATE, locked, "vernietiging goedgekeurd")
    return _execute(locked, actor, request)


def _execute(record: DestructionRequest, actor: User, request: HttpRequest | None) -> DestructionRequest:
    dossier = Dossier.objects.select_related("team__gemeente", "huishouden").get(pk=record.dossier_id)
    facts = collect_facts(dossier)
    DestroyedDossierFact.objects.create(destruction=record, **facts)
    try:
        destruction.destroy(dossier)
    except destruction.DestructionBlocked as error:
        raise DestructionRefused(
            _(
                "Vernietiging afgebroken: andere gegevens verwijzen nog naar dit dossier (%(what)s). Er is niets verwijderd."
            )
            % {"what": error}
        ) from error
    record.status = DestructionStatus.EXECUTED
    record.executed_at = timezone.now()
    record.facts = facts
    record.save()
    _log(request, actor, AccessAction.UPDATE, record, "vernietiging uitgevoerd")
    return record


@transaction.atomic
def reject_destruction(
    record: DestructionRequest, actor: User, note: str, *, request: HttpRequest | None = None
) -> DestructionRequest:
    """Reject a proposal, with the reason (for example: a procedure about the file is still running)."""
    locked = _review(record, actor)
    if not note.strip():
        raise DestructionRefused(_("Geef aan waarom het voorstel wordt afgewezen."))
    locked.status = DestructionStatus.REJECTED
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.review_note = note.strip()
    locked.save()
    _log(request, actor, AccessAction.UPDATE, locked, "vernietiging afgewezen")
    return locked
