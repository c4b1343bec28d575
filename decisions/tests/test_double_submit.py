"""A create form sent twice (a double click, a reload) records one aanvraag, spend, indication or bezwaar."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from catalogue.models import Voorziening
from decisions.models import Aanvraag, Bezwaar, BudgetSpend, OtherLawIndication, TeamBudget
from dossiers.models import Dossier
from dossiers.transitions import Status
from testsupport.decision_factories import VoorzieningFactory, aanvraag_for, sent_beschikking
from testsupport.factories import dossier_for

pytestmark = pytest.mark.django_db

TOKEN = "dubbel-klik-token-0123456789"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _twice(client: Client, url: str, data: dict[str, object]):
    first = client.post(url, data | {"submission_token": TOKEN})
    second = client.post(url, data | {"submission_token": TOKEN})
    return first, second


def _said_already_sent(response) -> bool:
    return any("al verstuurd" in str(message) for message in get_messages(response.wsgi_request))


def test_aanvraag_sent_twice_is_registered_once(
    dossier: Dossier, generalist: User, consulent: User, begeleiding: Voorziening
) -> None:
    data = {
        "inwoner": dossier.huishouden.members.get().pk,
        "law": "wmo",
        "voorzieningen": [begeleiding.pk],
        "description": "Ondersteuning bij de post",
        "received_on": date.today().isoformat(),
        "consulent": consulent.pk,
    }
    first, second = _twice(_client(generalist), reverse("decisions:aanvraag_nieuw", args=[dossier.pk]), data)

    aanvraag = Aanvraag.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == reverse("decisions:aanvraag", args=[aanvraag.pk])
    assert _said_already_sent(second)


def test_aanvraag_form_carries_a_one_time_token(dossier: Dossier, generalist: User) -> None:
    page = _client(generalist).get(reverse("decisions:aanvraag_nieuw", args=[dossier.pk])).content.decode()
    assert 'name="submission_token"' in page


def test_budget_spend_sent_twice_is_spent_once(dossier: Dossier, generalist: User) -> None:
    TeamBudget.objects.create(
        team=dossier.team, year=date.today().year, amount=Decimal("500"), max_per_spend=Decimal("200")
    )
    data = {"amount": "150.00", "description": "Fiets voor werk", "reason": "Kan morgen beginnen"}
    first, second = _twice(_client(generalist), reverse("decisions:budget", args=[dossier.pk]), data)
    assert BudgetSpend.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_indication_sent_twice_is_recorded_once(dossier: Dossier, generalist: User) -> None:
    data = {"inwoner": dossier.huishouden.members.get().pk, "kind": "wlz", "valid_from": date.today().isoformat()}
    _twice(_client(generalist), reverse("decisions:indicatie", args=[dossier.pk]), data)
    assert OtherLawIndication.objects.count() == 1


def test_bezwaar_sent_twice_is_registered_once(team, generalist: User) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    beschikking = sent_beschikking(
        aanvraag_for(dossier, VoorzieningFactory()), sent_on=timezone.localdate() - timedelta(days=7)
    )
    data = {
        "received_on": timezone.localdate().isoformat(),
        "submitted_by": "Fatima Jansen",
        "grounds": "De begeleiding is te kort.",
    }
    first, second = _twice(_client(generalist), reverse("decisions:bezwaar_nieuw", args=[beschikking.pk]), data)
    bezwaar = Bezwaar.objects.get()
    assert second["Location"] == first["Location"] == reverse("decisions:bezwaar", args=[bezwaar.pk])


def test_a_refused_send_does_not_use_up_the_token(dossier: Dossier, generalist: User) -> None:
    TeamBudget.objects.create(
        team=dossier.team, year=date.today().year, amount=Decimal("500"), max_per_spend=Decimal("200")
    )
    client = _client(generalist)
    url = reverse("decisions:budget", args=[dossier.pk])
    refused = client.post(url, {"amount": "250.00", "description": "x", "reason": "y", "submission_token": TOKEN})
    assert "ten hoogste" in refused.content.decode() and not BudgetSpend.objects.exists()
    client.post(url, {"amount": "150.00", "description": "x", "reason": "y", "submission_token": TOKEN})
    assert BudgetSpend.objects.count() == 1
