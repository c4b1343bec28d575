"""A DigiD broker (OpenID Connect provider) in memory, for the DigiD login tests.

It signs ID tokens with its own RSA key, publishes the key as JWKS, and answers the token and userinfo requests
that mozilla-django-oidc makes through ``requests``; tests swap the ``requests`` module of mozilla-django-oidc's
backend for this fake, so nothing leaves the machine.
"""

import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from digid.models import DigiDConfig

ISSUER = "https://digid-makelaar.example"
CLIENT_ID = "open-wijkteam-digid"


class FakeResponse:
    def __init__(self, status_code: int, body: Any, content_type: str = "application/json", url: str = "") -> None:
        self.status_code = status_code
        self._body = body
        self.headers = {"content-type": content_type, "Content-Type": content_type}
        self.url = url
        self.text = body if isinstance(body, str) else json.dumps(body)
        self.content = self.text.encode()

    def json(self) -> Any:
        return self._body if not isinstance(self._body, str) else json.loads(self._body)

    def raise_for_status(self) -> None:
        import requests

        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code}", response=self)  # type: ignore[arg-type]


@dataclass
class Broker:
    """What the broker will say next: the claims, and how to spoil the ID token."""

    claims: dict[str, Any] = field(default_factory=dict)
    audience: str = CLIENT_ID
    wrong_nonce: bool = False
    expired: bool = False
    token_status: int = 200
    key: Any = field(default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))
    nonces: dict[str, str] = field(default_factory=dict)  # code -> nonce
    token_requests: list[dict[str, Any]] = field(default_factory=list)

    def authorize(self, location: str, code: str = "code-1") -> dict[str, str]:
        """What the broker does with the resident's browser: it remembers the nonce and sends back code and state."""
        query = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
        self.nonces[code] = query["nonce"]
        return {"code": code, "state": query["state"]}

    def id_token(self, code: str) -> str:
        now = int(time.time())
        payload = {
            "iss": ISSUER,
            "sub": "pseudonym-123",
            "aud": self.audience,
            "iat": now,
            "exp": now - 60 if self.expired else now + 300,
            "nonce": "not-yours" if self.wrong_nonce else self.nonces.get(code, ""),
            **self.claims,
        }
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": "key-1"})

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update({"kid": "key-1", "alg": "RS256", "use": "sig"})
        return {"keys": [public]}

    # The parts of ``requests`` that mozilla-django-oidc uses.
    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> FakeResponse:
        assert url == f"{ISSUER}/token"
        self.token_requests.append(dict(data or {}))
        if self.token_status != 200:
            return FakeResponse(self.token_status, {"error": "invalid_grant"}, url=url)
        code = str((data or {}).get("code"))
        return FakeResponse(200, {"access_token": "access-1", "id_token": self.id_token(code), "token_type": "Bearer"})

    def get(self, url: str, **kwargs: Any) -> FakeResponse:
        if url == f"{ISSUER}/jwks":
            return FakeResponse(200, self.jwks())
        if url == f"{ISSUER}/userinfo":
            assert kwargs["headers"]["Authorization"] == "Bearer access-1"
            return FakeResponse(200, {"sub": "pseudonym-123", **self.claims})
        return FakeResponse(404, {}, url=url)


def configure_digid(**overrides: Any) -> DigiDConfig:
    """DigiD switched on and complete, as a beheerder would leave it."""
    values: dict[str, Any] = {
        "enabled": True,
        "client_id": CLIENT_ID,
        "client_secret": "geheim-van-de-makelaar",
        "authorization_endpoint": f"{ISSUER}/authorize",
        "token_endpoint": f"{ISSUER}/token",
        "userinfo_endpoint": f"{ISSUER}/userinfo",
        "jwks_endpoint": f"{ISSUER}/jwks",
        "bsn_claim": "bsn",
        **overrides,
    }
    config = DigiDConfig(**values)
    config.save()
    return config
