"""Opschalen to a regieteam, the case conferences there, and afschalen.

An escalation brings a regieteam in; it does not take the household away. The regisseur stays the household's
fixed contact (DOMAIN.md: one household, one plan, one regisseur): `Dossier.regisseur` changes only through a
recorded handover that the household agreed to (`Handover`). The regieteam's members see the dossier through
ordinary consultations (consent.Consultation), created per case conference for the sections it chose and until its
review date, so the one access mechanism of the platform decides what they see; afschalen revokes them.

Rows are never deleted while the dossier lives: an ended escalation keeps its history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consent.models import Consent, ConsentHow, Consultation, LegalGround
from dossiers.models import Dossier
from dossiers.sections import Section
from organisation.models import Team, TeamKind
from residents.models import Inwoner


class ReasonCategory(models.TextChoices):
    MULTIPROBLEM = "multiprobleem", _("Meervoudige problematiek")
    VEILIGHEID = "veiligheid", _("Veiligheid")
    VASTGELOPEN = "vastgelopen", _("Vastgelopen situatie")
    ANDERS = "anders", _("Anders")


class EscalationResult(models.TextChoices):
    """How an escalation ended, for the monitor and the next reader of the dossier."""

    STABIEL = "stabiel", _("Situatie stabiel, verder in het wijkteam")
    OVERGEDRAGEN = "overgedragen", _("Regie overgedragen")
    SPECIALISTISCH = "specialistisch", _("Verder in specialistische zorg")
    VASTGELOPEN = "vastgelopen", _("Geen doorbraak bereikt")
    ANDERS = "anders", _("Anders")


class Escalation(models.Model):
    """A household brought to a regieteam (opschalen), until afschalen."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="escalations")
    regieteam = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="escalations",
        limit_choices_to={"kind": TeamKind.REGIETEAM},
        verbose_name=_("regieteam"),
    )
    reason_category = models.CharField(_("reden"), max_length=16, choices=ReasonCategory.choices)
    explanation = models.TextField(_("toelichting"))
    started_at = models.DateTimeField(_("opgeschaald op"), default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opgeschaald door")
    )
    ended_at = models.DateTimeField(_("afgeschaald op"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgeschaald door"),
    )
    result = models.CharField(_("resultaat"), max_length=16, choices=EscalationResult.choices, blank=True)
    end_note = models.TextField(_("toelichting bij afschalen"), blank=True)

    class Meta:
        verbose_name = _("opschaling")
        verbose_name_plural = _("opschalingen")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(ended_at__isnull=True), name="regie_one_running_escalation"
            )
        ]
        indexes = [models.Index(fields=["regieteam", "ended_at"])]

    def __str__(self) -> str:
        return str(_("Opschaling van %(dossier)s naar %(team)s") % {"dossier": self.dossier, "team": self.regieteam})

    @property
    def is_running(self) -> bool:
        return self.ended_at is None


class CaseConference(models.Model):
    """A casusoverleg: who met, what the regieteam needs to see, what was agreed, and when to look again."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="conferences")
    held_on = models.DateField(_("gehouden op"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("deelnemers")
    )
    external_participants = models.TextField(
        _("andere deelnemers"), blank=True, help_text=_("Naam en organisatie, één per regel.")
    )
    sections = models.JSONField(_("onderdelen voor het regieteam"), default=list)
    summary = models.TextField(_("verslag"))
    review_on = models.DateField(_("evaluatiedatum"))
    #: The ground on which the regieteam's members look along (as for any consultation).
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    legal_ground = models.CharField(_("wettelijke grondslag"), max_length=32, choices=LegalGround.choices, blank=True)
    legal_motivation = models.TextField(_("motivering grondslag"), blank=True)
    #: The conference decided to hand the regie over to this person; it happens only with the household's agreement.
    handover_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besluit: regie overdragen aan"),
    )
    #: The consultations this conference gave the regieteam's members; afschalen revokes them.
    consultations = models.ManyToManyField(Consultation, related_name="+", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vastgelegd door")
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return str(_("Casusoverleg van %(day)s") % {"day": self.held_on})

    @property
    def section_labels(self) -> list[str]:
        return [str(section.label) for section in Section if section.value in self.sections]


class AgreementParty(models.TextChoices):
    MEDEWERKER = "medewerker", _("Een medewerker")
    EXTERN = "extern", _("Een externe partij")
    HUISHOUDEN = "huishouden", _("Het huishouden")


class AgreementStatus(models.TextChoices):
    OPEN = "open", _("Open")
    GEDAAN = "gedaan", _("Gedaan")


class Agreement(models.Model):
    """An afspraak of a case conference: who does what by when."""

    conference = models.ForeignKey(CaseConference, on_delete=models.CASCADE, related_name="agreements")
    party = models.CharField(_("wie (soort)"), max_length=12, choices=AgreementParty.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("medewerker"),
    )
    #: The external party's name, or who in the household (empty: the household as a whole).
    party_name = models.CharField(_("naam"), max_length=200, blank=True)
    what = models.TextField(_("wat"))
    due_on = models.DateField(_("uiterlijk op"))
    status = models.CharField(_("status"), max_length=8, choices=AgreementStatus.choices, default=AgreementStatus.OPEN)
    done_at = models.DateTimeField(_("gedaan op"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.who}: {self.what[:60]}"

    @property
    def who(self) -> str:
        if self.party == AgreementParty.MEDEWERKER and self.user_id is not None:
            return str(self.user)
        if self.party == AgreementParty.HUISHOUDEN:
            return self.party_name or str(AgreementParty.HUISHOUDEN.label)
        return self.party_name

    @property
    def is_open(self) -> bool:
        return self.status == AgreementStatus.OPEN


class Handover(models.Model):
    """Overdracht van regie: decided by a case conference and agreed by the household, who and when recorded."""

    conference = models.OneToOneField(CaseConference, on_delete=models.CASCADE, related_name="handover")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+")
    previous_regisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vorige regisseur"),
    )
    new_regisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("nieuwe regisseur")
    )
    agreed_by = models.ForeignKey(
        Inwoner, on_delete=models.PROTECT, related_name="+", verbose_name=_("ingestemd door (huishouden)")
    )
    agreed_on = models.DateField(_("ingestemd op"))
    how = models.CharField(_("hoe ingestemd"), max_length=12, choices=ConsentHow.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("overdracht van regie")
        verbose_name_plural = _("overdrachten van regie")

    def __str__(self) -> str:
        return str(_("Regie naar %(who)s") % {"who": self.new_regisseur})
