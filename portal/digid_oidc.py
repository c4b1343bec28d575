"""DigiD through OpenID Connect for residents: mozilla-django-oidc's code flow, read from the beheerder's settings.

mozilla-django-oidc (already used for the staff login, accounts/oidc.py) does the protocol: the state, nonce and
PKCE verifier in the session, the code exchanged for tokens, the ID token's signature checked against the
broker's JWKS. Two things differ from its normal use, on purpose:

* the settings come from the DigiDConfig row in /beheer/ (digid/models.py), not from Django settings, so the
  staff login's OIDC_* settings and this login never mix;
* a successful login does not find or create a Django ``User``: the backend hands back only the BSN the broker
  proved, and the callback view (portal/digid_views.py) starts a portal session with it. A resident never has an
  account and is never logged in as staff.

The backend is not in AUTHENTICATION_BACKENDS: only the DigiD callback calls it, directly, so no staff login
(password or staff OIDC) can ever reach it.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from digid.models import ClaimsSource, DigiDConfig, LevelOfAssurance
from residents.bsn import is_valid_bsn

#: The URL name the broker sends residents back to (portal/urls_digid.py).
CALLBACK_URL_NAME = "portal:digid_callback"
#: Timeout in seconds for each call to the broker (token, userinfo, JWKS).
BROKER_TIMEOUT = 10


class NeverAUser(RuntimeError):
    """Raised if anything asks the DigiD backend for a staff user: residents never become one."""


class DigiDRefused(Exception):
    """The broker answered, but what it said does not let this person in (no BSN, a bad BSN, too low a level)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class DigiDLogin:
    """What a successful DigiD login proved: a BSN (passing the elfproef) and the level, when the broker sent it."""

    bsn: str
    loa: str = ""


def config_settings(config: DigiDConfig) -> dict[str, Any]:
    """The beheerder's row as the OIDC_* names mozilla-django-oidc asks for."""
    return {
        "OIDC_RP_CLIENT_ID": config.client_id,
        "OIDC_RP_CLIENT_SECRET": config.client_secret,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": config.authorization_endpoint,
        "OIDC_OP_TOKEN_ENDPOINT": config.token_endpoint,
        "OIDC_OP_USER_ENDPOINT": config.userinfo_endpoint,
        "OIDC_OP_JWKS_ENDPOINT": config.jwks_endpoint or None,
        "OIDC_RP_SIGN_ALGO": config.sign_algorithm,
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": " ".join(config.scope_list),
        "OIDC_TOKEN_USE_BASIC_AUTH": config.token_basic_auth,
        "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL_NAME,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_STATE_SIZE": 32,
        "OIDC_NONCE_SIZE": 32,
        "OIDC_REDIRECT_FIELD_NAME": "next",
        "OIDC_VERIFY_SSL": True,
        "OIDC_TIMEOUT": BROKER_TIMEOUT,
        "OIDC_PROXY": None,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_CREATE_USER": False,
    }


class _ConfigSettings:
    """get_settings() from the DigiDConfig row; a name it does not know is a programming error, not a fallback to
    the staff login's Django settings."""

    digid_config: DigiDConfig

    def get_settings(self, attr: str, *args: Any) -> Any:
        values = config_settings(self.digid_config)
        if attr in values:
            return values[attr]
        if args:
            return args[0]
        raise KeyError(attr)


class DigiDAuthenticationRequestView(_ConfigSettings, OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the resident to the broker (state, nonce and PKCE verifier kept in the session)."""

    def __init__(self, *args: Any, digid_config: DigiDConfig, **kwargs: Any) -> None:
        self.digid_config = digid_config
        super().__init__(*args, **kwargs)

    def get_settings(self, attr: str, *args: Any) -> Any:  # the parent's is a staticmethod
        return _ConfigSettings.get_settings(self, attr, *args)


class DigiDBackend(_ConfigSettings, OIDCAuthenticationBackend):  # type: ignore[misc]
    """The code exchange and token checks of mozilla-django-oidc, ending in a DigiDLogin instead of a User."""

    def __init__(self, digid_config: DigiDConfig) -> None:
        self.digid_config = digid_config
        super().__init__()

    def get_settings(self, attr: str, *args: Any) -> Any:  # the parent's is a staticmethod
        return _ConfigSettings.get_settings(self, attr, *args)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:
            # The ID token (not a signed userinfo answer): it must be meant for us.
            audience = payload.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if self.digid_config.client_id not in audiences:
                raise SuspiciousOperation("ID token audience is not our client id")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        if self.digid_config.claims_source == ClaimsSource.ID_TOKEN:
            return payload
        claims: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> DigiDLogin:
        """Never a User: the claims must hold a valid BSN (and a high enough level), and that is all we keep."""
        claims = self.get_userinfo(access_token, id_token, payload)
        if not isinstance(claims, dict):
            raise DigiDRefused("claims are not an object")
        return login_from_claims(self.digid_config, claims)

    # A DigiD login is never a user of this application: nothing to find, create or update.
    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        raise NeverAUser

    def create_user(self, claims: dict[str, Any]) -> None:
        raise NeverAUser

    def update_user(self, user: Any, claims: dict[str, Any]) -> None:
        raise NeverAUser

    def get_user(self, user_id: Any) -> None:
        return None


def login_from_claims(config: DigiDConfig, claims: dict[str, Any]) -> DigiDLogin:
    """The BSN (and level) from the broker's claims, or DigiDRefused saying why not (never the BSN itself)."""
    raw = claims.get(config.bsn_claim)
    if raw is None or raw == "":
        raise DigiDRefused("no BSN claim")
    bsn = str(raw).strip()
    if not is_valid_bsn(bsn):
        raise DigiDRefused("BSN claim fails the elfproef")
    loa = ""
    if config.loa_claim:
        loa = str(claims.get(config.loa_claim) or "")
        if config.minimum_loa:
            got = LevelOfAssurance.rank(loa)
            needed = LevelOfAssurance.rank(config.minimum_loa)
            if got is None or needed is None or got < needed:
                raise DigiDRefused("level of assurance too low or unknown")
    return DigiDLogin(bsn=bsn, loa=loa)


def authenticate(request: HttpRequest, config: DigiDConfig, *, nonce: str, code_verifier: str | None) -> DigiDLogin:
    """The code in `request` exchanged and checked; raises DigiDRefused, SuspiciousOperation or a requests error."""
    backend = DigiDBackend(config)
    result = backend.authenticate(request, nonce=nonce, code_verifier=code_verifier)
    if not isinstance(result, DigiDLogin):
        # mozilla-django-oidc turns a SuspiciousOperation in the claims step into None.
        raise DigiDRefused("no login from the broker's answer")
    return result
