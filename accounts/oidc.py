"""Optional login through the municipality's identity provider (OpenID Connect).

Active only when OIDC_RP_CLIENT_ID is set (config/settings.py adds this backend and config/urls.py the
routes). The identity provider proves who someone is; this application still decides what they may do,
so only existing, active accounts can log in this way: an unknown person is refused, never created.
Matching: the username claim (OIDC_USERNAME_CLAIM, default `preferred_username`) against our username,
else the `email` claim against the account's e-mail address (only when exactly one account has it).
"""

import logging
from typing import Any

import jwt
from django.conf import settings
from django.db.models import QuerySet
from django.urls import path
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts.models import User
from core.access import public_view

logger = logging.getLogger(__name__)


class StaffOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Maps the identity provider's claims onto an existing staff account."""

    def authenticate(self, request: Any, **kwargs: Any) -> User | None:
        """A token PyJWT rejects (expired, malformed) is a failed login, not a 500: mozilla-django-oidc lets
        those errors through, so the callback would crash instead of sending the user back to the login page."""
        try:
            return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]
        except jwt.PyJWTError as error:
            logger.warning("OIDC-login geweigerd: het ID-token is ongeldig (%s)", type(error).__name__)
            return None

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get(settings.OIDC_USERNAME_CLAIM) or claims.get("email"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        return users_for_claims(claims)

    def create_user(self, claims: dict[str, Any]) -> None:
        """Never: OIDC_CREATE_USER is off, and this makes sure of it."""
        return None


def users_for_claims(claims: dict[str, Any]) -> QuerySet[User]:
    active = User.objects.filter(is_active=True)
    username = str(claims.get(getattr(settings, "OIDC_USERNAME_CLAIM", "preferred_username")) or "").strip()
    if username:
        by_username = active.filter(username__iexact=username)
        if by_username.exists():
            return by_username
    email = str(claims.get("email") or "").strip()
    if email:
        return active.filter(email__iexact=email)
    return active.none()


#: Mounted at /account/oidc/ only when OIDC is configured; the names are the ones mozilla-django-oidc reverses.
urlpatterns = [
    path(
        "authenticate/",
        public_view(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "callback/",
        public_view(OIDCAuthenticationCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
]
