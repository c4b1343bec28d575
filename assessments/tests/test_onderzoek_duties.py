"""The onderzoek's legal duties (Wmo 2015 art. 2.3.2): recorded, and required where the law requires them.

A Wmo onderzoek is completed only with each topic of lid 4 a–g addressed or marked not applicable with a
reason, cliëntondersteuning offered (lid 3) and the pgb explained (lid 6). The resident gets the verslag
(lid 8): a Dutch PDF, with the day it was handed over and the resident's reaction recorded.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import WMO_TOPICS, Onderzoek, Outcome, Reaction
from assessments.services import OnderzoekInput, save_onderzoek
from assessments.verslag import render_verslag_html
from audit.models import AccessAction, AccessLogEntry
from dossiers.models import Melding, Route

TODAY = timezone.localdate

DUTIES: dict[str, Any] = {
    "topic_a_needs": "Hulp bij het huishouden.",
    "topic_b_own_strength": "Kookt zelf, kan niet meer stofzuigen.",
    "topic_c_network": "Dochter komt twee keer per week.",
    "topic_d_carer_support_na": "De dochter vraagt geen ondersteuning.",
    "topic_e_general_provisions": "Boodschappendienst van het buurthuis.",
    "topic_f_cooperation_na": "Geen andere zorg betrokken.",
    "topic_g_contribution": "Abonnementstarief uitgelegd.",
    "clientondersteuning_offered_on": (TODAY() - timedelta(days=9)).isoformat(),
    "pgb_information_given": "on",
}


def _form(version: int = 0, **values: Any) -> dict[str, Any]:
    return {
        "version": version,
        "conversation_on": (TODAY() - timedelta(days=3)).isoformat(),
        "outcome": Outcome.MAATWERK,
        "verslag": "Mevrouw krijgt hulp bij het huishouden.",
        "completed_on": (TODAY() - timedelta(days=1)).isoformat(),
        **values,
    }


def _url(dossier) -> str:
    return reverse("assessments:onderzoek", args=[dossier.pk])


def _completed(client, dossier) -> Onderzoek:
    response = client.post(_url(dossier), _form(**DUTIES))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Onderzoek.objects.get(dossier=dossier)


@pytest.mark.parametrize("topic,label", WMO_TOPICS)
def test_a_wmo_onderzoek_cannot_be_completed_with_a_lid_4_topic_unanswered(client, dossier, topic, label):
    values = {**DUTIES, topic: "", f"{topic}_na": ""}

    response = client.post(_url(dossier), _form(**values))

    assert response.status_code == 400
    assert f"{label}: beschrijf wat hierover besproken is" in response.content.decode()
    assert not Onderzoek.objects.filter(completed_on__isnull=False).exists()
    assert dossier.deadlines.get(term_code="WMO_ONDERZOEK").met_on is None


def test_a_topic_marked_not_applicable_with_a_reason_counts_as_addressed(client, dossier):
    onderzoek = _completed(client, dossier)

    assert onderzoek.topic_d_carer_support == ""
    assert onderzoek.topic_d_carer_support_na == "De dochter vraagt geen ondersteuning."
    assert onderzoek.completed_on == TODAY() - timedelta(days=1)


def test_a_topic_is_either_described_or_not_applicable_not_both(client, dossier):
    response = client.post(_url(dossier), _form(**{**DUTIES, "topic_c_network_na": "Geen netwerk."}))

    assert response.status_code == 400
    assert "niet allebei" in response.content.decode()


def test_a_wmo_onderzoek_needs_clientondersteuning_offered_and_the_pgb_explained(client, dossier):
    values = {**DUTIES, "clientondersteuning_offered_on": ""}
    values.pop("pgb_information_given")

    response = client.post(_url(dossier), _form(**values))

    content = response.content.decode()
    assert response.status_code == 400
    assert "art. 2.3.2 lid 3" in content
    assert "art. 2.3.2 lid 6" in content


def test_a_jeugdwet_onderzoek_needs_outcome_and_verslag_but_not_the_wmo_topics(dossier, generalist):
    Melding.objects.create(
        dossier=dossier,
        inwoner=dossier.huishouden.members.first(),
        route=Route.SCHOOL,
        description="Zorgen over het kind.",
        regime="jeugdwet",
        received_at=timezone.now() - timedelta(days=5),
        registered_by=generalist,
    )
    values = {"outcome": Outcome.NETWERK, "verslag": "Opa en oma helpen.", "completed_on": TODAY()}

    onderzoek = save_onderzoek(dossier, OnderzoekInput(values=values), version=0, actor=generalist, basis="regisseur")

    assert onderzoek.completed_on == TODAY()


def test_the_verslag_pdf_can_be_downloaded_from_the_onderzoek_page_and_each_download_is_logged(client, dossier):
    onderzoek = _completed(client, dossier)
    page = client.get(reverse("assessments:onderzoek_detail", args=[dossier.pk, onderzoek.pk])).content.decode()
    url = reverse("assessments:verslag_pdf", args=[dossier.pk, onderzoek.pk])
    assert url in page

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "concept" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.filter(
        action=AccessAction.VIEW, object_type="onderzoek", object_id=str(onderzoek.pk), detail__contains="verslag"
    ).exists()


def test_the_verslag_is_dutch_and_states_the_topics_the_outcome_and_the_right_to_react(client, dossier):
    onderzoek = _completed(client, dossier)

    html = render_verslag_html(onderzoek, draft=False)

    assert '<html lang="nl">' in html
    assert "Verslag van het onderzoek" in html
    assert "c. Mantelzorg en hulp uit het sociale netwerk" in html
    assert "Niet van toepassing: De dochter vraagt geen ondersteuning." in html
    assert "Maatwerkvoorziening" in html
    assert "Bent u het niet eens met dit verslag?" in html
    assert "persoonsgebonden budget" in html


def test_handing_over_the_verslag_records_the_date_and_keeps_the_pdf_as_given(client, dossier):
    onderzoek = _completed(client, dossier)
    url = reverse("assessments:verslag_uitreiken", args=[dossier.pk, onderzoek.pk])

    response = client.post(url, {"handed_over_on": TODAY().isoformat()})

    assert response.status_code == 302
    onderzoek.refresh_from_db()
    assert onderzoek.verslag_sent_on == TODAY()
    assert bytes(onderzoek.verslag_pdf).startswith(b"%PDF")
    download = client.get(reverse("assessments:verslag_pdf", args=[dossier.pk, onderzoek.pk]))
    assert download.content == bytes(onderzoek.verslag_pdf)
    assert "concept" not in download["Content-Disposition"]
    assert dossier.timeline.filter(summary__contains="Verslag van het onderzoek uitgereikt").exists()


def test_the_verslag_cannot_be_handed_over_before_the_onderzoek_is_completed(client, dossier):
    client.post(_url(dossier), _form(completed_on="", outcome="", verslag=""))
    onderzoek = Onderzoek.objects.get(dossier=dossier)

    response = client.post(
        reverse("assessments:verslag_uitreiken", args=[dossier.pk, onderzoek.pk]),
        {"handed_over_on": TODAY().isoformat()},
    )

    assert response.status_code == 400
    assert "Rond eerst het onderzoek af" in response.content.decode()
    onderzoek.refresh_from_db()
    assert onderzoek.verslag_sent_on is None


def test_the_residents_reaction_is_recorded_and_disagreeing_needs_an_explanation(client, dossier):
    onderzoek = _completed(client, dossier)
    client.post(
        reverse("assessments:verslag_uitreiken", args=[dossier.pk, onderzoek.pk]),
        {"handed_over_on": TODAY().isoformat()},
    )
    url = reverse("assessments:verslag_reactie", args=[dossier.pk, onderzoek.pk])

    refused = client.post(url, {"reaction": Reaction.ONEENS, "reaction_note": "", "reaction_on": TODAY().isoformat()})
    accepted = client.post(
        url, {"reaction": Reaction.ONEENS, "reaction_note": "Ik wil meer uren.", "reaction_on": TODAY().isoformat()}
    )

    assert refused.status_code == 400
    assert "Leg vast waarmee de inwoner het oneens is." in refused.content.decode()
    assert accepted.status_code == 302
    onderzoek.refresh_from_db()
    assert (onderzoek.reaction, onderzoek.reaction_note) == (Reaction.ONEENS, "Ik wil meer uren.")
    page = client.get(reverse("assessments:onderzoek_detail", args=[dossier.pk, onderzoek.pk])).content.decode()
    assert "Ik wil meer uren." in page


def test_an_onderzoek_of_another_dossier_is_not_found_through_this_one(client, dossier, team, generalist):
    from testsupport.factories import dossier_for

    other = dossier_for(team, regisseur=generalist)
    onderzoek = Onderzoek.objects.create(dossier=other)

    response = client.get(reverse("assessments:verslag_pdf", args=[dossier.pk, onderzoek.pk]))

    assert response.status_code == 404
