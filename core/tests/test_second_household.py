"""Issue 9, finding 1 and 7: a person in two households must not open one household's records to the other.

The attack the security test found: a generalist of team Noord registers a melding for a team-Centrum
resident in a *new* household of the own team, picks it up, and then reads and changes Centrum's
toewijzing and consent, because those were found through the person. Every record now belongs to the
dossier it was made in (``dossiers.policy``); these tests replay the attack through the real views.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from allocations import outgoing
from allocations.incoming import receive
from allocations.models import Bericht, BerichtTaak, TaakSoort, Toewijzing
from allocations.toewijzingbericht import build_301s
from audit.models import AccessAction, AccessLogEntry
from catalogue.codes import Frequency, Unit
from consent import services as consent_services
from consent.models import Consent, ConsentStatus
from decisions import services as decision_services
from decisions.models import OtherLawIndication
from dossiers import parts, services
from dossiers.models import Dossier, Involvement, InvolvementRole, TimelineEvent
from dossiers.transitions import Status
from organisation.models import Team
from residents.models import Inwoner
from testsupport import provider_messages
from testsupport.decision_factories import AanbiederFactory, VoorzieningFactory, contracted, priced
from testsupport.factories import UserFactory, dossier_for, household_with, member_of
from testsupport.istandaarden import requires_istandaarden

GEMEENTE = "9999"  # GemeenteFactory's GM9999
START = date.today() - timedelta(days=7)  # running now, so the dossier page offers to change it


@dataclass
class Scene:
    victim: Inwoner
    centrum: Dossier
    noord: Dossier
    attacker: User
    noord_leader: User
    toewijzing: Toewijzing
    consent: Consent
    indication: OtherLawIndication


@pytest.fixture
def scene(team: Team, other_team: Team, generalist: User, consulent: User) -> Scene:
    """Team Centrum's dossier with a pending toewijzing, a consent and a Wlz indication; team Noord's
    generalist has registered the same resident in a new household and is its regisseur."""
    centrum = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    Involvement.objects.create(dossier=centrum, user=consulent, role=InvolvementRole.CONSULENT)
    victim = centrum.huishouden.members.get()
    voorziening = priced(VoorzieningFactory())
    toewijzing = outgoing.allocate(
        inwoner=victim,
        aanbieder=contracted(AanbiederFactory(), voorziening),
        voorziening=voorziening,
        law=voorziening.law,
        ingangsdatum=START,
        einddatum=START + timedelta(days=180),
        volume=3,
        unit=Unit.UUR,
        frequency=Frequency.PER_WEEK,
        actor=consulent,
        dossier=centrum,
    )
    consent = consent_services.record_consent(
        centrum,
        victim,
        purpose="afstemming-centrum-geheim",
        recipient="huisarts",
        given_on=timezone.localdate(),
        how="mondeling",
        given_by_name=victim.full_name,
        given_by_capacity="zelf",
        recorded_by=generalist,
        basis="regisseur",
    )
    indication = decision_services.record_indication(
        centrum,
        generalist,
        inwoner=victim,
        kind="wlz",
        valid_from=timezone.localdate(),
        valid_to=None,
        note="CIZ-besluit-centrum-geheim",
    )
    attacker = member_of(other_team, UserFactory(role=Role.GENERALIST))
    noord_leader = member_of(other_team, UserFactory(role=Role.TEAMLEIDER), leader=True)
    melding = services.register_melding(
        actor=attacker,
        team=other_team,
        inwoner=victim,
        huishouden=household_with(victim),
        melding=services.NewMelding(
            route="zelfmelder",
            description="Vraag om hulp",
            urgency="normaal",
            received_at=timezone.make_aware(datetime(2026, 2, 2, 10, 0)),
        ),
    )
    noord = services.assign_regisseur(melding.dossier, attacker, actor=attacker)
    return Scene(victim, centrum, noord, attacker, noord_leader, toewijzing, consent, indication)


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _refused_against(user: User, object_type: str, dossier: Dossier) -> bool:
    """The refusal is logged against the dossier that owns the record, not the caller's own dossier."""
    return AccessLogEntry.objects.filter(
        user=user, action=AccessAction.DENIED, object_type=object_type, dossier_id=dossier.pk
    ).exists()


def test_the_attacker_is_really_regisseur_of_a_household_with_the_same_person(scene: Scene) -> None:
    assert scene.victim in scene.noord.huishouden.members.all()
    assert _as(scene.attacker).get(reverse("dossiers:detail", args=[scene.noord.pk])).status_code == 200


def test_another_households_toewijzing_can_be_neither_read_nor_changed(scene: Scene) -> None:
    url = reverse("allocations:toewijzing_wijzigen", args=[scene.toewijzing.pk])
    client = _as(scene.attacker)

    assert client.get(url).status_code == 404
    response = client.post(url, {"einddatum": "2026-02-01", "reden_wijziging": "05", "version": 1})

    assert response.status_code == 404
    scene.toewijzing.refresh_from_db()
    assert scene.toewijzing.einddatum == START + timedelta(days=180)
    assert _refused_against(scene.attacker, "toewijzing", scene.centrum)


def test_another_households_consent_cannot_be_withdrawn(scene: Scene) -> None:
    url = reverse("consent:intrekken", args=[scene.noord.pk, scene.consent.pk])

    response = _as(scene.attacker).post(url)

    assert response.status_code == 404
    scene.consent.refresh_from_db()
    assert scene.consent.status == ConsentStatus.GEGEVEN
    assert _refused_against(scene.attacker, "toestemming", scene.centrum)


def test_a_consent_cannot_be_withdrawn_through_another_dossier_of_the_owner(scene: Scene, generalist: User) -> None:
    """Even someone who may see the consent cannot act on it through a dossier it does not belong to."""
    involved_elsewhere = dossier_for(scene.centrum.team, regisseur=generalist)
    url = reverse("consent:intrekken", args=[involved_elsewhere.pk, scene.consent.pk])

    assert _as(generalist).post(url).status_code == 404
    scene.consent.refresh_from_db()
    assert scene.consent.status == ConsentStatus.GEGEVEN


def test_the_owner_can_still_withdraw_the_consent(scene: Scene, generalist: User) -> None:
    url = reverse("consent:intrekken", args=[scene.centrum.pk, scene.consent.pk])

    assert _as(generalist).post(url).status_code == 302
    scene.consent.refresh_from_db()
    assert scene.consent.status == ConsentStatus.INGETROKKEN


def test_the_second_households_pages_show_nothing_of_the_first(scene: Scene) -> None:
    client = _as(scene.attacker)
    pages = [
        *(client.get(parts.tab_url(scene.noord.pk, tab)).content.decode() for tab in parts.tabs()),
        client.get(reverse("consent:register", args=[scene.noord.pk])).content.decode(),
        client.get(reverse("consent:erbij_halen", args=[scene.noord.pk])).content.decode(),
    ]
    for page in pages:
        assert reverse("allocations:toewijzing_wijzigen", args=[scene.toewijzing.pk]) not in page
        assert "afstemming-centrum-geheim" not in page
        assert "CIZ-besluit-centrum-geheim" not in page


def test_the_first_households_page_still_shows_its_own_records(scene: Scene, generalist: User) -> None:
    page = _as(generalist).get(parts.tab_url(scene.centrum.pk, parts.BESLUITEN)).content.decode()
    assert reverse("allocations:toewijzing_wijzigen", args=[scene.toewijzing.pk]) in page
    assert "CIZ-besluit-centrum-geheim" in page


def test_sending_from_the_second_household_sends_nothing_of_the_first(scene: Scene) -> None:
    _as(scene.attacker).post(reverse("allocations:versturen", args=[scene.noord.pk]))

    assert not Bericht.objects.exists()
    scene.toewijzing.refresh_from_db()
    assert scene.toewijzing.pending_send


@requires_istandaarden("WMO301", "WMO305")
def test_allocation_news_lands_only_on_the_owning_dossiers_timeline(scene: Scene, consulent: User) -> None:
    [sent] = build_301s(scene.victim, consulent, dossier=scene.centrum)
    start = provider_messages.start_zorg(
        afzender=scene.toewijzing.aanbieder.agb_code,
        ontvanger=GEMEENTE,
        bsn=scene.victim.bsn or "",
        geboortedatum=scene.victim.geboortedatum,
        achternaam=scene.victim.achternaam,
        toewijzingnummer=scene.toewijzing.nummer,
        categorie=scene.toewijzing.voorziening.product_category,
        code=scene.toewijzing.voorziening.product_code,
        toewijzing_ingangsdatum=START,
        begindatum=START,
    )

    received = receive("WMO305.xml", start)

    assert received.status == "geaccepteerd", received.reasons
    assert sent.dossier == scene.centrum and received.dossier == scene.centrum
    centrum_news = TimelineEvent.objects.filter(dossier=scene.centrum).values_list("summary", flat=True)
    assert len([summary for summary in centrum_news if scene.toewijzing.aanbieder.name in summary]) == 3
    noord_news = TimelineEvent.objects.filter(dossier=scene.noord).values_list("summary", flat=True)
    assert not [summary for summary in noord_news if scene.toewijzing.aanbieder.name in summary]


def _request_from(aanbieder_agb: str, victim: Inwoner, voorziening_code: tuple[str, str]) -> bytes:
    return provider_messages.verzoek_om_toewijzing(
        afzender=aanbieder_agb,
        ontvanger=GEMEENTE,
        bsn=victim.bsn or "",
        geboortedatum=victim.geboortedatum,
        achternaam=victim.achternaam,
        referentie="REF-1",
        categorie=voorziening_code[0],
        code=voorziening_code[1],
        ingangsdatum=START,
        einddatum=START + timedelta(days=90),
        volume=2,
        eenheid="04",
        frequentie="2",
        dagtekening=timezone.localdate(),
    )


def _request_task(scene: Scene, aanbieder_agb: str) -> BerichtTaak:
    voorziening = scene.toewijzing.voorziening
    bericht = receive(
        "WMO315.xml",
        _request_from(aanbieder_agb, scene.victim, (voorziening.product_category, voorziening.product_code)),
    )
    assert bericht.status == "geaccepteerd", bericht.reasons
    return BerichtTaak.objects.get(bericht=bericht, soort=TaakSoort.ANTWOORD_VERZOEK)


@requires_istandaarden("WMO315")
def test_a_providers_request_belongs_to_the_dossier_that_holds_its_allocations(
    scene: Scene, consulent: User, teamleider: User
) -> None:
    task = _request_task(scene, scene.toewijzing.aanbieder.agb_code)
    detail = reverse("allocations:taak", args=[task.pk])

    assert task.bericht.dossier == scene.centrum
    for allowed in (consulent, teamleider):
        assert _as(allowed).get(detail).status_code == 200
        assert task in [row.task for row in _as(allowed).get(reverse("allocations:taken")).context["rows"]]


@requires_istandaarden("WMO315")
def test_another_teams_leader_neither_sees_nor_answers_the_request(scene: Scene) -> None:
    task = _request_task(scene, scene.toewijzing.aanbieder.agb_code)
    client = _as(scene.noord_leader)

    listed = client.get(reverse("allocations:taken"))
    detail = client.get(reverse("allocations:taak", args=[task.pk]))
    answer = client.post(reverse("allocations:taak", args=[task.pk]), {"actie": "antwoord", "verzoek_antwoord": "2"})

    assert listed.status_code == 200 and task not in [row.task for row in listed.context["rows"]]
    assert scene.victim.bsn and scene.victim.bsn not in listed.content.decode()
    assert detail.status_code == 404 and answer.status_code == 404
    task.refresh_from_db()
    assert task.is_open
    assert _refused_against(scene.noord_leader, "berichttaak", scene.centrum)


@requires_istandaarden("WMO315")
def test_a_request_that_fits_two_open_dossiers_goes_to_the_consulenten_only(
    scene: Scene, consulent: User, teamleider: User
) -> None:
    other_provider = contracted(AanbiederFactory(), scene.toewijzing.voorziening)
    task = _request_task(scene, other_provider.agb_code)
    detail = reverse("allocations:taak", args=[task.pk])

    assert task.bericht.dossier is None
    assert _as(consulent).get(detail).status_code == 200
    for refused in (teamleider, scene.noord_leader):
        assert _as(refused).get(detail).status_code == 404
        assert task not in [row.task for row in _as(refused).get(reverse("allocations:taken")).context["rows"]]


def test_a_clash_with_the_other_households_allocation_names_no_details(scene: Scene) -> None:
    """OP259 looks across all of a client's allocations, but tells the second household only that one exists."""
    with pytest.raises(ValidationError) as refused:
        outgoing.allocate(
            inwoner=scene.victim,
            aanbieder=contracted(AanbiederFactory(), scene.toewijzing.voorziening),
            voorziening=scene.toewijzing.voorziening,
            law=scene.toewijzing.law,
            ingangsdatum=START,
            einddatum=None,
            volume=1,
            unit=Unit.UUR,
            frequency=Frequency.PER_WEEK,
            actor=scene.attacker,
            dossier=scene.noord,
        )
    message = " ".join(refused.value.messages)
    assert "ander dossier" in message and "OP259" in message
    assert scene.toewijzing.aanbieder.name and scene.toewijzing.aanbieder.name not in message
    assert scene.toewijzing.nummer not in message.split()
