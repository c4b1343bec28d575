"""Optional OIDC login: off unless configured; maps the IdP's person onto an existing account, never creates one."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.test import Client, RequestFactory

from accounts.models import Role, User
from core.middleware import has_second_factor
from testsupport.factories import UserFactory


def test_without_configuration_there_are_no_oidc_urls(client: Client, db: None) -> None:
    assert client.get("/account/oidc/authenticate/").status_code == 404
    assert "oidc" not in client.get("/account/inloggen/").content.decode().lower()


@pytest.mark.django_db
def test_the_identity_provider_person_is_found_by_username_then_email(settings) -> None:
    from accounts.oidc import users_for_claims

    settings.OIDC_USERNAME_CLAIM = "preferred_username"
    sanne = UserFactory(username="sanne", email="s.devries@gemeente.example", role=Role.GENERALIST)

    assert list(users_for_claims({"preferred_username": "SANNE"})) == [sanne]
    assert list(users_for_claims({"preferred_username": "onbekend", "email": "S.deVries@gemeente.example"})) == [sanne]
    assert list(users_for_claims({"preferred_username": "onbekend", "email": "iemand@elders.example"})) == []


@pytest.mark.django_db
def test_unknown_or_inactive_people_are_not_logged_in_nor_created(settings) -> None:
    from accounts.oidc import StaffOIDCBackend, users_for_claims

    settings.OIDC_USERNAME_CLAIM = "preferred_username"
    UserFactory(username="oud", role=Role.GENERALIST, is_active=False)

    assert list(users_for_claims({"preferred_username": "oud"})) == []
    backend = StaffOIDCBackend.__new__(StaffOIDCBackend)  # without __init__: it needs the OIDC endpoints
    backend.create_user({"preferred_username": "nieuw", "email": "nieuw@gemeente.example"})
    assert not User.objects.filter(username="nieuw").exists()


def _oidc_request(settings, trusts: bool):
    settings.OIDC_ENABLED = True
    settings.OIDC_TRUSTS_IDP_MFA = trusts
    request = RequestFactory().get("/")
    request.session = {BACKEND_SESSION_KEY: "accounts.oidc.StaffOIDCBackend"}  # type: ignore[assignment]
    request.user = UserFactory.build(role=Role.GENERALIST)
    request.user.is_verified = lambda: False  # type: ignore[attr-defined]
    return request


@pytest.mark.django_db
def test_an_oidc_login_still_needs_our_code_unless_the_idp_mfa_is_trusted(settings) -> None:
    assert not has_second_factor(_oidc_request(settings, trusts=False))
    assert has_second_factor(_oidc_request(settings, trusts=True))


def test_an_expired_id_token_is_a_refused_staff_login_not_a_500(monkeypatch) -> None:
    """mozilla-django-oidc lets PyJWT's own errors through; the backend turns them into a failed login."""
    import jwt
    from mozilla_django_oidc.auth import OIDCAuthenticationBackend

    from accounts.oidc import StaffOIDCBackend

    def expired(self, request, **kwargs):  # type: ignore[no-untyped-def]
        raise jwt.ExpiredSignatureError("Signature has expired")

    monkeypatch.setattr(OIDCAuthenticationBackend, "authenticate", expired)
    backend = StaffOIDCBackend.__new__(StaffOIDCBackend)
    assert backend.authenticate(RequestFactory().get("/account/oidc/callback/")) is None
