"""The session report and the join screen: what the facilitator shows and keeps, and who may see it."""

import re
import zlib
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role
from audit.models import AccessAction, AccessLogEntry
from reflection import report, services
from reflection.models import (
    Action,
    Mode,
    Perspective,
    Session,
    SessionStatement,
    Stage,
    Statement,
    StatementPosition,
    ThemeNote,
)
from reflection.tests.conftest import theme
from testsupport.factories import GemeenteFactory, UserFactory


@pytest.fixture
def session(facilitator) -> Session:
    return services.create_session(
        title="Kwaliteitsscan toegang",
        gemeente=GemeenteFactory(name="Dijkstad"),
        facilitator=facilitator,
        themes=[theme("regelruimte"), theme("samenspel")],
        mode=Mode.KWALITEITSSCAN,
        date=date(2026, 11, 23),
    )


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated, so the catalog (language, tags) can be read."""
    inflated = []
    for stream in re.findall(rb"(?<!end)stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            inflated.append(zlib.decompressobj().decompress(stream))
        except zlib.error:
            continue  # not a Flate stream (e.g. an image)
    return pdf + b"".join(inflated)


def statements_of(code: str) -> tuple[Statement, Statement]:
    first, second = list(Statement.objects.filter(theme=theme(code)).order_by("order")[:2])
    return first, second


@pytest.fixture
def filled_session(session, facilitator) -> Session:
    """Regelruimte scored 2, 4, 9 by professionals and 8, 8 by residents; samenspel by two people only."""
    participants = []
    for value, perspective in [
        (2, Perspective.PROFESSIONAL),
        (4, Perspective.PROFESSIONAL),
        (9, Perspective.PROFESSIONAL),
        (8, Perspective.INWONER_CLIENT),
        (8, Perspective.INWONER_CLIENT),
    ]:
        participant = services.join(session.join_code, perspective)
        services.submit_score(participant, theme("regelruimte"), value)
        participants.append(participant)
    for participant in participants[:2]:
        services.submit_score(participant, theme("samenspel"), 7)
    revealed, hidden = statements_of("regelruimte")
    SessionStatement.objects.create(
        session=session, statement=revealed, closed_at=timezone.now(), revealed_at=timezone.now()
    )
    SessionStatement.objects.create(session=session, statement=hidden)
    for participant, position in zip(participants, [1, 5, 5, 4, 5], strict=True):
        StatementPosition.objects.create(participant=participant, statement=revealed, value=position)
        StatementPosition.objects.create(participant=participant, statement=hidden, value=3)
    ThemeNote.objects.create(
        session=session, theme=theme("regelruimte"), text="Ruimte wordt niet gebruikt uit angst.", author=facilitator
    )
    Action.objects.create(
        session=session,
        theme=theme("regelruimte"),
        description="Casusoverleg over maatwerk instellen",
        owner="Teamleider Noord",
        due_on=date(2027, 2, 1),
        stage=Stage.DO,
        created_by=facilitator,
    )
    return session


def test_report_shows_the_aggregates_of_known_scores(staff_client, filled_session):
    response = staff_client.get(reverse("reflection:rapport", kwargs={"pk": filled_session.pk}))
    assert response.status_code == 200
    regelruimte = next(t for t in response.context["themes"] if t.name == theme("regelruimte").name)
    assert regelruimte.result.median == 8.0
    assert regelruimte.result.mean == pytest.approx(6.2)
    assert regelruimte.result.distribution[8] == 2
    html = response.content.decode()
    assert "Kwaliteitsscan toegang" in html
    assert "23 november 2026" in html
    assert "Dijkstad" in html
    assert "6,2" in html or "6.2" in html


def test_report_ranks_the_theme_with_most_bottlenecks_first_and_hides_small_groups(staff_client, filled_session):
    response = staff_client.get(reverse("reflection:rapport", kwargs={"pk": filled_session.pk}))
    assert response.context["ranking"] == [theme("regelruimte").name, theme("samenspel").name]
    samenspel = next(t for t in response.context["themes"] if t.name == theme("samenspel").name)
    assert samenspel.result.suppressed
    assert samenspel.chart is None
    regelruimte = next(t for t in response.context["themes"] if t.name == theme("regelruimte").name)
    residents = next(p for p in regelruimte.perspectives if p.label == str(Perspective.INWONER_CLIENT.label))
    assert residents.result.suppressed and residents.result.mean is None


def test_report_counts_participants_per_perspective(staff_client, filled_session):
    response = staff_client.get(reverse("reflection:rapport", kwargs={"pk": filled_session.pk}))
    counts = dict(response.context["participants"])
    assert counts[str(Perspective.PROFESSIONAL.label)] == 3
    assert counts[str(Perspective.INWONER_CLIENT.label)] == 2
    assert counts[str(Perspective.BELEID.label)] == 0


def test_report_shows_only_revealed_statements_with_their_positions(staff_client, filled_session):
    revealed, hidden = statements_of("regelruimte")
    response = staff_client.get(reverse("reflection:rapport", kwargs={"pk": filled_session.pk}))
    html = response.content.decode()
    assert revealed.text in html
    assert hidden.text not in html
    regelruimte = next(t for t in response.context["themes"] if t.name == theme("regelruimte").name)
    [statement] = regelruimte.statements
    assert [count for _value, count in statement.chart.counts] == [1, 0, 0, 1, 3]


def test_report_lists_notes_and_actions(staff_client, filled_session):
    html = staff_client.get(reverse("reflection:rapport", kwargs={"pk": filled_session.pk})).content.decode()
    assert "Ruimte wordt niet gebruikt uit angst." in html
    assert "Casusoverleg over maatwerk instellen" in html
    assert "Teamleider Noord" in html
    assert "1 februari 2027" in html
    assert str(Stage.DO.label) in html


def test_report_page_has_no_style_attributes_for_the_csp(staff_client, filled_session):
    html = staff_client.get(reverse("reflection:rapport", kwargs={"pk": filled_session.pk})).content.decode()
    assert "<svg" in html
    assert "style=" not in html


def test_reading_the_report_is_logged(staff_client, facilitator, filled_session):
    staff_client.get(reverse("reflection:rapport", kwargs={"pk": filled_session.pk}))
    assert AccessLogEntry.objects.filter(
        user=facilitator, action=AccessAction.VIEW, object_type="reflectiesessie", object_id=str(filled_session.pk)
    ).exists()


def test_pdf_report_is_a_logged_attachment(staff_client, facilitator, filled_session):
    response = staff_client.get(reverse("reflection:rapport_pdf", kwargs={"pk": filled_session.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    objects = pdf_objects(response.content)
    assert b"/Lang (nl)" in objects
    assert b"/StructTreeRoot" in objects
    assert response["Content-Disposition"] == f'attachment; filename="reflectie-{filled_session.pk}.pdf"'
    assert AccessLogEntry.objects.filter(
        user=facilitator, action=AccessAction.VIEW, detail="rapport als pdf", object_id=str(filled_session.pk)
    ).exists()


def test_pdf_report_draws_the_same_vega_lite_charts_as_the_results_page(filled_session):
    """One chart for the theme with enough scores and one for the revealed statement, each labelled by its caption
    and the numbers; no hand-drawn bars."""
    html = report.render_report_html(filled_session)
    charts = re.findall(r'<svg[^>]*class="marks"[^>]*aria-labelledby="([^"]+)"', html)
    assert len(charts) == 2
    for labels in charts:
        for element_id in labels.split():
            assert f'id="{element_id}"' in html
    assert "app-report-chart" not in html


def test_pdf_report_is_in_dutch_whatever_the_screen_language(filled_session):
    with translation.override("en"):
        html = report.render_report_html(filled_session)
    assert '<html lang="nl">' in html
    assert "Voorgestelde volgorde van bespreken" in html
    assert "Mediaan" in html
    assert "Verdeling van de scores voor" in html


def test_join_screen_shows_the_code_and_a_qr_code_of_the_join_address(staff_client, session):
    response = staff_client.get(reverse("reflection:scherm", kwargs={"pk": session.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    join_url = f"http://testserver{reverse('reflection:deelnemen')}?code={session.join_code}"
    assert response.context["join_url"] == join_url
    assert session.join_code in html
    assert "<svg" in str(response.context["qr_svg"])
    assert join_url in str(response.context["qr_svg"])
    assert "style=" not in html


def test_the_join_address_fills_in_the_code(client, session):
    response = client.get(f"{reverse('reflection:deelnemen')}?code={session.join_code}")
    assert f'value="{session.join_code}"' in response.content.decode()


@pytest.mark.parametrize("name", ["reflection:scherm", "reflection:rapport", "reflection:rapport_pdf"])
def test_another_staff_member_gets_404_and_a_denied_log_line(session, name):
    other = UserFactory(role=Role.BELEIDSMEDEWERKER)
    client = Client()
    client.force_login(other)
    assert client.get(reverse(name, kwargs={"pk": session.pk})).status_code == 404
    assert AccessLogEntry.objects.filter(
        user=other, action=AccessAction.DENIED, object_type="reflectiesessie", object_id=str(session.pk)
    ).exists()


@pytest.mark.parametrize("name", ["reflection:scherm", "reflection:rapport", "reflection:rapport_pdf"])
def test_anonymous_is_sent_to_login(session, name):
    response = Client().get(reverse(name, kwargs={"pk": session.pk}))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
