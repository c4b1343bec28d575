"""A signal-giving partner posts a batch of vroegsignalen and reads back the status of each by its own kenmerk."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from partnerapi.status import signal_status
from partnerapi.tests.conftest import ApiClient, make_partner, token_for
from partners.models import Partner, PartnerKind, Scope
from vroegsignalering.models import CasusOutcome, ImportSource, SignaalCasus, SignalImport, Vroegsignaal

pytestmark = pytest.mark.django_db

URL = "/api/v1/vroegsignalen/"


def row(kenmerk: str, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kenmerk": kenmerk,
        "soort": "huur",
        "gemeld_op": (date.today() - timedelta(days=2)).isoformat(),
        "bedrag": "812,40",
        "maanden": 3,
        "achternaam": "Jansen",
        "postcode": "1234AB",
        "huisnummer": 12,
    }
    values.update(extra)
    return values


@pytest.fixture
def landlord(db: None) -> Partner:
    return make_partner("woonstad", kind=PartnerKind.WONINGVERHUURDER, scopes=[Scope.VROEGSIGNALEN])


@pytest.fixture
def landlord_api(landlord: Partner) -> ApiClient:
    return ApiClient(token_for(landlord))


def test_each_row_is_answered_on_its_own(landlord_api: ApiClient, landlord: Partner) -> None:
    response = landlord_api.post(URL, {"signalen": [row("W-1"), row("W-2", bsn="123456789"), row("W-3")]})

    assert response.status_code == 200
    body = response.json()
    assert (body["opgenomen"], body["al_ontvangen"], body["geweigerd"]) == (2, 0, 1)
    assert [line["resultaat"] for line in body["resultaten"]] == ["opgenomen", "geweigerd", "opgenomen"]
    assert body["resultaten"][1]["fouten"] == [{"field": "bsn", "message": "dit BSN klopt niet (elfproef)."}]
    assert SignalImport.objects.get(pk=body["import_id"]).source == ImportSource.API
    assert set(Vroegsignaal.objects.values_list("partner_signal_id", flat=True)) == {"W-1", "W-3"}


def test_a_batch_sent_again_changes_nothing(landlord_api: ApiClient) -> None:
    landlord_api.post(URL, {"signalen": [row("W-1"), row("W-2")]})
    counts = (Vroegsignaal.objects.count(), SignaalCasus.objects.count())

    again = landlord_api.post(URL, {"signalen": [row("W-1"), row("W-2")]}).json()

    assert [line["resultaat"] for line in again["resultaten"]] == ["al_ontvangen", "al_ontvangen"]
    assert (Vroegsignaal.objects.count(), SignaalCasus.objects.count()) == counts


def test_a_row_naming_another_partner_is_refused(landlord_api: ApiClient, db: None) -> None:
    make_partner("energie-noord", kind=PartnerKind.ENERGIE)
    body = landlord_api.post(URL, {"signalen": [row("E-1", partner="energie-noord", soort="energie")]}).json()
    assert body["resultaten"][0]["resultaat"] == "geweigerd"
    assert not Vroegsignaal.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [{}, {"signalen": []}, {"signalen": "W-1"}, {"signalen": [row(str(number)) for number in range(1001)]}],
    ids=["missing", "empty", "not a list", "over 1000"],
)
def test_a_wrong_envelope_is_refused_as_a_whole(landlord_api: ApiClient, payload: Any) -> None:
    response = landlord_api.post(URL, payload)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "signalen"
    assert not Vroegsignaal.objects.exists() and not SignalImport.objects.exists()


def test_the_partner_reads_the_status_of_its_own_signal(landlord_api: ApiClient, landlord: Partner) -> None:
    landlord_api.post(URL, {"signalen": [row("W/2026:7")]})

    response = landlord_api.get(f"{URL}W/2026:7/")

    assert response.status_code == 200
    assert response.json()["status"] == "ontvangen" and response.json()["kenmerk"] == "W/2026:7"
    assert set(response.json()) == {"kenmerk", "status", "status_label", "ontvangen_op"}
    line = AccessLogEntry.objects.filter(object_type="api-vroegsignaal", action=AccessAction.VIEW).get()
    assert line.user == landlord.service_user and line.basis == AccessBasis.PARTNER


def test_another_partner_gets_404_for_the_same_kenmerk(landlord_api: ApiClient, db: None) -> None:
    landlord_api.post(URL, {"signalen": [row("W-1")]})
    other = ApiClient(token_for(make_partner("woonbron", scopes=[Scope.VROEGSIGNALEN])))
    assert other.get(f"{URL}W-1/").status_code == 404


def test_a_batch_is_in_the_access_log_under_the_service_account(landlord_api: ApiClient, landlord: Partner) -> None:
    landlord_api.post(URL, {"signalen": [row("W-1")]})
    landlord.refresh_from_db()
    assert AccessLogEntry.objects.filter(
        object_type="api-vroegsignaal", action=AccessAction.CREATE, user=landlord.service_user
    ).exists()


# --- The status words -------------------------------------------------------------------------------------


def _signal_in(casus: SignaalCasus | None) -> str:
    return signal_status(Vroegsignaal(casus=casus))


def test_status_of_a_signal_follows_its_casus() -> None:
    assert _signal_in(None) == "ontvangen"
    assert _signal_in(SignaalCasus(outcome=CasusOutcome.OPEN)) == "ontvangen"
    assert _signal_in(SignaalCasus(outcome=CasusOutcome.OPEN, contacted_on=date.today())) == "in_behandeling"
    assert _signal_in(SignaalCasus(outcome=CasusOutcome.GEWEIGERD)) == "afgerond"


def test_a_signal_closed_in_the_queue_is_afgerond() -> None:
    assert signal_status(Vroegsignaal(casus=None, discarded_at=timezone.now())) == "afgerond"


def test_a_batch_with_a_nul_character_is_refused_as_a_whole(landlord_api: ApiClient) -> None:
    response = landlord_api.post(URL, {"signalen": [row("W-1"), row("W-2", partner="\x00")]})

    assert response.status_code == 400
    assert "Regel 2" in response.json()["errors"][0]["message"]
    assert not SignalImport.objects.exists()
