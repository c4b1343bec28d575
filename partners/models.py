"""The organisations that send the municipality meldingen and vroegsignalen, and how their systems log in.

A partner is an organisation, not a person: a GP practice, a school, a housing corporation, an energy or
water company, a health insurer. What it may send (its scopes) is set by the beheerder. Its system acts
through a service account (``service_user``), so everything it does is logged like a staff action.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import Melding, Route, Urgency
from residents.models import Inwoner


class PartnerKind(models.TextChoices):
    WONINGVERHUURDER = "woningverhuurder", _("Woningverhuurder of woningcorporatie")
    ENERGIE = "energie", _("Energieleverancier")
    WATER = "water", _("Drinkwaterbedrijf")
    ZORGVERZEKERAAR = "zorgverzekeraar", _("Zorgverzekeraar")
    HUISARTS = "huisarts", _("Huisartsenpraktijk")
    SCHOOL = "school", _("School")
    POLITIE = "politie", _("Politie (wijkagent)")
    SCHULDHULP = "schuldhulp", _("Schuldhulppartner")
    OVERIG = "overig", _("Overige organisatie")


#: The partners the Wgs (art. 3 lid 4 with the Besluit gemeentelijke schuldhulpverlening) lets report payment arrears.
SIGNAL_GIVERS: frozenset[str] = frozenset(
    {PartnerKind.WONINGVERHUURDER, PartnerKind.ENERGIE, PartnerKind.WATER, PartnerKind.ZORGVERZEKERAAR}
)


class Scope(models.TextChoices):
    """What a partner's system may do through the API."""

    MELDINGEN = "meldingen", _("Meldingen insturen en hun status lezen")
    VROEGSIGNALEN = "vroegsignalen", _("Vroegsignalen insturen en hun status lezen")


class Partner(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    #: How the partner names itself in a batch file or an API call ("partner" column); stable, never reused.
    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Korte vaste code, bijv. woonstad of energie-noord.")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=PartnerKind.choices)
    #: The access route of the meldingen this partner sends (a GP's melding arrives by the GP route).
    route = models.CharField(_("route van meldingen"), max_length=20, choices=Route.choices, default=Route.OVERIG)
    scopes = models.JSONField(_("mag insturen"), default=list, blank=True)
    active = models.BooleanField(_("actief"), default=True, help_text=_("Een inactieve partner wordt geweigerd."))
    #: Requests per minute the partner's system may make; more get 429 with Retry-After.
    rate_limit_per_minute = models.PositiveIntegerField(_("verzoeken per minuut"), default=60)
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner",
        verbose_name=_("systeemaccount"),
        help_text=_("Het account waaronder het systeem van de partner handelt; zo staat alles in het toegangslog."),
    )
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def may(self, scope: str) -> bool:
        return self.active and scope in self.scopes

    @property
    def gives_signals(self) -> bool:
        return self.kind in SIGNAL_GIVERS


#: The longest worry a partner may send: enough for a full account, short enough that nobody pastes a file in it.
DESCRIPTION_MAX_LENGTH = 5000


class MatchMethod(models.TextChoices):
    BSN = "bsn", _("Op BSN")
    ADRES = "adres", _("Op adres, achternaam en geboortedatum")
    HAND = "hand", _("Door een teamlid gekoppeld")


class PartnerMelding(models.Model):
    """A melding as a partner's system sent it, kept apart from the dossier's Melding.

    Why a record of its own: what the partner wrote (the person as they know them) is evidence of what came in,
    also when it cannot be matched to a resident yet or a team member judges it is not for the wijkteam. Once it
    is registered, ``melding`` points at the dossiers.Melding in the access route, and the partner's status
    (``partners.services.status_of``) follows that dossier, without ever showing its content.
    """

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="meldingen", verbose_name=_("partnerorganisatie")
    )
    #: The partner's own id for the melding; optional, unique per partner when given.
    partner_reference = models.CharField(_("kenmerk van de partner"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    # The person as the partner reported them.
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)
    voornamen = models.CharField(_("voornamen"), max_length=200, blank=True)
    voorletters = models.CharField(_("voorletters"), max_length=20, blank=True)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=200)
    geboortedatum = models.DateField(_("geboortedatum"), null=True, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    huisnummer = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    huisnummer_toevoeging = models.CharField(_("toevoeging"), max_length=10, blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    # The worry.
    description = models.TextField(_("omschrijving"), max_length=DESCRIPTION_MAX_LENGTH)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAAL)
    reporter_name = models.CharField(_("naam melder"), max_length=200, blank=True)
    # What became of it.
    inwoner = models.ForeignKey(
        Inwoner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_meldingen",
        verbose_name=_("gekoppelde inwoner"),
    )
    match_method = models.CharField(_("gekoppeld"), max_length=10, choices=MatchMethod.choices, blank=True)
    #: The wijkteam whose queue it is in: by the matched resident, else by the reported address. Empty: nobody
    #: could tell, and it is for the teamleiders to pick up (partners.selectors.queue_for).
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team (volgens adres)"),
    )
    melding = models.OneToOneField(
        Melding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_melding",
        verbose_name=_("geregistreerde melding"),
    )
    rejected_at = models.DateTimeField(_("afgewezen op"), null=True, blank=True)
    rejection_reason = models.TextField(_("reden van afwijzen"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgehandeld door"),
    )
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding van een partner")
        verbose_name_plural = _("meldingen van partners")
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "partner_reference"],
                condition=~models.Q(partner_reference=""),
                name="partnermelding_reference_unique_per_partner",
            ),
        ]
        indexes = [
            # The queue: what waits (neither registered nor rejected), oldest first.
            models.Index(
                fields=["received_at", "id"],
                condition=models.Q(melding__isnull=True, rejected_at__isnull=True),
                name="partnermelding_waiting",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Melding %(id)s van %(partner)s") % {"id": self.pk, "partner": self.partner_id})

    @property
    def is_waiting(self) -> bool:
        return self.melding_id is None and self.rejected_at is None

    @property
    def full_name(self) -> str:
        first = self.voornamen or self.voorletters
        return " ".join(part for part in (first, self.tussenvoegsel, self.achternaam) if part)
