"""Erbij halen: a consulted specialist sees only the named sections, only until the end date."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from consent.models import ConsultationMode, LegalGround, ReviewItem, ReviewKind
from consent.tests.support import consult, logged_in, specialist
from dossiers import parts
from dossiers.models import DossierNote, TimelineEvent
from dossiers.sections import Section
from dossiers.selectors import visible_dossiers, visible_sections
from dossiers.transitions import Status
from testsupport.factories import dossier_for


@pytest.fixture
def dossier(team, generalist):
    return dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)


def _denied(user) -> int:
    return AccessLogEntry.objects.filter(user=user, action=AccessAction.DENIED).count()


def test_specialist_sees_only_the_named_sections(dossier, generalist) -> None:
    ggz = specialist()
    consult(dossier, generalist, ggz, sections=(Section.HUISHOUDEN, Section.PLAN))
    assert visible_sections(ggz, dossier) == {Section.HUISHOUDEN, Section.PLAN}
    client = logged_in(ggz)
    overview = client.get(parts.tab_url(dossier.pk, parts.OVERZICHT))
    assert overview.status_code == 200
    assert 'id="status-kop"' not in overview.content.decode()
    assert 'id="huishouden-kop"' in client.get(parts.tab_url(dossier.pk, parts.HUISHOUDEN)).content.decode()
    assert 'id="plan-kop"' in client.get(parts.tab_url(dossier.pk, parts.PLAN)).content.decode()
    entry = AccessLogEntry.objects.filter(user=ggz, action=AccessAction.VIEW).latest("id")
    assert entry.basis == AccessBasis.CONSULTATIE
    for hidden in (parts.MELDINGEN, parts.ONDERZOEK, parts.TIJDLIJN):
        assert client.get(parts.tab_url(dossier.pk, hidden)).status_code == 403, hidden.key


def test_other_section_urls_give_404_and_a_log_line(dossier, generalist) -> None:
    ggz = specialist()
    consult(dossier, generalist, ggz, sections=(Section.PLAN,))
    client = logged_in(ggz)
    assert client.get(reverse("plans:plan", args=[dossier.pk])).status_code == 200
    before = _denied(ggz)
    assert client.get(reverse("assessments:onderzoek", args=[dossier.pk])).status_code == 404
    assert client.get(reverse("dossiers:tijdlijn", args=[dossier.pk])).status_code == 404
    assert _denied(ggz) == before + 2


def test_consulted_colleague_cannot_write_even_with_every_section(team, dossier, generalist, colleague) -> None:
    consult(dossier, generalist, colleague, sections=tuple(Section))
    client = logged_in(colleague)
    before = _denied(colleague)
    response = client.post(reverse("plans:plan", args=[dossier.pk]), {"going_well": "x", "version": 0})
    assert response.status_code == 404
    response = client.post(reverse("dossiers:status", args=[dossier.pk]), {"target": Status.PLAN})
    assert response.status_code == 404
    assert _denied(colleague) == before + 2
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_ONDERZOEK


def test_specialist_cannot_use_casework_views(dossier, generalist) -> None:
    ggz = specialist()
    consult(dossier, generalist, ggz, sections=tuple(Section))
    response = logged_in(ggz).post(reverse("dossiers:status", args=[dossier.pk]), {"target": Status.PLAN})
    assert response.status_code == 403


def test_expired_consultation_gives_no_access(dossier, generalist) -> None:
    ggz = specialist()
    consultation = consult(dossier, generalist, ggz)
    type(consultation).objects.filter(pk=consultation.pk).update(
        starts_at=timezone.now() - timedelta(days=8), ends_at=timezone.now() - timedelta(minutes=1)
    )
    assert not visible_dossiers(ggz).filter(pk=dossier.pk).exists()
    before = _denied(ggz)
    assert logged_in(ggz).get(reverse("dossiers:detail", args=[dossier.pk])).status_code == 404
    assert _denied(ggz) == before + 1


def test_access_ends_when_the_clock_passes_the_end_date(dossier, generalist, monkeypatch) -> None:
    ggz = specialist()
    consult(dossier, generalist, ggz, ends_at=timezone.now() + timedelta(days=7))
    assert visible_dossiers(ggz).filter(pk=dossier.pk).exists()
    later = timezone.now() + timedelta(days=8)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert not visible_dossiers(ggz).filter(pk=dossier.pk).exists()
    assert visible_sections(ggz, dossier) == frozenset()


def test_revoking_ends_access_and_is_on_the_timeline(dossier, generalist) -> None:
    ggz = specialist()
    consultation = consult(dossier, generalist, ggz)
    response = logged_in(generalist).post(reverse("consent:consultatie_intrekken", args=[dossier.pk, consultation.pk]))
    assert response.status_code == 302
    assert logged_in(ggz).get(reverse("dossiers:detail", args=[dossier.pk])).status_code == 404
    summaries = list(TimelineEvent.objects.filter(dossier=dossier).values_list("summary", flat=True))
    assert any("kijkt mee" in summary for summary in summaries)
    assert any("kijkt niet meer mee" in summary for summary in summaries)


def test_pseudonymised_consultation_hides_name_bsn_and_address(dossier, generalist) -> None:
    ggz = specialist()
    consult(dossier, generalist, ggz, sections=(Section.HUISHOUDEN, Section.MELDINGEN), pseudonymised=True)
    inwoner = dossier.huishouden.members.get()
    client = logged_in(ggz)
    for tab in (parts.OVERZICHT, parts.HUISHOUDEN, parts.MELDINGEN):
        content = client.get(parts.tab_url(dossier.pk, tab)).content.decode()
        assert inwoner.achternaam not in content, tab.key
        assert inwoner.bsn not in content, tab.key
        assert inwoner.straat not in content, tab.key
    household = client.get(parts.tab_url(dossier.pk, parts.HUISHOUDEN)).content.decode()
    assert "Inwoner A" in household
    assert str(inwoner.age_on(timezone.localdate())) in household


def test_pseudonymised_consultation_cannot_open_the_named_plan_page(dossier, generalist) -> None:
    ggz = specialist()
    consult(dossier, generalist, ggz, sections=(Section.PLAN,), pseudonymised=True)
    assert logged_in(ggz).get(reverse("plans:plan", args=[dossier.pk])).status_code == 404


def test_external_specialist_needs_consent_or_a_legal_ground(dossier, generalist) -> None:
    ggz = specialist()
    with pytest.raises(ValidationError, match="geen geldige toestemming"):
        consult(dossier, generalist, ggz, consent=None)


def test_colleague_of_the_own_team_needs_no_consent(dossier, generalist, colleague) -> None:
    consultation = consult(dossier, generalist, colleague, consent=None)
    assert consultation.consent is None and not consultation.legal_ground


def test_legal_ground_creates_a_review_item(dossier, generalist) -> None:
    ggz = specialist()
    consultation = consult(
        dossier,
        generalist,
        ggz,
        legal_ground=LegalGround.MELDCODE,
        legal_motivation="Zorgen over de veiligheid van de kinderen",
    )
    item = ReviewItem.objects.get(consultation=consultation)
    assert item.kind == ReviewKind.WETTELIJKE_GRONDSLAG and item.team == dossier.team


def test_legal_ground_needs_a_motivation(dossier, generalist) -> None:
    with pytest.raises(ValidationError):
        consult(dossier, generalist, specialist(), legal_ground=LegalGround.MELDCODE, legal_motivation="")


def test_only_the_regisseur_invites(team, dossier, generalist, teamleider) -> None:
    with pytest.raises(ValidationError, match="regisseur"):
        consult(dossier, teamleider, specialist())
    assert logged_in(teamleider).get(reverse("consent:erbij_halen", args=[dossier.pk])).status_code == 404


def test_invite_through_the_form(dossier, generalist, colleague) -> None:
    end = timezone.localdate() + timedelta(days=7)
    response = logged_in(generalist).post(
        reverse("consent:erbij_halen", args=[dossier.pk]),
        {
            "specialist": colleague.pk,
            "sections": [Section.ONDERZOEK, Section.GEZONDHEID],
            "mode": ConsultationMode.LEZEN_EN_NOTITIES,
            "ends_on": end.isoformat(),
            "reason": "Tweede blik op het onderzoek",
        },
    )
    assert response.status_code == 302
    assert visible_sections(colleague, dossier) == {Section.ONDERZOEK, Section.GEZONDHEID}


def test_consultation_longer_than_ninety_days_is_refused(dossier, generalist, colleague) -> None:
    with pytest.raises(ValidationError, match="90"):
        consult(dossier, generalist, colleague, ends_at=timezone.now() + timedelta(days=91))


def test_notes_only_in_note_mode_and_own_sections(dossier, generalist) -> None:
    reader, writer = specialist(), specialist("Verslavingszorg")
    consult(dossier, generalist, reader, sections=(Section.GEZONDHEID,))
    consult(dossier, generalist, writer, sections=(Section.GEZONDHEID,), mode=ConsultationMode.LEZEN_EN_NOTITIES)
    url = reverse("consent:notitie", args=[dossier.pk])
    assert logged_in(reader).post(url, {"section": "gezondheid", "text": "Advies"}).status_code == 404
    assert logged_in(writer).post(url, {"section": "justitie", "text": "Advies"}).status_code == 404
    assert logged_in(writer).post(url, {"section": "gezondheid", "text": "Advies"}).status_code == 302
    note = DossierNote.objects.get(dossier=dossier)
    assert note.author == writer
    content = logged_in(writer).get(parts.tab_url(dossier.pk, parts.BIJZONDER)).content.decode()
    assert "Advies" in content


def test_specialist_worklist_lists_active_consultations(dossier, generalist) -> None:
    ggz = specialist()
    consult(dossier, generalist, ggz)
    response = logged_in(ggz).get(reverse("consent:consultaties"))
    assert reverse("dossiers:detail", args=[dossier.pk]) in response.content.decode()


def test_regisseur_sees_who_looks_along(dossier, generalist) -> None:
    ggz = specialist()
    consult(dossier, generalist, ggz)
    content = logged_in(generalist).get(parts.tab_url(dossier.pk, parts.BETROKKENEN)).content.decode()
    assert "Wie kijkt mee" in content and "GGZ Voorbeeldstad" in content


def test_dossier_page_query_count_constant_with_consultations(dossier, generalist, colleague) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = logged_in(generalist)
    url = parts.tab_url(dossier.pk, parts.BETROKKENEN)  # the tab that lists who looks along
    client.get(url)  # the session settles on the first request

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for _ in range(3):
        consult(dossier, generalist, specialist())
    assert count() == small


def test_pseudonymised_consultation_masks_household_names_in_free_text(dossier, generalist) -> None:
    from dossiers.models import Melding

    inwoner = dossier.huishouden.members.get()
    Melding.objects.create(
        dossier=dossier,
        inwoner=inwoner,
        route="huisarts",
        description=f"{inwoner.voornamen} {inwoner.achternaam} (BSN {inwoner.bsn}) slaapt slecht; buurvrouw helpt.",
        registered_by=generalist,
    )
    DossierNote.objects.create(
        dossier=dossier,
        section=Section.GEZONDHEID,
        text=f"Gesprek met {inwoner.voornamen} over medicatie.",
        author=generalist,
    )
    ggz = specialist()
    consult(dossier, generalist, ggz, sections=(Section.MELDINGEN, Section.GEZONDHEID), pseudonymised=True)

    client = logged_in(ggz)
    meldingen = client.get(parts.tab_url(dossier.pk, parts.MELDINGEN)).content.decode()
    special = client.get(parts.tab_url(dossier.pk, parts.BIJZONDER)).content.decode()

    assert "Inwoner A Inwoner A (BSN Inwoner A) slaapt slecht; buurvrouw helpt." in meldingen
    assert "Gesprek met Inwoner A over medicatie." in special
    for content in (meldingen, special):
        assert inwoner.voornamen not in content and inwoner.achternaam not in content and inwoner.bsn not in content


def test_without_pseudonymisation_the_free_text_is_shown_as_written(dossier, generalist) -> None:
    inwoner = dossier.huishouden.members.get()
    DossierNote.objects.create(
        dossier=dossier, section=Section.GEZONDHEID, text=f"Gesprek met {inwoner.voornamen}.", author=generalist
    )
    content = logged_in(generalist).get(parts.tab_url(dossier.pk, parts.BIJZONDER)).content.decode()
    assert f"Gesprek met {inwoner.voornamen}." in content
