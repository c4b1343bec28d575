"""Every error is an RFC 9457 problem: application/problem+json with type, title, status, detail and instance."""

from typing import Any

import pytest
from django.test import Client

from partnerapi import meldingen
from partnerapi.tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

FIELDS = {"type", "title", "status", "detail", "instance"}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert FIELDS <= set(body) and body["status"] == status
    assert body["type"].startswith("urn:open-wijkteam:api:probleem:")
    return body


def test_400_invalid_json(api: ApiClient) -> None:
    body = assert_problem(api.post("/api/v1/meldingen/", "{niet: json", content_type="application/json"), 400)
    assert body["instance"] == "/api/v1/meldingen/"


def test_400_validation_lists_the_errors(api: ApiClient) -> None:
    body = assert_problem(api.post("/api/v1/meldingen/", {}), 400)
    assert body["type"].endswith(":validatie")
    assert {error["field"] for error in body["errors"]} == {"achternaam", "omschrijving"}


def test_401_without_a_key(db: None) -> None:
    assert_problem(Client().post("/api/v1/meldingen/", {}, content_type="application/json"), 401)


def test_404_for_a_path_the_api_does_not_have(api: ApiClient) -> None:
    assert_problem(api.get("/api/v1/bestaat-niet/"), 404)
    assert_problem(api.get("/api/"), 404)


def test_405_for_a_method_the_route_does_not_take(api: ApiClient) -> None:
    assert_problem(api.client.delete("/api/v1/meldingen/", headers=api._headers(None)), 405)


def test_406_for_an_answer_format_the_api_does_not_give(api: ApiClient) -> None:
    assert_problem(api.get("/api/v1/meldingen/1/", headers={"Accept": "text/html"}), 406)


def test_413_for_a_body_over_the_limit(api: ApiClient) -> None:
    body = '{"achternaam": "' + "x" * (3 * 1024 * 1024) + '"}'
    assert_problem(api.post("/api/v1/meldingen/", body), 413)


def test_415_for_a_form_instead_of_json(api: ApiClient) -> None:
    response = api.client.post("/api/v1/meldingen/", {"achternaam": "Jansen"}, headers=api._headers(None))
    assert_problem(response, 415)


def test_500_is_a_problem_too_and_says_nothing_of_the_cause(api: ApiClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("geheime details")

    monkeypatch.setattr(meldingen, "receive", broken)
    monkeypatch.setattr("partnerapi.views.receive", broken)

    body = assert_problem(api.post("/api/v1/meldingen/", {"achternaam": "J", "omschrijving": "Zorg"}), 500)
    assert "geheime" not in str(body)


def test_drf_messages_are_said_in_dutch(api: ApiClient) -> None:
    body = api.post(
        "/api/v1/meldingen/",
        {"achternaam": "x" * 201, "omschrijving": "Zorg", "huisnummer": "twaalf", "urgentie": "morgen"},
    ).json()

    messages = {error["field"]: error["message"] for error in body["errors"]}
    assert messages == {
        "achternaam": "Dit veld mag hoogstens 200 tekens lang zijn.",
        "huisnummer": "Deze waarde is niet geldig.",
        "urgentie": "Deze keuze bestaat niet.",
    }


def test_our_own_messages_are_kept(api: ApiClient) -> None:
    body = api.post("/api/v1/meldingen/", {"achternaam": "J", "omschrijving": "Zorg", "bsn": "123456789"}).json()
    assert body["errors"] == [{"field": "bsn", "message": "Dit BSN klopt niet (elfproef)."}]
    assert api.get("/api/v1/meldingen/424242/").json()["detail"] == "Geen melding van deze partner met dit nummer."
