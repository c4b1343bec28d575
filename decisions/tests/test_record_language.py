"""Records stay Dutch (ADR 0016): what the decisions app stores or sends to a household is written in Dutch,
also when the member of staff uses the platform in English."""

from datetime import date, timedelta

import pytest
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from catalogue.models import Aanbieder, Voorziening
from decisions import services
from decisions.letter import render_letter_html
from decisions.models import Beschikking, BeschikkingStatus, Outcome
from decisions.services import RegelInput
from dossiers.models import Dossier, TimelineEvent
from testsupport.decision_factories import aanvraag_for


def _english_is_compiled() -> None:
    """Without the English catalogue these tests would pass for the wrong reason."""
    with translation.override("en"):
        assert gettext("Ons besluit") == "Our decision"


def _concept(dossier: Dossier, actor: User, voorziening: Voorziening, aanbieder: Aanbieder, volume: int) -> Beschikking:
    start = date.today()
    return services.prepare_beschikking(
        aanvraag_for(dossier, voorziening),
        actor,
        outcome=Outcome.TOEKENNING,
        motivation="Uit het onderzoek blijkt dat begeleiding nodig is.",
        legal_basis="Wmo 2015 art. 2.3.5",
        eigen_bijdrage=True,
        regels=[
            RegelInput(
                voorziening=voorziening,
                volume=volume,
                start=start,
                end=start + timedelta(weeks=10),
                aanbieder=aanbieder,
            )
        ],
    )


@pytest.mark.usefixtures("mandates")
def test_signing_and_sending_in_english_write_the_timeline_the_reasons_and_the_letter_in_dutch(
    dossier: Dossier, consulent: User, teamleider: User, begeleiding: Voorziening, aanbieder: Aanbieder
) -> None:
    _english_is_compiled()
    with translation.override("en"):
        beschikking = _concept(dossier, consulent, begeleiding, aanbieder, volume=20)  # above the mandate
        waiting = services.sign(beschikking, consulent, version=beschikking.version)
        signed = services.sign(waiting, teamleider, version=waiting.version)
        sent = services.send(signed, teamleider, sent_on=date.today(), version=signed.version)
        letter = render_letter_html(sent, draft=False)

    assert sent.status == BeschikkingStatus.VERZONDEN
    assert "hoger dan het mandaat" in waiting.four_eyes_reason
    summaries = list(dossier.timeline.filter(kind=TimelineEvent.Kind.BESLUIT).values_list("summary", flat=True))
    assert f"Beschikking {sent.number} ondertekend; wacht op een tweede handtekening" in summaries
    assert f"Beschikking {sent.number} als tweede ondertekend en vastgesteld" in summaries
    assert any(
        summary.startswith(f"Beschikking {sent.number} verzonden; bezwaar kan tot en met") for summary in summaries
    )
    assert "Ons besluit" in letter and "Our decision" not in letter
