"""One plan per household: goals per life domain in the household's own words, and who does what."""

from django.db import models
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

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description
