"""Submit once: a double submit creates one object and answers with what the first created; never a 500."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core import submissions
from core.models import FormSubmission
from dossiers import parts
from dossiers.models import Dossier, Melding
from dossiers.tests.views_support import logged_in
from dossiers.transitions import Status
from residents.models import Inwoner, Netwerkrelatie
from testsupport.factories import InwonerFactory, dossier_for, next_bsn

TOKEN = "dubbel-klik-token-0123456789"
MELDING_URL = reverse("dossiers:melding_nieuw")


def _melding_fields(team, bsn: str) -> dict:
    return {
        "bsn": bsn,
        "voornamen": "Karin",
        "achternaam": "Dijk",
        "geboortedatum": "1975-03-02",
        "huishouden": "nieuw",
        "type": "alleenstaand",
        "rol": "overig",
        "route": "huisarts",
        "received_at": "2024-01-02T10:00",
        "description": "Zorgen om zelfstandig wonen",
        "urgency": "normaal",
        "regime": "wmo",
        "team": team.pk,
    }


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_melding_form_carries_a_one_time_token(team, generalist) -> None:
    page = logged_in(generalist).get(MELDING_URL, {"nieuw": "1"}).content.decode()
    assert 'name="submission_token"' in page


def test_melding_sent_twice_registers_one_resident_household_and_melding(team, generalist) -> None:
    client = logged_in(generalist)
    data = _melding_fields(team, next_bsn()) | {"submission_token": TOKEN}

    first = client.post(MELDING_URL, data)
    second = client.post(MELDING_URL, data)

    dossier = Dossier.objects.get()
    assert Inwoner.objects.count() == 1 and Melding.objects.count() == 1
    assert first["Location"] == second["Location"] == reverse("dossiers:detail", args=[dossier.pk])
    assert any("al verstuurd" in message for message in _messages(second))


def test_network_relation_sent_twice_is_added_once(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    client = logged_in(generalist)
    url = reverse("dossiers:netwerk_toevoegen", args=[dossier.pk])
    data = {"name": "Buurvrouw Ans", "type": "buur", "submission_token": TOKEN}

    client.post(url, data)
    second = client.post(url, data)

    assert Netwerkrelatie.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == parts.tab_url(dossier.pk, parts.HUISHOUDEN)


def test_two_sends_of_the_same_form_at_the_same_moment_create_one_object(team, generalist, monkeypatch) -> None:
    """The second send passes the early check before the first commits; the unique claim stops it."""
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    client = logged_in(generalist)
    url = reverse("dossiers:netwerk_toevoegen", args=[dossier.pk])
    data = {"name": "Buurvrouw Ans", "type": "buur", "submission_token": TOKEN}
    client.post(url, data)
    real_earlier = submissions._earlier
    calls = {"n": 0}

    def not_yet_committed(request, token):
        calls["n"] += 1
        return None if calls["n"] == 1 else real_earlier(request, token)

    monkeypatch.setattr(submissions, "_earlier", not_yet_committed)
    second = client.post(url, data)

    assert second.status_code == 302 and second["Location"] == parts.tab_url(dossier.pk, parts.HUISHOUDEN)
    assert Netwerkrelatie.objects.count() == 1
    assert FormSubmission.objects.count() == 1


def test_same_bsn_registered_by_a_colleague_meanwhile_gives_a_dutch_error_not_a_500(
    team, generalist, monkeypatch
) -> None:
    """Simulate the race: the colleague's resident appears after our checks, just before our insert."""
    bsn = next_bsn()
    real_full_clean = Inwoner.full_clean
    raced = {"done": False}

    def colleague_registers_first(self, *args, **kwargs):
        real_full_clean(self, *args, **kwargs)
        # The form validates with arguments; the service's own check, right before the insert, without.
        if not args and not kwargs and self.bsn == bsn and not raced["done"]:
            raced["done"] = True
            InwonerFactory(bsn=bsn, achternaam="Dijk", geboortedatum=date(1975, 3, 2))

    monkeypatch.setattr(Inwoner, "full_clean", colleague_registers_first)
    response = logged_in(generalist).post(MELDING_URL, _melding_fields(team, bsn) | {"submission_token": TOKEN})

    assert response.status_code == 200
    assert "Er is al een inwoner met dit BSN" in response.content.decode()
    # One connection cannot keep the colleague's row apart from ours, so it is rolled back with ours here.
    assert Inwoner.objects.filter(bsn=bsn).count() <= 1
    assert not Dossier.objects.exists() and not Melding.objects.exists()
    assert not FormSubmission.objects.exists()
    assert raced["done"]


@pytest.mark.django_db
def test_create_inwoner_turns_a_unique_bsn_clash_into_a_validation_error(monkeypatch) -> None:
    from django.core.exceptions import ValidationError

    from residents.services import create_inwoner

    bsn = next_bsn()
    InwonerFactory(bsn=bsn)
    monkeypatch.setattr(Inwoner, "full_clean", lambda self, *args, **kwargs: None)
    with pytest.raises(ValidationError) as raised:
        create_inwoner(Inwoner(bsn=bsn, voornamen="A", achternaam="B", geboortedatum=date(1990, 1, 1)))
    assert "bsn" in raised.value.message_dict


def test_consent_sent_twice_is_recorded_once(team, generalist) -> None:
    from consent.models import Consent, ConsentCapacity, ConsentHow

    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    adult = dossier.huishouden.members.get()
    client = logged_in(generalist)
    data = {
        "inwoner": adult.pk,
        "recipient": "Huisarts",
        "purpose": "afstemming",
        "given_on": date.today().isoformat(),
        "how": ConsentHow.MONDELING,
        "given_by_name": adult.voornamen,
        "given_by_capacity": ConsentCapacity.ZELF,
        "submission_token": TOKEN,
    }
    client.post(reverse("consent:register", args=[dossier.pk]), data)
    second = client.post(reverse("consent:register", args=[dossier.pk]), data)
    assert Consent.objects.count() == 1
    assert second.status_code == 302


def test_note_sent_twice_is_added_once(team, generalist) -> None:
    from dossiers.models import DossierNote

    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    client = logged_in(generalist)
    data = {"section": "gezondheid", "text": "Slaapt slecht.", "submission_token": TOKEN}
    client.post(reverse("consent:notitie", args=[dossier.pk]), data)
    second = client.post(reverse("consent:notitie", args=[dossier.pk]), data)
    assert DossierNote.objects.count() == 1
    assert second["Location"].endswith("#notities-gezondheid")
