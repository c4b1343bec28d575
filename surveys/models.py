"""The cliëntervaringsonderzoek (Wmo 2015 art. 2.5.1): invitations, and answers kept apart from any person.

- ``Invitation``: after an onderzoek is completed or a beschikking is sent, one resident of the household is
  invited (surveys.services). The invitation knows the person (to show it in Mijn Wijkteam), the dossier, the
  occasion, and the wijk, law and month the answer will carry. It expires after eight weeks and is used once.
- ``Answer``: the answers, with only the wijk, the law, the occasion and the month (``"2026-11"``, not a date).
  It has no foreign key to a person, a dossier or an invitation, no timestamp, and a random primary key, so
  neither a join nor the order of the rows ties an answer to the invitation it came from. docs/monitor.md
  (indicator 12) names what is left: the invitation table and the answer table share wijk, law, occasion and
  month, so in a combination with a single used invitation whoever can read both tables can match them. Only
  the monitor reads answers, counted and with small cells suppressed; no screen lists them.
"""

import uuid
from datetime import date, datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier
from organisation.models import Wijk
from residents.models import Inwoner
from surveys.questions import OPEN_TEXT_MAX, QUESTIONS, SCALE_MAX, SCALE_MIN

#: How long an invitation can be used.
VALID_FOR = timedelta(weeks=8)


class Occasion(models.TextChoices):
    ONDERZOEK = "onderzoek", _("Na het gesprek (onderzoek)")
    BESLUIT = "besluit", _("Na het besluit (beschikking)")


def month_of(day: date) -> str:
    """'2026-11' for any day in November 2026: the only time an answer carries."""
    return f"{day.year:04d}-{day.month:02d}"


def default_expiry() -> datetime:
    return timezone.now() + VALID_FOR


class Invitation(models.Model):
    """An invitation to one person to fill in the survey once, about one onderzoek or one beschikking."""

    person = models.ForeignKey(
        Inwoner, on_delete=models.PROTECT, related_name="survey_invitations", verbose_name=_("voor wie")
    )
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+", verbose_name=_("dossier"))
    occasion = models.CharField(_("aanleiding"), max_length=12, choices=Occasion.choices)
    #: The pk of the Onderzoek or the Beschikking; with `occasion` unique: one invitation per occasion.
    source_id = models.PositiveBigIntegerField(_("onderzoek of beschikking"))
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    regime = models.CharField(_("wet"), max_length=20)
    month = models.CharField(_("maand"), max_length=7)
    created_at = models.DateTimeField(_("uitgenodigd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"), default=default_expiry)
    used_at = models.DateTimeField(_("ingevuld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging voor de vragenlijst")
        verbose_name_plural = _("uitnodigingen voor de vragenlijst")
        constraints = [
            models.UniqueConstraint(fields=["occasion", "source_id"], name="surveys_one_invitation_per_occasion")
        ]
        indexes = [models.Index(fields=["person", "used_at"], name="surveys_invitation_person")]

    def __str__(self) -> str:
        return str(_("Uitnodiging %(id)s") % {"id": self.pk})

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return not self.is_used and not self.is_expired


class Answer(models.Model):
    """One filled-in survey. Deliberately without a person, dossier, invitation or time of answering."""

    #: Random, so the order of the rows says nothing about the order in which invitations were used.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    regime = models.CharField(_("wet"), max_length=20)
    occasion = models.CharField(_("aanleiding"), max_length=12, choices=Occasion.choices)
    #: The month of the onderzoek or the beschikking, "2026-11".
    month = models.CharField(_("maand"), max_length=7)
    found_us = models.PositiveSmallIntegerField(QUESTIONS[0].short)
    helped_quickly = models.PositiveSmallIntegerField(QUESTIONS[1].short)
    taken_seriously = models.PositiveSmallIntegerField(QUESTIONS[2].short)
    help_fits = models.PositiveSmallIntegerField(QUESTIONS[3].short)
    manage_better = models.PositiveSmallIntegerField(QUESTIONS[4].short)
    take_part_more = models.PositiveSmallIntegerField(QUESTIONS[5].short)
    open_text = models.TextField(_("open antwoord"), max_length=OPEN_TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("antwoord op de vragenlijst")
        verbose_name_plural = _("antwoorden op de vragenlijst")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{question.key}__gte": SCALE_MIN, f"{question.key}__lte": SCALE_MAX}),
                name=f"surveys_answer_{question.key}_on_scale",
            )
            for question in QUESTIONS
        ]
        indexes = [models.Index(fields=["month"], name="surveys_answer_month")]

    def __str__(self) -> str:
        return str(_("Antwoord %(month)s") % {"month": self.month})
