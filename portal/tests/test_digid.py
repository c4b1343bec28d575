"""Logging in to Mijn Wijkteam with DigiD through OpenID Connect, set up by the beheerder (the broker mocked).

A resident proved by DigiD gets a portal session holding only the BSN, never a Django user and never a staff
login; anything short of a valid BSN from the configured broker, for our client, with our nonce and state,
logs nobody in. Without the beheerder's settings there is no button and the DigiD URLs do not exist.
"""

from typing import Any

import mozilla_django_oidc.auth
import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from accounts.models import Role, User
from accounts.oidc import urlpatterns as staff_oidc
from accounts.sessions import SessionStore
from audit.models import AccessBasis, AccessLogEntry
from digid.models import DigiDConfig, LevelOfAssurance
from portal import digid_login
from portal.principal import BSN_KEY, VIA_KEY
from portal.tests.digid_broker import CLIENT_ID, ISSUER, Broker, configure_digid
from testsupport.factories import InwonerFactory, UserFactory
from testsupport.portal import household_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch) -> Broker:
    fake = Broker()
    monkeypatch.setattr(mozilla_django_oidc.auth, "requests", fake)
    return fake


def _start(client: Client, next_url: str = "") -> str:
    response = client.get(reverse("portal:digid_start") + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302
    location: str = response["Location"]
    assert location.startswith(f"{ISSUER}/authorize?")
    return location


def _log_in(client: Client, broker: Broker, claims: dict[str, Any], next_url: str = "") -> Any:
    broker.claims = claims
    answer = broker.authorize(_start(client, next_url))
    return client.get(reverse("portal:digid_callback"), answer)


def _not_logged_in(client: Client) -> bool:
    return BSN_KEY not in client.session and SESSION_KEY not in client.session


# --- Not set up: no button, no URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize("setup", ["none", "switched_off", "incomplete"])
def test_without_complete_switched_on_settings_there_is_no_digid_button_and_its_urls_are_404(setup: str) -> None:
    if setup == "switched_off":
        configure_digid(enabled=False)
    elif setup == "incomplete":
        configure_digid(jwks_endpoint="")
    client = Client()
    page = client.get(reverse("portal:login")).content.decode()
    assert reverse("portal:digid_start") not in page
    assert "Inloggen met DigiD is hier nog niet ingesteld" in page
    assert client.get(reverse("portal:digid_start")).status_code == 404
    assert client.get(reverse("portal:digid_callback"), {"code": "x", "state": "y"}).status_code == 404


# --- Set up: the button and the way to the broker --------------------------------------------------------------


def test_when_the_beheerder_switched_digid_on_the_login_page_shows_the_digid_button() -> None:
    configure_digid()
    page = Client().get(reverse("portal:login")).content.decode()
    assert f'href="{reverse("portal:digid_start")}"' in page
    assert "Inloggen met DigiD" in page


def test_the_digid_button_keeps_a_next_page_under_mijn_only() -> None:
    configure_digid()
    request = RequestFactory().get("/mijn/inloggen/", {"next": "/mijn/plan/"})
    assert digid_login.start_url(request) == reverse("portal:digid_start") + "?next=%2Fmijn%2Fplan%2F"
    request = RequestFactory().get("/mijn/inloggen/", {"next": "https://elders.example/"})
    assert digid_login.start_url(request) == reverse("portal:digid_start")


def test_starting_sends_the_resident_to_the_broker_with_state_nonce_and_pkce(broker: Broker) -> None:
    configure_digid(scopes="openid bsn")
    client = Client()
    location = _start(client)
    query = dict(part.split("=", 1) for part in location.split("?", 1)[1].split("&"))
    assert query["client_id"] == CLIENT_ID
    assert query["scope"] == "openid+bsn"
    assert query["code_challenge_method"] == "S256" and query["code_challenge"]
    assert query["redirect_uri"].endswith("%2Fmijn%2Finloggen%2Fdigid%2Fterug%2F")
    assert query["state"] in client.session["portal_digid_states"]
    assert not client.session.get("oidc_states"), "the DigiD state is kept apart from the staff login's"
    assert _not_logged_in(client)


# --- Back from the broker ----------------------------------------------------------------------------------------


def test_a_valid_bsn_claim_starts_a_portal_session_and_no_staff_login(team, generalist, broker: Broker) -> None:
    configure_digid()
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    users_before = User.objects.count()
    client = Client()

    response = _log_in(client, broker, {"bsn": resident.bsn})

    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert client.session[BSN_KEY] == resident.bsn
    assert client.session[VIA_KEY] == "digid"
    assert SESSION_KEY not in client.session, "a resident is never logged in as a Django user"
    assert User.objects.count() == users_before, "no account is created for a resident"
    assert broker.token_requests[0]["code_verifier"], "PKCE: the verifier goes with the code"
    login_line = AccessLogEntry.objects.get(detail__contains="ingelogd (DigiD)")
    assert login_line.basis == AccessBasis.INWONER_ZELF and resident.bsn not in login_line.detail
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200 and resident.full_name in home.content.decode()


def test_after_digid_the_resident_lands_on_the_page_they_asked_for_under_mijn_only(broker: Broker) -> None:
    configure_digid()
    resident = InwonerFactory()
    client = Client()
    assert _log_in(client, broker, {"bsn": resident.bsn}, "/mijn/toegankelijkheid/")["Location"] == (
        "/mijn/toegankelijkheid/"
    )
    other = Client()
    assert _log_in(other, broker, {"bsn": resident.bsn}, "https://elders.example/")["Location"] == (
        reverse("portal:home")
    )


def test_the_bsn_can_come_from_the_id_token_under_the_claim_name_the_beheerder_set(broker: Broker) -> None:
    configure_digid(claims_source="id_token", userinfo_endpoint="", bsn_claim="urn:nl-eid-gdi:1.0:id:BSN")
    resident = InwonerFactory()
    client = Client()
    response = _log_in(client, broker, {"urn:nl-eid-gdi:1.0:id:BSN": resident.bsn})
    assert response.status_code == 302
    assert client.session[BSN_KEY] == resident.bsn


@pytest.mark.parametrize(
    "claims",
    [
        {},  # no BSN claim at all
        {"bsn": ""},
        {"bsn": "123456789"},  # fails the elfproef
        {"bsn": "12345678"},
        {"bsn": "１１１２２２３３３"},  # full-width digits
        {"bsnummer": "111222333"},  # a valid BSN under another claim name
    ],
    ids=["missing", "empty", "elfproef", "eight-digits", "full-width", "other-claim"],
)
def test_a_missing_or_invalid_bsn_claim_is_refused_and_nobody_is_logged_in(
    broker: Broker, claims: dict[str, Any]
) -> None:
    configure_digid()
    client = Client()
    response = _log_in(client, broker, claims)
    assert response.status_code == 400
    assert "Inloggen met DigiD is niet gelukt" in response.content.decode()
    assert _not_logged_in(client)
    assert not AccessLogEntry.objects.filter(detail__contains="ingelogd").exists()


def test_a_refused_login_is_logged_for_the_beheerder_without_the_bsn(broker: Broker, caplog) -> None:
    configure_digid()
    wrong = "111222334"  # one digit off a valid BSN
    with caplog.at_level("WARNING", logger="portal.digid_views"):
        _log_in(Client(), broker, {"bsn": wrong})
    assert "BSN claim fails the elfproef" in caplog.text
    assert wrong not in caplog.text


def test_a_cancelled_digid_login_says_so_in_dutch_and_logs_nobody_in(broker: Broker) -> None:
    configure_digid()
    client = Client()
    state = broker.authorize(_start(client))["state"]
    response = client.get(reverse("portal:digid_callback"), {"error": "access_denied", "state": state})
    assert response.status_code == 400
    assert "U hebt het inloggen bij DigiD afgebroken" in response.content.decode()
    assert _not_logged_in(client)
    assert state not in client.session["portal_digid_states"], "a cancelled state cannot be used afterwards"


def test_an_error_from_the_broker_logs_nobody_in(broker: Broker) -> None:
    configure_digid()
    broker.token_status = 400
    client = Client()
    response = _log_in(client, broker, {"bsn": InwonerFactory().bsn})
    assert response.status_code == 502
    assert "Wij konden niet controleren wie u bent" in response.content.decode()
    assert _not_logged_in(client)


def test_opening_the_way_back_by_hand_leads_to_the_login_page(broker: Broker) -> None:
    configure_digid()
    response = Client().get(reverse("portal:digid_callback"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:login")


def test_a_state_from_elsewhere_or_used_before_is_refused(broker: Broker) -> None:
    configure_digid()
    resident = InwonerFactory()
    client = Client()
    broker.claims = {"bsn": resident.bsn}
    answer = broker.authorize(_start(client))
    forged = client.get(reverse("portal:digid_callback"), {"code": "code-1", "state": "made-up"})
    assert forged.status_code == 400 and _not_logged_in(client)
    assert client.get(reverse("portal:digid_callback"), answer).status_code == 302
    assert client.get(reverse("portal:digid_callback"), answer).status_code == 400, "replayed in the same browser"
    elsewhere = Client()
    assert elsewhere.get(reverse("portal:digid_callback"), answer).status_code == 400, "replayed in another browser"
    assert _not_logged_in(elsewhere)
    assert len(broker.token_requests) == 1, "a used or unknown state never reaches the broker"


@pytest.mark.parametrize("spoil", ["audience", "nonce", "expired"])
def test_an_id_token_not_meant_for_this_login_is_refused(broker: Broker, spoil: str) -> None:
    configure_digid()
    if spoil == "audience":
        broker.audience = "een-andere-client"
    elif spoil == "nonce":
        broker.wrong_nonce = True
    else:
        broker.expired = True
    client = Client()
    response = _log_in(client, broker, {"bsn": InwonerFactory().bsn})
    assert response.status_code == 400
    assert _not_logged_in(client)


def test_an_id_token_signed_by_another_key_is_refused(broker: Broker) -> None:
    configure_digid()
    client = Client()
    broker.claims = {"bsn": InwonerFactory().bsn}
    answer = broker.authorize(_start(client))
    published = broker.jwks()
    broker.key = Broker().key  # signs with a key the JWKS does not hold
    broker.jwks = lambda: published  # type: ignore[method-assign]
    response = client.get(reverse("portal:digid_callback"), answer)
    assert response.status_code == 400
    assert _not_logged_in(client)


@pytest.mark.parametrize(
    ("loa", "allowed"),
    [
        (LevelOfAssurance.BASIS, False),
        (LevelOfAssurance.MIDDEN, True),
        (LevelOfAssurance.HOOG, True),
        ("", False),
        ("urn:iets-anders", False),
    ],
)
def test_a_level_of_assurance_below_the_beheerders_minimum_is_refused(broker: Broker, loa: str, allowed: bool) -> None:
    configure_digid(loa_claim="acr", minimum_loa=LevelOfAssurance.MIDDEN)
    resident = InwonerFactory()
    client = Client()
    response = _log_in(client, broker, {"bsn": resident.bsn, "acr": str(loa)})
    assert (response.status_code == 302) is allowed
    assert (client.session.get(BSN_KEY) == resident.bsn) is allowed


def test_a_digid_login_replaces_a_staff_login_in_the_same_browser(team, generalist, broker: Broker) -> None:
    configure_digid()
    client = Client()
    client.force_login(generalist)
    resident = InwonerFactory()
    assert _log_in(client, broker, {"bsn": resident.bsn}).status_code == 302
    assert SESSION_KEY not in client.session
    assert client.get(reverse("dossiers:werkvoorraad")).status_code == 302


# --- The staff login through OIDC is untouched -------------------------------------------------------------------


STAFF_OIDC = {
    "OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": "open-wijkteam-medewerkers",
    "OIDC_RP_CLIENT_SECRET": "staff-secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{ISSUER}/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": f"{ISSUER}/token",
    "OIDC_OP_USER_ENDPOINT": f"{ISSUER}/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": f"{ISSUER}/jwks",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_RP_SCOPES": "openid email profile",
    "OIDC_USERNAME_CLAIM": "preferred_username",
    "OIDC_CREATE_USER": False,
    "OIDC_USE_PKCE": True,
}


@pytest.mark.urls("portal.tests.urls_with_staff_oidc")
def test_the_staff_oidc_login_still_logs_staff_in_and_never_takes_a_digid_state(broker: Broker) -> None:
    configure_digid()
    sanne = UserFactory(username="sanne", role=Role.GENERALIST)
    client = Client()
    digid_answer = broker.authorize(_start(client), code="digid-code")
    backends = [*settings.AUTHENTICATION_BACKENDS, "accounts.oidc.StaffOIDCBackend"]
    with override_settings(AUTHENTICATION_BACKENDS=backends, **STAFF_OIDC):
        staff_init, staff_callback = (pattern.callback for pattern in staff_oidc)
        factory = RequestFactory()
        session = SessionStore(client.session.session_key)

        request = factory.get("/account/oidc/authenticate/")
        request.session = session
        started = staff_init(request)
        assert started.status_code == 302 and "client_id=open-wijkteam-medewerkers" in started["Location"]
        session.save()

        # The DigiD state is not the staff login's: its callback refuses it without asking the broker.
        request = factory.get("/account/oidc/callback/", digid_answer)
        request.session = SessionStore(session.session_key)
        request.user = AnonymousUser()
        with pytest.raises(Exception, match="state not found"):
            staff_callback(request)
        assert broker.token_requests == []

        broker.audience = "open-wijkteam-medewerkers"
        broker.claims = {"preferred_username": "sanne"}
        answer = broker.authorize(started["Location"], code="staff-code")
        request = factory.get("/account/oidc/callback/", answer)
        request.session = SessionStore(session.session_key)
        request.user = AnonymousUser()
        response = staff_callback(request)
        assert response.status_code == 302
        assert request.session[SESSION_KEY] == str(sanne.pk)
        assert BSN_KEY not in request.session


def test_the_digid_settings_row_is_one_row_and_off_by_default() -> None:
    assert DigiDConfig.get().is_ready is False and DigiDConfig.get().pk == 1
    configure_digid()
    configure_digid(client_id="anders")
    assert DigiDConfig.objects.count() == 1
    assert DigiDConfig.get().client_id == "anders"
