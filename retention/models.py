"""Retention periods per kind of file, the reviewed destruction of a dossier, and what is kept afterwards.

A destroyed dossier leaves two things behind: the `DestructionRequest` (who proposed, who approved,
when, under which rule) as accountability, and one `DestroyedDossierFact` with anonymous figures
for the monitor. Neither holds a name, a BSN, an address or free text about the household.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RuleKey(models.TextChoices):
    """The kinds of file a term is set for: one per law with a decision, and files without any decision."""

    WMO = "wmo", _("Wmo 2015")
    JEUGDWET = "jeugdwet", _("Jeugdwet")
    PARTICIPATIEWET = "participatiewet", _("Participatiewet")
    ZONDER_BESLUIT = "zonder_besluit", _("Dossier zonder besluit")


class CountedFrom(models.TextChoices):
    AFSLUITING = "afsluiting", _("Afsluiting van het dossier")
    EINDE_LAATSTE_VOORZIENING = "einde_laatste_voorziening", _("Einde van de laatst toegekende voorziening")


class RetentionRule(models.Model):
    """How long one kind of file is kept; maintained by the functioneel beheerder, set by the archive rules."""

    key = models.CharField(_("soort dossier"), max_length=20, choices=RuleKey.choices, unique=True)
    years = models.PositiveSmallIntegerField(_("bewaartermijn (jaren)"))
    counted_from = models.CharField(
        _("termijn gaat lopen na"),
        max_length=32,
        choices=CountedFrom.choices,
        help_text=_(
            "Bij 'einde van de laatst toegekende voorziening' telt de latere van die einddatum en de afsluiting: "
            "een dossier wordt nooit eerder vernietigbaar dan de termijn na afsluiting."
        ),
    )
    basis = models.TextField(_("grondslag"), help_text=_("Het artikel of de categorie van de selectielijst."))
    active = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_(
            "Staat deze regel uit, dan wordt geen enkel dossier waarop hij van toepassing is als vernietigbaar getoond."
        ),
    )

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        ordering = ["key"]

    def __str__(self) -> str:
        return str(
            _("%(kind)s: %(years)s jaar na %(start)s")
            % {"kind": self.get_key_display(), "years": self.years, "start": self.get_counted_from_display().lower()}
        )


class DestructionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    APPROVED = "approved", _("Goedgekeurd")
    EXECUTED = "executed", _("Uitgevoerd")
    REJECTED = "rejected", _("Afgewezen")


class DestructionRequest(models.Model):
    """A proposal to destroy one dossier, reviewed by a second person (four eyes) before it runs.

    `dossier_id` is a plain number, not a foreign key: the dossier is gone once the request is
    executed, and this row must stay as the record that it was destroyed lawfully.
    """

    dossier_id = models.BigIntegerField(_("dossiernummer"), db_index=True)
    team_name = models.CharField(_("team"), max_length=100)
    closed_on = models.DateField(_("afgesloten op"))
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="+", verbose_name=_("regel"))
    rule_summary = models.CharField(
        _("toegepaste regel"), max_length=300, help_text=_("De regel zoals die gold bij het voorstel.")
    )
    due_on = models.DateField(_("vernietigbaar sinds"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("voorgesteld door")
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"), default=timezone.now)
    reason = models.TextField(
        _("toelichting"),
        help_text=_("Noem geen namen of andere gegevens van het huishouden: deze regel blijft bewaard."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    review_note = models.TextField(_("toelichting bij de beoordeling"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DestructionStatus.choices, default=DestructionStatus.PROPOSED
    )
    executed_at = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)
    facts = models.JSONField(_("bewaarde anonieme gegevens"), default=dict, blank=True)

    class Meta:
        verbose_name = _("vernietigingsverzoek")
        verbose_name_plural = _("vernietigingsverzoeken")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier_id"],
                condition=Q(status="proposed"),
                name="retention_one_open_request_per_dossier",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=F("proposed_by")),
                name="retention_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Vernietiging van dossier %(id)s") % {"id": self.dossier_id})

    @property
    def is_open(self) -> bool:
        return self.status == DestructionStatus.PROPOSED


class DestroyedDossierFact(models.Model):
    """What the monitor may still count about a destroyed dossier: coded values and numbers only."""

    destruction = models.OneToOneField(
        DestructionRequest, on_delete=models.PROTECT, related_name="fact", verbose_name=_("vernietiging")
    )
    gemeente_code = models.CharField(_("gemeente (CBS-code)"), max_length=6)
    team_name = models.CharField(_("team"), max_length=100)
    wijk_code = models.CharField(_("wijk (CBS-code)"), max_length=8, blank=True)
    opened_month = models.CharField(_("geopend (jaar-maand)"), max_length=7)
    closed_month = models.CharField(_("afgesloten (jaar-maand)"), max_length=7)
    routes = models.JSONField(_("routes van binnenkomst"), default=list)
    urgency = models.CharField(_("hoogste urgentie"), max_length=10, blank=True)
    close_reason = models.CharField(_("reden van afsluiten"), max_length=32, blank=True)
    household_type = models.CharField(_("soort huishouden"), max_length=32, blank=True)
    laws_with_decisions = models.JSONField(_("wetten met een besluit"), default=list)
    melding_count = models.PositiveIntegerField(_("aantal meldingen"), default=0)
    beschikking_count = models.PositiveIntegerField(_("aantal beschikkingen"), default=0)
    days_per_stage = models.JSONField(_("dagen per fase"), default=dict)
    recorded_at = models.DateTimeField(_("vastgelegd"), default=timezone.now)

    class Meta:
        verbose_name = _("gegevens van een vernietigd dossier")
        verbose_name_plural = _("gegevens van vernietigde dossiers")
        ordering = ["closed_month", "id"]
        indexes = [models.Index(fields=["gemeente_code", "closed_month"])]
