"""OAuth2 client credentials: an access token of the municipality's IdP, checked against its keys (JWKS)."""

import time
from types import SimpleNamespace
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client

from partnerapi import oauth
from partners.models import Partner, PartnerMelding

pytestmark = pytest.mark.django_db

ISSUER = "https://idp.gemeente.example/realms/partners"
IDP_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
WORRY = {"achternaam": "Jansen", "omschrijving": "Zorgen over de thuissituatie."}


@pytest.fixture(autouse=True)
def idp(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PARTNER_API_IDP_ISSUER = ISSUER
    settings.PARTNER_API_IDP_JWKS_URL = "https://idp.gemeente.example/certs"
    settings.PARTNER_API_IDP_AUDIENCE = "partner-api"
    published = SimpleNamespace(get_signing_key_from_jwt=lambda token: SimpleNamespace(key=IDP_KEY.public_key()))
    monkeypatch.setattr(oauth, "jwks_client", lambda url: published)


def token(client_id: str, *, key: Any = IDP_KEY, **claims: Any) -> str:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": "partner-api", "azp": client_id, "iat": now, "exp": now + 300, **claims}
    return jwt.encode(payload, key, algorithm="RS256")


def post(bearer: str) -> Any:
    return Client().post(
        "/api/v1/meldingen/", WORRY, content_type="application/json", headers={"Authorization": f"Bearer {bearer}"}
    )


def test_a_token_of_the_idp_for_a_partner_opens_the_api(partner: Partner) -> None:
    response = post(token(partner.code))

    assert response.status_code == 201
    assert PartnerMelding.objects.get().partner == partner


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"key": OTHER_KEY}, id="signed by another key"),
        pytest.param({"iss": "https://elders.example"}, id="other issuer"),
        pytest.param({"aud": "iets-anders"}, id="other audience"),
        pytest.param({"exp": int(time.time()) - 3600}, id="expired"),
    ],
)
def test_a_token_that_does_not_check_out_is_refused(partner: Partner, claims: dict[str, Any]) -> None:
    response = post(token(partner.code, **claims))
    assert response.status_code == 401 and not PartnerMelding.objects.exists()


def test_a_client_that_is_no_active_partner_is_refused(partner: Partner) -> None:
    assert post(token("onbekend")).status_code == 401
    Partner.objects.filter(pk=partner.pk).update(active=False)
    assert post(token(partner.code)).status_code == 401


def test_without_an_issuer_setting_tokens_are_not_accepted(partner: Partner, settings: Any) -> None:
    settings.PARTNER_API_IDP_ISSUER = ""
    assert post(token(partner.code)).status_code == 401
