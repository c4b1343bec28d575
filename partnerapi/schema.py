"""The API key in the OpenAPI description (drf-spectacular extension for ApiKeyAuthentication)."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "partnerapi.authentication.ApiKeyAuthentication"
    name = "partnerSleutel"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "<voorvoegsel>.<geheim>",
            "description": "De API-sleutel van de partner; ook als header X-Api-Key.",
        }


class IdpTokenScheme(OpenApiAuthenticationExtension):
    target_class = "partnerapi.oauth.IdpTokenAuthentication"
    name = "gemeenteIdp"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "Een access token van de identity provider van de gemeente (OAuth2 client credentials); "
            "alleen als de gemeente dit heeft aangezet.",
        }
