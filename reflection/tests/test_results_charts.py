"""Results as a chart with a table of the same numbers, and the calm beamer view of those results."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from audit.models import AccessAction, AccessLogEntry
from core import charts as core_charts
from reflection import services
from reflection.charts import distribution_spec
from reflection.models import Perspective, Session
from reflection.tests.conftest import theme
from testsupport.factories import GemeenteFactory, TeamFactory, UserFactory, member_of


@pytest.fixture
def session(facilitator) -> Session:
    return services.create_session(
        title="Kwaliteitsscan toegang",
        gemeente=GemeenteFactory(),
        facilitator=facilitator,
        team=TeamFactory(),
        themes=[theme("regelruimte"), theme("samenspel")],
    )


def score(session: Session, code: str, values: list[int], perspective: str = Perspective.PROFESSIONAL) -> None:
    for value in values:
        participant = services.join(session.join_code, perspective)
        services.submit_score(participant, theme(code), value)


def article_of(page: str, name: str) -> str:
    match = re.search(rf"<article[^>]*>\s*<h3[^>]*>{name}</h3>.*?</article>", page, re.S)
    assert match, name
    return match.group(0)


def table_counts(html: str) -> dict[int, int]:
    rows = re.findall(r'<th class="utrecht-table__header-cell" scope="row">(\d+)</th>\s*<td[^>]*>(\d+)</td>', html)
    return {int(score): int(count) for score, count in rows}


def chart_counts(svg: str) -> list[int]:
    """The numbers printed above the bars, left to right (scores 1 to 10)."""
    marks = re.search(r'<g class="mark-text role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
    assert marks, "no text marks in the chart"
    return [int(text) for text in re.findall(r"<text[^>]*>(\d+)</text>", marks.group(1))]


def test_the_results_show_a_labelled_chart_and_a_table_with_the_same_counts(staff_client, session):
    score(session, "regelruimte", [2, 2, 5, 9, 9, 9])
    page = staff_client.get(reverse("reflection:sessie", kwargs={"pk": session.pk})).content.decode()
    article = article_of(page, "Regelruimte")
    expected = {n: 0 for n in range(1, 11)} | {2: 2, 5: 1, 9: 3}
    assert table_counts(article) == expected
    svg = re.search(r"<svg[^>]*role=\"img\".*?</svg>", article, re.S)
    assert svg
    heading = re.search(r'<h3 class="utrecht-heading-3" id="([^"]+)"', article)
    explanation = re.search(r'<p class="utrecht-paragraph" id="([^"]+)"', article)
    assert heading and explanation
    assert f'aria-labelledby="{heading.group(1)} {explanation.group(1)}"' in svg.group(0)
    assert chart_counts(svg.group(0)) == [expected[n] for n in range(1, 11)]


def test_a_theme_with_too_few_answers_has_no_chart(staff_client, session):
    score(session, "samenspel", [7, 8])
    page = staff_client.get(reverse("reflection:resultaten", kwargs={"pk": session.pk})).content.decode()
    assert "<svg" not in article_of(page, "Samenspel")


def test_the_spec_has_a_bar_for_every_score_also_those_nobody_gave():
    spec = distribution_spec({n: (3 if n == 4 else 0) for n in range(1, 11)})
    assert [row["score"] for row in spec["data"]["values"]] == list(range(1, 11))
    assert [row["count"] for row in spec["data"]["values"]] == [0, 0, 0, 3, 0, 0, 0, 0, 0, 0]


def beamer_url(session: Session, code: str | None = None) -> str:
    if code is None:
        return reverse("reflection:beamer", kwargs={"pk": session.pk})
    return reverse("reflection:beamer_thema", kwargs={"pk": session.pk, "theme_pk": theme(code).pk})


def test_the_beamer_starts_with_the_order_of_discussion_most_bottlenecks_first(staff_client, session):
    score(session, "regelruimte", [2, 3, 4])
    score(session, "samenspel", [8, 9, 9])
    page = staff_client.get(beamer_url(session)).content.decode()
    assert page.index("Samenspel") < page.index("Regelruimte")
    assert f'rel="next" href="{beamer_url(session, "samenspel")}"' in page


def test_the_beamer_shows_one_theme_with_links_to_the_next_and_no_site_navigation(staff_client, session):
    score(session, "regelruimte", [2, 3, 4])
    score(session, "samenspel", [8, 9, 9])
    response = staff_client.get(beamer_url(session, "samenspel"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script" not in page
    assert "style=" not in page  # the CSP allows no inline styles; the chart uses presentation attributes only
    assert "app-header" not in page
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="thema-\d+-kop thema-\d+-uitleg"', page)
    assert table_counts(page) == {n: 0 for n in range(1, 11)} | {8: 1, 9: 2}
    assert f'rel="next" href="{beamer_url(session, "regelruimte")}"' in page
    assert 'rel="prev"' not in page


def test_the_beamer_shows_no_participant_and_no_one_s_own_score(staff_client, session):
    score(session, "samenspel", [8, 9])
    page = staff_client.get(beamer_url(session, "samenspel")).content.decode()
    assert "<svg" not in page
    assert "<table" not in page
    assert "Te weinig antwoorden" in page
    for participant in session.participants.all():
        assert participant.token not in page


@pytest.mark.parametrize("role", [Role.BELEIDSMEDEWERKER, Role.GENERALIST])
def test_someone_who_may_not_see_the_results_gets_404_on_the_beamer_and_a_log_line(session, role):
    other = member_of(session.team, UserFactory(role=role))  # even a member of the session's team
    client = Client()
    client.force_login(other)
    for url in (beamer_url(session), beamer_url(session, "regelruimte")):
        assert client.get(url).status_code == 404
    assert (
        AccessLogEntry.objects.filter(
            user=other, action=AccessAction.DENIED, object_type="reflectiesessie", object_id=str(session.pk)
        ).count()
        == 2
    )


def test_the_beamer_sends_the_anonymous_to_login(session):
    response = Client().get(beamer_url(session))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_unknown_session_or_theme_on_the_beamer_is_404(staff_client, session):
    other_theme = theme("vakmanschap")
    assert staff_client.get(reverse("reflection:beamer", kwargs={"pk": 999999})).status_code == 404
    assert staff_client.get(f"/reflectie/sessie/{2**70}/beamer/").status_code == 404
    hostile = (other_theme.pk, 999999, 2**70)
    for theme_pk in hostile:
        url = reverse("reflection:beamer", kwargs={"pk": session.pk}) + f"{theme_pk}/"
        assert staff_client.get(url).status_code == 404


def test_the_beamer_and_results_use_a_constant_number_of_queries(staff_client, session):
    urls = (beamer_url(session, "regelruimte"), reverse("reflection:resultaten", kwargs={"pk": session.pk}))
    score(session, "regelruimte", [3, 5, 6])
    few = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(url)
        few.append(len(queries))
    score(session, "regelruimte", [1, 2, 3, 4, 6, 7, 8, 9] * 5)
    score(session, "samenspel", [4, 5, 6, 7], perspective=Perspective.BELEID)
    many = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url).status_code == 200
        many.append(len(queries))
    assert many == few


def test_the_shared_renderer_takes_only_element_ids_as_label():
    """The ids go into an attribute unescaped; anything else than ids is a programming error, not markup."""
    with pytest.raises(ValueError):
        core_charts.render_svg(distribution_spec({1: 3}), labelled_by='kop" onload="alert(1)')


def test_the_theme_page_links_to_its_beamer_page(staff_client, session):
    url = reverse("reflection:thema", kwargs={"pk": session.pk, "theme_pk": theme("samenspel").pk})
    assert f'href="{beamer_url(session, "samenspel")}"' in staff_client.get(url).content.decode()
