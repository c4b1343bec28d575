"""The demo stays usable with 2FA: demo accounts have a fixed, public key and `demo_logins` prints the code."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User
from demo.logins import DEMO_LOGINS, DEMO_PASSWORD, demo_totp_secret

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("seed_demo", residents=150, seed=2026, quiet=True, verbosity=0)


def _demo_logins() -> str:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    return out.getvalue()


def test_every_demo_login_has_an_enrolled_device_with_the_documented_key(demo: None) -> None:
    for login in DEMO_LOGINS:
        device = TOTPDevice.objects.get(user__username=login.username, confirmed=True)
        assert two_factor.secret(device) == demo_totp_secret(login.username)


def test_demo_logins_prints_the_secret_and_the_current_code_with_a_warning(demo: None) -> None:
    output = _demo_logins()

    assert "DEMO" in output and "openbaar" in output
    device = TOTPDevice.objects.get(user__username="generalist")
    assert demo_totp_secret("generalist") in output
    line = next(line for line in output.splitlines() if re.search(r"\bgeneralist\b", line) and DEMO_PASSWORD in line)
    printed = re.findall(r"\b\d{6}\b", line)
    assert printed and printed[0] in {two_factor.code_at(device, moment) for moment in _around_now()}


def _around_now() -> list[float]:
    import time

    now = time.time()
    return [now - 30, now, now + 30]


def test_the_printed_code_logs_the_demo_user_in(demo: None) -> None:
    client = Client()
    client.post(reverse("accounts:login"), {"username": "generalist", "password": DEMO_PASSWORD})
    line = next(line for line in _demo_logins().splitlines() if " generalist " in f" {line} ")
    code = re.findall(r"\b\d{6}\b", line)[0]

    response = client.post(reverse("accounts:second_factor"), {"otp_token": code})

    assert response.status_code == 302
    assert client.get("/dossiers/").status_code == 200


def test_no_secret_is_printed_for_an_account_that_is_not_synthetic(demo: None) -> None:
    User.objects.filter(username="generalist").update(is_synthetic=False)

    output = _demo_logins()

    assert demo_totp_secret("generalist") not in output
    assert demo_totp_secret("teamleider") in output
