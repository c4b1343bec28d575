"""Mijn besluiten: the subject's own aanvragen, sent beschikkingen with their stored letters, the objection date,
a bezwaar, and who gives the help; nothing of a partner, nothing unsent, nothing of another household."""

import hashlib
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from allocations.models import Toewijzing
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from deadlines.calendar_source import current_calendar
from deadlines.terms import AWB_BEZWAARTERMIJN, compute_deadline
from decisions.bezwaar import objection_term_end
from decisions.models import (
    AangevraagdProduct,
    Aanvraag,
    Beschikking,
    BeschikkingStatus,
    Bezwaar,
    Letter,
)
from dossiers.services import start_deadline
from portal.models import PortalScope
from testsupport.decision_factories import AanbiederFactory, VoorzieningFactory, sent_beschikking
from testsupport.factories import InwonerFactory
from testsupport.portal import household_dossier, portal_client, representation

pytestmark = pytest.mark.django_db

URL = "/mijn/besluiten/"


def _aanvraag(dossier, inwoner, *voorzieningen, **kwargs) -> Aanvraag:
    aanvraag = Aanvraag.objects.create(
        dossier=dossier,
        inwoner=inwoner,
        law="wmo",
        received_on=kwargs.pop("received_on", date.today() - timedelta(days=20)),
        description="Hulp bij het huishouden",
        created_by=dossier.regisseur,
        **kwargs,
    )
    for voorziening in voorzieningen:
        AangevraagdProduct.objects.create(aanvraag=aanvraag, voorziening=voorziening)
    return aanvraag


def _letter(beschikking: Beschikking, content: bytes = b"%PDF-1.7 stored letter") -> Letter:
    return Letter.objects.create(
        beschikking=beschikking,
        pdf=content,
        sha256=hashlib.sha256(content).hexdigest(),
        created_by=beschikking.prepared_by,
    )


@pytest.fixture
def household(team, generalist):
    """Me and my partner in one household with one dossier."""
    me = InwonerFactory(voornamen="Mila")
    partner = InwonerFactory(voornamen="Sem")
    dossier = household_dossier(team, generalist, me, partner)
    return dossier, me, partner


def test_my_sent_beschikking_shows_with_its_products_letter_objection_date_and_provider(household) -> None:
    dossier, me, _partner = household
    begeleiding = VoorzieningFactory(name="Begeleiding thuis")
    aanbieder = AanbiederFactory(name="Zorg Dichtbij")
    beschikking = sent_beschikking(_aanvraag(dossier, me, begeleiding), aanbieder=aanbieder)
    letter = _letter(beschikking)
    Toewijzing.objects.create(
        gemeente=dossier.team.gemeente,
        law="wmo",
        nummer="T0001",
        inwoner=me,
        dossier=dossier,
        aanbieder=aanbieder,
        voorziening=begeleiding,
        regel=beschikking.regels.get(),
        ingangsdatum=date(2026, 3, 2),
        einddatum=date(2026, 8, 31),
    )

    page = portal_client(me.bsn).get(URL)

    html = page.content.decode()
    assert page.status_code == 200
    assert beschikking.number in html and "Begeleiding thuis" in html
    assert "Toegekend: Begeleiding thuis, 3 uur per week" in html
    assert "Zorg Dichtbij" in html
    assert reverse("portal:besluiten_brief", kwargs={"letter_id": letter.pk}) in html
    assert date_format(objection_term_end(beschikking), "l j F Y") in html
    assert "2 maart 2026" in html and "31 augustus 2026" in html
    entry = AccessLogEntry.objects.filter(object_type="besluiten").latest("id")
    assert entry.basis == AccessBasis.INWONER_ZELF and entry.section == "besluiten"
    assert entry.dossier_id == dossier.pk and f"inwoner {me.pk} zelf" in entry.detail


def test_concepts_and_unsent_beschikkingen_are_not_shown(household) -> None:
    dossier, me, _partner = household
    aanvraag = _aanvraag(dossier, me, VoorzieningFactory())
    unsent = []
    for status in (BeschikkingStatus.CONCEPT, BeschikkingStatus.TWEEDE_HANDTEKENING, BeschikkingStatus.VASTGESTELD):
        beschikking = sent_beschikking(aanvraag)
        Beschikking.objects.filter(pk=beschikking.pk).update(status=status, sent_on=None, objection_until=None)
        unsent.append(beschikking.number)

    html = portal_client(me.bsn).get(URL).content.decode()

    assert "Aanvraag" in html
    for number in unsent:
        assert number not in html


def test_a_partners_beschikking_in_the_same_household_is_not_in_my_list(household) -> None:
    dossier, me, partner = household
    mine = sent_beschikking(_aanvraag(dossier, me, VoorzieningFactory(name="Mijn hulp")))
    theirs = sent_beschikking(_aanvraag(dossier, partner, VoorzieningFactory(name="Hulp van de partner")))
    Toewijzing.objects.create(
        gemeente=dossier.team.gemeente,
        law="wmo",
        nummer="P0001",
        inwoner=partner,
        dossier=dossier,
        aanbieder=AanbiederFactory(name="Aanbieder van de partner"),
        voorziening=theirs.regels.get().voorziening,
        regel=theirs.regels.get(),
        ingangsdatum=date.today(),
    )

    html = portal_client(me.bsn).get(URL).content.decode()

    assert mine.number in html
    assert theirs.number not in html and "Hulp van de partner" not in html
    assert "Aanbieder van de partner" not in html


def test_the_objection_date_is_the_one_the_project_computes(household) -> None:
    """A letter sent on a Saturday: six weeks end on a Saturday, so the Algemene termijnenwet moves the last day
    to the Monday. The page shows the engine's day, not a count of its own."""
    dossier, me, _partner = household
    saturday = date.today() - timedelta(days=(date.today().weekday() - 5) % 7 or 7)
    beschikking = sent_beschikking(_aanvraag(dossier, me, VoorzieningFactory()), sent_on=saturday)
    Beschikking.objects.filter(pk=beschikking.pk).update(objection_until=None)  # as for data from before it was stored
    expected = compute_deadline(AWB_BEZWAARTERMIJN, saturday, current_calendar()).due
    assert expected != saturday + timedelta(weeks=6)

    html = portal_client(me.bsn).get(URL).content.decode()

    assert date_format(expected, "l j F Y") in html
    assert date_format(saturday + timedelta(weeks=6), "l j F Y") not in html


def test_the_stored_last_day_to_object_is_shown_as_it_was_sent(household) -> None:
    dossier, me, _partner = household
    beschikking = sent_beschikking(_aanvraag(dossier, me, VoorzieningFactory()))
    Beschikking.objects.filter(pk=beschikking.pk).update(objection_until=date.today() + timedelta(days=40))

    html = portal_client(me.bsn).get(URL).content.decode()

    assert date_format(date.today() + timedelta(days=40), "l j F Y") in html
    assert "bezwaar maken tot en met" in html


def test_a_bezwaar_already_made_shows_with_its_status(household, generalist) -> None:
    dossier, me, _partner = household
    beschikking = sent_beschikking(_aanvraag(dossier, me, VoorzieningFactory()))
    deadline = start_deadline(dossier, "AWB_BESLISSING_OP_BEZWAAR", date.today(), generalist)
    Bezwaar.objects.create(
        beschikking=beschikking,
        received_on=date.today() - timedelta(days=2),
        submitted_by="Mila",
        grounds="Te weinig uren.",
        deadline=deadline,
        registered_by=generalist,
    )

    html = portal_client(me.bsn).get(URL).content.decode()

    assert "een bezwaar tegen dit besluit ontvangen" in html
    assert f"Wij beslissen uiterlijk op {date_format(deadline.due, 'l j F Y')}" in html


def test_an_open_aanvraag_shows_the_legal_decision_term(household, generalist) -> None:
    dossier, me, _partner = household
    received = date.today() - timedelta(days=3)
    deadline = start_deadline(dossier, "WMO_BESCHIKKING", received, generalist)
    _aanvraag(dossier, me, VoorzieningFactory(name="Scootmobiel"), received_on=received, deadline=deadline)

    html = portal_client(me.bsn).get(URL).content.decode()

    assert "Scootmobiel" in html
    assert f"Wij beslissen uiterlijk op {date_format(deadline.due, 'l j F Y')}" in html
    assert "Er is nog geen besluit op deze aanvraag" in html


def test_without_decisions_the_page_says_so_in_plain_words(household) -> None:
    _dossier, me, _partner = household
    page = portal_client(me.bsn).get(URL)
    assert page.status_code == 200
    assert "Er zijn nog geen aanvragen of besluiten" in page.content.decode()


def test_the_letter_is_the_stored_pdf_byte_for_byte_and_its_download_is_logged(household) -> None:
    dossier, me, _partner = household
    beschikking = sent_beschikking(_aanvraag(dossier, me, VoorzieningFactory()))
    stored = b"%PDF-1.7\n\x00\xff exactly as sent \n%%EOF"
    letter = _letter(beschikking, stored)

    response = portal_client(me.bsn).get(reverse("portal:besluiten_brief", kwargs={"letter_id": letter.pk}))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == stored
    assert "no-store" in response["Cache-Control"] and "attachment" in response["Content-Disposition"]
    entry = AccessLogEntry.objects.filter(object_type="brief").latest("id")
    assert entry.basis == AccessBasis.INWONER_ZELF and entry.section == "besluiten"
    assert entry.dossier_id == dossier.pk and f"download brief {letter.pk}" in entry.detail


def test_another_households_letter_gives_404_and_a_logged_refusal(household, team, generalist) -> None:
    _dossier, me, _partner = household
    stranger = InwonerFactory()
    foreign = household_dossier(team, generalist, stranger)
    letter = _letter(sent_beschikking(_aanvraag(foreign, stranger, VoorzieningFactory())))

    response = portal_client(me.bsn).get(reverse("portal:besluiten_brief", kwargs={"letter_id": letter.pk}))

    assert response.status_code == 404
    denied = AccessLogEntry.objects.filter(action=AccessAction.DENIED).latest("id")
    assert denied.object_type == "brief" and denied.object_id == str(letter.pk)


def test_a_partners_letter_gives_404(household) -> None:
    dossier, me, partner = household
    letter = _letter(sent_beschikking(_aanvraag(dossier, partner, VoorzieningFactory())))
    response = portal_client(me.bsn).get(reverse("portal:besluiten_brief", kwargs={"letter_id": letter.pk}))
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(action=AccessAction.DENIED, object_type="brief").exists()


def test_the_letter_of_an_unsent_beschikking_gives_404(household) -> None:
    dossier, me, _partner = household
    beschikking = sent_beschikking(_aanvraag(dossier, me, VoorzieningFactory()))
    letter = _letter(beschikking)
    Beschikking.objects.filter(pk=beschikking.pk).update(status=BeschikkingStatus.VASTGESTELD)
    response = portal_client(me.bsn).get(reverse("portal:besluiten_brief", kwargs={"letter_id": letter.pk}))
    assert response.status_code == 404


def test_a_representative_without_the_decisions_scope_is_refused(household) -> None:
    _dossier, me, _partner = household
    carer = InwonerFactory()
    link = representation(me, carer.bsn, scopes=[PortalScope.PLAN])
    client = portal_client(carer.bsn)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})
    assert client.get(URL).status_code == 403


def test_a_representative_with_the_decisions_scope_sees_the_decisions_of_the_person(household) -> None:
    dossier, me, _partner = household
    beschikking = sent_beschikking(_aanvraag(dossier, me, VoorzieningFactory()))
    carer = InwonerFactory()
    link = representation(me, carer.bsn, scopes=[PortalScope.BESLUITEN])
    client = portal_client(carer.bsn)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})
    assert beschikking.number in client.get(URL).content.decode()
    entry = AccessLogEntry.objects.filter(object_type="besluiten").latest("id")
    assert entry.basis == AccessBasis.VERTEGENWOORDIGER


def _five_decisions(dossier, me) -> None:
    aanbieder = AanbiederFactory()
    for index in range(5):
        voorziening = VoorzieningFactory()
        aanvraag = _aanvraag(dossier, me, voorziening, received_on=date.today() - timedelta(days=30 + index))
        beschikking = sent_beschikking(aanvraag, aanbieder=aanbieder)
        _letter(beschikking)
        Toewijzing.objects.create(
            gemeente=dossier.team.gemeente,
            law="wmo",
            nummer=f"Q{index:04d}",
            inwoner=me,
            dossier=dossier,
            aanbieder=aanbieder,
            voorziening=voorziening,
            regel=beschikking.regels.get(),
            ingangsdatum=timezone.localdate(),
        )


def test_the_page_reads_a_bounded_number_of_queries_with_five_beschikkingen(
    household, django_assert_max_num_queries
) -> None:
    dossier, me, _partner = household
    _five_decisions(dossier, me)
    client = portal_client(me.bsn)
    client.get(URL)  # the session and the calendar warm up
    # The access log line costs one query more on PostgreSQL (the lane's advisory lock, audit/services.py).
    from django.db import connection

    with django_assert_max_num_queries(12 if connection.vendor == "sqlite" else 13):
        page = client.get(URL)
    assert page.content.decode().count("Download de brief") == 5
