"""What the assessments app stores or hands to the resident stays Dutch when a staff member works in English
(ADR 0016): the timeline, the verslag (PDF) and the inzage rows. The screen itself follows the chosen language."""

from datetime import timedelta

from django.utils import timezone, translation
from django.utils.formats import date_format

from assessments.models import Instrument, Onderzoek, Outcome
from assessments.records import onderzoeken, scores
from assessments.services import DomainScore, OnderzoekInput, hand_over_verslag, record_scores, save_onderzoek
from assessments.verslag import render_verslag_html
from dossiers.models import Melding, Route, TimelineEvent

TODAY = timezone.localdate


def _completed_in_english(dossier, generalist) -> Onderzoek:
    """A Jeugdwet onderzoek (outcome and verslag suffice), completed by someone whose screen is English."""
    Melding.objects.create(
        dossier=dossier,
        inwoner=dossier.huishouden.members.first(),
        route=Route.SCHOOL,
        description="Zorgen over het kind.",
        regime="jeugdwet",
        received_at=timezone.now() - timedelta(days=5),
        registered_by=generalist,
    )
    values = {
        "topic_c_network": "Opa en oma passen twee middagen op.",
        "outcome": Outcome.NETWERK,
        "verslag": "Opa en oma helpen.",
        "completed_on": TODAY(),
    }
    with translation.override("en"):
        return save_onderzoek(dossier, OnderzoekInput(values=values), version=0, actor=generalist, basis="regisseur")


def _dutch_date(day) -> str:
    with translation.override("nl"):
        return date_format(day)


def test_the_timeline_of_an_onderzoek_is_written_in_dutch_on_an_english_screen(dossier, generalist):
    onderzoek = _completed_in_english(dossier, generalist)
    with translation.override("en"):
        hand_over_verslag(onderzoek, on=TODAY(), actor=generalist, basis="regisseur")

    summaries = set(dossier.timeline.filter(kind=TimelineEvent.Kind.ONDERZOEK).values_list("summary", flat=True))
    assert "Onderzoek afgerond: Hulp uit het netwerk" in summaries
    assert f"Verslag van het onderzoek uitgereikt op {_dutch_date(TODAY())}" in summaries


def test_the_verslag_for_the_resident_stays_dutch_when_the_staff_member_uses_english(dossier, generalist):
    onderzoek = _completed_in_english(dossier, generalist)

    with translation.override("en"):
        html = render_verslag_html(onderzoek, draft=True)

    assert '<html lang="nl">' in html
    assert "Verslag van het onderzoek" in html
    assert "c. Mantelzorg en hulp uit het sociale netwerk" in html
    assert "Hulp uit het netwerk" in html
    assert "Bent u het niet eens met dit verslag?" in html
    assert "Assessment report" not in html and "Help from the network" not in html


def test_scoring_on_an_english_screen_writes_a_dutch_timeline_entry(dossier, generalist):
    inwoner = dossier.huishouden.members.first()
    financien = Instrument.objects.get(is_default=True).domains.get(code="financien")

    with translation.override("en"):
        record_scores(
            dossier, inwoner, [DomainScore(financien, 2)], assessed_on=TODAY(), actor=generalist, basis="regisseur"
        )

    entry = dossier.timeline.get(kind=TimelineEvent.Kind.ZRM)
    assert entry.summary == (
        f"Zelfredzaamheid gescoord voor {inwoner.full_name} (1 leefdomeinen, {_dutch_date(TODAY())})"
    )


def test_the_inzage_rows_name_topics_outcomes_and_domains_in_dutch(dossier, generalist):
    _completed_in_english(dossier, generalist)
    inwoner = dossier.huishouden.members.first()
    financien = Instrument.objects.get(is_default=True).domains.get(code="financien")
    record_scores(
        dossier, inwoner, [DomainScore(financien, 3)], assessed_on=TODAY(), actor=generalist, basis="regisseur"
    )

    with translation.override("en"):
        rows = onderzoeken(inwoner, [dossier.pk])[dossier.pk]
        score_rows = scores(inwoner)

    assert rows[0]["uitkomst"] == "Hulp uit het netwerk"
    assert rows[0]["onderwerpen"][0]["onderwerp"] == "c. Mantelzorg en hulp uit het sociale netwerk"
    assert score_rows[0]["leefdomein"] == "Financiën"
