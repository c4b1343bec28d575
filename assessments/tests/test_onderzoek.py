"""The onderzoek: saving, completing (Wmo 2.3.2), and two people editing at once."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Onderzoek, Outcome
from assessments.services import OnderzoekInput, save_onderzoek
from audit.models import AccessAction, AccessLogEntry
from dossiers.models import InvolvementRole, TimelineEvent
from dossiers.services import TransitionNotAllowed, change_status
from dossiers.transitions import Status

TODAY = timezone.localdate


#: What a Wmo onderzoek must record before it is completed (art. 2.3.2 lid 3, 4 a-g and 6).
WMO_DUTIES: dict[str, Any] = {
    "topic_a_needs": "Hulp bij het huishouden.",
    "topic_b_own_strength": "Kookt zelf, kan niet meer stofzuigen.",
    "topic_c_network": "Dochter komt twee keer per week.",
    "topic_d_carer_support_na": "De dochter vraagt geen ondersteuning.",
    "topic_e_general_provisions": "Buurthuis, boodschappendienst.",
    "topic_f_cooperation_na": "Geen andere zorg betrokken.",
    "topic_g_contribution": "Uitgelegd: abonnementstarief.",
    "clientondersteuning_offered_on": (TODAY() - timedelta(days=9)).isoformat(),
    "pgb_information_given": "on",
}


def _form(version: int, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": version,
        "other_participants": "Mantelzorger (dochter)",
        "conversation_on": (TODAY() - timedelta(days=2)).isoformat(),
        "topic_a_needs": "Hulp bij het huishouden.",
        "outcome": "",
        "verslag": "",
        "completed_on": "",
    }
    data.update(overrides)
    return data


def _url(dossier) -> str:
    return reverse("assessments:onderzoek", args=[dossier.pk])


def test_first_save_creates_the_one_onderzoek_of_the_dossier(client, dossier, generalist):
    response = client.post(_url(dossier), _form(0, participants=[generalist.pk]))

    assert response.status_code == 302
    onderzoek = Onderzoek.objects.get(dossier=dossier)
    assert onderzoek.version == 1
    assert onderzoek.topic_a_needs == "Hulp bij het huishouden."
    assert list(onderzoek.participants.all()) == [generalist]
    assert dossier.timeline.filter(kind=TimelineEvent.Kind.ONDERZOEK).exists()
    assert AccessLogEntry.objects.filter(action=AccessAction.CREATE, object_type="onderzoek").exists()


def test_completing_the_onderzoek_marks_the_wmo_onderzoek_deadline_met(client, dossier):
    client.post(_url(dossier), _form(0))
    done = TODAY() - timedelta(days=1)

    response = client.post(
        _url(dossier),
        _form(1, **WMO_DUTIES, outcome=Outcome.NETWERK, verslag="De dochter helpt.", completed_on=done.isoformat()),
    )

    assert response.status_code == 302
    assert dossier.deadlines.get(term_code="WMO_ONDERZOEK").met_on == done
    assert Onderzoek.objects.get(dossier=dossier).completed_on == done


def test_receiving_the_persoonlijk_plan_marks_its_deadline_met(client, dossier):
    received = TODAY() - timedelta(days=3)

    client.post(_url(dossier), _form(0, persoonlijk_plan_received_on=received.isoformat()))

    assert dossier.deadlines.get(term_code="WMO_PERSOONLIJK_PLAN").met_on == received
    assert dossier.deadlines.get(term_code="WMO_ONDERZOEK").met_on is None


def test_completing_without_outcome_and_verslag_is_refused_and_nothing_changes(client, dossier):
    client.post(_url(dossier), _form(0))

    response = client.post(_url(dossier), _form(1, topic_a_needs="Gewijzigd", completed_on=TODAY().isoformat()))

    assert response.status_code == 400
    content = response.content.decode()
    assert "Kies de uitkomst voordat u het onderzoek afrondt." in content
    assert "Schrijf het verslag voor het huishouden voordat u het onderzoek afrondt." in content
    onderzoek = Onderzoek.objects.get(dossier=dossier)
    assert (onderzoek.version, onderzoek.topic_a_needs, onderzoek.completed_on) == (1, "Hulp bij het huishouden.", None)
    assert dossier.deadlines.get(term_code="WMO_ONDERZOEK").met_on is None


def test_a_stale_version_is_refused_and_the_first_save_is_kept(dossier, generalist, colleague, client_for):
    dossier.involvements.create(user=colleague, role=InvolvementRole.COLLEGA)
    first, second = client_for(generalist), client_for(colleague)
    first.post(_url(dossier), _form(0))  # version 1 exists; both users now load it
    assert Onderzoek.objects.get(dossier=dossier).version == 1

    first.post(_url(dossier), _form(1, topic_b_own_strength="Eerste"))
    response = second.post(_url(dossier), _form(1, topic_b_own_strength="Tweede"), follow=True)

    assert "Iemand anders heeft dit onderzoek intussen gewijzigd." in response.content.decode()
    onderzoek = Onderzoek.objects.get(dossier=dossier)
    assert (onderzoek.version, onderzoek.topic_b_own_strength) == (2, "Eerste")


def test_two_first_saves_create_one_onderzoek_and_refuse_the_second(client, dossier):
    client.post(_url(dossier), _form(0, topic_a_needs="Eerste"))
    response = client.post(_url(dossier), _form(0, topic_a_needs="Tweede"), follow=True)

    assert "Iemand anders heeft dit onderzoek intussen gewijzigd." in response.content.decode()
    assert Onderzoek.objects.filter(dossier=dossier).count() == 1
    assert Onderzoek.objects.get(dossier=dossier).topic_a_needs == "Eerste"


def test_a_completion_date_in_the_future_is_refused(client, dossier):
    response = client.post(
        _url(dossier),
        _form(0, outcome=Outcome.ZELF, verslag="Klaar.", completed_on=(TODAY() + timedelta(days=1)).isoformat()),
    )

    assert response.status_code == 400
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert not Onderzoek.objects.filter(dossier=dossier).exists()


def test_the_form_shows_the_wmo_topics_and_the_stored_version(client, dossier):
    client.post(_url(dossier), _form(0))

    response = client.get(_url(dossier))

    content = response.content.decode()
    assert response.status_code == 200
    assert "g. De eigen bijdrage" in content
    assert 'name="version" value="1"' in content


def test_a_completed_onderzoek_opens_the_step_to_plan(client, dossier, generalist):
    with pytest.raises(TransitionNotAllowed):
        change_status(dossier, Status.PLAN, actor=generalist)

    client.post(
        _url(dossier),
        _form(0, **WMO_DUTIES, outcome=Outcome.ALGEMENE_VOORZIENING, verslag="Buurthuis.", completed_on=TODAY()),
    )

    assert change_status(dossier, Status.PLAN, actor=generalist).status == Status.PLAN


def test_only_staff_involved_in_the_dossier_can_be_named_as_participants(client, dossier, colleague):
    response = client.post(_url(dossier), _form(0, participants=[colleague.pk]))

    assert response.status_code == 400
    assert not Onderzoek.objects.exists()


def test_the_service_refuses_completion_without_outcome_and_changes_nothing(dossier, generalist):
    values = {**WMO_DUTIES, "pgb_information_given": True, "completed_on": TODAY(), "outcome": "", "verslag": ""}

    with pytest.raises(ValidationError) as refused:
        save_onderzoek(dossier, OnderzoekInput(values=values), version=0, actor=generalist, basis="regisseur")

    assert set(refused.value.message_dict) == {"outcome", "verslag"}
    assert not Onderzoek.objects.exists()
    assert dossier.deadlines.get(term_code="WMO_ONDERZOEK").met_on is None
