import pytest

from reflection import services
from reflection.models import Perspective, Score, Statement, Theme
from testsupport.factories import GemeenteFactory, UserFactory

NATIONAL_THEMES = {
    "botsende-waarden",
    "dwingende-systemen",
    "heilige-huisjes",
    "heldere-werkwijze",
    "regelruimte",
    "samenspel",
    "slim-geld",
    "vakmanschap",
    "wettelijke-grensconflicten",
}


@pytest.fixture
def session(db):
    themes = list(Theme.objects.filter(code__in=["regelruimte", "samenspel"], gemeente=None))
    return services.create_session(
        title="Kwaliteitsscan toegang", gemeente=GemeenteFactory(), facilitator=UserFactory(), themes=themes
    )


@pytest.fixture
def participant(session):
    return services.join(session.join_code, Perspective.PROFESSIONAL)


def theme(code):
    return Theme.objects.get(code=code, gemeente=None)


def test_nine_national_themes_are_seeded_with_three_to_five_statements(db):
    themes = Theme.objects.filter(gemeente=None)
    assert set(themes.values_list("code", flat=True)) == NATIONAL_THEMES
    for seeded in themes:
        assert 3 <= seeded.statements.count() <= 5, seeded.code
        assert seeded.scale_question and seeded.case_text and seeded.dilemma and seeded.solution_directions
    assert Statement.objects.count() >= 27


def test_session_gets_an_unambiguous_join_code_and_ordered_themes(session):
    assert len(session.join_code) == 6
    assert not set(session.join_code) & set("01ILO")
    assert [st.theme.code for st in session.session_themes.order_by("order")] == ["regelruimte", "samenspel"]


def test_join_accepts_lowercase_code_and_gives_each_device_its_own_token(session):
    first = services.join(session.join_code.lower(), Perspective.BELEID, "Anna")
    second = services.join(session.join_code, Perspective.INWONER_CLIENT)
    assert first.session == session and first.display_name == "Anna"
    assert first.token != second.token


def test_join_with_unknown_code_is_refused(db):
    with pytest.raises(services.UnknownSession, match="bestaat niet of is gesloten"):
        services.join("ZZZZZZ", Perspective.PROFESSIONAL)


def test_join_after_scoring_closed_is_refused(session):
    services.close_scoring(session)
    with pytest.raises(services.SessionNotOpen, match="bestaat niet of is gesloten"):
        services.join(session.join_code, Perspective.PROFESSIONAL)


@pytest.mark.parametrize("value", [0, 11, -3])
def test_score_outside_one_to_ten_is_refused(participant, value):
    with pytest.raises(services.InvalidScore, match="1 tot en met 10"):
        services.submit_score(participant, theme("regelruimte"), value)
    assert not Score.objects.exists()


def test_score_for_theme_not_in_session_is_refused(participant):
    with pytest.raises(services.InvalidScore, match="hoort niet bij deze sessie"):
        services.submit_score(participant, theme("slim-geld"), 5)


def test_second_submit_changes_the_score_and_never_counts_twice(participant):
    services.submit_score(participant, theme("regelruimte"), 4)
    services.submit_score(participant, theme("regelruimte"), 8)
    assert list(Score.objects.values_list("value", flat=True)) == [8]


def test_score_after_close_is_refused(session, participant):
    services.close_scoring(session)
    with pytest.raises(services.SessionNotOpen):
        services.submit_score(participant, theme("regelruimte"), 5)


def test_racing_double_submit_retries_once_and_updates(participant, monkeypatch):
    from django.db import IntegrityError

    real_store = services._store_score
    calls = []

    def lose_the_race_once(*args):
        calls.append(args)
        if len(calls) == 1:
            raise IntegrityError("UNIQUE constraint failed")
        return real_store(*args)

    monkeypatch.setattr(services, "_store_score", lose_the_race_once)
    score = services.submit_score(participant, theme("regelruimte"), 7)
    assert len(calls) == 2 and score.value == 7
    assert Score.objects.count() == 1


def test_database_refuses_score_outside_scale(participant):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(participant=participant, theme=theme("regelruimte"), value=11)
