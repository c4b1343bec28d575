"""The Locust load test (loadtest/): its URLs reach the intended views, its logins match the demo, it imports.

Locust itself is imported in a subprocess only: importing it patches the standard library (gevent), which
must not happen inside the test run.
"""

import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import resolve, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User
from demo.logins import DEMO_PASSWORD, demo_totp_key

LOADTEST = Path(settings.BASE_DIR) / "loadtest"


def _pages_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("openwijkteam_pages", LOADTEST / "openwijkteam_pages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pages = _pages_module()


def test_every_url_of_the_load_test_reaches_the_intended_view() -> None:
    views = {name: resolve(path.format(pk=1)).view_name for name, path in pages.PATHS.items()}

    assert views == {
        "login": "accounts:login",
        "second_factor": "accounts:second_factor",
        "werkvoorraad": "dossiers:werkvoorraad",
        "triage": "dossiers:triage",
        "search": "dossiers:zoeken",
        "dossier": "dossiers:detail",
        "household": "dossiers:onderdeel",
        "besluiten": "decisions:werkvoorraad",
        "berichttaken": "allocations:taken",
        "logboek": "audit:logboek",
    }


def test_the_load_test_logs_in_like_the_demo_accounts(db) -> None:
    assert pages.DEMO_PASSWORD == DEMO_PASSWORD
    for username in ("generalist", "teamleider", "consulent", "privacy"):
        assert pages.totp_key(username) == demo_totp_key(username)


def test_its_totp_codes_are_the_ones_an_authenticator_app_shows() -> None:
    device = TOTPDevice(key=demo_totp_key("consulent").hex())  # django-otp's defaults: 30 s, 6 digits, t0 0
    moment = 1_800_000_000.0

    assert pages.totp_code(pages.totp_key("consulent"), int(moment // 30)) == two_factor.code_at(device, moment)


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--residents", "100", "--seed", "7", "--quiet", stdout=io.StringIO())


def test_search_terms_are_harvested_from_a_real_dossier_page(demo) -> None:
    from dossiers.selectors import worklist

    user = User.objects.get(username="generalist")
    dossier = worklist(user).first()
    client = Client()
    client.force_login(user)  # conftest: with the second factor

    household = reverse("dossiers:onderdeel", kwargs={"pk": dossier.pk, "tab": "huishouden"})
    assert pages.PATHS["household"].format(pk=dossier.pk) == household
    members = pages.harvest_members(client.get(household).content.decode())
    werkvoorraad = client.get(reverse("dossiers:werkvoorraad")).content.decode()

    assert members and all(member["surname"] for member in members)
    assert any(member["bsn"] and member["postcode"] for member in members)
    assert str(dossier.pk) in pages.DOSSIER_LINK.findall(werkvoorraad)


def test_the_locustfile_imports_with_a_user_class_per_role() -> None:
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import locustfile as f; "
        "print(json.dumps({c.__name__: [c.weight, len(c.tasks), list(c.accounts)] "
        "for c in (f.Generalist, f.TeamLeader, f.Consulent, f.PrivacyOfficer)}))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script, str(LOADTEST)], capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, completed.stderr
    users = json.loads(completed.stdout.strip().splitlines()[-1])

    assert set(users) == {"Generalist", "TeamLeader", "Consulent", "PrivacyOfficer"}
    assert all(weight > 0 and tasks > 0 and accounts for weight, tasks, accounts in users.values())
    assert users["PrivacyOfficer"][2] == ["privacy"] and users["TeamLeader"][2] == ["teamleider"]
