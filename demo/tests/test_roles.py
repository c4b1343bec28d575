"""Every demo role has work on its start page, not an empty list (demo/roles.py)."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from consent.models import Consultation, active_q
from dossiers.models import Dossier
from organisation.models import TeamMembership
from reflection.models import Session


@pytest.fixture
def demo(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Without a peildatum: the consultation runs on the real clock, like the showcase decision.
    call_command("seed_demo", "--residents", "300", "--seed", "7", "--quiet", stdout=io.StringIO())


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.django_db
def test_the_demo_specialist_has_an_active_consultation_on_their_start_page(demo) -> None:
    # The roles phase's consultation; the portal's demo household has a second one (demo/portal.py).
    consultation = Consultation.objects.filter(active_q(), specialist__username="specialist").order_by("pk").first()
    assert consultation is not None
    assert consultation.consent is not None
    page = _client("specialist").get(reverse("consent:consultaties"))
    assert page.status_code == 200
    assert reverse("dossiers:detail", args=[consultation.dossier_id]) in page.content.decode()


@pytest.mark.django_db
def test_the_demo_team_leader_leads_a_team_with_dossiers(demo) -> None:
    membership = TeamMembership.objects.get(user__username="teamleider")
    assert membership.is_leader
    assert Dossier.objects.filter(team_id=membership.team_id).exists()
    assert _client("teamleider").get(reverse("core:start_team")).status_code == 200


@pytest.mark.django_db
def test_the_demo_policy_advisor_can_open_the_report_of_a_closed_reflection_session(demo) -> None:
    sessions = Session.objects.filter(facilitator__username="beleid", closed_at__isnull=False)
    assert sessions.count() == 2
    client = _client("beleid")
    start = client.get(reverse("core:start_beleid")).content.decode()
    for session in sessions:
        assert session.title in start
        assert client.get(reverse("reflection:rapport", args=[session.pk])).status_code == 200
