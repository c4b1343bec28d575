"""An Idempotency-Key makes a retried POST harmless: the same answer, nothing done twice."""

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from partnerapi import services
from partnerapi.models import IdempotencyRecord
from partnerapi.tests.conftest import ApiClient
from partners.models import Partner, PartnerMelding

pytestmark = pytest.mark.django_db

URL = "/api/v1/meldingen/"
WORRY = {"achternaam": "Jansen", "omschrijving": "Zorgen over de thuissituatie."}


def test_the_same_key_and_body_replays_the_first_answer(api: ApiClient) -> None:
    first = api.post(URL, WORRY, headers={"Idempotency-Key": "abc-1"})
    again = api.post(
        URL, {"omschrijving": WORRY["omschrijving"], "achternaam": "Jansen"}, headers={"Idempotency-Key": "abc-1"}
    )

    assert again.status_code == first.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert PartnerMelding.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_with_422(api: ApiClient) -> None:
    api.post(URL, WORRY, headers={"Idempotency-Key": "abc-2"})

    response = api.post(URL, {**WORRY, "urgentie": "hoog"}, headers={"Idempotency-Key": "abc-2"})

    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert PartnerMelding.objects.count() == 1


def test_without_a_key_a_retry_is_a_second_melding(api: ApiClient) -> None:
    api.post(URL, WORRY)
    api.post(URL, WORRY)
    assert PartnerMelding.objects.count() == 2


def test_keys_are_per_partner(api: ApiClient, other_api: ApiClient) -> None:
    api.post(URL, WORRY, headers={"Idempotency-Key": "gedeeld"})
    response = other_api.post(URL, WORRY, headers={"Idempotency-Key": "gedeeld"})
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert PartnerMelding.objects.count() == 2


def test_a_refused_request_is_not_remembered(api: ApiClient) -> None:
    assert api.post(URL, {"achternaam": "Jansen"}, headers={"Idempotency-Key": "abc-3"}).status_code == 400
    assert api.post(URL, WORRY, headers={"Idempotency-Key": "abc-3"}).status_code == 201


def test_an_unusable_key_is_a_validation_problem(api: ApiClient) -> None:
    response = api.post(URL, WORRY, headers={"Idempotency-Key": "x" * 256})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "Idempotency-Key"


def test_the_loser_of_a_race_with_the_same_key_is_rolled_back_and_gets_the_winners_answer(
    api: ApiClient, partner: Partner, monkeypatch: pytest.MonkeyPatch
) -> None:
    winner = api.post(URL, WORRY, headers={"Idempotency-Key": "race"}).json()
    real = services.stored_answer
    calls: list[int] = []

    def not_yet_committed(*args: Any, **kwargs: Any) -> Any:
        # The first look happens before the winner committed: it sees nothing and does the work itself.
        calls.append(1)
        return None if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(services, "stored_answer", not_yet_committed)

    loser = api.post(URL, WORRY, headers={"Idempotency-Key": "race"})

    assert loser.status_code == 201 and loser.json() == winner and loser["Idempotent-Replayed"] == "true"
    assert PartnerMelding.objects.count() == 1


def test_answers_older_than_the_retention_are_not_replayed_and_are_cleaned_up(api: ApiClient) -> None:
    api.post(URL, WORRY, headers={"Idempotency-Key": "oud"})
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    api.post(URL, {"achternaam": "Pietersen", "omschrijving": "Iets anders"}, headers={"Idempotency-Key": "ander"})
    IdempotencyRecord.objects.filter(key="ander").update(created_at=timezone.now() - timedelta(hours=30))

    assert api.post(URL, WORRY, headers={"Idempotency-Key": "oud"}).status_code == 201
    assert PartnerMelding.objects.count() == 3

    call_command("clear_idempotency_records", stdout=io.StringIO())
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["oud"]
