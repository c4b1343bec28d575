"""The bezwaar screens: who may use them, what they show, and that bad input changes nothing."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from audit.models import AccessAction, AccessLogEntry
from decisions.bezwaar import register_bezwaar
from decisions.models import Beschikking, Bezwaar, BezwaarOutcome, BezwaarStatus
from dossiers.models import Dossier
from dossiers.transitions import Status
from organisation.models import Team
from testsupport.decision_factories import VoorzieningFactory, aanvraag_for, sent_beschikking
from testsupport.factories import UserFactory, dossier_for, member_of


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def dossier(team: Team, generalist: User) -> Dossier:
    return dossier_for(team, status=Status.UITVOERING, regisseur=generalist)


@pytest.fixture
def beschikking(dossier: Dossier) -> Beschikking:
    return sent_beschikking(
        aanvraag_for(dossier, VoorzieningFactory()), sent_on=timezone.localdate() - timedelta(days=7)
    )


@pytest.fixture
def bezwaar(beschikking: Beschikking, generalist: User) -> Bezwaar:
    return register_bezwaar(
        beschikking,
        generalist,
        received_on=timezone.localdate(),
        submitted_by="Fatima Jansen",
        grounds="De begeleiding is te kort.",
        committee=False,
    )


def _form_data(**overrides: object) -> dict[str, object]:
    return {
        "received_on": timezone.localdate().isoformat(),
        "submitted_by": "Fatima Jansen",
        "grounds": "De begeleiding is te kort.",
        **overrides,
    }


def _new_url(beschikking: Beschikking) -> str:
    return reverse("decisions:bezwaar_nieuw", args=[beschikking.pk])


# --- registreren ---------------------------------------------------------------------------------


def test_regisseur_sees_the_registration_form(beschikking: Beschikking, generalist: User) -> None:
    response = _client(generalist).get(_new_url(beschikking))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bezwaar registreren" in content
    assert 'for="id_grounds"' in content
    assert AccessLogEntry.objects.filter(
        user=generalist, action=AccessAction.VIEW, object_type="beschikking", object_id=str(beschikking.pk)
    ).exists()


def test_regisseur_registers_an_objection_and_lands_on_its_page(
    beschikking: Beschikking, dossier: Dossier, generalist: User
) -> None:
    response = _client(generalist).post(_new_url(beschikking), _form_data(committee="on"))
    bezwaar = Bezwaar.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:bezwaar", args=[bezwaar.pk])
    assert bezwaar.committee and not bezwaar.late
    assert bezwaar.registered_by == generalist
    assert bezwaar.deadline is not None and bezwaar.deadline.term_code == "AWB_BESLISSING_OP_BEZWAAR_COMMISSIE"
    dossier.refresh_from_db()
    assert dossier.next_deadline == bezwaar.deadline.due
    assert AccessLogEntry.objects.filter(
        user=generalist, action=AccessAction.CREATE, object_type="bezwaar", dossier_id=dossier.pk
    ).exists()


def test_late_objection_is_registered_with_a_warning(dossier: Dossier, generalist: User) -> None:
    today = timezone.localdate()
    old = sent_beschikking(aanvraag_for(dossier, VoorzieningFactory()), sent_on=today - timedelta(weeks=8))
    response = _client(generalist).post(_new_url(old), _form_data(), follow=True)
    assert Bezwaar.objects.get().late
    content = response.content.decode()
    assert "na de bezwaartermijn" in content
    assert "Awb art. 6:11" in content


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"grounds": ""}, "grounds", "Dit veld is verplicht."),
        (
            {"received_on": (date.today() + timedelta(days=3)).isoformat()},
            "received_on",
            "Deze datum kan niet in de toekomst liggen.",
        ),
        ({"submitted_by": ""}, "submitted_by", "Dit veld is verplicht."),
    ],
)
def test_bad_input_is_refused_in_dutch_and_creates_nothing(
    beschikking: Beschikking, dossier: Dossier, generalist: User, overrides: dict[str, object], field: str, message: str
) -> None:
    response = _client(generalist).post(_new_url(beschikking), _form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["form"].errors[field]
    assert "Controleer de invoer" in response.content.decode()
    assert not Bezwaar.objects.exists()
    assert not dossier.deadlines.exists()
    assert not dossier.timeline.exists()


def test_objection_against_an_unsent_beschikking_is_refused(beschikking: Beschikking, generalist: User) -> None:
    Beschikking.objects.filter(pk=beschikking.pk).update(status="concept")
    response = _client(generalist).post(_new_url(beschikking), _form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:beschikking", args=[beschikking.pk])
    assert not Bezwaar.objects.exists()


# --- bezwaarpagina -------------------------------------------------------------------------------


def test_bezwaar_page_shows_beschikking_terms_and_forms(bezwaar: Bezwaar, generalist: User) -> None:
    response = _client(generalist).get(reverse("decisions:bezwaar", args=[bezwaar.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    beschikking = bezwaar.beschikking
    assert bezwaar.deadline is not None
    assert reverse("decisions:beschikking", args=[beschikking.pk]) in content
    assert beschikking.number in content
    assert date_format(beschikking.objection_until) in content
    assert date_format(bezwaar.deadline.due) in content
    assert "Awb art. 7:10 lid 1" in content
    assert "op tijd" in content
    assert reverse("decisions:bezwaar_verdagen", args=[bezwaar.pk]) in content
    assert reverse("decisions:bezwaar_beslissen", args=[bezwaar.pk]) in content
    assert AccessLogEntry.objects.filter(
        user=generalist, action=AccessAction.VIEW, object_type="bezwaar", object_id=str(bezwaar.pk)
    ).exists()


def test_regisseur_postpones_once_and_the_second_time_is_refused(bezwaar: Bezwaar, generalist: User) -> None:
    client = _client(generalist)
    url = reverse("decisions:bezwaar_verdagen", args=[bezwaar.pk])
    assert bezwaar.deadline is not None
    before = bezwaar.deadline.due
    response = client.post(url, {"verdagen-reason": "Advies van de medisch adviseur nodig."})
    assert response.status_code == 302
    bezwaar.deadline.refresh_from_db()
    assert bezwaar.deadline.postponed_weeks == 6
    assert bezwaar.deadline.due >= before + timedelta(weeks=6)

    again = client.post(url, {"verdagen-reason": "Nog meer tijd."})
    assert again.status_code == 400
    assert "Awb art. 7:10 lid 4" in again.content.decode()
    bezwaar.deadline.refresh_from_db()
    assert bezwaar.deadline.postponed_weeks == 6


def test_postponement_without_reason_is_refused(bezwaar: Bezwaar, generalist: User) -> None:
    response = _client(generalist).post(
        reverse("decisions:bezwaar_verdagen", args=[bezwaar.pk]), {"verdagen-reason": ""}
    )
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    assert bezwaar.deadline is not None
    bezwaar.deadline.refresh_from_db()
    assert bezwaar.deadline.postponed_weeks == 0


def _decide(client: Client, bezwaar: Bezwaar, **overrides: object):  # type: ignore[no-untyped-def]
    data = {
        "beslissen-outcome": BezwaarOutcome.ONGEGROND,
        "beslissen-decided_on": timezone.localdate().isoformat(),
        "beslissen-note": "De omvang past bij de uitkomst van het onderzoek.",
        **{f"beslissen-{key}": value for key, value in overrides.items()},
    }
    return client.post(reverse("decisions:bezwaar_beslissen", args=[bezwaar.pk]), data)


def test_regisseur_decides_and_the_term_is_met(bezwaar: Bezwaar, dossier: Dossier, generalist: User) -> None:
    response = _decide(_client(generalist), bezwaar)
    assert response.status_code == 302
    bezwaar.refresh_from_db()
    assert (bezwaar.status, bezwaar.outcome) == (BezwaarStatus.AFGEHANDELD, BezwaarOutcome.ONGEGROND)
    assert bezwaar.deadline is not None and bezwaar.deadline.met_on == timezone.localdate()
    dossier.refresh_from_db()
    assert dossier.next_deadline is None
    assert AccessLogEntry.objects.filter(user=generalist, action=AccessAction.UPDATE, object_type="bezwaar").exists()


def test_decision_without_motivation_is_refused_in_dutch(bezwaar: Bezwaar, generalist: User) -> None:
    response = _decide(_client(generalist), bezwaar, note="")
    assert response.status_code == 400
    assert "Motiveer de beslissing op het bezwaar." in response.content.decode()
    bezwaar.refresh_from_db()
    assert bezwaar.status == BezwaarStatus.IN_BEHANDELING


def test_gegrond_without_new_beschikking_points_to_a_replacement(bezwaar: Bezwaar, generalist: User) -> None:
    client = _client(generalist)
    _decide(client, bezwaar, outcome=BezwaarOutcome.GEGROND, note="Vijf uur in plaats van drie.")
    content = client.get(reverse("decisions:bezwaar", args=[bezwaar.pk])).content.decode()
    beschikking = bezwaar.beschikking
    assert "Nieuwe beschikking nodig" in content
    expected = reverse("decisions:beschikking_nieuw", args=[beschikking.aanvraag_id]) + f"?vervangt={beschikking.pk}"
    assert expected in content


def test_second_decision_is_refused(bezwaar: Bezwaar, generalist: User) -> None:
    client = _client(generalist)
    _decide(client, bezwaar)
    response = _decide(client, bezwaar, outcome=BezwaarOutcome.GEGROND)
    assert response.status_code == 400
    assert "Op dit bezwaar is al beslist." in response.content.decode()
    bezwaar.refresh_from_db()
    assert bezwaar.outcome == BezwaarOutcome.ONGEGROND


def test_postpone_and_decide_accept_only_post(bezwaar: Bezwaar, generalist: User) -> None:
    client = _client(generalist)
    for name in ("decisions:bezwaar_verdagen", "decisions:bezwaar_beslissen"):
        assert client.get(reverse(name, args=[bezwaar.pk])).status_code == 405


# --- toegang -------------------------------------------------------------------------------------


def _urls(bezwaar: Bezwaar) -> list[tuple[str, str]]:
    return [
        ("get", reverse("decisions:bezwaar_nieuw", args=[bezwaar.beschikking_id])),
        ("get", reverse("decisions:bezwaar", args=[bezwaar.pk])),
        ("post", reverse("decisions:bezwaar_verdagen", args=[bezwaar.pk])),
        ("post", reverse("decisions:bezwaar_beslissen", args=[bezwaar.pk])),
    ]


def test_generalist_of_another_team_gets_404_and_a_denied_log_line(bezwaar: Bezwaar, other_team: Team) -> None:
    outsider = member_of(other_team, UserFactory())
    client = _client(outsider)
    dossier_id = bezwaar.beschikking.aanvraag.dossier_id
    for method, url in _urls(bezwaar):
        before = AccessLogEntry.objects.filter(user=outsider, action=AccessAction.DENIED).count()
        response = getattr(client, method)(url, {"verdagen-reason": "x", "beslissen-outcome": "gegrond"})
        assert response.status_code == 404, url
        denied = AccessLogEntry.objects.filter(user=outsider, action=AccessAction.DENIED)
        assert denied.count() == before + 1, url
        assert denied.latest("at").dossier_id == dossier_id
    bezwaar.refresh_from_db()
    assert bezwaar.status == BezwaarStatus.IN_BEHANDELING
    assert bezwaar.deadline is not None and bezwaar.deadline.postponed_weeks == 0


def test_beleidsmedewerker_gets_403(bezwaar: Bezwaar, beleidsmedewerker: User) -> None:
    client = _client(beleidsmedewerker)
    for method, url in _urls(bezwaar):
        assert getattr(client, method)(url).status_code == 403, url


def test_teamleider_of_the_team_may_open_the_bezwaar(bezwaar: Bezwaar, teamleider: User) -> None:
    assert _client(teamleider).get(reverse("decisions:bezwaar", args=[bezwaar.pk])).status_code == 200


def test_gegrond_with_the_replacing_beschikking_links_it(bezwaar: Bezwaar, generalist: User) -> None:
    old = bezwaar.beschikking
    new = Beschikking.objects.create(
        aanvraag=old.aanvraag,
        number=f"{old.number}-2",
        outcome=old.outcome,
        motivation="Na het bezwaar: vijf uur per week.",
        legal_basis=old.legal_basis,
        prepared_by=generalist,
        replaces=old,
    )
    client = _client(generalist)
    assert new.number in client.get(reverse("decisions:bezwaar", args=[bezwaar.pk])).content.decode()
    response = _decide(client, bezwaar, outcome=BezwaarOutcome.GEGROND, note="Vijf uur.", new_beschikking=new.pk)
    assert response.status_code == 302
    bezwaar.refresh_from_db()
    assert bezwaar.new_beschikking == new
    assert "Nieuwe beschikking nodig" not in client.get(response["Location"]).content.decode()
