"""The DigiD login's settings, one row the beheerder edits in /beheer/ (docs/adr/0020-digid-oidc.md).

The municipality reaches DigiD through a broker that speaks OpenID Connect (the authorization code flow with
PKCE). This row holds what the broker gave the municipality (client id and secret, the endpoints or the issuer
to discover them from) and what it sends back: the claim with the BSN and, when it sends one, the claim with the
level of assurance. Residents can log in with DigiD only when the row is switched on and complete.
"""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class LevelOfAssurance(models.TextChoices):
    """DigiD's levels of assurance (betrouwbaarheidsniveaus) as the SAML class URNs brokers pass on, lowest first."""

    BASIS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport", _("DigiD Basis")
    MIDDEN = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract", _("DigiD Midden")
    SUBSTANTIEEL = "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard", _("DigiD Substantieel")
    HOOG = "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI", _("DigiD Hoog")

    @classmethod
    def rank(cls, value: str) -> int | None:
        """0 for Basis up to 3 for Hoog; None for a value that is not a DigiD level."""
        values = [str(choice) for choice in cls.values]
        return values.index(value) if value in values else None


class ClaimsSource(models.TextChoices):
    USERINFO = "userinfo", _("Userinfo-endpoint")
    ID_TOKEN = "id_token", _("ID-token")


#: How the broker may sign its ID tokens: codes, the same in every language. Asymmetric only (checked against the
#: broker's published keys); a shared-secret signature (HS256) is not offered.
SIGN_ALGORITHMS = ("RS256", "ES256", "PS256")


#: The settings a working login needs; the rest have defaults or are optional.
REQUIRED_FIELDS = ("client_id", "client_secret", "authorization_endpoint", "token_endpoint", "jwks_endpoint")


class DigiDConfig(models.Model):
    """One row (pk 1): use DigiDConfig.get() to read it."""

    SINGLETON_PK: ClassVar[int] = 1

    enabled = models.BooleanField(
        _("aan"),
        default=False,
        help_text=_("Inwoners kunnen pas met DigiD inloggen als dit aan staat en alle verplichte velden gevuld zijn."),
    )
    client_id = models.CharField(_("client-ID"), max_length=1000, blank=True)
    client_secret = models.CharField(
        _("client-secret"),
        max_length=1000,
        blank=True,
        help_text=_("Wordt niet getoond. Laat leeg om het bestaande geheim te houden."),
    )
    discovery_url = models.URLField(
        _("issuer (discovery)"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Het adres van de DigiD-makelaar. Bij opslaan halen we de lege adressen hieronder op uit "
            "<issuer>/.well-known/openid-configuration."
        ),
    )
    authorization_endpoint = models.URLField(_("authorization-endpoint"), max_length=1000, blank=True)
    token_endpoint = models.URLField(_("token-endpoint"), max_length=1000, blank=True)
    userinfo_endpoint = models.URLField(
        _("userinfo-endpoint"),
        max_length=1000,
        blank=True,
        help_text=_("Nodig als de claims uit het userinfo-endpoint komen."),
    )
    jwks_endpoint = models.URLField(
        _("JWKS-endpoint"), max_length=1000, blank=True, help_text=_("De sleutels waarmee het ID-token is ondertekend.")
    )
    sign_algorithm = models.CharField(
        _("ondertekening ID-token"),
        max_length=10,
        choices=[(code, code) for code in SIGN_ALGORITHMS],
        default=SIGN_ALGORITHMS[0],
    )
    scopes = models.CharField(
        _("scopes"),
        max_length=500,
        default="openid bsn",
        help_text=_("Gescheiden door spaties; 'openid' is verplicht."),
    )
    claims_source = models.CharField(
        _("claims uit"), max_length=20, choices=ClaimsSource.choices, default=ClaimsSource.USERINFO
    )
    bsn_claim = models.CharField(
        _("claim met het BSN"),
        max_length=200,
        default="bsn",
        help_text=_("De naam van de claim precies zoals de makelaar hem stuurt."),
    )
    loa_claim = models.CharField(
        _("claim met het betrouwbaarheidsniveau"),
        max_length=200,
        blank=True,
        help_text=_("Leeg als de makelaar het niveau niet meestuurt."),
    )
    minimum_loa = models.CharField(
        _("minimaal betrouwbaarheidsniveau"),
        max_length=100,
        choices=LevelOfAssurance.choices,
        blank=True,
        help_text=_("Alleen gecontroleerd als de claim met het niveau is ingevuld. Een lager niveau wordt geweigerd."),
    )
    token_basic_auth = models.BooleanField(
        _("client-gegevens via Basic auth"),
        default=False,
        help_text=_("Aan: client-ID en secret in de Authorization-header naar het token-endpoint, anders in de body."),
    )
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        verbose_name = _("DigiD-instelling")
        verbose_name_plural = _("DigiD-instellingen")

    def __str__(self) -> str:
        return str(_("DigiD (OpenID Connect)"))

    def save(self, *args: object, **kwargs: object) -> None:
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def get(cls) -> "DigiDConfig":
        """The stored settings, or the defaults (unsaved, switched off) when the beheerder never saved any."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)

    def missing_fields(self) -> list[str]:
        missing = [name for name in REQUIRED_FIELDS if not str(getattr(self, name)).strip()]
        if self.claims_source == ClaimsSource.USERINFO and not self.userinfo_endpoint.strip():
            missing.append("userinfo_endpoint")
        if not self.bsn_claim.strip():
            missing.append("bsn_claim")
        return missing

    @property
    def is_ready(self) -> bool:
        """Switched on and complete: only then is there a DigiD button."""
        return self.enabled and not self.missing_fields()

    @property
    def scope_list(self) -> list[str]:
        return [scope for scope in self.scopes.split() if scope]
