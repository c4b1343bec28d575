"""The functioneel beheerder issues, rotates and revokes keys in /beheer/; the secret is shown once."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import Role, User
from partnerapi import services
from partnerapi.models import ApiKey
from partnerapi.tests.conftest import ApiClient
from partners.models import Partner
from testsupport.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/beheer/partnerapi/apikey/"
TOKEN = re.compile(r"<code>([0-9a-f]{12}\.[A-Za-z0-9_-]{43})</code>")


@pytest.fixture
def beheer() -> Client:
    user: User = UserFactory(role=Role.FUNCTIONEEL_BEHEERDER, is_staff=True)  # type: ignore[assignment]
    user.groups.add(Group.objects.get(name="Functioneel beheer"))
    client = Client()
    client.force_login(user)
    return client


def test_a_new_key_is_shown_once_and_works(beheer: Client, partner: Partner) -> None:
    page = beheer.post(f"{CHANGELIST}add/", {"partner": partner.pk, "name": "productie"})

    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    token = TOKEN.search(page.content.decode()).group(1)  # type: ignore[union-attr]
    key = ApiKey.objects.get(partner=partner)
    assert token.startswith(key.prefix + ".") and token.split(".")[1] not in key.secret_hash
    assert ApiClient(token).get("/api/v1/meldingen/1/").status_code == 404
    assert token not in beheer.get(f"{CHANGELIST}{key.pk}/change/").content.decode()


def test_rotating_shows_a_new_key_and_keeps_the_old_one(beheer: Client, partner: Partner) -> None:
    old = services.issue_key(partner, actor=None)

    page = beheer.post(CHANGELIST, {"action": "rotate", "_selected_action": [old.key.pk]})

    token = TOKEN.search(page.content.decode()).group(1)  # type: ignore[union-attr]
    assert ApiClient(token).get("/api/v1/meldingen/1/").status_code == 404
    assert ApiClient(old.token).get("/api/v1/meldingen/1/").status_code == 404


def test_revoking_stops_the_key_at_once(beheer: Client, partner: Partner) -> None:
    issued = services.issue_key(partner, actor=None)

    beheer.post(CHANGELIST, {"action": "revoke", "_selected_action": [issued.key.pk]})

    assert ApiClient(issued.token).get("/api/v1/meldingen/1/").status_code == 401


def test_a_key_is_never_deleted(beheer: Client, partner: Partner) -> None:
    issued = services.issue_key(partner, actor=None)
    assert beheer.post(f"{CHANGELIST}{issued.key.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ApiKey.objects.filter(pk=issued.key.pk).exists()
