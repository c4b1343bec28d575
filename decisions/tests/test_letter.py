"""The beschikking letter: every element the Awb asks for, the objection day with Atw, draft marks, storage, access.

Most checks read the HTML the PDF is made from (fast, and there is no PDF text extractor on the build machine);
a handful of tests render a real PDF.
"""

import hashlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AccessAction, AccessLogEntry
from deadlines.calendar_source import current_calendar
from deadlines.terms import compute_deadline
from decisions.letter import (
    DataOnlyFetcher,
    LetterNotReady,
    day_and_date,
    render_letter_html,
    render_letter_pdf,
    store_letter,
)
from decisions.models import Beschikking, BeschikkingRegel, BeschikkingStatus, Letter, Leveringsvorm, Outcome
from dossiers.transitions import Status
from testsupport.decision_factories import AanbiederFactory, VoorzieningFactory, aanvraag_for, sent_beschikking
from testsupport.factories import UserFactory, dossier_for, member_of

# Sent on Friday 20 February 2026: six weeks later is Goede Vrijdag 3 April, then a weekend and
# Tweede Paasdag (6 April), so the term ends on Tuesday 7 April 2026 (Atw art. 1 and 3).
SENT_ON = date(2026, 2, 20)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sent(beschikking: Beschikking) -> Beschikking:
    beschikking.sent_on = SENT_ON
    beschikking.objection_until = compute_deadline("AWB_BEZWAARTERMIJN", SENT_ON, current_calendar()).due
    beschikking.save()
    return beschikking


@pytest.fixture
def dossier(team, generalist):
    return dossier_for(team, status=Status.UITVOERING, regisseur=generalist)


@pytest.fixture
def beschikking(dossier, generalist, teamleider) -> Beschikking:
    """A partly granted Wmo decision: begeleiding in kind, huishoudelijke hulp as pgb, a scootmobiel refused."""
    dossier.team.gemeente.name = "Zeeveld"
    dossier.team.gemeente.save()
    begeleiding = VoorzieningFactory(name="Begeleiding individueel")
    huishouden = VoorzieningFactory(name="Hulp bij het huishouden", product_category="01")
    scootmobiel = VoorzieningFactory(name="Scootmobiel", product_category="12")
    aanbieder = AanbiederFactory(name="Zorggroep De Linde")
    aanvraag = aanvraag_for(dossier, begeleiding, received_on=date(2026, 2, 2))
    beschikking = sent_beschikking(aanvraag, aanbieder=aanbieder, sent_on=SENT_ON, volume=3)
    beschikking.outcome = Outcome.GEDEELTELIJK
    beschikking.status = BeschikkingStatus.VASTGESTELD
    beschikking.sent_on = None
    beschikking.objection_until = None
    beschikking.motivation = "Uit het gesprek op 5 februari blijkt dat u hulp nodig heeft bij het plannen van uw week."
    beschikking.legal_basis = "Wmo 2015 art. 2.3.5 lid 3"
    beschikking.eigen_bijdrage = True
    beschikking.second_signer = teamleider
    beschikking.save()
    BeschikkingRegel.objects.create(
        beschikking=beschikking,
        voorziening=huishouden,
        volume=2,
        unit=huishouden.unit,
        frequency=huishouden.frequency,
        start=date(2026, 3, 1),
        end=date(2026, 8, 31),
        leveringsvorm=Leveringsvorm.PGB,
        pgb_choice_recorded=True,
        estimated_amount=Decimal("1234.50"),
    )
    BeschikkingRegel.objects.create(
        beschikking=beschikking,
        voorziening=scootmobiel,
        granted=False,
        rejection_reason="U kunt met de regiotaxi de plaatsen bereiken die u nodig heeft.",
    )
    return beschikking


# --- The content of the letter ---------------------------------------------------------------------


def test_letter_names_sender_addressee_number_and_the_aanvraag(beschikking) -> None:
    html = render_letter_html(_sent(beschikking), draft=False)
    inwoner = beschikking.aanvraag.inwoner
    assert "Gemeente Zeeveld" in html
    assert "college van burgemeester en wethouders van Zeeveld" in html
    assert inwoner.full_name in html
    assert f"Kerkstraat {inwoner.huisnummer}" in html
    assert "1234 AB Voorbeeldstad" in html
    assert "20 februari 2026" in html
    assert beschikking.number in html
    assert "Besluit op uw aanvraag Wmo 2015" in html
    assert "Op 2 februari 2026 hebben wij een aanvraag ontvangen" in html


def test_letter_states_the_decision_per_product(beschikking) -> None:
    html = render_letter_html(_sent(beschikking), draft=False)
    assert "Gedeeltelijke toekenning" in html
    assert "Begeleiding individueel" in html
    assert "3 uur per week" in html
    assert "Zorg in natura, geleverd door Zorggroep De Linde" in html
    assert "20 februari 2026 tot en met 21 augustus 2026" in html
    assert "Scootmobiel" in html
    assert "Afgewezen" in html
    assert "regiotaxi" in html


def test_letter_gives_motivation_and_legal_basis(beschikking) -> None:
    html = render_letter_html(_sent(beschikking), draft=False)
    assert "hulp nodig heeft bij het plannen van uw week" in html
    assert "Wmo 2015 art. 2.3.5 lid 3" in html


def test_pgb_line_explains_the_svb_and_the_budget(beschikking) -> None:
    html = render_letter_html(_sent(beschikking), draft=False)
    assert "Persoonsgebonden budget (pgb)" in html
    assert "Sociale Verzekeringsbank (SVB)" in html
    assert "€ 1.234,50" in html


def test_eigen_bijdrage_notice_names_the_cak_only_when_it_applies(beschikking) -> None:
    assert "CAK" in render_letter_html(_sent(beschikking), draft=False)
    beschikking.eigen_bijdrage = False
    assert "CAK" not in render_letter_html(beschikking, draft=False)


def test_objection_clause_gives_the_last_day_after_goede_vrijdag_and_pasen(beschikking) -> None:
    html = render_letter_html(_sent(beschikking), draft=False)
    assert beschikking.objection_until == date(2026, 4, 7)
    assert "De laatste dag om bezwaar te maken is dinsdag 7 april 2026" in html
    assert "bezwaar maken" in html
    assert "binnen zes weken" in html
    assert "(voorlopig)" not in html


def test_objection_date_in_the_letter_follows_the_decree_not_a_pattern(beschikking) -> None:
    # Sent Monday 23 March 2026: six weeks end on Monday 4 May 2026, which no decree equates
    # with a holiday (Atw art. 3 lid 3; Stcrt. 2025, 24713), so the term ends that day.
    beschikking.sent_on = date(2026, 3, 23)
    beschikking.objection_until = compute_deadline("AWB_BEZWAARTERMIJN", date(2026, 3, 23), current_calendar()).due
    beschikking.save()
    html = render_letter_html(beschikking, draft=False)
    assert "De laatste dag om bezwaar te maken is maandag 4 mei 2026." in html
    assert "Deze datum is voorlopig" not in html


def test_an_objection_date_past_the_last_decree_is_marked_provisional_in_the_letter(beschikking) -> None:
    # Sent Wednesday 29 November 2028: six weeks end on Wednesday 10 January 2029; no decree for 2029 yet.
    beschikking.sent_on = date(2028, 11, 29)
    beschikking.objection_until = compute_deadline("AWB_BEZWAARTERMIJN", date(2028, 11, 29), current_calendar()).due
    beschikking.save()
    html = render_letter_html(beschikking, draft=False)
    assert "De laatste dag om bezwaar te maken is woensdag 10 januari 2029." in html
    assert "Deze datum is voorlopig: welke dagen in 2029 gelijkstaan aan een feestdag" in html
    assert "Koninklijk Besluit" in html


def test_objection_clause_says_what_the_bezwaarschrift_must_contain(beschikking) -> None:
    html = render_letter_html(_sent(beschikking), draft=False)
    assert "aan het college van burgemeester en wethouders van Zeeveld" in html
    for element in (
        "uw naam en adres",
        "de datum",
        "tegen welk besluit",
        "waarom u het niet eens bent",
        "handtekening",
    ):
        assert element in html
    assert "voorzieningenrechter" in html
    assert "voorlopige voorziening" in html


def test_letter_is_signed_on_behalf_of_the_college_and_has_a_contact(beschikking, generalist, teamleider) -> None:
    html = render_letter_html(_sent(beschikking), draft=False)
    assert "namens het college van burgemeester en wethouders van Zeeveld" in html
    assert str(generalist) in html
    assert str(teamleider) in html
    assert "neem dan contact op met" in html


def test_letter_is_dutch_with_a_title_also_when_the_staff_member_uses_english(beschikking) -> None:
    with translation.override("en"):
        html = render_letter_html(_sent(beschikking), draft=False)
    assert '<html lang="nl">' in html
    assert f"<title>Beschikking {beschikking.number}</title>" in html
    assert "dinsdag 7 april 2026" in html


def test_text_from_the_dossier_is_escaped(beschikking) -> None:
    beschikking.motivation = '<img src="https://tracker.example/x.png">'
    html = render_letter_html(_sent(beschikking), draft=False)
    assert "<img" not in html


def test_letter_for_a_child_is_addressed_to_the_parents(beschikking) -> None:
    inwoner = beschikking.aanvraag.inwoner
    inwoner.geboortedatum = date(2015, 6, 1)
    inwoner.save()
    html = render_letter_html(_sent(beschikking), draft=False)
    assert f"De ouder(s) of verzorger(s) van {inwoner.full_name}" in html


# --- Draft ------------------------------------------------------------------------------------------


def test_draft_is_marked_concept_with_a_provisional_objection_day(beschikking) -> None:
    html = render_letter_html(beschikking, draft=True)
    provisional = compute_deadline("AWB_BEZWAARTERMIJN", timezone.localdate(), current_calendar()).due
    assert 'class="watermark"' in html
    assert "CONCEPT" in html
    assert "Nog niet verzonden" in html
    assert "(voorlopig)" in html
    with translation.override("nl"):
        assert f"bezwaar te maken is {day_and_date(provisional)} (voorlopig)" in html
    assert "<td>concept</td>" in html


def test_final_letter_needs_the_day_of_sending(beschikking) -> None:
    with pytest.raises(LetterNotReady):
        render_letter_html(beschikking, draft=False)


def test_letter_never_fetches_remote_resources() -> None:
    fetcher = DataOnlyFetcher()
    for url in ("https://example.org/logo.png", "file:///etc/passwd", "http://169.254.169.254/"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


# --- PDF and storage (the only tests that render) ---------------------------------------------------


def test_draft_pdf_is_a_real_pdf(beschikking) -> None:
    pdf = render_letter_pdf(beschikking, draft=True)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 10_000


def test_store_letter_keeps_the_bytes_and_their_sha256(beschikking, generalist) -> None:
    letter = store_letter(_sent(beschikking), generalist)
    letter.refresh_from_db()
    pdf = bytes(letter.pdf)
    assert pdf.startswith(b"%PDF")
    assert letter.sha256 == hashlib.sha256(pdf).hexdigest()
    assert letter.created_by == generalist
    assert letter.beschikking == beschikking


# --- Views ------------------------------------------------------------------------------------------


def _stored(beschikking: Beschikking, user, content: bytes = b"%PDF-1.7 opgeslagen brief") -> Letter:
    """A stored letter without rendering: the views must serve these bytes as they are."""
    _sent(beschikking)
    beschikking.status = BeschikkingStatus.VERZONDEN
    beschikking.save()
    return Letter.objects.create(
        beschikking=beschikking, pdf=content, sha256=hashlib.sha256(content).hexdigest(), created_by=user
    )


def test_regisseur_previews_the_draft_inline_and_the_read_is_logged(beschikking, generalist) -> None:
    response = logged_in(generalist).get(reverse("decisions:brief", args=[beschikking.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF")
    entry = AccessLogEntry.objects.get(user=generalist, action=AccessAction.VIEW, object_type="brief")
    assert entry.dossier_id == beschikking.aanvraag.dossier_id


def test_preview_of_a_sent_beschikking_is_the_stored_letter(beschikking, generalist) -> None:
    _stored(beschikking, generalist)
    response = logged_in(generalist).get(reverse("decisions:brief", args=[beschikking.pk]))
    assert response.content == b"%PDF-1.7 opgeslagen brief"
    assert response["Content-Disposition"].startswith("inline")


def test_download_gives_the_stored_letter_as_attachment(beschikking, generalist) -> None:
    _stored(beschikking, generalist)
    response = logged_in(generalist).get(reverse("decisions:brief_pdf", args=[beschikking.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="beschikking-{beschikking.number}.pdf"'
    assert response.content == b"%PDF-1.7 opgeslagen brief"


def test_download_before_sending_is_404(beschikking, generalist) -> None:
    response = logged_in(generalist).get(reverse("decisions:brief_pdf", args=[beschikking.pk]))
    assert response.status_code == 404


def test_generalist_of_another_team_gets_404_and_a_denied_log_line(beschikking, other_team) -> None:
    outsider = member_of(other_team, UserFactory())
    for name in ("decisions:brief", "decisions:brief_pdf"):
        response = logged_in(outsider).get(reverse(name, args=[beschikking.pk]))
        assert response.status_code == 404
    denied = AccessLogEntry.objects.filter(user=outsider, action=AccessAction.DENIED)
    assert denied.count() == 2
    assert {entry.dossier_id for entry in denied} == {beschikking.aanvraag.dossier_id}


def test_beleidsmedewerker_gets_403(beschikking, beleidsmedewerker) -> None:
    for name in ("decisions:brief", "decisions:brief_pdf"):
        response = logged_in(beleidsmedewerker).get(reverse(name, args=[beschikking.pk]))
        assert response.status_code == 403


def test_letter_urls_are_get_only(beschikking, generalist) -> None:
    response = logged_in(generalist).post(reverse("decisions:brief_pdf", args=[beschikking.pk]))
    assert response.status_code == 405


def test_sent_beschikking_without_a_stored_letter_has_no_preview(dossier, generalist) -> None:
    aanvraag = aanvraag_for(dossier, VoorzieningFactory())
    beschikking = sent_beschikking(aanvraag, sent_on=date.today() - timedelta(days=1))
    response = logged_in(generalist).get(reverse("decisions:brief", args=[beschikking.pk]))
    assert response.status_code == 404


def test_the_letter_says_where_to_send_the_objection_and_how_to_call(beschikking) -> None:
    html = render_letter_html(beschikking, draft=True)
    assert "Postbus 1000, 9999 ZZ Voorbeeldstad" in html
    assert "14 0999" in html
