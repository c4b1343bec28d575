import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from audit.models import AccessAction, AccessLogEntry
from reflection import discussion, services
from reflection.models import (
    Action,
    Perspective,
    Session,
    SessionStatement,
    Stage,
    Statement,
    StatementPosition,
    ThemeNote,
)
from reflection.tests.conftest import theme
from reflection.views import PARTICIPANT_SESSION_KEY
from testsupport.factories import GemeenteFactory, TeamFactory, UserFactory, member_of


def statements(code: str) -> list[Statement]:
    return list(theme(code).statements.order_by("order", "pk"))


@pytest.fixture
def session(facilitator) -> Session:
    return services.create_session(
        title="Kwaliteitsscan toegang",
        gemeente=GemeenteFactory(),
        facilitator=facilitator,
        themes=[theme("regelruimte"), theme("samenspel")],
    )


def participants(session: Session, count: int) -> list:
    return [services.join(session.join_code, Perspective.PROFESSIONAL) for _i in range(count)]


def phone(participant) -> Client:
    client = Client()
    store = client.session
    store[PARTICIPANT_SESSION_KEY] = participant.token
    store.save()
    return client


# --- Statement rules ------------------------------------------------------------------------------


def test_opening_a_statement_closes_the_one_that_was_open(session):
    first, second = statements("regelruimte")[:2]
    one = discussion.open_statement(session, first)
    two = discussion.open_statement(session, second)
    one.refresh_from_db()
    assert not one.is_open and two.is_open
    assert SessionStatement.objects.filter(session=session, closed_at__isnull=True).count() == 1


def test_a_statement_of_a_theme_outside_the_session_cannot_be_opened(session):
    with pytest.raises(discussion.InvalidInput):
        discussion.open_statement(session, statements("slim-geld")[0])
    assert not SessionStatement.objects.exists()


def test_reopening_a_closed_statement_keeps_the_earlier_positions(session):
    statement = statements("regelruimte")[0]
    opened = discussion.open_statement(session, statement)
    (participant,) = participants(session, 1)
    discussion.submit_position(participant, opened.pk, 4)
    discussion.close_statement(opened)
    again = discussion.open_statement(session, statement)
    assert again.pk == opened.pk and again.is_open
    assert StatementPosition.objects.get(participant=participant).value == 4


def test_spread_stays_hidden_until_revealed_then_counts_per_position(session):
    opened = discussion.open_statement(session, statements("regelruimte")[0])
    for participant, value in zip(participants(session, 4), [1, 5, 5, 3], strict=True):
        discussion.submit_position(participant, opened.pk, value)
    hidden = discussion.spread(opened)
    assert hidden.n == 4 and hidden.counts is None
    discussion.reveal(opened)
    assert discussion.spread(opened).counts == {1: 1, 2: 0, 3: 1, 4: 0, 5: 2}


def test_spread_of_fewer_than_three_answers_is_never_shown(session):
    opened = discussion.open_statement(session, statements("regelruimte")[0])
    for participant in participants(session, 2):
        discussion.submit_position(participant, opened.pk, 2)
    discussion.reveal(opened)
    result = discussion.spread(opened)
    assert result.n == 2 and result.suppressed and result.counts is None


# --- Positions from the phone ---------------------------------------------------------------------


def test_a_second_answer_replaces_the_first(session):
    opened = discussion.open_statement(session, statements("regelruimte")[0])
    (participant,) = participants(session, 1)
    discussion.submit_position(participant, opened.pk, 2)
    discussion.submit_position(participant, opened.pk, 5)
    assert list(StatementPosition.objects.values_list("value", flat=True)) == [5]


def test_losing_the_insert_race_retries_as_an_update(session, monkeypatch):
    """A double tap: the second insert hits the unique constraint; the retry updates the first row."""
    opened = discussion.open_statement(session, statements("regelruimte")[0])
    (participant,) = participants(session, 1)
    discussion.submit_position(participant, opened.pk, 2)
    real_store = discussion._store_position
    calls: list[int] = []

    def lose_the_race_once(*args):
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("UNIQUE constraint failed")
        return real_store(*args)

    monkeypatch.setattr(discussion, "_store_position", lose_the_race_once)
    discussion.submit_position(participant, opened.pk, 4)
    assert len(calls) == 2
    assert list(StatementPosition.objects.values_list("participant_id", "value")) == [(participant.pk, 4)]


def test_answering_a_closed_statement_is_refused_and_saves_nothing(session):
    opened = discussion.open_statement(session, statements("regelruimte")[0])
    discussion.close_statement(opened)
    (participant,) = participants(session, 1)
    with pytest.raises(discussion.StatementNotOpen):
        discussion.submit_position(participant, opened.pk, 3)
    assert not StatementPosition.objects.exists()


def test_answering_a_statement_of_another_session_is_refused(session, facilitator):
    other = services.create_session(
        title="Andere", gemeente=GemeenteFactory(), facilitator=facilitator, themes=[theme("regelruimte")]
    )
    opened = discussion.open_statement(other, statements("regelruimte")[0])
    (participant,) = participants(session, 1)
    with pytest.raises(discussion.StatementNotOpen):
        discussion.submit_position(participant, opened.pk, 3)


@pytest.mark.parametrize("value", [0, 6, True])
def test_a_position_outside_one_to_five_is_refused(session, value):
    opened = discussion.open_statement(session, statements("regelruimte")[0])
    (participant,) = participants(session, 1)
    with pytest.raises(discussion.InvalidPosition):
        discussion.submit_position(participant, opened.pk, value)


def test_the_phone_shows_the_open_statement_and_stores_the_answer(session):
    statement = statements("regelruimte")[0]
    opened = discussion.open_statement(session, statement)
    (participant,) = participants(session, 1)
    client = phone(participant)
    page = client.get(reverse("reflection:scoren")).content.decode()
    assert statement.text in page and "helemaal oneens" in page and "helemaal eens" in page
    response = client.post(reverse("reflection:standpunt"), {"session_statement": opened.pk, "position": "4"})
    assert response.status_code == 302
    client.post(reverse("reflection:standpunt"), {"session_statement": opened.pk, "position": "1"})
    assert list(StatementPosition.objects.values_list("value", flat=True)) == [1]


def test_the_phone_gets_a_clear_message_for_a_closed_statement(session):
    opened = discussion.open_statement(session, statements("regelruimte")[0])
    discussion.close_statement(opened)
    (participant,) = participants(session, 1)
    response = phone(participant).post(
        reverse("reflection:standpunt"), {"session_statement": opened.pk, "position": "4"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "niet (meer) open" in response.content.decode()
    assert not StatementPosition.objects.exists()


def test_the_phone_refuses_an_unknown_statement(session):
    (participant,) = participants(session, 1)
    response = phone(participant).post(
        reverse("reflection:standpunt"), {"session_statement": "abc", "position": "4"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert not StatementPosition.objects.exists()


# --- Facilitator screens --------------------------------------------------------------------------


def test_the_theme_page_shows_texts_statements_and_the_answer_count_before_reveal(staff_client, session):
    regelruimte = theme("regelruimte")
    first = statements("regelruimte")[0]
    url = reverse("reflection:thema", kwargs={"pk": session.pk, "theme_pk": regelruimte.pk})
    staff_client.post(reverse("reflection:stelling_openen", kwargs={"pk": session.pk, "statement_pk": first.pk}))
    opened = SessionStatement.objects.get(session=session, statement=first)
    for participant, value in zip(participants(session, 3), [1, 1, 5], strict=True):
        discussion.submit_position(participant, opened.pk, value)
    page = staff_client.get(url).content.decode()
    assert regelruimte.name in page and first.text in page
    assert "3 antwoorden" in page and "Spreiding tonen" in page
    assert "helemaal oneens</th>" not in page
    assert 'hx-trigger="every 3s"' in page

    staff_client.post(
        reverse("reflection:stelling_tonen", kwargs={"pk": session.pk, "session_statement_pk": opened.pk})
    )
    partial = staff_client.get(
        reverse("reflection:stellingen", kwargs={"pk": session.pk, "theme_pk": regelruimte.pk})
    ).content.decode()
    assert "helemaal oneens</th>" in partial

    staff_client.post(
        reverse("reflection:stelling_sluiten", kwargs={"pk": session.pk, "session_statement_pk": opened.pk})
    )
    opened.refresh_from_db()
    assert not opened.is_open


def test_another_staff_member_gets_404_and_a_denied_log_line(session):
    other = UserFactory(role=Role.BELEIDSMEDEWERKER)
    client = Client()
    client.force_login(other)
    regelruimte = theme("regelruimte")
    statement = statements("regelruimte")[0]
    opened = discussion.open_statement(session, statement)
    gets = [
        reverse("reflection:thema", kwargs={"pk": session.pk, "theme_pk": regelruimte.pk}),
        reverse("reflection:stellingen", kwargs={"pk": session.pk, "theme_pk": regelruimte.pk}),
        reverse("reflection:vervolg", kwargs={"pk": session.pk}),
    ]
    posts = [
        reverse("reflection:stelling_openen", kwargs={"pk": session.pk, "statement_pk": statement.pk}),
        reverse("reflection:stelling_tonen", kwargs={"pk": session.pk, "session_statement_pk": opened.pk}),
        reverse("reflection:stelling_sluiten", kwargs={"pk": session.pk, "session_statement_pk": opened.pk}),
        reverse("reflection:notitie", kwargs={"pk": session.pk, "theme_pk": regelruimte.pk}),
    ]
    for url in gets:
        assert client.get(url).status_code == 404
    for url in posts:
        assert client.post(url, {"text": "x"}).status_code == 404
    denied = AccessLogEntry.objects.filter(user=other, action=AccessAction.DENIED).count()
    assert denied == len(gets) + len(posts)
    opened.refresh_from_db()
    assert opened.revealed_at is None and opened.is_open
    assert not ThemeNote.objects.exists()


def test_a_theme_outside_the_session_gives_404(staff_client, session):
    url = reverse("reflection:thema", kwargs={"pk": session.pk, "theme_pk": theme("slim-geld").pk})
    assert staff_client.get(url).status_code == 404


def test_notes_and_actions_are_stored_and_listed_on_the_theme_page(staff_client, session, facilitator):
    regelruimte = theme("regelruimte")
    kwargs = {"pk": session.pk, "theme_pk": regelruimte.pk}
    staff_client.post(reverse("reflection:notitie", kwargs=kwargs), {"text": "Mandaat ligt te hoog in de lijn"})
    staff_client.post(
        reverse("reflection:actie_nieuw", kwargs=kwargs),
        {
            "description": "Vrij budget per wijk uitproberen",
            "owner": "Teamleider Noord",
            "due_on": "2027-03-01",
            "stage": Stage.DO,
        },
    )
    note = ThemeNote.objects.get()
    action = Action.objects.get()
    assert note.author == facilitator and note.theme == regelruimte
    assert action.owner == "Teamleider Noord" and action.stage == Stage.DO and str(action.due_on) == "2027-03-01"
    page = staff_client.get(reverse("reflection:thema", kwargs=kwargs)).content.decode()
    assert "Mandaat ligt te hoog in de lijn" in page and "Vrij budget per wijk uitproberen" in page


def test_an_action_without_owner_is_refused(staff_client, session):
    kwargs = {"pk": session.pk, "theme_pk": theme("regelruimte").pk}
    staff_client.post(reverse("reflection:actie_nieuw", kwargs=kwargs), {"description": "Iets", "stage": Stage.PLAN})
    assert not Action.objects.exists()


# --- Actions overview -----------------------------------------------------------------------------


@pytest.fixture
def action(session, facilitator) -> Action:
    return discussion.add_action(
        session=session, theme=theme("samenspel"), created_by=facilitator, description="Vast overleg", owner="Sam"
    )


def test_the_overview_lists_open_actions_and_hides_done_ones_unless_asked(staff_client, action):
    assert "Vast overleg" in staff_client.get(reverse("reflection:acties")).content.decode()
    Action.objects.filter(pk=action.pk).update(done=True)
    assert "Vast overleg" not in staff_client.get(reverse("reflection:acties")).content.decode()
    assert "Vast overleg" in staff_client.get(reverse("reflection:acties") + "?filter=alle").content.decode()


def test_members_of_the_sessions_team_see_the_action_others_in_the_gemeente_do_not(session, action):
    team = TeamFactory(gemeente=session.gemeente)
    Session.objects.filter(pk=session.pk).update(team=team)
    colleague = member_of(team, UserFactory(role=Role.TEAMLEIDER))
    other_team = member_of(TeamFactory(gemeente=session.gemeente), UserFactory(role=Role.TEAMLEIDER))
    stranger = UserFactory(role=Role.TEAMLEIDER)
    for user, visible in ((colleague, True), (other_team, False), (stranger, False)):
        client = Client()
        client.force_login(user)
        assert ("Vast overleg" in client.get(reverse("reflection:acties")).content.decode()) is visible


def test_changing_the_stage_raises_the_version(staff_client, action):
    url = reverse("reflection:actie_bijwerken", kwargs={"action_pk": action.pk})
    staff_client.post(url, {"stage": Stage.CHECK, "done": "on", "version": action.version})
    action.refresh_from_db()
    assert action.stage == Stage.CHECK and action.done and action.version == 2


def test_a_change_on_a_stale_version_is_refused_with_a_message(staff_client, action):
    discussion.update_action(action, expected_version=1, stage=Stage.DO, done=False)
    url = reverse("reflection:actie_bijwerken", kwargs={"action_pk": action.pk})
    response = staff_client.post(url, {"stage": Stage.ACT, "version": 1}, follow=True)
    action.refresh_from_db()
    assert action.stage == Stage.DO and action.version == 2
    assert "intussen gewijzigd" in response.content.decode()


def test_someone_outside_the_gemeente_cannot_change_an_action(action):
    stranger = UserFactory(role=Role.BELEIDSMEDEWERKER)
    client = Client()
    client.force_login(stranger)
    url = reverse("reflection:actie_bijwerken", kwargs={"action_pk": action.pk})
    assert client.post(url, {"stage": Stage.ACT, "version": 1}).status_code == 404
    assert AccessLogEntry.objects.filter(user=stranger, action=AccessAction.DENIED).exists()
    action.refresh_from_db()
    assert action.stage == Stage.PLAN


# --- Follow-up comparison -------------------------------------------------------------------------


def score(session: Session, code: str, values: list[int]) -> None:
    for value in values:
        participant = services.join(session.join_code, Perspective.PROFESSIONAL)
        services.submit_score(participant, theme(code), value)


@pytest.fixture
def follow_up(session, facilitator) -> Session:
    score(session, "regelruimte", [8, 6, 9, 9])  # median 8.5, mean 8.0
    score(session, "samenspel", [5, 6, 7])  # median 6, mean 6
    later = services.create_session(
        title="Vervolgscan",
        gemeente=session.gemeente,
        facilitator=facilitator,
        themes=[theme("regelruimte"), theme("samenspel")],
        previous_session=session,
    )
    score(later, "regelruimte", [4, 5, 6])  # median 5, mean 5
    score(later, "samenspel", [3, 9])  # too few answers
    return later


def test_follow_up_gives_earlier_and_current_median_mean_and_change(follow_up):
    rows = {row.theme.code: row for row in discussion.compare(follow_up)}
    regelruimte = rows["regelruimte"]
    assert regelruimte.before is not None and regelruimte.after is not None
    assert (regelruimte.before.median, regelruimte.before.mean) == (8.5, 8.0)
    assert (regelruimte.after.median, regelruimte.after.mean) == (5.0, 5.0)
    assert regelruimte.median_change == -3.5 and regelruimte.mean_change == -3.0


def test_follow_up_does_not_compare_a_small_group(follow_up):
    samenspel = next(row for row in discussion.compare(follow_up) if row.theme.code == "samenspel")
    assert samenspel.after is not None and samenspel.after.suppressed
    assert samenspel.median_change is None and samenspel.mean_change is None


def test_the_follow_up_page_shows_the_change(staff_client, follow_up):
    page = staff_client.get(reverse("reflection:vervolg", kwargs={"pk": follow_up.pk})).content.decode()
    assert "-3,5" in page or "-3.5" in page
    assert "te weinig antwoorden" in page


def test_a_session_without_predecessor_says_there_is_nothing_to_compare(staff_client, session):
    page = staff_client.get(reverse("reflection:vervolg", kwargs={"pk": session.pk})).content.decode()
    assert "niets te vergelijken" in page
