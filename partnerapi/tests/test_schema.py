"""The OpenAPI description is served at /api/v1/schema/, publicly, and is a valid OpenAPI 3 document."""

import json

import pytest
from django.test import Client
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def test_the_description_is_public_and_valid_openapi_3() -> None:
    response = Client().get("/api/v1/schema/")

    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    validate_schema(document)  # raises on anything the OpenAPI 3 JSON schema refuses


def test_the_description_names_the_key_and_the_problems() -> None:
    document = json.loads(Client().get("/api/v1/schema/").content)

    assert document["components"]["securitySchemes"]["partnerSleutel"]["scheme"] == "bearer"
    posted = document["paths"]["/api/v1/meldingen/"]["post"]
    assert "application/problem+json" in posted["responses"]["422"]["content"]
    assert any(parameter["name"] == "Idempotency-Key" for parameter in posted["parameters"])
