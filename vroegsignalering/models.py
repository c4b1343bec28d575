"""Vroegsignalering (Wgs art. 3 and 4a): payment arrears reported by partners, and the offer of help that follows.

A **signaal** is one partner's report about one person (idempotent on the partner's own id). Signals are
matched to a resident; the signals of one household are combined in one **casus** (stacking: more signals,
higher in the worklist), which a team member works by **contact attempts** until an outcome: the offer is
accepted (a Wgs melding in the access route), refused, the household is not reached, or already helped.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import Melding, WgsThreat
from organisation.models import Team, Wijk
from partners.models import Partner, PartnerKind
from residents.models import Huishouden, Inwoner


class SignalKind(models.TextChoices):
    HUUR = "huur", _("Huurachterstand")
    ENERGIE = "energie", _("Achterstand energie")
    WATER = "water", _("Achterstand drinkwater")
    ZORGVERZEKERING = "zorgverzekering", _("Premieachterstand zorgverzekering")


class ImportSource(models.TextChoices):
    UPLOAD = "upload", _("Geüpload")
    MAP = "map", _("Uit de importmap")
    API = "api", _("Via de partner-API")


class SignalImport(models.Model):
    """One delivered batch file (or API batch) and what became of each row: nothing is lost silently."""

    source = models.CharField(_("bron"), max_length=10, choices=ImportSource.choices)
    filename = models.CharField(_("bestandsnaam"), max_length=255, blank=True)
    #: SHA-256 of the file's bytes: shows a re-delivered file; the rows stay idempotent on the partner's id anyway.
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64, blank=True)
    file_format = models.CharField(_("formaat"), max_length=8, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ingelezen door")
    )
    imported_at = models.DateTimeField(_("ingelezen op"), default=timezone.now)
    rows_total = models.PositiveIntegerField(_("regels"), default=0)
    rows_accepted = models.PositiveIntegerField(_("nieuw opgenomen"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("al eerder ontvangen"), default=0)
    rows_rejected = models.PositiveIntegerField(_("geweigerd"), default=0)
    #: One entry per rejected row: {"row": 3, "field": "bsn", "message": "..."}; never the row's personal data.
    errors = models.JSONField(_("fouten per regel"), default=list, blank=True)
    #: Why the file as a whole was refused (not CSV or JSON, a missing column, too large); then no row was read.
    file_error = models.CharField(_("bestand geweigerd"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("import van vroegsignalen")
        verbose_name_plural = _("imports van vroegsignalen")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename or self.get_source_display()} ({self.imported_at:%Y-%m-%d %H:%M})"

    @property
    def refused(self) -> bool:
        return bool(self.file_error)


class CasusOutcome(models.TextChoices):
    OPEN = "open", _("Nog open")
    GEACCEPTEERD = "geaccepteerd", _("Aanbod geaccepteerd")
    GEWEIGERD = "geweigerd", _("Aanbod geweigerd")
    NIET_BEREIKT = "niet_bereikt", _("Niet bereikt")
    AL_GEHOLPEN = "al_geholpen", _("Al in schuldhulp of andere hulp")


class SignaalCasus(models.Model):
    """The outreach work for one household (or one unmatched person): all its signals together."""

    huishouden = models.ForeignKey(
        Huishouden, on_delete=models.PROTECT, null=True, blank=True, related_name="signaal_casussen"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="signaal_casussen", verbose_name=_("team"))
    wijk = models.ForeignKey(
        Wijk, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("wijk")
    )
    opened_at = models.DateTimeField(_("geopend op"), default=timezone.now)
    #: Kept in step with the signals (stacking): the worklist ranks more signals first, then the earliest due.
    signal_count = models.PositiveSmallIntegerField(_("aantal signalen"), default=0)
    threat = models.CharField(_("dreigende situatie"), max_length=20, choices=WgsThreat.choices, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signaal_casussen",
        verbose_name=_("opgepakt door"),
    )
    #: The day the casus was first picked up ("datumOpgepakt" in the national DDAS delivery, vroegsignalering.ddas);
    #: a colleague taking it over later does not move it.
    assigned_on = models.DateField(_("opgepakt op"), null=True, blank=True)
    #: The norm terms (werknormen, no law sets them; LAW.md): first contact and analysis after the first signal.
    contact_due = models.DateField(_("contact uiterlijk"), null=True, blank=True)
    contacted_on = models.DateField(_("contact gelegd op"), null=True, blank=True)
    analysis_due = models.DateField(_("analyse uiterlijk"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=CasusOutcome.choices, default=CasusOutcome.OPEN)
    outcome_on = models.DateField(_("uitkomst op"), null=True, blank=True)
    outcome_note = models.TextField(_("toelichting uitkomst"), blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitkomst vastgelegd door"),
    )
    #: The Wgs melding the accepted offer became (in the household's dossier).
    melding = models.OneToOneField(
        Melding, on_delete=models.PROTECT, null=True, blank=True, related_name="signaal_casus"
    )

    class Meta:
        verbose_name = _("vroegsignaleringscasus")
        verbose_name_plural = _("vroegsignaleringscasussen")
        indexes = [models.Index(fields=["team", "outcome", "contact_due"])]

    def __str__(self) -> str:
        return str(_("Vroegsignaal-casus %(id)s") % {"id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.outcome == CasusOutcome.OPEN


class MatchMethod(models.TextChoices):
    BSN = "bsn", _("Op BSN")
    ADRES = "adres", _("Op adres, naam en geboortedatum")
    HAND = "hand", _("Met de hand gekoppeld")


class Vroegsignaal(models.Model):
    """One partner's report of payment arrears about one person, as delivered."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="signalen", verbose_name=_("partner"))
    partner_signal_id = models.CharField(_("kenmerk van de partner"), max_length=64)
    import_batch = models.ForeignKey(
        SignalImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="signalen"
    )
    kind = models.CharField(_("soort achterstand"), max_length=20, choices=SignalKind.choices)
    reported_on = models.DateField(_("gemeld op"))
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    arrears_amount = models.DecimalField(_("achterstand (euro)"), max_digits=10, decimal_places=2)
    arrears_months = models.PositiveSmallIntegerField(_("maanden achterstand"), default=1)
    threat = models.CharField(_("dreigende situatie"), max_length=20, choices=WgsThreat.choices, blank=True)
    # The person as the partner delivered them (the Besluit Wgs names these data).
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)
    voorletters = models.CharField(_("voorletters of voornamen"), max_length=200, blank=True)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=200)
    geboortedatum = models.DateField(_("geboortedatum"), null=True, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6)
    huisnummer = models.PositiveIntegerField(_("huisnummer"))
    huisnummer_toevoeging = models.CharField(_("toevoeging"), max_length=10, blank=True)
    # What matching found.
    inwoner = models.ForeignKey(Inwoner, on_delete=models.PROTECT, null=True, blank=True, related_name="vroegsignalen")
    match_method = models.CharField(_("gekoppeld"), max_length=8, choices=MatchMethod.choices, blank=True)
    casus = models.ForeignKey(SignaalCasus, on_delete=models.PROTECT, null=True, blank=True, related_name="signalen")
    #: For a signal without a casus (not matched): the team whose queue it waits in, from the reported address
    #: (vroegsignalering.intake.queue_team_for); empty means only teamleiders see it.
    queue_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("wachtrij van team")
    )
    #: Closed in the queue without a casus: the person does not live here or cannot be identified.
    discarded_at = models.DateTimeField(_("niet te koppelen sinds"), null=True, blank=True)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("niet te koppelen volgens"),
    )
    discard_note = models.TextField(_("toelichting niet te koppelen"), blank=True)

    class Meta:
        verbose_name = _("vroegsignaal")
        verbose_name_plural = _("vroegsignalen")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "partner_signal_id"], name="vroegsignaal_once_per_partner_id")
        ]
        indexes = [models.Index(fields=["casus"]), models.Index(fields=["inwoner"])]

    def __str__(self) -> str:
        return f"{self.partner.code}/{self.partner_signal_id}"

    @property
    def is_matched(self) -> bool:
        return self.inwoner_id is not None


class ContactMethod(models.TextChoices):
    BRIEF = "brief", _("Brief")
    TELEFOON = "telefoon", _("Telefoon")
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    EMAIL = "email", _("E-mail")


class Daypart(models.TextChoices):
    OCHTEND = "ochtend", _("Ochtend")
    MIDDAG = "middag", _("Middag")
    AVOND = "avond", _("Avond")


class ContactResult(models.TextChoices):
    BEREIKT = "bereikt", _("Bereikt")
    NIET_THUIS = "niet_thuis", _("Niet thuis of geen gehoor")
    GEWEIGERD = "geweigerd", _("Wil geen hulp")
    AL_IN_HULP = "al_in_hulp", _("Al in schuldhulp")


class ContactPoging(models.Model):
    """One attempt to reach the household; only ever added."""

    casus = models.ForeignKey(SignaalCasus, on_delete=models.CASCADE, related_name="pogingen")
    method = models.CharField(_("hoe"), max_length=12, choices=ContactMethod.choices)
    on = models.DateField(_("datum"), default=date.today)
    daypart = models.CharField(_("dagdeel"), max_length=8, choices=Daypart.choices)
    result = models.CharField(_("resultaat"), max_length=12, choices=ContactResult.choices)
    note = models.TextField(_("notitie"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("contactpoging")
        verbose_name_plural = _("contactpogingen")
        ordering = ["on", "id"]


class RemovedFactKind(models.TextChoices):
    """The three kinds of count indicator 13 makes (monitor/indicators/vroegsignalering.py uses these values)."""

    SIGNAL = "vroegsignaal", _("signalen")
    CASUS = "vroegsignaal_casus", _("huishoudens")
    CONTACT = "vroegsignaal_contact", _("eerste contacten")


class CasusStage(models.TextChoices):
    """How far a casus got, for indicator 13: one bucket each, so the buckets add up to the households."""

    GEACCEPTEERD = "geaccepteerd", _("Aanbod geaccepteerd")
    BEREIKT = "bereikt", _("Bereikt, (nog) niet geaccepteerd")
    NIET_BEREIKT = "niet_bereikt", _("(Nog) niet bereikt")


class RemovedSignalFact(models.Model):
    """What indicator 13 counted about signals and casussen that the Wgs term removed (`retention.remove_expired`).

    The monitor rebuilds its figures from the live rows every night; without these, a month older than the term would
    silently lose its refused, not reached and already helped households and its loose signals. So the removal first
    stores the indicator's own counts of the rows it is about to delete, and the indicator adds them back. Coded
    values and numbers only: no person, household, address, amount, partner or partner's signal id, no free text.
    """

    fact = models.CharField(_("soort telling"), max_length=20, choices=RemovedFactKind.choices)
    month = models.DateField(_("maand"))
    wijk = models.ForeignKey(
        Wijk, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("wijk")
    )
    category = models.CharField(
        _("categorie"), max_length=20, choices=[*PartnerKind.choices, *CasusStage.choices], blank=True
    )
    days = models.PositiveIntegerField(_("dagen tot eerste contact"), null=True, blank=True)
    count = models.PositiveIntegerField(_("aantal"))
    removed_on = models.DateField(_("verwijderd op"))

    class Meta:
        verbose_name = _("telling van verwijderde vroegsignalen")
        verbose_name_plural = _("tellingen van verwijderde vroegsignalen")
        ordering = ["month", "id"]
