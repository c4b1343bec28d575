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
    #: The monitor: counts over many households, small ones hidden; never access to a household.
    GEAGGREGEERD = "geaggregeerd", _("Geaggregeerde cijfers (monitor)")
    #: Mijn Wijkteam (portal): the resident reading their own household's data after logging in with DigiD.
    INWONER_ZELF = "inwoner_zelf", _("Inwoner zelf (Mijn Wijkteam)")
    #: Mijn Wijkteam: someone the resident let in, or who represents them by law (portal.models.Representation).
    VERTEGENWOORDIGER = "vertegenwoordiger", _("Vertegenwoordiger of gemachtigde (Mijn Wijkteam)")
    #: A partner organisation's system, through the partner API, on what it sent itself (partners app).
    PARTNER = "partner", _("Partnerorganisatie (eigen inzending)")
    #: Working a vroegsignaal: the Wgs (art. 3 and 4a) lets the team process it to offer help.
    VROEGSIGNALERING = "vroegsignalering", _("Vroegsignalering (Wgs art. 3)")
    NONE = "geen", _("Geen grondslag")


class AccessLogEntry(models.Model):
    """One read or write of personal data. Written only by `audit.services`; chained by hash (see audit/chain.py)."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    #: No index of its own: the index on (user, -at) below serves every lookup by user as well.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("medewerker"),
        db_index=False,
    )
    action = models.CharField(_("handeling"), max_length=8, choices=AccessAction.choices)
    basis = models.CharField(_("grondslag"), max_length=24, choices=AccessBasis.choices)
    object_type = models.CharField(_("soort gegeven"), max_length=40)
    object_id = models.CharField(_("kenmerk"), max_length=40, blank=True)
    #: Indexed together with `at` (Meta.indexes): a dossier's lines newest first, without sorting them all.
    dossier_id = models.BigIntegerField(_("dossier"), null=True, blank=True)
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)
    path = models.CharField(_("adres"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    section = models.CharField(_("onderdeel"), max_length=16, choices=Section.choices, blank=True)
    prev_hash = models.CharField(_("hash van de vorige regel"), max_length=64, default="")
    entry_hash = models.CharField(_("hash van deze regel"), max_length=64, default="")
    #: How `entry_hash` was computed (see audit/chain.py): 1 = plain SHA-256 (old rows), 2 = keyed HMAC.
    chain_version = models.PositiveSmallIntegerField(_("versie van de keten"), default=2)
    #: The hash chain this row belongs to (see audit/chain.py). A database default, so rows inserted
    #: without naming the column (COPY, a seeder, old code) land in lane 0, the original chain.
    lane = models.PositiveSmallIntegerField(_("baan van de keten"), default=0, db_default=0)

    class Meta:
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
            # The tip of a lane (one index probe per append) and the walk of `audit_verify`, lane by lane.
            models.Index(fields=["lane", "id"], name="audit_log_lane_id"),
            # The privacy officer's search, newest first: per dossier, and per action or basis, whose
            # rare values (refusals, break-the-glass) would otherwise mean walking the whole `at` index.
            models.Index(fields=["dossier_id", "at"], name="audit_log_dossier_at"),
            models.Index(fields=["action", "at"], name="audit_log_action_at"),
            models.Index(fields=["basis", "at"], name="audit_log_basis_at"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("The access log is append-only.")


class AccessLogSeal(models.Model):
    """A signed snapshot of every lane's tip: what the log held at `at` (see audit/chain.py, "Seals").

    Written by the periodic job `audit.seal_access_log`, append-only like the log itself. Each seal
    names, per lane, the id and hash of its newest row and the number of rows up to it, and is chained
    to the seal before it with an HMAC under AUDIT_CHAIN_KEY, so neither can be rewritten without the key.
    """

    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    #: {"<lane>": {"id": <tip id>, "hash": "<tip hash>", "count": <rows in the lane up to the tip>}}
    lanes = models.JSONField(_("banen"), default=dict)
    prev_hash = models.CharField(_("hash van de vorige verzegeling"), max_length=64)
    seal_hash = models.CharField(_("hash van deze verzegeling"), max_length=64)

    class Meta:
        verbose_name = _("verzegeling van het toegangslog")
        verbose_name_plural = _("verzegelingen van het toegangslog")
        ordering = ["-id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The access log seals are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("The access log seals are append-only.")


# The inzage export being made in the background (its own module: this one is the access log).
from audit.exports_models import InzageExport  # noqa: E402,F401
