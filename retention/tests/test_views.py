"""The screens: privacy officers only, no names, four eyes, 404 and a log line for anything unknown."""

from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from accounts.models import Role
from audit.models import AccessAction, AccessLogEntry
from dossiers.models import Dossier
from dossiers.transitions import Status
from retention import services
from retention.models import DestructionRequest, DestructionStatus
from retention.tests.conftest import closed_dossier
from testsupport.factories import UserFactory, dossier_for

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def due(team) -> Dossier:
    return closed_dossier(team, date(2011, 9, 14))


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.PRIVACY_OFFICER])
def test_other_roles_get_403_everywhere(role, due, privacy_officer) -> None:
    record = services.propose_destruction(due, privacy_officer, "Termijn verstreken.")
    client = client_for(UserFactory(role=role))
    for url in (
        reverse("retention:lijst"),
        reverse("retention:voorstellen", args=[due.pk]),
        reverse("retention:beoordelen", args=[record.pk]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("retention:beoordelen", args=[record.pk]), {"besluit": "goedkeuren"}).status_code == 403
    assert Dossier.objects.filter(pk=due.pk).exists()


def test_the_list_shows_numbers_and_dates_but_no_names(due, privacy_officer) -> None:
    inwoner = due.huishouden.members.get()
    response = client_for(privacy_officer).get(reverse("retention:lijst"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dossiers voorbij de bewaartermijn" in page
    assert reverse("retention:voorstellen", args=[due.pk]) in page
    closed, destroyable = date_format(date(2011, 9, 14)), date_format(date(2016, 9, 14))
    assert closed in page and destroyable in page and due.team.name in page
    for personal in (inwoner.achternaam, inwoner.bsn, inwoner.straat):
        assert personal not in page


def test_propose_then_a_colleague_approves(due, privacy_officer, second_privacy_officer) -> None:
    response = client_for(privacy_officer).post(
        reverse("retention:voorstellen", args=[due.pk]), {"reason": "Termijn verstreken, geen procedure."}
    )
    record = DestructionRequest.objects.get(dossier_id=due.pk)
    assert response.status_code == 302 and response["Location"] == reverse("retention:beoordelen", args=[record.pk])

    own = client_for(privacy_officer).get(reverse("retention:beoordelen", args=[record.pk])).content.decode()
    assert "zelf gedaan" in own and "Goedkeuren en vernietigen" not in own
    refused = client_for(privacy_officer).post(
        reverse("retention:beoordelen", args=[record.pk]), {"besluit": "goedkeuren"}
    )
    assert "vier ogen" in refused.content.decode()
    assert Dossier.objects.filter(pk=due.pk).exists()

    reviewer = client_for(second_privacy_officer)
    page = reviewer.get(reverse("retention:beoordelen", args=[record.pk])).content.decode()
    assert "Goedkeuren en vernietigen" in page and "1 persoon verwijderd" in page
    response = reviewer.post(
        reverse("retention:beoordelen", args=[record.pk]), {"besluit": "goedkeuren", "note": "Akkoord"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == DestructionStatus.EXECUTED
    assert not Dossier.objects.filter(pk=due.pk).exists()
    assert "Wat bewaard is" in reviewer.get(reverse("retention:beoordelen", args=[record.pk])).content.decode()


def test_a_rejection_needs_a_note(due, privacy_officer, second_privacy_officer) -> None:
    record = services.propose_destruction(due, privacy_officer, "Termijn verstreken.")
    reviewer = client_for(second_privacy_officer)
    url = reverse("retention:beoordelen", args=[record.pk])
    assert "waarom" in reviewer.post(url, {"besluit": "afwijzen", "note": ""}).content.decode()
    assert reviewer.post(url, {"besluit": "afwijzen", "note": "Lopende klacht"}).status_code == 302
    record.refresh_from_db()
    assert record.status == DestructionStatus.REJECTED


@pytest.mark.parametrize("make", ["open", "recent", "missing"])
def test_propose_for_a_dossier_that_is_not_due_is_404_and_logged(make, team, privacy_officer) -> None:
    if make == "open":
        pk = dossier_for(team, status=Status.PLAN).pk
    elif make == "recent":
        pk = closed_dossier(team, date.today()).pk
    else:
        pk = 987_654
    client = client_for(privacy_officer)
    assert client.get(reverse("retention:voorstellen", args=[pk])).status_code == 404
    assert client.post(reverse("retention:voorstellen", args=[pk]), {"reason": "x"}).status_code == 404
    assert AccessLogEntry.objects.filter(user=privacy_officer, action=AccessAction.DENIED, dossier_id=pk).count() == 2
    assert not DestructionRequest.objects.exists()


def test_an_unknown_request_is_404_and_logged(privacy_officer) -> None:
    response = client_for(privacy_officer).get(reverse("retention:beoordelen", args=[424242]))
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        user=privacy_officer, action=AccessAction.DENIED, object_type="vernietiging", object_id="424242"
    ).exists()


def test_the_command_prints_the_list_without_personal_data(due, capsys) -> None:
    inwoner = due.huishouden.members.get()
    call_command("bewaartermijnen", "--datum", "2026-06-01")
    out = capsys.readouterr().out
    assert f"{due.pk}\t{due.team.name}\t2011-09-14\tzonder_besluit\t2016-09-14\t-" in out
    assert inwoner.achternaam not in out and inwoner.bsn not in out
    call_command("bewaartermijnen", "--datum", "2012-01-01")
    assert "Geen dossiers" in capsys.readouterr().out
