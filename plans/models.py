"""One plan per household: goals per life domain in the household's own words, and who does what."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import InstrumentDomain
from dossiers.models import Dossier
from residents.models import Inwoner


class Plan(models.Model):
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="plan")
    going_well = models.TextField(_("wat goed gaat"), blank=True)
    worries = models.TextField(_("zorgen en prioriteiten"), blank=True)
    review_on = models.DateField(_("evaluatiedatum"), null=True, blank=True)
    agreed_on = models.DateField(_("akkoord van het huishouden op"), null=True, blank=True)
    agreed_by = models.CharField(_("akkoord gegeven door"), max_length=200, blank=True)
    #: The plan version the household agreed to: when ``version`` moved on since, the plan changed after it.
    agreed_version = models.PositiveIntegerField(_("akkoord op versie"), null=True, blank=True)
    #: Raised by every change to the plan, its goals or its actions (concurrent edits, a stale agreement).
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")

    def __str__(self) -> str:
        return str(_("Plan bij dossier %(id)s") % {"id": self.dossier_id})

    @property
    def is_agreed(self) -> bool:
        return self.agreed_on is not None

    @property
    def changed_since_agreement(self) -> bool:
        """Agreed to an earlier version (an agreement recorded before versions were kept counts as current)."""
        return self.is_agreed and self.agreed_version is not None and self.agreed_version != self.version


class DoelStatus(models.TextChoices):
    OPEN = "open", _("Open")
    BEZIG = "bezig", _("Bezig")
    BEREIKT = "bereikt", _("Bereikt")
    NIET_BEREIKT = "niet_bereikt", _("Niet bereikt")
    VERVALLEN = "vervallen", _("Vervallen")


class Doel(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="doelen")
    domain = models.ForeignKey(
        InstrumentDomain, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("leefdomein")
    )
    persons = models.ManyToManyField(Inwoner, blank=True, verbose_name=_("voor wie"), related_name="+")
    description = models.TextField(_("doel, in de woorden van het huishouden"))
    status = models.CharField(_("status"), max_length=16, choices=DoelStatus.choices, default=DoelStatus.OPEN)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class Uitvoerder(models.TextChoices):
    """Who carries out an action: the ladder again, from the household itself to a provider."""

    HUISHOUDEN = "huishouden", _("Lid van het huishouden")
    NETWERK = "netwerk", _("Iemand uit het netwerk")
    VRIJWILLIGER = "vrijwilliger", _("Vrijwilliger")
    ALGEMENE_VOORZIENING = "algemene_voorziening", _("Algemene voorziening")
    WIJKTEAM = "wijkteam", _("Wijkteam")
    SPECIALIST = "specialist", _("Specialist")
    AANBIEDER = "aanbieder", _("Zorgaanbieder")


class ActieStatus(models.TextChoices):
    OPEN = "open", _("Open")
    BEZIG = "bezig", _("Bezig")
    GEDAAN = "gedaan", _("Gedaan")
    VERVALLEN = "vervallen", _("Vervallen")


class Actie(models.Model):
    doel = models.ForeignKey(Doel, on_delete=models.CASCADE, related_name="acties")
    description = models.CharField(_("wat"), max_length=300)
    uitvoerder = models.CharField(_("wie (soort)"), max_length=24, choices=Uitvoerder.choices)
    uitvoerder_name = models.CharField(_("wie (naam)"), max_length=200, blank=True)
    due_on = models.DateField(_("wanneer klaar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ActieStatus.choices, default=ActieStatus.OPEN)
    #: An algemene voorziening the action points to (meal service, a community centre): open to anyone, so naming
    #: it decides nothing and needs no beschikking. Maatwerk is never named here; it goes through a decision.
    voorziening = models.ForeignKey(
        "catalogue.Voorziening",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "algemeen"},
        verbose_name=_("algemene voorziening"),
    )

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


#: Who the household itself carries out an action with: the actions a resident may mark done in Mijn Wijkteam.
OWN_UITVOERDERS: frozenset[str] = frozenset({Uitvoerder.HUISHOUDEN, Uitvoerder.NETWERK})


class CommentSource(models.TextChoices):
    PORTAAL = "portaal", _("Mijn Wijkteam")


class PlanComment(models.Model):
    """A household's comment on its plan, or on one goal, in its own words (written in Mijn Wijkteam).

    Who wrote it is kept as words (``written_by``), not as a link to the portal's records: the plan
    belongs to the dossier and must not depend on how the resident logged in. Comments are only added.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    doel = models.ForeignKey(
        Doel, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments", verbose_name=_("bij doel")
    )
    text = models.TextField(_("reactie"))
    written_at = models.DateTimeField(_("geschreven op"), default=timezone.now)
    written_by = models.CharField(_("geschreven door"), max_length=200)
    source = models.CharField(_("via"), max_length=16, choices=CommentSource.choices, default=CommentSource.PORTAAL)
    #: The form's one-time token: the same form sent twice adds one comment.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("reactie op het plan")
        verbose_name_plural = _("reacties op het plan")
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
