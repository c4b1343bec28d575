"""The only place that changes onderzoeken and ZRM scores.

Each function runs in a transaction, writes the dossier timeline and the access log, and marks the
Wmo deadlines met when the law's step is done. An onderzoek is edited by several people at once
(often in pairs), so saves carry the version they started from and a stale one is refused.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models import (
    WMO_TOPICS,
    Instrument,
    InstrumentDomain,
    Onderzoek,
    Outcome,
    PersoonlijkPlan,
    PlanVia,
    Reaction,
    Score,
    not_applicable_field,
)
from audit.models import AccessAction
from audit.services import log_access
from core.translations import in_record_language
from deadlines.terms import NORM_JEUGD_ONDERZOEK, WMO_ONDERZOEK, WMO_PERSOONLIJK_PLAN
from dossiers.models import Dossier, DossierDeadline, Melding, Regime, TimelineEvent
from dossiers.sections import Section
from dossiers.services import DeadlineNotMet, add_timeline_event, mark_deadline_met
from residents.models import Inwoner


class StaleVersion(ValidationError):
    """Someone else saved in between; nothing was changed."""


TOPIC_FIELDS: tuple[str, ...] = tuple(name for name, _label in WMO_TOPICS)
NOT_APPLICABLE_FIELDS: tuple[str, ...] = tuple(not_applicable_field(name) for name in TOPIC_FIELDS)

ONDERZOEK_FIELDS: tuple[str, ...] = (
    "other_participants",
    "conversation_on",
    *TOPIC_FIELDS,
    *NOT_APPLICABLE_FIELDS,
    "clientondersteuning_offered",
    "clientondersteuning_offered_on",
    "pgb_information_given",
    "persoonlijk_plan_received_on",
    "outcome",
    "verslag",
    "completed_on",
)
_TEXT_FIELDS = ("other_participants", "outcome", "verslag", *TOPIC_FIELDS, *NOT_APPLICABLE_FIELDS)
_BOOLEAN_FIELDS = ("clientondersteuning_offered", "pgb_information_given")


@dataclass(frozen=True)
class OnderzoekInput:
    """What the onderzoek form may change; `values` holds exactly the ONDERZOEK_FIELDS."""

    values: dict[str, Any]
    participants: list[User] = field(default_factory=list)


# --- Which onderzoek answers which need ---------------------------------------------------------------


def unanswered_meldingen(dossier: Dossier, *, received_up_to: date | None = None) -> QuerySet[Melding]:
    """The dossier's meldingen no onderzoek answers yet: the needs still waiting for an onderzoek."""
    meldingen = dossier.meldingen.filter(onderzoeken__isnull=True)
    if received_up_to is not None:
        meldingen = meldingen.filter(received_at__date__lte=received_up_to)
    return meldingen.order_by("received_at", "pk")


def open_onderzoek(dossier: Dossier) -> Onderzoek | None:
    """The onderzoek in progress (not completed), if any; a dossier has at most one at a time."""
    return Onderzoek.objects.filter(dossier=dossier, completed_on__isnull=True).order_by("-pk").first()


def needs_new_onderzoek(dossier: Dossier) -> bool:
    """A new onderzoek may start when none is in progress and there is a need no onderzoek answers yet
    (or there has never been one): a melding reported after the last onderzoek was completed."""
    if open_onderzoek(dossier) is not None:
        return False
    return not dossier.onderzoeken.exists() or unanswered_meldingen(dossier).exists()


def current_onderzoek(dossier: Dossier) -> Onderzoek | None:
    """The onderzoek the onderzoek page edits: the one in progress; none when a new need waits for a new
    one; else the latest (completed) one."""
    in_progress = open_onderzoek(dossier)
    if in_progress is not None or needs_new_onderzoek(dossier):
        return in_progress
    return Onderzoek.objects.filter(dossier=dossier).order_by("-pk").first()


def is_wmo_onderzoek(meldingen: list[Melding]) -> bool:
    """Whether the Wmo 2015 rules of art. 2.3.2 apply: it answers a Wmo melding. Without any melding (a dossier
    from before meldingen were linked) it is treated as Wmo, the stricter rule. A Jeugdwet onderzoek has no
    statutory list of topics (Jeugdwet art. 2.3 leaves the onderzoek to the verordening): outcome and verslag
    suffice there."""
    return not meldingen or any(melding.regime == Regime.WMO for melding in meldingen)


# --- Completing an onderzoek --------------------------------------------------------------------------


def topic_problems(values: dict[str, Any]) -> dict[str, str]:
    """A topic is either described or not applicable with a reason, not both (field -> Dutch message)."""
    problems: dict[str, str] = {}
    for name, label in WMO_TOPICS:
        if (values.get(name) or "").strip() and (values.get(not_applicable_field(name)) or "").strip():
            problems[not_applicable_field(name)] = _(
                "%(topic)s: beschrijf wat besproken is óf geef aan waarom het niet van toepassing is, niet allebei."
            ) % {"topic": label}
    return problems


def completion_problems(values: dict[str, Any], *, wmo: bool = True) -> dict[str, str]:
    """Why an onderzoek cannot be completed as given (field -> Dutch message); empty when it can.

    Every onderzoek needs an outcome and a verslag (for Wmo: art. 2.3.2 lid 8). A Wmo onderzoek also needs
    each topic of lid 4 a–g addressed or marked not applicable with a reason, cliëntondersteuning offered
    (lid 3) and the resident told about the pgb (lid 6).
    """
    if not values.get("completed_on"):
        return {}
    problems: dict[str, str] = {}
    if values.get("outcome") not in Outcome.values:
        problems["outcome"] = _("Kies de uitkomst voordat u het onderzoek afrondt.")
    if not (values.get("verslag") or "").strip():
        problems["verslag"] = _("Schrijf het verslag voor het huishouden voordat u het onderzoek afrondt.")
    if not wmo:
        return problems
    for name, label in WMO_TOPICS:
        if not (values.get(name) or "").strip() and not (values.get(not_applicable_field(name)) or "").strip():
            problems[name] = _(
                "%(topic)s: beschrijf wat hierover besproken is, of geef aan waarom het niet van toepassing is "
                "(Wmo 2015 art. 2.3.2 lid 4)."
            ) % {"topic": label}
    if not values.get("clientondersteuning_offered_on"):
        problems["clientondersteuning_offered_on"] = _(
            "Leg vast wanneer gratis cliëntondersteuning is aangeboden (Wmo 2015 art. 2.3.2 lid 3) voordat u het "
            "onderzoek afrondt."
        )
    if not values.get("pgb_information_given"):
        problems["pgb_information_given"] = _(
            "Wijs het huishouden op de mogelijkheid van een persoonsgebonden budget (Wmo 2015 art. 2.3.2 lid 6) "
            "en vink dit aan voordat u het onderzoek afrondt."
        )
    return problems


def _stale_onderzoek() -> StaleVersion:
    return StaleVersion(
        _(
            "Iemand anders heeft dit onderzoek intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen; "
            "laad de pagina opnieuw."
        ),
        code="stale",
    )


def _clean_values(data: OnderzoekInput) -> dict[str, Any]:
    values = {name: data.values.get(name) for name in ONDERZOEK_FIELDS}
    for text_field in _TEXT_FIELDS:
        values[text_field] = values[text_field] or ""
    for boolean_field in _BOOLEAN_FIELDS:
        values[boolean_field] = bool(values[boolean_field])
    if values["clientondersteuning_offered_on"]:
        values["clientondersteuning_offered"] = True
    return values


def _meet_terms(onderzoek: Onderzoek, values: dict[str, Any], *, had_plan: bool, actor: User) -> None:
    """Meet the terms of this onderzoek's own meldingen only; a need reported later keeps its own term.

    Completing it meets the Wmo onderzoek term and, for a Jeugdwet melding, the municipal onderzoek norm."""
    dossier = onderzoek.dossier
    meldingen = list(onderzoek.meldingen.all())
    plan_on: date | None = values["persoonlijk_plan_received_on"]
    completed_on: date | None = values["completed_on"]
    try:
        if plan_on and not had_plan:
            receive_persoonlijk_plan(dossier, plan_on, actor, meldingen=meldingen)
        if completed_on:
            mark_deadline_met(dossier, WMO_ONDERZOEK.code, completed_on, actor, meldingen=meldingen)
            mark_deadline_met(dossier, NORM_JEUGD_ONDERZOEK.code, completed_on, actor, meldingen=meldingen)
    except DeadlineNotMet as error:
        field_name = "completed_on" if completed_on else "persoonlijk_plan_received_on"
        raise ValidationError({field_name: error.messages}) from error


@transaction.atomic
def save_onderzoek(
    dossier: Dossier,
    data: OnderzoekInput,
    *,
    version: int,
    actor: User,
    basis: str,
    onderzoek: Onderzoek | None = None,
    request: HttpRequest | None = None,
) -> Onderzoek:
    """Start a new onderzoek (`onderzoek` None, version 0) or update `onderzoek` if `version` is still current.

    A new onderzoek answers the meldingen no onderzoek answers yet; one in progress takes on the meldingen
    reported meanwhile, up to the day it is completed. Completing it meets the terms of those meldingen only.
    """
    values = _clean_values(data)
    problems = topic_problems(values)
    if problems:
        raise ValidationError({name: [message] for name, message in problems.items()})
    # Serialise concurrent saves of the same dossier; the version check does the rest.
    Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
    existing = Onderzoek.objects.filter(pk=onderzoek.pk, dossier=dossier).first() if onderzoek else None
    if onderzoek is not None and existing is None:
        raise ValidationError(_("Dit onderzoek hoort niet bij dit dossier."))
    up_to = values["completed_on"] or timezone.localdate()
    if existing is None:
        if version != 0 or not needs_new_onderzoek(dossier):
            raise _stale_onderzoek()
        answers = list(unanswered_meldingen(dossier, received_up_to=up_to))
    else:
        answers = list(existing.meldingen.all())
        if existing.completed_on is None:
            answers += list(unanswered_meldingen(dossier, received_up_to=up_to))
    problems = completion_problems(values, wmo=is_wmo_onderzoek(answers))
    if problems:
        raise ValidationError({name: [message] for name, message in problems.items()})
    if existing is None and not values["persoonlijk_plan_received_on"]:
        values["persoonlijk_plan_received_on"] = plan_received_online(dossier, answers)
    if existing is None:
        saved = Onderzoek.objects.create(dossier=dossier, **values)
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
        saved = Onderzoek.objects.get(pk=existing.pk)
        action = AccessAction.UPDATE
    saved.participants.set(data.participants)
    saved.meldingen.set(answers)

    completed_on: date | None = values["completed_on"]
    with in_record_language():  # the timeline is the dossier's record: Dutch whatever the screen shows
        if completed_on and not was_completed:
            summary = _("Onderzoek afgerond: %(outcome)s") % {"outcome": saved.get_outcome_display()}
        elif action == AccessAction.CREATE:
            summary = _("Onderzoek vastgelegd")
        else:
            summary = _("Onderzoek bijgewerkt")
    add_timeline_event(
        dossier, actor, TimelineEvent.Kind.ONDERZOEK, summary, onderzoek=saved.pk, meldingen=[m.pk for m in answers]
    )
    _meet_terms(saved, values, had_plan=had_plan, actor=actor)
    log_access(
        request,
        user=actor,
        action=action,
        basis=basis,
        object_type="onderzoek",
        object_id=saved.pk,
        dossier_id=dossier.pk,
    )
    return saved


# --- The verslag (Wmo 2.3.2 lid 8) --------------------------------------------------------------------


@transaction.atomic
def hand_over_verslag(
    onderzoek: Onderzoek, *, on: date, actor: User, basis: str, request: HttpRequest | None = None
) -> Onderzoek:
    """Record that the resident received the verslag on `on`, keeping the exact PDF they received."""
    from assessments.verslag import render_verslag_pdf  # WeasyPrint is loaded only when a PDF is made.

    onderzoek = Onderzoek.objects.select_for_update().get(pk=onderzoek.pk)
    if onderzoek.completed_on is None:
        raise ValidationError(
            {"handed_over_on": [_("Rond eerst het onderzoek af: het verslag beschrijft de uitkomst.")]}
        )
    if on > timezone.localdate():
        raise ValidationError({"handed_over_on": [_("Deze datum ligt in de toekomst.")]})
    if on < onderzoek.completed_on:
        raise ValidationError(
            {
                "handed_over_on": [
                    _("Het verslag kan niet zijn uitgereikt vóór het onderzoek was afgerond (%(day)s).")
                    % {"day": date_format(onderzoek.completed_on)}
                ]
            }
        )
    onderzoek.verslag_sent_on = on
    onderzoek.verslag_pdf = render_verslag_pdf(onderzoek, draft=False)
    onderzoek.save(update_fields=["verslag_sent_on", "verslag_pdf"])
    with in_record_language():
        summary = _("Verslag van het onderzoek uitgereikt op %(day)s") % {"day": date_format(on)}
    add_timeline_event(onderzoek.dossier, actor, TimelineEvent.Kind.ONDERZOEK, summary, onderzoek=onderzoek.pk)
    log_access(
        request,
        user=actor,
        action=AccessAction.UPDATE,
        basis=basis,
        object_type="onderzoek",
        object_id=onderzoek.pk,
        dossier_id=onderzoek.dossier_id,
        detail="verslag uitgereikt",
    )
    return onderzoek


@transaction.atomic
def record_reaction(
    onderzoek: Onderzoek,
    *,
    reaction: str,
    note: str,
    on: date,
    actor: User | None,
    basis: str,
    request: HttpRequest | None = None,
    once_at_version: int | None = None,
    by: str = "",
    log_detail: str = "",
) -> Onderzoek:
    """Record the resident's reaction to the verslag they received: agree or not, and why.

    Staff record a reaction given on paper or in a conversation (and may correct it; the timeline keeps
    each). From Mijn Wijkteam (`once_at_version`: the onderzoek's version the resident read, `actor` None,
    `by` who reacted in words) a reaction is recorded only once and only on the verslag as it was read:
    a reaction already there is never overwritten, a later remark goes to the regisseur as a message.
    """
    onderzoek = Onderzoek.objects.select_for_update().get(pk=onderzoek.pk)
    if onderzoek.verslag_sent_on is None:
        raise ValidationError(_("Leg eerst vast wanneer het verslag is uitgereikt."))
    if once_at_version is not None:
        if onderzoek.reaction:
            raise ValidationError(
                _(
                    "Er is al een reactie op dit verslag vastgelegd. Wilt u iets aanvullen? Stuur uw regisseur een bericht."
                ),
                code="already_reacted",
            )
        if onderzoek.version != once_at_version:
            raise _stale_onderzoek()
    if reaction not in Reaction.values:
        raise ValidationError({"reaction": [_("Kies of de inwoner het eens of oneens is met het verslag.")]})
    if reaction == Reaction.ONEENS and not note.strip():
        raise ValidationError({"reaction_note": [_("Leg vast waarmee de inwoner het oneens is.")]})
    if on > timezone.localdate() or on < onderzoek.verslag_sent_on:
        raise ValidationError({"reaction_on": [_("De reactie valt tussen de uitreiking van het verslag en vandaag.")]})
    onderzoek.reaction, onderzoek.reaction_note, onderzoek.reaction_on = reaction, note.strip(), on
    onderzoek.save(update_fields=["reaction", "reaction_note", "reaction_on"])
    with in_record_language():
        if by:
            summary = _("Reactie op het verslag via Mijn Wijkteam: %(reaction)s") % {
                "reaction": onderzoek.get_reaction_display()
            }
        else:
            summary = _("Reactie op het verslag: %(reaction)s") % {"reaction": onderzoek.get_reaction_display()}
    extra = {"door": by} if by else {}
    add_timeline_event(
        onderzoek.dossier,
        actor,
        TimelineEvent.Kind.ONDERZOEK,
        summary,
        reason=onderzoek.reaction_note if by else "",
        onderzoek=onderzoek.pk,
        **extra,
    )
    log_access(
        request,
        user=actor,
        action=AccessAction.UPDATE,
        basis=basis,
        object_type="onderzoek",
        object_id=onderzoek.pk,
        dossier_id=onderzoek.dossier_id,
        section=Section.ONDERZOEK if by else "",
        detail="; ".join(part for part in (log_detail, "reactie op verslag") if part),
    )
    return onderzoek


# --- The persoonlijk plan (Wmo 2.3.2 lid 2) -----------------------------------------------------------


def receive_persoonlijk_plan(dossier: Dossier, on: date, actor: User | None, *, meldingen: list[Melding]) -> int:
    """The step that records a persoonlijk plan as received on `on`: it meets the persoonlijk-plan term of
    `meldingen` (Wmo 2015 art. 2.3.2 lid 2). The paper flow takes it through the onderzoek form
    (`save_onderzoek`); a plan sent through Mijn Wijkteam through `submit_persoonlijk_plan`."""
    return mark_deadline_met(dossier, WMO_PERSOONLIJK_PLAN.code, on, actor, meldingen=meldingen)


def persoonlijk_plan_terms(dossier_ids: list[int]) -> QuerySet[DossierDeadline]:
    """The persoonlijk-plan terms of these dossiers (one per Wmo melding), that still apply, oldest first."""
    return DossierDeadline.objects.filter(
        dossier_id__in=dossier_ids, term_code=WMO_PERSOONLIJK_PLAN.code, cancelled_on__isnull=True
    ).order_by("start", "pk")


def running_persoonlijk_plan_terms(dossier_ids: list[int], today: date | None = None) -> QuerySet[DossierDeadline]:
    """The persoonlijk-plan terms still running: not met and not past their last day."""
    today = today or timezone.localdate()
    return persoonlijk_plan_terms(dossier_ids).filter(met_on__isnull=True, due__gte=today)


def plan_received_online(dossier: Dossier, meldingen: list[Melding]) -> date | None:
    """The day the first online plan that met the term of one of `meldingen` came in (a new onderzoek takes
    it as its 'persoonlijk plan ontvangen op'); None when none did."""
    plans = PersoonlijkPlan.objects.filter(dossier=dossier, in_term=True)
    if meldingen:
        plans = plans.filter(_of_meldingen(meldingen))
    first = plans.order_by("submitted_at").first()
    return timezone.localdate(first.submitted_at) if first else None


def _of_meldingen(meldingen: list[Melding]) -> Q:
    return Q(melding__in=meldingen) | Q(melding__isnull=True)


@dataclass(frozen=True)
class PlanText:
    """What the household writes in its persoonlijk plan."""

    wishes: str
    own_strength: str = ""
    help_wanted: str = ""


#: The longest text a part of the plan may have (a few pages).
PLAN_TEXT_LIMIT = 10_000


def plan_text_problems(text: PlanText) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not text.wishes.strip():
        problems["wishes"] = _("Schrijf op wat u wilt bereiken. Dat is het belangrijkste deel van uw plan.")
    for name in ("wishes", "own_strength", "help_wanted"):
        if len(getattr(text, name)) > PLAN_TEXT_LIMIT:
            problems[name] = _("Deze tekst is te lang. Gebruik hoogstens %(limit)s tekens.") % {
                "limit": PLAN_TEXT_LIMIT
            }
    return problems


@transaction.atomic
def submit_persoonlijk_plan(
    dossier: Dossier,
    text: PlanText,
    *,
    submitted_by: str,
    basis: str,
    token: str = "",
    via: str = PlanVia.PORTAAL,
    log_detail: str = "",
    request: HttpRequest | None = None,
) -> PersoonlijkPlan:
    """Keep a persoonlijk plan the household sent, and receive it as the paper flow does.

    While a persoonlijk-plan term of the dossier runs, the plan meets it (`receive_persoonlijk_plan`). After
    the 7 days the plan is still kept, shown to the team and used in the onderzoek, but it changes no term:
    the term was the household's chance to hand in a plan before the onderzoek, and the gemeente need not
    wait for a plan after it (Wmo 2015 art. 2.3.2 lid 2). An onderzoek in progress notes the day it came in.
    The same `token` twice (a double click) gives the first plan back instead of a second one.
    """
    problems = plan_text_problems(text)
    if problems:
        raise ValidationError({name: [message] for name, message in problems.items()})
    Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
    if token:
        earlier = PersoonlijkPlan.objects.filter(submission_token=token, dossier=dossier).first()
        if earlier is not None:
            return earlier
    now = timezone.now()
    today = timezone.localdate(now)
    running = list(running_persoonlijk_plan_terms([dossier.pk], today).select_related("melding"))
    newest = persoonlijk_plan_terms([dossier.pk]).exclude(melding__isnull=True).order_by("-start", "-pk").first()
    melding_id = running[0].melding_id if running else (newest.melding_id if newest else None)
    try:
        with transaction.atomic():
            plan = PersoonlijkPlan.objects.create(
                dossier=dossier,
                melding_id=melding_id,
                wishes=text.wishes.strip(),
                own_strength=text.own_strength.strip(),
                help_wanted=text.help_wanted.strip(),
                submitted_at=now,
                submitted_by=submitted_by[:300],
                via=via,
                in_term=bool(running),
                submission_token=token or None,
            )
    except IntegrityError:
        # The same form sent twice at once, the other request committed first.
        return PersoonlijkPlan.objects.get(submission_token=token)
    with in_record_language():
        if running:
            summary = _("Persoonlijk plan ontvangen via Mijn Wijkteam")
        else:
            summary = _("Persoonlijk plan ontvangen via Mijn Wijkteam, na de termijn van 7 dagen")
    add_timeline_event(
        dossier, None, TimelineEvent.Kind.ONDERZOEK, summary, persoonlijk_plan=plan.pk, door=plan.submitted_by
    )
    if running:
        receive_persoonlijk_plan(dossier, today, None, meldingen=[term.melding for term in running if term.melding])
    in_progress = open_onderzoek(dossier)
    if in_progress is not None and in_progress.persoonlijk_plan_received_on is None:
        # A staff member editing the onderzoek now gets "changed meanwhile" instead of saving the date away.
        Onderzoek.objects.filter(pk=in_progress.pk).update(
            persoonlijk_plan_received_on=today, version=F("version") + 1, updated_at=now
        )
    log_access(
        request,
        action=AccessAction.CREATE,
        basis=basis,
        object_type="persoonlijk_plan",
        object_id=plan.pk,
        dossier_id=dossier.pk,
        section=Section.ONDERZOEK,
        detail="; ".join(part for part in (log_detail, "persoonlijk plan ingediend") if part),
    )
    return plan


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
                % {"level": score.level, "domain": score.domain.shown_name}
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
    with in_record_language():
        summary = _("Zelfredzaamheid gescoord voor %(name)s (%(count)s leefdomeinen, %(date)s)") % {
            "name": inwoner.full_name,
            "count": len(created),
            "date": date_format(assessed_on),
        }
    add_timeline_event(
        dossier,
        actor,
        TimelineEvent.Kind.ZRM,
        summary,
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
