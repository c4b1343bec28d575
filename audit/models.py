"""The access log: who looked at or changed which personal data, when and on what basis."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.sections import Section


class AccessAction(models.TextChoices):
    VIEW = "view", _("Ingezien")
    CREATE = "create", _("Aangemaakt")
    UPDATE = "update", _("Gewijzigd")
    SEARCH = "search", _("Gezocht")
    DENIED = "denied", _("Geweigerd")


class AccessBasis(models.TextChoices):
    """Why access was given; NONE for refused attempts."""

    REGISSEUR = "regisseur", _("Regisseur")
    BETROKKEN = "betrokken", _("Betrokken medewerker")
    TEAM_TRIAGE = "team_triage", _("Teamlid, dossier in triage")
    TEAMLEIDER = "teamleider", _("Teamleider van het eigen team")
    REGISTRATIE = "registratie", _("Registratie van een melding")
    CONSULTATIE = "consultatie", _("Consultatie (erbij gehaald)")
    TOESTEMMING = "toestemming", _("Toestemming van de inwoner")
    WETTELIJK = "wettelijk", _("Wettelijke grondslag zonder toestemming")
    BREAK_THE_GLASS = "break_the_glass", _("Noodtoegang (break-the-glass)")
    PRIVACY_TOEZICHT = "privacy_toezicht", _("Toezicht door de privacyfunctionaris")
    #: Configuration by the functioneel beheerder (accounts, teams); never access to a household.
    BEHEER = "beheer", _("Functioneel beheer")
    NONE = "geen", _("Geen grondslag")


class AccessLogEntry(models.Model):
    """One read or write of personal data. Written only by `audit.services`; chained by hash (see audit/chain.py)."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("medewerker")
    )
    action = models.CharField(_("handeling"), max_length=8, choices=AccessAction.choices)
    basis = models.CharField(_("grondslag"), max_length=16, choices=AccessBasis.choices)
    object_type = models.CharField(_("soort gegeven"), max_length=40)
    object_id = models.CharField(_("kenmerk"), max_length=40, blank=True)
    dossier_id = models.BigIntegerField(_("dossier"), null=True, blank=True, db_index=True)
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)
    path = models.CharField(_("adres"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    section = models.CharField(_("onderdeel"), max_length=16, choices=Section.choices, blank=True)
    prev_hash = models.CharField(_("hash van de vorige regel"), max_length=64, default="")
    entry_hash = models.CharField(_("hash van deze regel"), max_length=64, default="")
    #: How `entry_hash` was computed (see audit/chain.py): 1 = plain SHA-256 (old rows), 2 = keyed HMAC.
    chain_version = models.PositiveSmallIntegerField(_("versie van de keten"), default=2)

    class Meta:
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("The access log is append-only.")
