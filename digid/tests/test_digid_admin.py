"""The beheerder sets up DigiD in /beheer/: one row, the secret never shown again, switched on only when complete,
the endpoints found from the broker's issuer, and every save in the access log."""

from typing import Any

import pytest
from django.test import Client

import digid.discovery
from accounts.models import Role, User
from audit.models import AccessBasis, AccessLogEntry
from digid.models import DigiDConfig
from testsupport.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/beheer/digid/digidconfig/add/"
BROKER = "https://digid-makelaar.example"


def _change_url() -> str:
    return f"/beheer/digid/digidconfig/{DigiDConfig.SINGLETON_PK}/change/"


@pytest.fixture
def beheer_client() -> Client:
    user: User = UserFactory(username="ingrid", role=Role.FUNCTIONEEL_BEHEERDER, is_staff=True)  # type: ignore[assignment]
    client = Client()
    client.force_login(user)
    return client


def _form(**values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "enabled": "on",
        "client_id": "open-wijkteam",
        "client_secret": "geheim-van-de-makelaar",
        "scopes": "openid bsn",
        "discovery_url": "",
        "authorization_endpoint": f"{BROKER}/authorize",
        "token_endpoint": f"{BROKER}/token",
        "userinfo_endpoint": f"{BROKER}/userinfo",
        "jwks_endpoint": f"{BROKER}/jwks",
        "sign_algorithm": "RS256",
        "claims_source": "userinfo",
        "bsn_claim": "bsn",
        "loa_claim": "",
        "minimum_loa": "",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def test_the_beheerder_switches_digid_on_and_the_change_is_logged_without_the_secret(beheer_client: Client) -> None:
    response = beheer_client.post(ADD_URL, _form())
    assert response.status_code == 302, response.content.decode()[:2000]
    config = DigiDConfig.get()
    assert config.is_ready and config.client_secret == "geheim-van-de-makelaar"
    page = beheer_client.get(_change_url()).content.decode()
    assert "geheim-van-de-makelaar" not in page
    assert "/mijn/inloggen/digid/terug/" in page, "the redirect URI to give the broker is shown"
    line = AccessLogEntry.objects.get(object_type="digid_instelling")
    assert line.basis == AccessBasis.BEHEER and "geheim" not in line.detail and "aan" in line.detail


def test_an_empty_secret_keeps_the_stored_one(beheer_client: Client) -> None:
    beheer_client.post(ADD_URL, _form())
    response = beheer_client.post(_change_url(), _form(client_secret="", client_id="nieuw-id"))
    assert response.status_code == 302
    config = DigiDConfig.get()
    assert config.client_id == "nieuw-id" and config.client_secret == "geheim-van-de-makelaar"


def test_digid_cannot_be_switched_on_while_a_required_setting_is_missing(beheer_client: Client) -> None:
    response = beheer_client.post(ADD_URL, _form(client_secret="", jwks_endpoint=""))
    assert response.status_code == 200
    assert "Nodig om DigiD aan te zetten." in response.content.decode()
    assert not DigiDConfig.objects.exists()
    assert beheer_client.post(ADD_URL, _form(enabled=None, client_secret="", jwks_endpoint="")).status_code == 302
    assert not DigiDConfig.get().is_ready


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("token_endpoint", "http://digid-makelaar.example/token", "Gebruik een https-adres."),
        ("scopes", "bsn", "De scope &#x27;openid&#x27; is verplicht."),
    ],
)
def test_an_unsafe_or_incomplete_setting_is_refused(
    beheer_client: Client, field: str, value: str, message: str
) -> None:
    response = beheer_client.post(ADD_URL, _form(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DigiDConfig.objects.exists()


def test_the_endpoints_are_found_from_the_brokers_issuer(beheer_client: Client, monkeypatch) -> None:
    asked: list[str] = []

    class Answer:
        def raise_for_status(self) -> None:
            return None

        def json(self) -> dict[str, str]:
            return {
                "issuer": BROKER,
                "authorization_endpoint": f"{BROKER}/auth",
                "token_endpoint": f"{BROKER}/tok",
                "userinfo_endpoint": f"{BROKER}/me",
                "jwks_uri": f"{BROKER}/keys",
            }

    def fake_get(url: str, **kwargs: Any) -> Answer:
        asked.append(url)
        return Answer()

    monkeypatch.setattr(digid.discovery.requests, "get", fake_get)
    empty = {"authorization_endpoint": "", "token_endpoint": "", "userinfo_endpoint": "", "jwks_endpoint": ""}
    response = beheer_client.post(ADD_URL, _form(discovery_url=BROKER + "/", **empty))
    assert response.status_code == 302
    assert asked == [f"{BROKER}/.well-known/openid-configuration"]
    config = DigiDConfig.get()
    assert (config.authorization_endpoint, config.token_endpoint, config.userinfo_endpoint, config.jwks_endpoint) == (
        f"{BROKER}/auth",
        f"{BROKER}/tok",
        f"{BROKER}/me",
        f"{BROKER}/keys",
    )


def test_an_issuer_that_does_not_answer_is_a_clear_error(beheer_client: Client, monkeypatch) -> None:
    def unreachable(url: str, **kwargs: Any) -> None:
        raise digid.discovery.requests.ConnectionError("no route")

    monkeypatch.setattr(digid.discovery.requests, "get", unreachable)
    response = beheer_client.post(ADD_URL, _form(discovery_url=BROKER, jwks_endpoint=""))
    assert response.status_code == 200
    assert "De adressen konden niet worden opgehaald" in response.content.decode()
    assert not DigiDConfig.objects.exists()


def test_there_is_one_row_it_cannot_be_deleted_and_only_a_beheerder_sees_it(beheer_client: Client) -> None:
    beheer_client.post(ADD_URL, _form())
    assert beheer_client.get(ADD_URL).status_code == 403
    assert beheer_client.get(f"/beheer/digid/digidconfig/{DigiDConfig.SINGLETON_PK}/delete/").status_code == 403
    staff_without_the_role: User = UserFactory(role=Role.TEAMLEIDER, is_staff=True)  # type: ignore[assignment]
    other = Client()
    other.force_login(staff_without_the_role)
    assert other.get(_change_url()).status_code in (302, 403)
    assert "digid" not in other.get("/beheer/").content.decode().lower()
