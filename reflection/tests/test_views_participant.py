import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from reflection import services
from reflection.models import Participant, Perspective, Score, Session
from reflection.tests.conftest import theme
from reflection.views import PARTICIPANT_SESSION_KEY
from testsupport.factories import GemeenteFactory, UserFactory


@pytest.fixture
def session(db) -> Session:
    return services.create_session(
        title="Kwaliteitsscan toegang",
        gemeente=GemeenteFactory(),
        facilitator=UserFactory(),
        themes=[theme("regelruimte"), theme("samenspel")],
    )


@pytest.fixture
def joined(session) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("reflection:deelnemen"))
    client.post(
        reverse("reflection:deelnemen"),
        {
            "code": session.join_code.lower(),
            "perspective": Perspective.INWONER_CLIENT,
            "csrfmiddlewaretoken": client.cookies[settings.CSRF_COOKIE_NAME].value,
        },
    )
    return client


def post_scores(client: Client, data: dict[str, str]):
    client.get(reverse("reflection:scoren"))
    return client.post(
        reverse("reflection:scoren"), {**data, "csrfmiddlewaretoken": client.cookies[settings.CSRF_COOKIE_NAME].value}
    )


def test_anonymous_joins_with_the_code_and_gets_a_token_in_the_session(session, joined):
    participant = Participant.objects.get(session=session)
    assert participant.perspective == Perspective.INWONER_CLIENT
    assert joined.session[PARTICIPANT_SESSION_KEY] == participant.token
    page = joined.get(reverse("reflection:scoren")).content.decode()
    assert "1 heel weinig" in page and "10 heel vaak" in page
    assert "<legend" in page


@pytest.mark.parametrize("closed", [False, True])
def test_unknown_or_closed_code_is_refused_and_creates_nothing(session, closed):
    if closed:
        services.close_scoring(session)
        code = session.join_code
    else:
        code = "ZZZZZZ" if session.join_code != "ZZZZZZ" else "YYYYYY"
    response = Client().post(reverse("reflection:deelnemen"), {"code": code, "perspective": Perspective.BELEID})
    assert response.status_code == 200
    assert "Deze sessie bestaat niet of is gesloten." in response.content.decode()
    assert not Participant.objects.exists()


def test_without_a_token_the_score_page_redirects_to_join(session):
    response = Client().get(reverse("reflection:scoren"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reflection:deelnemen")


def test_a_second_submit_updates_the_one_score(session, joined):
    assert post_scores(joined, {"score-regelruimte": "4"}).status_code == 302
    assert post_scores(joined, {"score-regelruimte": "8", "score-samenspel": "2"}).status_code == 302
    participant = Participant.objects.get(session=session)
    assert Score.objects.filter(participant=participant, theme=theme("regelruimte")).get().value == 8
    assert Score.objects.filter(participant=participant).count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {"score-regelruimte": "11", "score-samenspel": "3"},
        {"score-regelruimte": "0"},
        {"score-regelruimte": "vijf"},
        {"score-regelruimte": "3", "score-slim-geld": "5"},
    ],
)
def test_invalid_values_or_themes_change_nothing(session, joined, data):
    post_scores(joined, {"score-regelruimte": "6"})
    response = post_scores(joined, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Geef een score van 1 tot en met 10." in html or "Dit thema hoort niet bij deze sessie." in html
    values = dict(Score.objects.values_list("theme__code", "value"))
    assert values == {"regelruimte": 6}


def test_scoring_after_closing_is_refused(session, joined):
    services.close_scoring(session)
    response = post_scores(joined, {"score-regelruimte": "6"})
    assert response.status_code == 400
    assert not Score.objects.exists()


def test_csrf_stays_on_for_participants(session):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("reflection:deelnemen"), {"code": session.join_code, "perspective": "beleid"})
    assert response.status_code == 403
    assert not Participant.objects.exists()
