"""What meets a melding's term (issue 10, item 4): the Wgs first conversation and the contact norm are met on
the dossier page, by the conversation or the contact itself; the Jeugdwet onderzoek norm, like the Wmo terms,
by its own event (completing the onderzoek). Statutory Wmo terms are never marked met by hand."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Outcome
from assessments.services import OnderzoekInput, save_onderzoek
from audit.models import AccessAction, AccessLogEntry
from dossiers.models import DossierDeadline, Melding, Regime, Route, TimelineEvent, Urgency
from dossiers.services import (
    NewMelding,
    TermAlreadyMet,
    assign_regisseur,
    mark_term_met_by_hand,
    register_melding,
    requalify_melding,
)
from dossiers.tests.views_support import logged_in
from testsupport.factories import InwonerFactory, UserFactory, household_with

TODAY = timezone.localdate


def _register(actor, team, route: str, days_ago: int, *, regime: str = "", wgs_threat: str = "") -> Melding:
    inwoner = InwonerFactory()
    received = timezone.make_aware(datetime.combine(TODAY() - timedelta(days=days_ago), time(10, 0)))
    melding = register_melding(
        actor=actor,
        team=team,
        inwoner=inwoner,
        huishouden=household_with(inwoner),
        melding=NewMelding(
            route=route,
            description="Signaal",
            urgency=Urgency.NORMAAL,
            received_at=received,
            regime=regime,
            wgs_threat=wgs_threat,
        ),
    )
    assign_regisseur(melding.dossier, actor, actor=actor)
    return melding


def _term(melding: Melding, code: str) -> DossierDeadline:
    return DossierDeadline.objects.get(melding=melding, term_code=code)


def _url(deadline: DossierDeadline) -> str:
    return reverse("dossiers:termijn_gehaald", args=[deadline.dossier_id, deadline.pk])


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_a_wgs_first_conversation_is_met_from_the_dossier_page(team, generalist) -> None:
    melding = _register(generalist, team, Route.VROEGSIGNAAL, 5, regime=Regime.SCHULDHULP)
    term = _term(melding, "WGS_EERSTE_GESPREK")
    client = logged_in(generalist)
    page = client.get(reverse("dossiers:detail", args=[melding.dossier.pk])).content.decode()
    assert _url(term) in page
    assert "Eerste gesprek gevoerd" in page

    met_on = TODAY() - timedelta(days=2)
    response = client.post(_url(term), {"on": met_on.isoformat(), "how": "gesprek", "note": "Met budgetcoach"})

    assert response.status_code == 302
    term.refresh_from_db()
    assert term.met_on == met_on
    event = TimelineEvent.objects.filter(dossier=melding.dossier, data__deadline=term.pk).get()
    assert "Eerste gesprek gevoerd" in event.summary
    assert event.reason == "Met budgetcoach"
    assert AccessLogEntry.objects.filter(
        action=AccessAction.UPDATE, object_type="termijn", object_id=str(term.pk), dossier_id=melding.dossier.pk
    ).exists()
    melding.dossier.refresh_from_db()
    assert melding.dossier.next_deadline is None


@pytest.mark.django_db
def test_a_wgs_first_conversation_in_a_threatening_situation_is_met_the_same_way(team, generalist) -> None:
    melding = _register(generalist, team, Route.VROEGSIGNAAL, 1, regime=Regime.SCHULDHULP, wgs_threat="huisuitzetting")
    term = _term(melding, "WGS_EERSTE_GESPREK_DREIGEND")

    mark_term_met_by_hand(term, on=TODAY(), how="gesprek", actor=generalist, basis="regisseur")

    term.refresh_from_db()
    assert term.met_on == TODAY()


@pytest.mark.django_db
def test_the_contact_norm_is_met_by_the_contact_made_and_the_timeline_says_how(team, generalist) -> None:
    melding = _register(generalist, team, Route.SCHOOL, 20)
    term = _term(melding, "NORM_CONTACT")
    page = logged_in(generalist).get(reverse("dossiers:detail", args=[melding.dossier.pk])).content.decode()
    assert _url(term) in page
    assert "huisbezoek" in page

    response = logged_in(generalist).post(_url(term), {"on": TODAY().isoformat(), "how": "huisbezoek"})

    assert response.status_code == 302
    term.refresh_from_db()
    assert term.met_on == TODAY()
    assert TimelineEvent.objects.filter(
        dossier=melding.dossier, data__deadline=term.pk, summary__icontains="huisbezoek"
    ).exists()


@pytest.mark.django_db
def test_the_contact_norm_offers_only_ways_of_making_contact(team, generalist) -> None:
    melding = _register(generalist, team, Route.SCHOOL, 3)
    term = _term(melding, "NORM_CONTACT")

    response = logged_in(generalist).post(_url(term), {"on": TODAY().isoformat(), "how": "gesprek"})

    assert response.status_code == 302
    term.refresh_from_db()
    assert term.met_on is None
    with pytest.raises(ValidationError):
        mark_term_met_by_hand(term, on=TODAY(), how="gesprek", actor=generalist, basis="regisseur")


@pytest.mark.django_db
def test_a_statutory_wmo_term_cannot_be_marked_met_by_hand(team, generalist) -> None:
    melding = _register(generalist, team, Route.ZELFMELDER, 3)
    onderzoek_term = _term(melding, "WMO_ONDERZOEK")
    plan_term = _term(melding, "WMO_PERSOONLIJK_PLAN")
    client = logged_in(generalist)
    page = client.get(reverse("dossiers:detail", args=[melding.dossier.pk])).content.decode()
    assert _url(onderzoek_term) not in page
    assert _url(plan_term) not in page

    response = client.post(_url(onderzoek_term), {"on": TODAY().isoformat(), "how": "gesprek"})

    assert response.status_code == 302
    assert any("onderzoek" in message for message in _messages(response))
    onderzoek_term.refresh_from_db()
    assert onderzoek_term.met_on is None
    with pytest.raises(ValidationError):
        mark_term_met_by_hand(plan_term, on=TODAY(), how="gesprek", actor=generalist, basis="regisseur")
    plan_term.refresh_from_db()
    assert plan_term.met_on is None


@pytest.mark.django_db
def test_the_jeugdwet_onderzoek_norm_is_not_marked_met_by_hand(team, generalist) -> None:
    melding = _register(generalist, team, Route.SCHOOL, 3, regime=Regime.JEUGDWET)
    term = _term(melding, "NORM_JEUGD_ONDERZOEK")
    page = logged_in(generalist).get(reverse("dossiers:detail", args=[melding.dossier.pk])).content.decode()
    assert _url(term) not in page

    with pytest.raises(ValidationError):
        mark_term_met_by_hand(term, on=TODAY(), how="gesprek", actor=generalist, basis="regisseur")


@pytest.mark.django_db
def test_a_term_is_not_met_before_it_started_nor_in_the_future(team, generalist) -> None:
    melding = _register(generalist, team, Route.VROEGSIGNAAL, 5, regime=Regime.SCHULDHULP)
    term = _term(melding, "WGS_EERSTE_GESPREK")
    client = logged_in(generalist)

    before = client.post(_url(term), {"on": (TODAY() - timedelta(days=6)).isoformat(), "how": "gesprek"})
    future = client.post(_url(term), {"on": (TODAY() + timedelta(days=1)).isoformat(), "how": "gesprek"})

    assert before.status_code == future.status_code == 302
    assert any("begon op" in message for message in _messages(before))
    assert any("toekomst" in message for message in _messages(future))
    term.refresh_from_db()
    assert term.met_on is None
    with pytest.raises(ValidationError):
        mark_term_met_by_hand(term, on=TODAY() + timedelta(days=1), how="gesprek", actor=generalist, basis="regisseur")


@pytest.mark.django_db
def test_marking_a_term_met_twice_says_it_was_already_met(team, generalist) -> None:
    melding = _register(generalist, team, Route.WIJKAGENT, 4)
    term = _term(melding, "NORM_CONTACT")
    client = logged_in(generalist)
    first_day = TODAY() - timedelta(days=1)
    client.post(_url(term), {"on": first_day.isoformat(), "how": "telefoon"})

    again = client.post(_url(term), {"on": TODAY().isoformat(), "how": "telefoon"})

    assert again.status_code == 302
    assert any("al gehaald" in message for message in _messages(again))
    term.refresh_from_db()
    assert term.met_on == first_day
    assert TimelineEvent.objects.filter(dossier=melding.dossier, data__deadline=term.pk).count() == 1
    with pytest.raises(TermAlreadyMet):
        mark_term_met_by_hand(term, on=TODAY(), how="telefoon", actor=generalist, basis="regisseur")


@pytest.mark.django_db
def test_a_lapsed_term_cannot_be_met(team, generalist) -> None:
    melding = _register(generalist, team, Route.WIJKAGENT, 4)
    requalify_melding(melding, regime=Regime.SCHULDHULP, on=TODAY(), reason="Vraagt schuldhulp", actor=generalist)
    lapsed = _term(melding, "NORM_CONTACT")
    assert lapsed.cancelled_on == TODAY()

    with pytest.raises(ValidationError):
        mark_term_met_by_hand(lapsed, on=TODAY(), how="telefoon", actor=generalist, basis="regisseur")
    lapsed.refresh_from_db()
    assert lapsed.met_on is None


@pytest.mark.django_db
def test_someone_not_involved_cannot_mark_a_term_met(team, generalist) -> None:
    melding = _register(generalist, team, Route.WIJKAGENT, 4)
    term = _term(melding, "NORM_CONTACT")

    response = logged_in(UserFactory()).post(_url(term), {"on": TODAY().isoformat(), "how": "telefoon"})

    assert response.status_code in (403, 404)
    term.refresh_from_db()
    assert term.met_on is None


@pytest.mark.django_db
def test_completing_an_onderzoek_meets_the_jeugdwet_onderzoek_norm_of_the_melding_it_answers(team, generalist) -> None:
    melding = _register(generalist, team, Route.SCHOOL, 10, regime=Regime.JEUGDWET)
    completed_on = TODAY() - timedelta(days=1)
    values = {"outcome": Outcome.NETWERK, "verslag": "Opa en oma helpen.", "completed_on": completed_on}

    save_onderzoek(melding.dossier, OnderzoekInput(values=values), version=0, actor=generalist, basis="regisseur")

    assert _term(melding, "NORM_JEUGD_ONDERZOEK").met_on == completed_on
