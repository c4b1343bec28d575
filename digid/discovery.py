"""Filling in the DigiD broker's endpoints from its discovery document (OpenID Connect Discovery 1.0)."""

from typing import Any

import requests

#: Our field -> the key in <issuer>/.well-known/openid-configuration.
DISCOVERED_FIELDS = {
    "authorization_endpoint": "authorization_endpoint",
    "token_endpoint": "token_endpoint",
    "userinfo_endpoint": "userinfo_endpoint",
    "jwks_endpoint": "jwks_uri",
}
TIMEOUT_SECONDS = 10


class DiscoveryError(Exception):
    """The discovery document could not be read or is not one."""


def discovery_document_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def discover(issuer: str) -> dict[str, str]:
    """The endpoints the broker publishes, by our field names; only https addresses are taken."""
    try:
        response = requests.get(discovery_document_url(issuer), timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        document: Any = response.json()
    except (requests.RequestException, ValueError) as error:
        raise DiscoveryError(str(error)) from error
    if not isinstance(document, dict):
        raise DiscoveryError("not a JSON object")
    found: dict[str, str] = {}
    for field, key in DISCOVERED_FIELDS.items():
        value = document.get(key)
        if isinstance(value, str) and value.startswith("https://"):
            found[field] = value
    if "authorization_endpoint" not in found or "token_endpoint" not in found:
        raise DiscoveryError("no authorization_endpoint or token_endpoint")
    return found
