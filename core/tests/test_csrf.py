"""A form posted from another site (no CSRF token) is refused and changes nothing, also for a logged-in user."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from consent.models import Consent
from decisions.models import BudgetSpend, TeamBudget
from dossiers.transitions import Status
from testsupport.factories import dossier_for

pytestmark = pytest.mark.django_db


def test_staff_writes_without_a_csrf_token_are_refused(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.PLAN, regisseur=generalist)
    TeamBudget.objects.create(team=team, year=date.today().year, amount=Decimal("500"), max_per_spend=Decimal("200"))
    inwoner = dossier.huishouden.members.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(generalist)

    spend = client.post(
        reverse("decisions:budget", args=[dossier.pk]), {"amount": "50", "description": "x", "reason": "y"}
    )
    consent = client.post(
        reverse("consent:register", args=[dossier.pk]),
        {"inwoner": inwoner.pk, "purpose": "Plan delen", "recipient": "Huisarts", "given_on": date.today()},
    )

    assert spend.status_code == consent.status_code == 403
    assert not BudgetSpend.objects.exists()
    assert not Consent.objects.exists()

    # The same post from the application's own form (token present) goes through.
    same_site = Client()
    same_site.force_login(generalist)
    accepted = same_site.post(
        reverse("decisions:budget", args=[dossier.pk]), {"amount": "50", "description": "x", "reason": "y"}
    )
    assert accepted.status_code == 302 and BudgetSpend.objects.count() == 1
