"""Linking an authenticator app needs a koppelcode handed over in person: the password alone is not enough.

Before, enrolment was trust-on-first-use: after a beheerder removed someone's device (or for an account
that never had one), whoever knew or had set the password linked their own phone on the next login.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import EnrolmentCode, Role, User
from accounts.services import issue_enrolment_code
from accounts.testing import usable_code
from audit.models import AccessLogEntry
from testsupport.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"
SETUP_STEP = reverse("accounts:second_factor_setup")
SECRET = re.compile(r'<code id="totp-secret">([A-Z2-7 ]+)</code>')


@pytest.fixture
def sanne() -> User:
    return UserFactory(username="sanne", role=Role.GENERALIST)  # type: ignore[no-any-return]


def _password(client: Client, username: str = "sanne") -> None:
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def _enrol(client: Client, user: User) -> bool:
    """Scan the shown secret and type the app's code; True when the account now has a device."""
    client.get(SETUP_STEP)
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if pending is None:
        return False
    client.post(SETUP_STEP, {"otp_token": usable_code(pending)})
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_the_password_alone_cannot_link_a_new_authenticator_app(client: Client, sanne: User) -> None:
    _password(client)

    page = client.get(SETUP_STEP)

    assert page.status_code == 200
    assert SECRET.search(page.content.decode()) is None and "otpauth://" not in page.content.decode()
    assert not TOTPDevice.objects.filter(user=sanne).exists(), "no secret is made before the koppelcode"
    client.post(SETUP_STEP, {"otp_token": "123456"})
    assert not TOTPDevice.objects.filter(user=sanne, confirmed=True).exists()


def test_after_the_app_is_unlinked_whoever_knows_the_password_still_cannot_enrol(sanne: User) -> None:
    TOTPDevice.objects.create(user=sanne, name="Telefoon", confirmed=True)
    issue_enrolment_code(None, user=sanne, by=None)  # lost phone: the old app is unlinked
    attacker = Client()
    _password(attacker)

    assert not _enrol(attacker, sanne)
    assert attacker.get("/dossiers/").status_code == 302


def test_the_koppelcode_lets_the_colleague_link_a_new_app_once(sanne: User) -> None:
    code = issue_enrolment_code(None, user=sanne, by=None)
    client = Client()
    _password(client)

    client.post(SETUP_STEP, {"code": code.lower().replace("-", " ")})  # typed loosely
    assert _enrol(client, sanne)

    assert client.get("/dossiers/").status_code == 200
    assert EnrolmentCode.objects.get(user=sanne).used_at is not None
    assert AccessLogEntry.objects.filter(user=sanne, object_type="authenticator").exists()
    TOTPDevice.objects.filter(user=sanne).delete()
    again = Client()
    _password(again)
    again.post(SETUP_STEP, {"code": code})
    assert not _enrol(again, sanne), "a used koppelcode does not work a second time"


def test_an_expired_koppelcode_is_refused(client: Client, sanne: User) -> None:
    code = issue_enrolment_code(None, user=sanne, by=None)
    EnrolmentCode.objects.filter(user=sanne).update(expires_at=timezone.now() - timedelta(minutes=1))
    _password(client)

    response = client.post(SETUP_STEP, {"code": code})

    assert "klopt niet, is verlopen of al gebruikt" in response.content.decode()
    assert not _enrol(client, sanne)


def test_a_new_koppelcode_replaces_the_previous_one(client: Client, sanne: User) -> None:
    first = issue_enrolment_code(None, user=sanne, by=None)
    issue_enrolment_code(None, user=sanne, by=None)
    _password(client)

    client.post(SETUP_STEP, {"code": first})

    assert not _enrol(client, sanne)


def test_a_koppelcode_of_another_account_does_not_work(client: Client, sanne: User) -> None:
    other: User = UserFactory(username="kees")  # type: ignore[assignment]
    code = issue_enrolment_code(None, user=other, by=None)
    _password(client)

    client.post(SETUP_STEP, {"code": code})

    assert not _enrol(client, sanne)


def test_guessing_koppelcodes_ends_the_session_after_five_tries(client: Client, sanne: User) -> None:
    issue_enrolment_code(None, user=sanne, by=None)
    _password(client)
    for _ in range(4):
        assert client.post(SETUP_STEP, {"code": "AAAA-AAAA-AAAA"}).status_code == 200

    response = client.post(SETUP_STEP, {"code": "AAAA-AAAA-AAAA"})

    assert response.status_code in {302, 429}
    assert client.get(SETUP_STEP).status_code == 302, "logged out: back to the password"


def test_the_server_command_gives_the_first_superuser_a_koppelcode(client: Client) -> None:
    UserFactory(username="eerste", role="", is_staff=True, is_superuser=True)
    out = StringIO()

    call_command("koppelcode", "eerste", stdout=out)

    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", out.getvalue())
    assert code is not None
    _password(client, "eerste")
    client.post(SETUP_STEP, {"code": code.group(0)})
    assert _enrol(client, User.objects.get(username="eerste"))
