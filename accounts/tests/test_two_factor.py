"""Staff log in with a password AND a code from their authenticator app; the real flow, no shortcuts.

These tests never call ``force_login``: they post the login form and type the code an authenticator app
would show, computed from the device key.
"""

import re
from base64 import b32decode
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import Role, User
from accounts.services import issue_enrolment_code
from accounts.testing import usable_code
from testsupport.factories import UserFactory

PASSWORD = "geheim-wachtwoord-123"  # the factory's password
LOGIN = reverse("accounts:login")
CODE_STEP = reverse("accounts:second_factor")
SETUP_STEP = reverse("accounts:second_factor_setup")


@pytest.fixture
def sanne(db: None) -> User:
    return UserFactory(username="sanne", role=Role.GENERALIST)  # type: ignore[no-any-return]


@pytest.fixture
def device(sanne: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=sanne, name="Telefoon", confirmed=True)


def _password(client: Client, username: str = "sanne", password: str = PASSWORD, next_url: str = "") -> str:
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    response = client.post(LOGIN, data)
    assert response.status_code == 302, "the password was accepted"
    return str(response["Location"])


def _wrong_code(device: TOTPDevice) -> str:
    right = {usable_code(device), two_factor.code_at(device)}
    return next(code for code in ("000000", "111111", "222222") if code not in right)


def test_password_alone_does_not_open_the_dossiers(client: Client, device: TOTPDevice) -> None:
    location = _password(client)
    assert location.startswith(CODE_STEP)

    response = client.get("/dossiers/")

    assert response.status_code == 302
    assert response["Location"].startswith(CODE_STEP)
    assert "next=%2Fdossiers%2F" in response["Location"]


def test_the_code_step_keeps_where_the_user_was_going(client: Client, device: TOTPDevice) -> None:
    location = _password(client, next_url="/dossiers/triage/")
    assert location == f"{CODE_STEP}?next=%2Fdossiers%2Ftriage%2F"
    assert client.get(location).status_code == 200


def test_a_wrong_code_is_refused(client: Client, device: TOTPDevice) -> None:
    _password(client)

    response = client.post(CODE_STEP, {"otp_token": _wrong_code(device)})

    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get("/dossiers/")["Location"].startswith(CODE_STEP)


def test_the_right_code_opens_the_dossiers(client: Client, device: TOTPDevice) -> None:
    _password(client)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"

    response = client.post(CODE_STEP, {"otp_token": code, "next": "/dossiers/"})

    assert response.status_code == 302
    assert response["Location"] == "/dossiers/"
    assert client.get("/dossiers/").status_code == 200


def test_a_code_works_only_once(client: Client, device: TOTPDevice) -> None:
    code = usable_code(device)
    _password(client)
    client.post(CODE_STEP, {"otp_token": code})

    other = Client()
    _password(other)
    response = other.post(CODE_STEP, {"otp_token": code})

    assert response.status_code == 200
    assert other.get("/dossiers/")["Location"].startswith(CODE_STEP)


def test_passing_the_code_gives_a_new_session_id(client: Client, device: TOTPDevice) -> None:
    _password(client)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post(CODE_STEP, {"otp_token": usable_code(device)})

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def _koppelcode(user: User) -> str:
    """What functioneel beheer hands over in person (another person than whoever set the password)."""
    return issue_enrolment_code(None, user=user, by=None)


def test_a_user_without_a_device_is_taken_through_enrolment(client: Client, sanne: User) -> None:
    code = _koppelcode(sanne)
    _password(client)
    response = client.get(CODE_STEP)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP_STEP)
    assert "otpauth://" not in client.get(response["Location"]).content.decode(), "no secret before the koppelcode"
    client.post(SETUP_STEP, {"code": code})

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "otpauth://totp/" in html
    pending = TOTPDevice.objects.get(user=sanne, confirmed=False)
    shown = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', html)
    assert shown is not None
    assert b32decode(shown.group(1).replace(" ", "")) == pending.bin_key, "the secret as text is the device key"
    assert client.get("/dossiers/")["Location"].startswith(CODE_STEP), "no access while enrolling"

    refused = client.post(SETUP_STEP, {"otp_token": _wrong_code(pending)})
    assert refused.status_code == 200
    assert not TOTPDevice.objects.get(pk=pending.pk).confirmed

    pending.refresh_from_db()
    pending.throttling_failure_count = 0
    pending.throttling_failure_timestamp = None
    pending.save()
    done = client.post(SETUP_STEP, {"otp_token": usable_code(pending)})

    assert done.status_code == 302
    assert TOTPDevice.objects.get(pk=pending.pk).confirmed
    assert client.get("/dossiers/").status_code == 200


def test_the_enrolment_page_shows_the_same_secret_on_reload(client: Client, sanne: User) -> None:
    code = _koppelcode(sanne)
    _password(client)
    client.post(SETUP_STEP, {"code": code})
    secret = re.compile(r'<code id="totp-secret">([A-Z2-7 ]+)</code>')
    first = secret.search(client.get(SETUP_STEP).content.decode())
    second = secret.search(client.get(SETUP_STEP).content.decode())
    assert first is not None and second is not None
    assert first.group(1) == second.group(1)
    assert TOTPDevice.objects.filter(user=sanne).count() == 1


def test_a_user_with_a_device_cannot_enrol_another(client: Client, device: TOTPDevice) -> None:
    _password(client)
    response = client.get(SETUP_STEP)
    assert response["Location"].startswith(CODE_STEP)
    assert TOTPDevice.objects.filter(user=device.user).count() == 1


def test_guessing_codes_ends_the_session_after_five_tries(client: Client, device: TOTPDevice) -> None:
    _password(client)
    wrong = _wrong_code(device)
    for _ in range(4):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        assert client.post(CODE_STEP, {"otp_token": wrong}).status_code == 200

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    last = client.post(CODE_STEP, {"otp_token": wrong})

    assert last.status_code == 429, "the fifth failure locks username + address (django-axes)"
    assert "tijdelijk geblokkeerd" in last.content.decode()
    assert client.get("/dossiers/")["Location"].startswith(LOGIN), "the session has ended"
    locked = client.post(LOGIN, {"username": "sanne", "password": PASSWORD})
    assert locked.status_code == 429, "also the right password is refused for 30 minutes"


def test_after_a_wrong_code_the_device_makes_the_next_try_wait(
    client: Client, device: TOTPDevice, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute after the first failure, so a slow test machine still sees it
    _password(client)
    client.post(CODE_STEP, {"otp_token": _wrong_code(device)})

    response = client.post(CODE_STEP, {"otp_token": usable_code(device)})

    assert "Te snel na een onjuiste code" in response.content.decode()
    assert client.get("/dossiers/")["Location"].startswith(CODE_STEP)


def test_logging_out_is_possible_at_the_code_step(client: Client, device: TOTPDevice) -> None:
    _password(client)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(CODE_STEP)["Location"].startswith(LOGIN)


def test_public_pages_stay_public_for_a_half_logged_in_user(client: Client, device: TOTPDevice) -> None:
    _password(client)
    assert client.get(reverse("core:health")).status_code == 200


def test_a_user_without_a_role_can_still_pass_the_code_step(client: Client, db: None) -> None:
    """The first superuser (createsuperuser, no role yet) must get through to the admin."""
    admin = UserFactory(username="eerste", role="", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=admin, name="Telefoon", confirmed=True)
    _password(client, username="eerste")

    response = client.post(CODE_STEP, {"otp_token": usable_code(device), "next": "/beheer/"})

    assert response["Location"] == "/beheer/"
    assert client.get("/beheer/").status_code == 200


def test_the_admin_also_needs_the_second_factor(client: Client, db: None) -> None:
    UserFactory(username="eerste", role="", is_staff=True, is_superuser=True)
    _password(client, username="eerste")
    assert client.get("/beheer/")["Location"].startswith(CODE_STEP)


def test_an_unsafe_next_address_is_ignored(client: Client, device: TOTPDevice) -> None:
    _password(client)
    response = client.post(CODE_STEP, {"otp_token": usable_code(device), "next": "https://elders.example/"})
    assert response["Location"] == reverse("core:home")


def test_functioneel_beheer_may_see_devices_but_not_read_keys_or_remove_them_by_hand(db: None) -> None:
    """A lost phone is handled by issuing a koppelcode (logged, reviewed), not by deleting the device."""
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Functioneel beheer")
        .permissions.filter(content_type__app_label="otp_totp")
        .values_list("codename", flat=True)
    )
    assert codenames == {"view_totpdevice"}
