"""Allocations (toewijzingen) to providers and the iWmo/iJw messages exchanged about them.

Every message written or read is kept as a `Bericht` with its exact bytes, whether it was
accepted or not, so a rejected file can be inspected and nothing is silently lost. Terms that
the standard sets on a message (answer a 315 within 5 working days, a retour within 3) are
`BerichtTaak` rows, which feed the message worklist.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.codes import Frequency, Law, Unit
from catalogue.models import Aanbieder, Voorziening
from decisions.models import BeschikkingRegel
from organisation.models import Gemeente
from residents.models import Inwoner


class DeliveryStatus(models.TextChoices):
    TOEGEWEZEN = "toegewezen", _("Toegewezen, nog niet gestart")
    GESTART = "gestart", _("Levering gestart")
    GESTOPT = "gestopt", _("Levering gestopt")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class Toewijzing(models.Model):
    """One product allocated to one provider for one client (a ToegewezenProduct in a 301)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    law = models.CharField(_("wet"), max_length=20, choices=Law.choices)
    #: ToewijzingNummer: unique per gemeente per law (OP275).
    nummer = models.CharField(_("toewijzingnummer"), max_length=8)
    inwoner = models.ForeignKey(Inwoner, on_delete=models.PROTECT, related_name="toewijzingen")
    #: The dossier that owns this allocation: access and logging go through it, never through the person
    #: (who may belong to another household too). Empty only for rows no dossier could be found for.
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True, related_name="toewijzingen"
    )
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="toewijzingen")
    voorziening = models.ForeignKey(Voorziening, on_delete=models.PROTECT, related_name="+")
    regel = models.ForeignKey(
        BeschikkingRegel, on_delete=models.PROTECT, null=True, blank=True, related_name="toewijzingen"
    )
    ingangsdatum = models.DateField(_("ingangsdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    volume = models.PositiveIntegerField(_("omvang"), null=True, blank=True)
    unit = models.CharField(_("eenheid"), max_length=2, blank=True, choices=Unit.choices)
    frequency = models.CharField(_("frequentie"), max_length=1, blank=True, choices=Frequency.choices)
    #: RedenWijziging (WMO002/JZ002) of the latest change; empty for a new allocation.
    reden_wijziging = models.CharField(_("reden wijziging"), max_length=2, blank=True)
    referentie_aanbieder = models.CharField(_("referentie aanbieder"), max_length=20, blank=True)
    toegewezen_at = models.DateTimeField(_("toewijzingsmoment"), default=timezone.now)
    status = models.CharField(
        _("leveringsstatus"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.TOEGEWEZEN
    )
    started_on = models.DateField(_("levering gestart op"), null=True, blank=True)
    stopped_on = models.DateField(_("levering gestopt op"), null=True, blank=True)
    reden_beeindiging = models.CharField(_("reden beëindiging"), max_length=2, blank=True)
    #: Changed since the last 301 to this provider for this client; the next 301 carries it (OP087).
    pending_send = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")
        ordering = ["ingangsdatum", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "law", "nummer"],
                name="allocations_nummer_unique_per_gemeente_law",
                violation_error_message=_("Dit toewijzingnummer is binnen deze gemeente en wet al gebruikt (OP275)."),
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("ingangsdatum")),
                name="allocations_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["inwoner", "aanbieder"])]

    def __str__(self) -> str:
        return f"{self.nummer} {self.voorziening}"


class Direction(models.TextChoices):
    IN = "in", _("Ontvangen")
    OUT = "out", _("Verzonden")


class BerichtStatus(models.TextChoices):
    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    KLAAR = "klaar", _("Klaar voor verzending")
    VERZONDEN = "verzonden", _("Verzonden")


class Bericht(models.Model):
    """A message file as it was received or written, with what became of it."""

    direction = models.CharField(_("richting"), max_length=3, choices=Direction.choices)
    #: e.g. "WMO301"; empty when the file could not even be identified.
    kind = models.CharField(_("berichttype"), max_length=8, blank=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    content = models.BinaryField()
    status = models.CharField(_("status"), max_length=12, choices=BerichtStatus.choices)
    reasons = models.JSONField(_("redenen"), default=list, blank=True)
    identificatie = models.CharField(_("berichtidentificatie"), max_length=20, blank=True)
    dagtekening = models.DateField(_("dagtekening"), null=True, blank=True)
    afzender = models.CharField(_("afzender"), max_length=8, blank=True)
    ontvanger = models.CharField(_("ontvanger"), max_length=8, blank=True)
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, null=True, blank=True, related_name="berichten")
    inwoner = models.ForeignKey(Inwoner, on_delete=models.PROTECT, null=True, blank=True, related_name="berichten")
    #: The dossier the message is about, when exactly one is (see `allocations.ownership`); its tasks belong
    #: to that dossier. Empty for files about several clients, unreadable files, or a client without a dossier.
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True, related_name="berichten"
    )
    in_reply_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies", verbose_name=_("antwoord op")
    )
    summary = models.CharField(_("samenvatting"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["direction", "status"]), models.Index(fields=["kind", "identificatie"])]

    def __str__(self) -> str:
        return f"{self.kind or '?'} {self.file_name}"


class TaakSoort(models.TextChoices):
    ANTWOORD_VERZOEK = "antwoord_verzoek", _("Verzoek beantwoorden (301 of 319)")
    RETOUR_STUREN = "retour_sturen", _("Retourbericht sturen")
    RETOUR_VERWACHT = "retour_verwacht", _("Retourbericht van aanbieder verwacht")
    DECLARATIE = "declaratie", _("Declaratie beantwoorden (325)")


class BerichtTaak(models.Model):
    """A term that runs on a message, in working days (OP090 and the like)."""

    bericht = models.ForeignKey(Bericht, on_delete=models.PROTECT, related_name="taken")
    soort = models.CharField(_("soort"), max_length=20, choices=TaakSoort.choices)
    term_code = models.CharField(_("termijn"), max_length=48)
    due = models.DateField(_("uiterste datum"))
    done_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.ForeignKey(
        Bericht,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers_task",
        verbose_name=_("antwoord"),
    )
    inwoner = models.ForeignKey(Inwoner, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("berichttaak")
        verbose_name_plural = _("berichttaken")
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["done_at", "due"])]

    @property
    def is_open(self) -> bool:
        return self.done_at is None
