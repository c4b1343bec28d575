"""The organisations that send the municipality meldingen and vroegsignalen, and how their systems log in.

A partner is an organisation, not a person: a GP practice, a school, a housing corporation, an energy or
water company, a health insurer. What it may send (its scopes) is set by the beheerder. Its system acts
through a service account (``service_user``), so everything it does is logged like a staff action.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import Route


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
