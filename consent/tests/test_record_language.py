"""What the consent app stores stays Dutch when a staff member works in English (ADR 0016): the timeline, the
review items, the access log's details and the rows of the inzage export. Refusals on screen follow the screen."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format

from audit.models import AccessAction, AccessLogEntry
from consent import services
from consent.models import LegalGround, ReviewItem
from consent.records import consents
from consent.tests.support import consent_for, consult, specialist
from dossiers.models import TimelineEvent
from dossiers.sections import Section
from dossiers.transitions import Status
from testsupport.factories import dossier_for

SECTIONS_IN_DUTCH = "Huishouden en netwerk, Plan, doelen en acties"
MELDCODE_IN_DUTCH = "Veiligheid: Wet verplichte meldcode huiselijk geweld en kindermishandeling"


@pytest.fixture
def dossier(team, generalist):
    return dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)


def _summaries(dossier) -> list[str]:
    return list(TimelineEvent.objects.filter(dossier=dossier).order_by("pk").values_list("summary", flat=True))


def test_inviting_and_revoking_on_an_english_screen_write_dutch_records(dossier, generalist) -> None:
    ggz = specialist("GGZ Voorbeeldstad")
    with translation.override("en"):
        consultation = consult(
            dossier, generalist, ggz, legal_ground=LegalGround.MELDCODE, legal_motivation="Zorgen over de kinderen"
        )
        services.revoke(consultation, by=generalist)

    with translation.override("nl"):
        until = date_format(timezone.localtime(consultation.ends_at))
    assert _summaries(dossier)[-2:] == [
        f"{ggz} (GGZ Voorbeeldstad) kijkt mee tot {until}: {SECTIONS_IN_DUTCH}",
        f"{ggz} kijkt niet meer mee (consultatie ingetrokken)",
    ]
    review = ReviewItem.objects.get(consultation=consultation)
    assert review.summary == f"Consultatie van {ggz} (GGZ Voorbeeldstad) zonder toestemming: {MELDCODE_IN_DUTCH}"
    logged = AccessLogEntry.objects.get(
        object_type="consultatie", object_id=str(consultation.pk), action=AccessAction.CREATE
    )
    assert logged.detail == SECTIONS_IN_DUTCH


def test_sharing_on_an_english_screen_writes_dutch_records(dossier, generalist) -> None:
    with translation.override("en"):
        disclosure = services.disclose(
            dossier,
            recipient="Veilig Thuis",
            purpose="melding",
            sections=[Section.HUISHOUDEN, Section.PLAN],
            shared_by=generalist,
            legal_ground=LegalGround.MELDCODE,
            legal_motivation="Signalen van kindermishandeling",
            basis="regisseur",
        )

    assert _summaries(dossier)[-1] == f"Gegevens gedeeld met Veilig Thuis voor melding: {SECTIONS_IN_DUTCH}"
    review = ReviewItem.objects.get(disclosure=disclosure)
    assert review.summary == f"Gegevens gedeeld met Veilig Thuis zonder toestemming: {MELDCODE_IN_DUTCH}"


def test_emergency_access_on_an_english_screen_writes_dutch_records(dossier, colleague) -> None:
    with translation.override("en"):
        access = services.break_the_glass(
            dossier, user=colleague, reason="Crisismelding van de politie, regisseur niet bereikbaar"
        )

    assert _summaries(dossier)[-1] == f"Noodtoegang door {colleague}"
    assert ReviewItem.objects.get(break_glass=access).summary == f"Noodtoegang door {colleague}"


def test_the_inzage_rows_of_the_consent_register_stay_dutch(dossier, generalist) -> None:
    consent = consent_for(dossier, generalist, recipient="Huisarts", purpose="Plan delen")

    with translation.override("en"):
        rows = consents(consent.inwoner)

    assert rows[0]["soort"] == "toestemming"
    assert rows[0]["hoe gegeven"] == "Mondeling"


@pytest.mark.skipif("en" not in dict(settings.LANGUAGES), reason="English catalogues not compiled (make translations)")
def test_a_refusal_reads_in_the_language_of_the_screen(dossier, generalist) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.disclose(
            dossier, recipient="", purpose="", sections=[Section.PLAN], shared_by=generalist, basis="regisseur"
        )

    assert refused.value.messages == ["Enter the recipient and the purpose."]
