"""Erbij halen, delen and noodtoegang sent twice (a double click, a reload) record one of each."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consent import views
from consent.models import BreakGlass, Consultation, ConsultationMode, Disclosure, ReviewItem
from consent.tests.support import consent_for, logged_in
from core import submissions
from core.models import FormSubmission
from dossiers import parts
from dossiers.sections import Section
from dossiers.transitions import Status
from testsupport.double_submit import TOKEN, carries_token, post_twice, said_already_sent
from testsupport.factories import dossier_for

REASON = "Crisismelding van de politie om 23:00, regisseur niet bereikbaar"


@pytest.fixture
def dossier(team, generalist):
    return dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)


def _detail(dossier, anchor: str = "", tab: parts.Tab | None = None) -> str:
    return parts.tab_url(dossier.pk, tab) + anchor


def test_the_forms_carry_a_one_time_token(dossier, generalist, colleague) -> None:
    regisseur = logged_in(generalist)
    assert carries_token(regisseur.get(reverse("consent:erbij_halen", args=[dossier.pk])))
    assert carries_token(regisseur.get(reverse("consent:delen", args=[dossier.pk])))
    assert carries_token(logged_in(colleague).get(reverse("consent:noodtoegang", args=[dossier.pk])))


def test_an_invitation_sent_twice_is_made_once(dossier, generalist, colleague) -> None:
    data = {
        "specialist": colleague.pk,
        "sections": [Section.ONDERZOEK],
        "mode": ConsultationMode.LEZEN,
        "ends_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "reason": "Tweede blik op het onderzoek",
    }
    first, second = post_twice(logged_in(generalist), reverse("consent:erbij_halen", args=[dossier.pk]), data)

    assert Consultation.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"] == _detail(
        dossier, "#meekijken-kop", parts.BETROKKENEN
    )
    assert said_already_sent(second)


def test_a_disclosure_sent_twice_is_recorded_once(dossier, generalist) -> None:
    consent_for(dossier, generalist, recipient="Huisarts", purpose="plan delen")
    data = {"recipient": "Huisarts", "purpose": "plan delen", "sections": [Section.PLAN]}

    first, second = post_twice(logged_in(generalist), reverse("consent:delen", args=[dossier.pk]), data)

    assert Disclosure.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"] == _detail(
        dossier, "#meekijken-kop", parts.BETROKKENEN
    )
    assert said_already_sent(second)


def test_emergency_access_sent_twice_is_granted_once_with_one_review_item(dossier, colleague) -> None:
    first, second = post_twice(
        logged_in(colleague), reverse("consent:noodtoegang", args=[dossier.pk]), {"reason": REASON}
    )

    assert BreakGlass.objects.count() == 1 and ReviewItem.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"] == _detail(dossier)
    assert said_already_sent(second)


def test_two_emergency_accesses_at_the_same_moment_grant_one(dossier, colleague, monkeypatch) -> None:
    """The second send passes every check before the first commits; the unique token claim stops it."""
    client = logged_in(colleague)
    url = reverse("consent:noodtoegang", args=[dossier.pk])
    client.post(url, {"reason": REASON, "submission_token": TOKEN})
    real_earlier = submissions._earlier
    calls = {"n": 0}

    def not_yet_committed(request, token):
        calls["n"] += 1
        return None if calls["n"] <= 2 else real_earlier(request, token)

    monkeypatch.setattr(submissions, "_earlier", not_yet_committed)
    monkeypatch.setattr(views, "dossier_access", lambda user, dossier: None)
    second = client.post(url, {"reason": REASON, "submission_token": TOKEN})

    assert second.status_code == 302 and second["Location"] == _detail(dossier)
    assert BreakGlass.objects.count() == 1 and ReviewItem.objects.count() == 1
    assert FormSubmission.objects.count() == 1
