"""A partner's system posts a melding and reads back its status, and only its own."""

from typing import Any

import pytest

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from dossiers.models import Dossier, Melding
from dossiers.transitions import Status
from organisation.models import Team
from partnerapi.tests.conftest import ApiClient
from partners.models import Partner, PartnerMelding
from testsupport.factories import dossier_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/meldingen/"


def worry(**extra: Any) -> dict[str, Any]:
    return {"achternaam": "Jansen", "omschrijving": "Zorgen over de thuissituatie.", **extra}


@pytest.fixture
def known_household(team: Team) -> Dossier:
    return dossier_for(team, status=Status.AANGEMELD)


def test_a_melding_is_received_and_answered_with_its_status_only(api: ApiClient, partner: Partner) -> None:
    response = api.post(URL, worry(kenmerk="HA-1"))

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "status", "status_label", "ontvangen_op"}
    assert body["status"] == "ontvangen" and body["status_label"] == "Ontvangen"
    assert PartnerMelding.objects.get(pk=body["id"]).partner == partner


def test_a_matched_melding_is_registered_and_logged_with_its_dossier(
    api: ApiClient, partner: Partner, known_household: Dossier
) -> None:
    inwoner = known_household.huishouden.members.get()

    response = api.post(URL, worry(bsn=inwoner.bsn, achternaam=inwoner.achternaam))

    received = PartnerMelding.objects.get(pk=response.json()["id"])
    assert received.melding is not None and received.melding.dossier_id == known_household.pk
    line = AccessLogEntry.objects.get(object_type="api-melding", action=AccessAction.CREATE)
    assert line.user == partner.service_user and line.basis == AccessBasis.PARTNER
    assert line.dossier_id == known_household.pk and line.object_id == str(received.pk)


def test_the_partner_reads_back_the_status_of_its_own_melding(api: ApiClient, partner: Partner) -> None:
    created = api.post(URL, worry()).json()

    response = api.get(f"{URL}{created['id']}/")

    assert response.status_code == 200
    assert response.json() == created
    assert AccessLogEntry.objects.filter(
        object_type="api-melding", action=AccessAction.VIEW, user=partner.service_user
    ).exists()


def test_another_partner_gets_404_for_a_melding_it_did_not_send(
    api: ApiClient, other_api: ApiClient, other_partner: Partner
) -> None:
    created = api.post(URL, worry()).json()

    response = other_api.get(f"{URL}{created['id']}/")
    missing = other_api.get(f"{URL}999999/")

    assert response.status_code == missing.status_code == 404
    assert response.json()["detail"] == missing.json()["detail"]
    assert (
        AccessLogEntry.objects.filter(
            object_type="api-melding", action=AccessAction.DENIED, user=other_partner.service_user
        ).count()
        == 2
    )


def test_invalid_input_gets_dutch_errors_per_field_and_changes_nothing(
    api: ApiClient, known_household: Dossier
) -> None:
    inwoner = known_household.huishouden.members.get()
    before = (PartnerMelding.objects.count(), Melding.objects.count())

    response = api.post(URL, {"bsn": "123456789", "postcode": "12AB", "achternaam": inwoner.achternaam})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    fields = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert set(fields) == {"bsn", "postcode", "omschrijving"}
    assert "elfproef" in fields["bsn"]
    assert fields["omschrijving"].startswith("Dit veld is")  # DRF's own Dutch: verplicht or vereist
    assert (PartnerMelding.objects.count(), Melding.objects.count()) == before


def test_a_refusal_of_the_service_names_the_field_as_the_partner_sent_it(api: ApiClient) -> None:
    api.post(URL, worry(kenmerk="HA-7"))

    response = api.post(URL, worry(kenmerk="HA-7"))

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "kenmerk", "message": "Een melding met dit kenmerk is al ontvangen."}
    ]
    assert PartnerMelding.objects.count() == 1
    assert AccessLogEntry.objects.filter(object_type="api-melding", action=AccessAction.DENIED).exists()
