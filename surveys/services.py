"""The only place that changes the survey's state: inviting after an onderzoek or a beschikking, and answering.

Invitations are made when the dossier's timeline records the occasion (surveys.signals): the entry "Onderzoek
afgerond" of assessments.services.save_onderzoek and the entry of decisions.services.send for a sent beschikking
are written in those services' own transactions, so the invitation is there at once, and rolls back with them.
Reacting to the timeline needs no change in those apps. The unique constraint on (occasion, source) makes every
later entry about the same onderzoek or beschikking (a re-save, a retry) a no-op. ``invite_missing`` catches
up occasions whose timeline entry was written without signals (bulk loads, the demo's seeding).

Who is invited: the person the onderzoek or beschikking is about, when they use Mijn Wijkteam themselves (from 16,
portal.minors.OWN_LOGIN_AGE). For a younger child, the household's adult (the head first, else the oldest) is
invited instead: a parent answers about the help as they experienced it, in their own name. A representative in
the portal never answers for someone else (surveys.views): the survey asks for one's own experience.

Answering stores an Answer without any link to the person and marks the invitation used, in one transaction; the
conditional update of ``used_at`` is what makes a double submit count once.
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consent.minors import ADULT_AGE
from dossiers.models import Dossier
from portal.minors import OWN_LOGIN_AGE
from residents.models import HuishoudenLid, Inwoner, LidRol
from surveys.models import VALID_FOR, Answer, Invitation, Occasion, month_of
from surveys.questions import OPEN_TEXT_MAX, QUESTIONS, SCALE_MAX, SCALE_MIN

if TYPE_CHECKING:
    from assessments.models import Onderzoek
    from decisions.models import Beschikking


class InvitationClosed(Exception):
    """The invitation was used already or has expired; the message says which, in Dutch."""


def invitee(dossier: Dossier, about: Inwoner, on: date) -> Inwoner | None:
    """Who is asked about help for `about`: they themself from 16, else the household's adult; None if nobody
    can log in (no BSN, no adult in the household)."""
    if about.age_on(on) >= OWN_LOGIN_AGE:
        return about if about.bsn else None
    members = (
        HuishoudenLid.objects.filter(huishouden_id=dossier.huishouden_id)
        .exclude(end__lt=on)
        .select_related("inwoner")
        .order_by("pk")
    )
    adults = [member for member in members if member.inwoner.bsn and member.inwoner.age_on(on) >= ADULT_AGE]
    adults.sort(key=lambda member: (member.rol != LidRol.HOOFD, member.inwoner.geboortedatum))
    return adults[0].inwoner if adults else None


def _invite(
    dossier: Dossier, about: Inwoner, *, occasion: str, source_id: int, regime: str, on: date
) -> Invitation | None:
    if on < timezone.localdate() - VALID_FOR:
        return None  # an occasion older than an invitation's life (a late edit of an old onderzoek): not asked
    if Invitation.objects.filter(occasion=occasion, source_id=source_id).exists():
        return None
    person = invitee(dossier, about, on)
    if person is None:
        return None
    wijk_id = next((someone.buurt.wijk_id for someone in (about, person) if someone.buurt is not None), None)
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a racing second call must not spoil the caller's transaction
            return Invitation.objects.create(
                created_at=now,
                expires_at=now + VALID_FOR,
                person=person,
                dossier=dossier,
                occasion=occasion,
                source_id=source_id,
                wijk_id=wijk_id,
                regime=regime,
                month=month_of(on),
            )
    except IntegrityError:
        return None


def invite_after_onderzoek(onderzoek: "Onderzoek") -> Invitation | None:
    """After a completed onderzoek: invite about its first melding's person and law (None: already invited, or
    nobody to invite)."""
    if onderzoek.completed_on is None:
        return None
    first = onderzoek.meldingen.select_related("inwoner__buurt").order_by("received_at", "pk").first()
    if first is None:
        return None
    return _invite(
        onderzoek.dossier,
        first.inwoner,
        occasion=Occasion.ONDERZOEK,
        source_id=onderzoek.pk,
        regime=first.regime,
        on=onderzoek.completed_on,
    )


def invite_after_beschikking(beschikking: "Beschikking") -> Invitation | None:
    """After a beschikking was sent: invite about the person of its aanvraag, under the aanvraag's law."""
    if beschikking.sent_on is None:
        return None
    aanvraag = beschikking.aanvraag
    return _invite(
        aanvraag.dossier,
        aanvraag.inwoner,
        occasion=Occasion.BESLUIT,
        source_id=beschikking.pk,
        regime=aanvraag.law,
        on=beschikking.sent_on,
    )


@dataclass(frozen=True)
class Answers:
    """What the resident chose: one score from 1 to 5 per question key, and the optional open text."""

    scores: dict[str, int]
    open_text: str = ""

    def check(self) -> None:
        problems = {}
        for question in QUESTIONS:
            score = self.scores.get(question.key)
            if not isinstance(score, int) or not SCALE_MIN <= score <= SCALE_MAX:
                problems[question.key] = _("Kies een antwoord bij deze vraag.")
        if len(self.open_text) > OPEN_TEXT_MAX:
            problems["open_text"] = _("Uw antwoord is te lang. Gebruik hoogstens %(max)s tekens.") % {
                "max": OPEN_TEXT_MAX
            }
        if problems:
            raise ValidationError(problems)


@transaction.atomic
def answer(invitation: Invitation, answers: Answers) -> Answer:
    """Store `answers` without a link to anyone and mark `invitation` used, or neither (InvitationClosed)."""
    answers.check()
    now = timezone.now()
    used = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
    if not used:
        current = Invitation.objects.get(pk=invitation.pk)
        if current.used_at is not None:
            raise InvitationClosed(_("U hebt deze vragenlijst al ingevuld. Dank u wel!"))
        raise InvitationClosed(_("Deze vragenlijst is verlopen. U kunt hem niet meer invullen."))
    return Answer.objects.create(
        wijk_id=invitation.wijk_id,
        regime=invitation.regime,
        occasion=invitation.occasion,
        month=invitation.month,
        open_text=answers.open_text.strip(),
        **{question.key: answers.scores[question.key] for question in QUESTIONS},
    )


def invite_missing(since: date) -> int:
    """Invitations for the onderzoeken completed and beschikkingen sent from `since` that have none yet; for
    occasions recorded without the timeline signal (bulk loads, the demo). Returns how many were made."""
    from assessments.models import Onderzoek
    from decisions.models import Beschikking

    made = 0
    done = set(Invitation.objects.filter(occasion=Occasion.ONDERZOEK).values_list("source_id", flat=True))
    for onderzoek in Onderzoek.objects.filter(completed_on__gte=since).select_related("dossier").order_by("pk"):
        if onderzoek.pk not in done and invite_after_onderzoek(onderzoek) is not None:
            made += 1
    done = set(Invitation.objects.filter(occasion=Occasion.BESLUIT).values_list("source_id", flat=True))
    sent = Beschikking.objects.filter(sent_on__gte=since).select_related(
        "aanvraag__dossier", "aanvraag__inwoner__buurt"
    )
    for beschikking in sent.order_by("pk"):
        if beschikking.pk not in done and invite_after_beschikking(beschikking) is not None:
            made += 1
    return made
