"""A partner's system logs in with its own key: prefix and secret, stored hashed, rotatable and revocable."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from audit.models import AccessAction, AccessLogEntry
from partnerapi import services
from partnerapi.models import ApiKey
from partnerapi.tests.conftest import ApiClient, token_for
from partners.models import Partner

pytestmark = pytest.mark.django_db

URL = "/api/v1/meldingen/999999/"


def test_a_valid_key_opens_the_api(api: ApiClient) -> None:
    assert api.get(URL).status_code == 404  # let in: the melding simply does not exist


def test_the_key_may_also_come_in_the_x_api_key_header(partner: Partner) -> None:
    response = Client().get(URL, headers={"X-Api-Key": token_for(partner)})
    assert response.status_code == 404


def test_only_a_hash_of_the_secret_is_stored(partner: Partner) -> None:
    issued = services.issue_key(partner, actor=None)
    prefix, secret = issued.token.split(".")
    key = ApiKey.objects.get(pk=issued.key.pk)
    assert key.prefix == prefix and secret not in key.secret_hash and len(key.secret_hash) == 64


def test_a_key_gives_the_partner_a_service_account_that_cannot_log_in(partner: Partner) -> None:
    token_for(partner)
    partner.refresh_from_db()
    account = User.objects.get(pk=partner.service_user_id)
    assert not account.is_active and not account.has_usable_password()


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda token, other: token[:-2] + ("AA" if not token.endswith("AA") else "BB"), id="wrong secret"),
        pytest.param(lambda token, other: other.split(".")[0] + "." + token.split(".")[1], id="other prefix"),
        pytest.param(lambda token, other: "onbekend." + token.split(".")[1], id="unknown prefix"),
        pytest.param(lambda token, other: token.replace(".", ""), id="no dot"),
    ],
)
def test_a_wrong_key_is_refused_with_401_and_logged(partner: Partner, other_partner: Partner, tamper) -> None:
    token, other = token_for(partner), token_for(other_partner)

    response = ApiClient(tamper(token, other)).get(URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert AccessLogEntry.objects.filter(action=AccessAction.DENIED, object_type="api").exists()


def test_a_call_without_a_key_is_refused_with_401(db: None) -> None:
    response = Client().get(URL)
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"


def test_a_staff_session_is_no_key(generalist: User) -> None:
    client = Client()
    client.force_login(generalist)
    assert client.get(URL).status_code == 401


def test_a_revoked_key_is_refused(partner: Partner) -> None:
    issued = services.issue_key(partner, actor=None)
    services.revoke_key(issued.key, actor=None)
    assert ApiClient(issued.token).get(URL).status_code == 401


def test_an_expired_key_is_refused(partner: Partner) -> None:
    issued = services.issue_key(partner, actor=None, expires_at=timezone.now() - timedelta(seconds=1))
    assert ApiClient(issued.token).get(URL).status_code == 401


def test_a_key_of_an_inactive_partner_is_refused(partner: Partner) -> None:
    token = token_for(partner)
    Partner.objects.filter(pk=partner.pk).update(active=False)
    response = ApiClient(token).get(URL)
    assert response.status_code == 401
    assert "niet (meer) actief" in response.json()["detail"]


def test_after_rotation_the_old_key_works_until_it_is_revoked(partner: Partner) -> None:
    old = services.issue_key(partner, actor=None)
    new = services.rotate_key(old.key, actor=None)

    assert ApiClient(old.token).get(URL).status_code == 404
    assert ApiClient(new.token).get(URL).status_code == 404
    assert new.key.replaces == old.key

    services.revoke_key(old.key, actor=None)
    assert ApiClient(old.token).get(URL).status_code == 401
    assert ApiClient(new.token).get(URL).status_code == 404


def test_issuing_and_revoking_are_in_the_access_log(partner: Partner, functioneel_beheerder: User) -> None:
    issued = services.issue_key(partner, actor=functioneel_beheerder)
    services.revoke_key(issued.key, actor=functioneel_beheerder)
    lines = AccessLogEntry.objects.filter(object_type="api-sleutel", user=functioneel_beheerder)
    assert lines.count() == 2 and {line.object_id for line in lines} == {issued.key.prefix}


def test_last_used_is_recorded(api: ApiClient, partner: Partner) -> None:
    api.get(URL)
    assert ApiKey.objects.get(partner=partner).last_used_at is not None


def test_a_key_can_be_issued_from_the_command_line(partner: Partner) -> None:
    out = io.StringIO()
    call_command("issue_api_key", partner.code, "--naam", "demo", stdout=out)
    assert ApiClient(out.getvalue().strip()).get(URL).status_code == 404
    with pytest.raises(CommandError):
        call_command("issue_api_key", "bestaat-niet", stdout=io.StringIO())
