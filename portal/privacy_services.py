"""The only place that changes residents' privacy questions: asked in Mijn Wijkteam, answered by the privacy officer.

Each change runs in a transaction and writes the access log. A question sent twice (a double click) is
stored once; an answer is given once (the row is locked, a second answer is refused).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.services import log_access
from dossiers.sections import Section
from portal.access import log_portal
from portal.models import PrivacyQuestion
from portal.principal import Principal
from residents.models import Inwoner


@transaction.atomic
def ask_question(request: HttpRequest, principal: Principal, entry: AccessLogEntry, question: str) -> PrivacyQuestion:
    subject = principal.subject
    if subject is None:
        raise ValidationError(_("U kunt hier geen vraag stellen."))
    text = question.strip()
    if not text:
        raise ValidationError({"question": _("Schrijf eerst uw vraag.")})
    # Serialise the person's questions, so two identical posts store one.
    Inwoner.objects.select_for_update().filter(pk=subject.pk).first()
    earlier = PrivacyQuestion.objects.filter(
        inwoner=subject, access_entry=entry, question=text, answered_at__isnull=True
    ).first()
    if earlier is not None:
        return earlier
    asked = PrivacyQuestion.objects.create(
        inwoner=subject,
        access_entry=entry,
        dossier_id=entry.dossier_id,
        question=text,
        asked_by=principal.describe_for_people()[:200],
    )
    log_portal(
        request,
        principal,
        action=AccessAction.CREATE,
        object_type="privacyvraag",
        object_id=asked.pk,
        dossier_id=entry.dossier_id,
        section=Section.TIJDLIJN,
    )
    return asked


@transaction.atomic
def answer_question(request: HttpRequest, question: PrivacyQuestion, *, by: User, answer: str) -> PrivacyQuestion:
    locked = PrivacyQuestion.objects.select_for_update().get(pk=question.pk)
    if locked.answered_at is not None:
        raise ValidationError(_("Deze vraag is al beantwoord."))
    text = answer.strip()
    if not text:
        raise ValidationError({"answer": _("Schrijf een antwoord.")})
    question.answer = text
    question.answered_at = timezone.now()
    question.answered_by = by
    question.save(update_fields=["answer", "answered_at", "answered_by"])
    log_access(
        request,
        user=by,
        action=AccessAction.UPDATE,
        basis=AccessBasis.PRIVACY_TOEZICHT,
        object_type="privacyvraag",
        object_id=question.pk,
        dossier_id=question.dossier_id,
        detail="beantwoord",
    )
    return question
