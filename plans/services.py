"""The only place that changes plans, goals and actions.

The household owns the plan and agrees to it; changes after that agreement are allowed (plans
live), but the timeline says so, so it stays visible what the household agreed to and what came later.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models import InstrumentDomain
from audit.models import AccessAction
from audit.services import log_access
from catalogue.models import Kind, Voorziening
from core.translations import in_record_language
from dossiers.models import Dossier, TimelineEvent
from dossiers.services import add_timeline_event
from plans.models import (
    OWN_UITVOERDERS,
    Actie,
    ActieStatus,
    CommentSource,
    Doel,
    DoelStatus,
    Plan,
    PlanComment,
    Uitvoerder,
)
from residents.models import Inwoner


class StaleVersion(ValidationError):
    """Someone else saved the plan in between; nothing was changed."""


def _stale_plan() -> StaleVersion:
    return StaleVersion(
        _(
            "Iemand anders heeft dit plan intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen; laad de pagina opnieuw."
        ),
        code="stale",
    )


def _after_agreement(plan: Plan, summary: str) -> str:
    """Call inside `in_record_language()`: the summary goes into the timeline."""
    return summary + " " + _("(na akkoord van het huishouden)") if plan.is_agreed else summary


def _log(
    request: HttpRequest | None,
    actor: User,
    action: str,
    basis: str,
    object_type: str,
    object_id: int,
    dossier: Dossier,
) -> None:
    log_access(
        request,
        user=actor,
        action=action,
        basis=basis,
        object_type=object_type,
        object_id=object_id,
        dossier_id=dossier.pk,
    )


def plan_for_update(dossier: Dossier) -> Plan:
    """The household's one plan, created empty on first use, locked for this transaction."""
    plan, _created = Plan.objects.select_for_update().get_or_create(dossier=dossier)
    return plan


def _bump_version(plan: Plan) -> None:
    """A goal or action changed: the plan is another version now (an agreement to the old one is stale)."""
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated_at=timezone.now())
    plan.refresh_from_db(fields=["version", "updated_at"])


@transaction.atomic
def save_plan(
    dossier: Dossier,
    *,
    going_well: str,
    worries: str,
    review_on: date | None,
    version: int,
    actor: User,
    basis: str,
    request: HttpRequest | None = None,
) -> Plan:
    """Save the plan text if `version` is still current (0 = "there was no plan yet")."""
    Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
    existing = Plan.objects.filter(dossier=dossier).first()
    values = {"going_well": going_well, "worries": worries, "review_on": review_on}
    if existing is None:
        if version != 0:
            raise _stale_plan()
        plan = Plan.objects.create(dossier=dossier, **values)
        action = AccessAction.CREATE
    else:
        updated = Plan.objects.filter(pk=existing.pk, version=version).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise _stale_plan()
        plan = Plan.objects.get(pk=existing.pk)
        action = AccessAction.UPDATE
    with in_record_language():
        summary = _after_agreement(plan, _("Plan bijgewerkt"))
    add_timeline_event(dossier, actor, TimelineEvent.Kind.PLAN, summary, plan=plan.pk)
    _log(request, actor, action, basis, "plan", plan.pk, dossier)
    return plan


def _check_goal_input(dossier: Dossier, domain: InstrumentDomain | None, persons: list[Inwoner]) -> None:
    members = set(dossier.huishouden.leden.values_list("inwoner_id", flat=True))
    if any(person.pk not in members for person in persons):
        raise ValidationError({"persons": [_("Kies alleen leden van het huishouden.")]})
    if domain is not None and not domain.instrument.is_default:
        raise ValidationError({"domain": [_("Kies een leefdomein van het standaardinstrument.")]})


@transaction.atomic
def add_doel(
    dossier: Dossier,
    *,
    description: str,
    domain: InstrumentDomain | None,
    persons: list[Inwoner],
    actor: User,
    basis: str,
    status: str = DoelStatus.OPEN,
    request: HttpRequest | None = None,
) -> Doel:
    if not description.strip():
        raise ValidationError({"description": [_("Beschrijf het doel in de woorden van het huishouden.")]})
    _check_goal_input(dossier, domain, persons)
    plan = plan_for_update(dossier)
    order = (plan.doelen.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    doel = Doel.objects.create(plan=plan, domain=domain, description=description, status=status, order=order)
    doel.persons.set(persons)
    _bump_version(plan)
    with in_record_language():
        summary = _after_agreement(plan, _("Doel toegevoegd: %(doel)s") % {"doel": description[:120]})
    add_timeline_event(
        dossier,
        actor,
        TimelineEvent.Kind.PLAN,
        summary,
        doel=doel.pk,
        after_agreement=plan.is_agreed,
    )
    _log(request, actor, AccessAction.CREATE, basis, "doel", doel.pk, dossier)
    return doel


@transaction.atomic
def change_doel_status(doel: Doel, status: str, *, actor: User, basis: str, request: HttpRequest | None = None) -> Doel:
    if status not in DoelStatus.values:
        raise ValidationError({"status": [_("Kies een geldige status.")]})
    plan = plan_for_update(doel.plan.dossier)
    dossier = plan.dossier
    with in_record_language():
        old = doel.get_status_display()
        doel.status = status
        doel.save(update_fields=["status"])
        _bump_version(plan)
        summary = _("Doel '%(doel)s': %(old)s → %(new)s") % {
            "doel": doel.description[:100],
            "old": old,
            "new": doel.get_status_display(),
        }
        summary = _after_agreement(plan, summary)
    add_timeline_event(
        dossier,
        actor,
        TimelineEvent.Kind.PLAN,
        summary,
        doel=doel.pk,
        status=status,
        after_agreement=plan.is_agreed,
    )
    _log(request, actor, AccessAction.UPDATE, basis, "doel", doel.pk, dossier)
    return doel


@transaction.atomic
def add_actie(
    doel: Doel,
    *,
    description: str,
    uitvoerder: str,
    uitvoerder_name: str = "",
    due_on: date | None = None,
    voorziening: Voorziening | None = None,
    actor: User,
    basis: str,
    request: HttpRequest | None = None,
) -> Actie:
    if not description.strip():
        raise ValidationError({"description": [_("Beschrijf wat er gebeurt.")]})
    if uitvoerder not in Uitvoerder.values:
        raise ValidationError({"uitvoerder": [_("Kies wie de actie uitvoert.")]})
    if voorziening is not None and (voorziening.kind != Kind.ALGEMEEN or not voorziening.active):
        # Maatwerk needs an onderzoek and a beschikking; a plan action cannot grant it by naming it.
        raise ValidationError(
            {"voorziening": [_("Alleen een actieve algemene voorziening; maatwerk gaat via een besluit.")]}
        )
    plan = plan_for_update(doel.plan.dossier)
    actie = Actie.objects.create(
        doel=doel,
        description=description,
        uitvoerder=uitvoerder,
        uitvoerder_name=uitvoerder_name,
        due_on=due_on,
        voorziening=voorziening,
    )
    _bump_version(plan)
    with in_record_language():
        summary = _("Actie toegevoegd: %(actie)s (%(wie)s)") % {
            "actie": description[:120],
            "wie": uitvoerder_name or (voorziening.name if voorziening else actie.get_uitvoerder_display()),
        }
        summary = _after_agreement(plan, summary)
    add_timeline_event(
        plan.dossier,
        actor,
        TimelineEvent.Kind.PLAN,
        summary,
        doel=doel.pk,
        actie=actie.pk,
        after_agreement=plan.is_agreed,
    )
    _log(request, actor, AccessAction.CREATE, basis, "actie", actie.pk, plan.dossier)
    return actie


@transaction.atomic
def change_actie_status(
    actie: Actie, status: str, *, actor: User, basis: str, request: HttpRequest | None = None
) -> Actie:
    if status not in ActieStatus.values:
        raise ValidationError({"status": [_("Kies een geldige status.")]})
    plan = plan_for_update(actie.doel.plan.dossier)
    with in_record_language():
        old = actie.get_status_display()
        actie.status = status
        actie.save(update_fields=["status"])
        _bump_version(plan)
        summary = _("Actie '%(actie)s': %(old)s → %(new)s") % {
            "actie": actie.description[:100],
            "old": old,
            "new": actie.get_status_display(),
        }
        summary = _after_agreement(plan, summary)
    add_timeline_event(
        plan.dossier,
        actor,
        TimelineEvent.Kind.PLAN,
        summary,
        actie=actie.pk,
        status=status,
        after_agreement=plan.is_agreed,
    )
    _log(request, actor, AccessAction.UPDATE, basis, "actie", actie.pk, plan.dossier)
    return actie


@transaction.atomic
def record_agreement(
    dossier: Dossier,
    *,
    agreed_on: date,
    agreed_by: str,
    actor: User,
    basis: str,
    request: HttpRequest | None = None,
) -> Plan:
    """Record that the household agreed to the plan; this opens the step to 'uitvoering'."""
    errors: dict[str, list[str]] = {}
    if not agreed_by.strip():
        errors["agreed_by"] = [_("Vul in wie namens het huishouden akkoord gaf.")]
    if agreed_on > timezone.localdate():
        errors["agreed_on"] = [_("De datum van het akkoord ligt in de toekomst.")]
    if errors:
        raise ValidationError(errors)
    plan = _agree(plan_for_update(dossier), agreed_on=agreed_on, agreed_by=agreed_by, actor=actor)
    _log(request, actor, AccessAction.UPDATE, basis, "plan", plan.pk, dossier)
    return plan


def _agree(plan: Plan, *, agreed_on: date, agreed_by: str, actor: User | None, source: str = "") -> Plan:
    """Record the household's agreement to the plan as it is now (its current version); the plan is locked."""
    plan.agreed_on = agreed_on
    plan.agreed_by = agreed_by.strip()[:200]
    plan.agreed_version = plan.version
    plan.save(update_fields=["agreed_on", "agreed_by", "agreed_version", "updated_at"])
    with in_record_language():
        summary = _("Plan akkoord gegeven door %(wie)s op %(datum)s") % {
            "wie": plan.agreed_by,
            "datum": date_format(agreed_on),
        }
    add_timeline_event(
        plan.dossier,
        actor,
        TimelineEvent.Kind.PLAN,
        summary,
        plan=plan.pk,
        version=plan.version,
        **({"source": source} if source else {}),
    )
    return plan


# --- The household itself, in Mijn Wijkteam --------------------------------------------------------
#
# No staff member acts here: the timeline event has no actor, and `by` says in words who it was
# ("Jan Jansen", or "Mila (Gemachtigde) namens Jan Jansen"). The portal logs the access itself
# (portal.access.log_portal): the plans app does not know how a resident logged in.


class NotOwnAction(ValidationError):
    """The household may mark only its own actions done (its own or its network's), not the team's or a provider's."""


class AlreadyAgreed(ValidationError):
    """This version of the plan was agreed to before (the same form sent twice): nothing changed."""


def _stale_for_household() -> StaleVersion:
    return StaleVersion(
        _(
            "Het team heeft het plan net veranderd. Uw akkoord is niet opgeslagen. "
            "Lees het plan opnieuw. Daarna kunt u akkoord geven."
        ),
        code="stale",
    )


@transaction.atomic
def mark_actie_done_by_household(actie: Actie, *, by: str) -> tuple[Actie, bool]:
    """Mark one of the household's own actions done; (actie, False) when it was done already (sent twice)."""
    plan = plan_for_update(actie.doel.plan.dossier)
    actie = Actie.objects.select_related("doel").get(pk=actie.pk)
    if actie.uitvoerder not in OWN_UITVOERDERS:
        raise NotOwnAction(
            _("Deze actie doet het team of een hulpverlener. Alleen zij kunnen de actie afronden."), code="not_own"
        )
    if actie.status == ActieStatus.GEDAAN:
        return actie, False
    if actie.status == ActieStatus.VERVALLEN:
        raise ValidationError(_("Deze actie is vervallen. Daarom kunt u haar niet meer afronden."), code="vervallen")
    actie.status = ActieStatus.GEDAAN
    actie.save(update_fields=["status"])
    _bump_version(plan)
    with in_record_language():
        summary = _("Het huishouden heeft de actie '%(actie)s' op gedaan gezet (%(wie)s, via Mijn Wijkteam)") % {
            "actie": actie.description[:100],
            "wie": by,
        }
        summary = _after_agreement(plan, summary)
    add_timeline_event(
        plan.dossier,
        None,
        TimelineEvent.Kind.PLAN,
        summary,
        actie=actie.pk,
        status=ActieStatus.GEDAAN,
        source=CommentSource.PORTAAL,
        after_agreement=plan.is_agreed,
    )
    return actie, True


@transaction.atomic
def household_agrees(plan: Plan, *, version: int, by: str) -> Plan:
    """The household agrees online to `version` of its plan; a plan the team changed since is refused."""
    plan = plan_for_update(plan.dossier)
    if plan.agreed_on is not None and plan.agreed_version == version == plan.version:
        raise AlreadyAgreed(_("U gaf al akkoord op deze versie van het plan."), code="already")
    if version != plan.version:
        raise _stale_for_household()
    with in_record_language():
        agreed_by = _("%(wie)s, via Mijn Wijkteam") % {"wie": by}
    return _agree(plan, agreed_on=timezone.localdate(), agreed_by=agreed_by, actor=None, source=CommentSource.PORTAAL)


#: The longest comment the portal takes (a few paragraphs).
COMMENT_MAX_LENGTH = 2000


@transaction.atomic
def add_household_comment(
    plan: Plan, *, text: str, doel: Doel | None, by: str, token: str | None = None
) -> tuple[PlanComment, bool]:
    """Add the household's comment to its plan (or to one goal of it); (comment, False) for a form sent twice."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Schrijf eerst uw reactie.")]})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"text": [_("Uw reactie is te lang. Gebruik hooguit %(max)d tekens.") % {"max": COMMENT_MAX_LENGTH}]}
        )
    plan = plan_for_update(plan.dossier)
    if doel is not None and doel.plan_id != plan.pk:
        raise ValidationError({"doel": [_("Kies een doel uit uw plan.")]})
    if token:
        earlier = PlanComment.objects.filter(submission_token=token, plan=plan).first()
        if earlier is not None:
            return earlier, False
    comment = PlanComment.objects.create(
        plan=plan, doel=doel, text=text, written_by=by[:200], source=CommentSource.PORTAAL, submission_token=token
    )
    with in_record_language():
        if doel is not None:
            summary = _("Reactie van %(wie)s (via Mijn Wijkteam) bij doel '%(doel)s': %(tekst)s") % {
                "wie": by,
                "doel": doel.description[:60],
                "tekst": text[:120],
            }
        else:
            summary = _("Reactie van %(wie)s (via Mijn Wijkteam) op het plan: %(tekst)s") % {
                "wie": by,
                "tekst": text[:120],
            }
    add_timeline_event(
        plan.dossier,
        None,
        TimelineEvent.Kind.PLAN,
        summary,
        comment=comment.pk,
        doel=doel.pk if doel else None,
        source=CommentSource.PORTAAL,
    )
    return comment, True
