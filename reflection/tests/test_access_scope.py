"""Who sees which reflection sessions and actions, who may change them, and how often a join code may be wrong."""

from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from audit.models import AccessAction, AccessLogEntry
from reflection import discussion, services, throttle
from reflection.models import Action, Perspective, Session, Stage
from reflection.tests.conftest import theme
from testsupport.factories import GemeenteFactory, TeamFactory, UserFactory, member_of


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def gemeente(db):
    return GemeenteFactory()


@pytest.fixture
def team(gemeente):
    return TeamFactory(gemeente=gemeente)


@pytest.fixture
def facilitator(team):
    return member_of(team, UserFactory(role=Role.TEAMLEIDER))


@pytest.fixture
def team_session(gemeente, team, facilitator) -> Session:
    return services.create_session(
        title="Scan team Centrum", gemeente=gemeente, team=team, facilitator=facilitator, themes=[theme("samenspel")]
    )


@pytest.fixture
def action(team_session, facilitator) -> Action:
    return discussion.add_action(
        session=team_session, theme=theme("samenspel"), created_by=facilitator, description="Vast overleg", owner="Sam"
    )


# --- Changing actions: the facilitator only -------------------------------------------------------


def test_another_facilitator_in_the_same_team_cannot_update_the_action(team, action):
    other_facilitator = member_of(team, UserFactory(role=Role.TEAMLEIDER))
    url = reverse("reflection:actie_bijwerken", kwargs={"action_pk": action.pk})

    response = logged_in(other_facilitator).post(url, {"stage": Stage.ACT, "done": "on", "version": 1})

    assert response.status_code == 404
    action.refresh_from_db()
    assert action.stage == Stage.PLAN and not action.done and action.version == 1
    assert AccessLogEntry.objects.filter(
        user=other_facilitator, action=AccessAction.DENIED, object_type="verbeteractie"
    ).exists()


def test_the_facilitator_updates_the_action(facilitator, action):
    url = reverse("reflection:actie_bijwerken", kwargs={"action_pk": action.pk})
    logged_in(facilitator).post(url, {"stage": Stage.DO, "version": 1})
    action.refresh_from_db()
    assert action.stage == Stage.DO


def test_another_facilitator_cannot_add_an_action_to_the_session(team, team_session):
    other_facilitator = member_of(team, UserFactory(role=Role.TEAMLEIDER))
    url = reverse("reflection:actie_nieuw", kwargs={"pk": team_session.pk, "theme_pk": theme("samenspel").pk})
    response = logged_in(other_facilitator).post(url, {"description": "Iets", "owner": "Kim", "stage": Stage.PLAN})
    assert response.status_code == 404
    assert not Action.objects.exists()


def test_a_team_member_sees_the_action_without_an_update_form(team, action):
    member = member_of(team, UserFactory(role=Role.GENERALIST))
    page = logged_in(member).get(reverse("reflection:acties")).content.decode()
    assert "Vast overleg" in page
    assert reverse("reflection:actie_bijwerken", kwargs={"action_pk": action.pk}) not in page
    assert "Alleen de begeleider van de sessie werkt deze actie bij." in page


# --- Listing: own teams and own sessions ----------------------------------------------------------


def _listed(user) -> str:
    return logged_in(user).get(reverse("reflection:sessies")).content.decode()


def test_the_session_list_shows_own_team_sessions_and_own_sessions_only(gemeente, team, team_session):
    other_team = TeamFactory(gemeente=gemeente)
    other_facilitator = member_of(other_team, UserFactory(role=Role.TEAMLEIDER))
    services.create_session(
        title="Scan team Noord", gemeente=gemeente, team=other_team, facilitator=other_facilitator, themes=[]
    )
    member = member_of(team, UserFactory(role=Role.GENERALIST))

    page = _listed(member)

    assert "Scan team Centrum" in page
    assert "Scan team Noord" not in page, "same gemeente, other team"


def test_a_role_without_a_team_sees_only_the_sessions_it_facilitates(gemeente, team_session):
    beleid = UserFactory(role=Role.BELEIDSMEDEWERKER)
    services.create_session(title="Eigen scan beleid", gemeente=gemeente, facilitator=beleid, themes=[])

    page = _listed(beleid)

    assert "Eigen scan beleid" in page
    assert "Scan team Centrum" not in page


def test_a_former_team_member_no_longer_sees_the_team_sessions(team, team_session):
    import datetime

    former = member_of(team, UserFactory(role=Role.GENERALIST))
    former.team_memberships.update(end=datetime.date(2020, 1, 1))
    assert "Scan team Centrum" not in _listed(former)


# --- Join codes: rate-limited ---------------------------------------------------------------------


def _join(client: Client, code: str, address: str = "192.0.2.10"):
    return client.post(
        reverse("reflection:deelnemen"),
        {"code": code, "perspective": Perspective.PROFESSIONAL},
        REMOTE_ADDR=address,
    )


def test_wrong_join_codes_from_one_device_end_in_a_dutch_429_page(team_session):
    phone = Client()
    for _attempt in range(throttle.MAX_FAILURES_PER_DEVICE):
        assert _join(phone, "ZZZZZZ").status_code == 200

    blocked = _join(phone, team_session.join_code)

    assert blocked.status_code == 429, "even the right code is refused until the window has passed"
    assert "Te veel onjuiste codes" in blocked.content.decode()
    assert not team_session.participants.exists()


def test_wrong_codes_from_many_devices_behind_one_address_are_limited_too(team_session, monkeypatch):
    monkeypatch.setattr(throttle, "MAX_FAILURES_PER_ADDRESS", 3)
    for _device in range(3):
        _join(Client(), "ZZZZZZ")
    assert _join(Client(), team_session.join_code).status_code == 429
    assert _join(Client(), team_session.join_code, address="198.51.100.7").status_code == 302, "other address"


def test_the_block_lifts_after_the_window(team_session):
    phone = Client()
    for _attempt in range(throttle.MAX_FAILURES_PER_DEVICE):
        _join(phone, "ZZZZZZ")
    assert _join(phone, team_session.join_code).status_code == 429
    later = throttle.time.time() + throttle.WINDOW_SECONDS + 1
    with mock.patch("reflection.throttle.time.time", return_value=later):
        assert _join(phone, team_session.join_code).status_code == 302


def test_a_room_joining_with_the_right_code_is_never_limited(team_session):
    for _device in range(throttle.MAX_FAILURES_PER_ADDRESS + 5):
        assert _join(Client(), team_session.join_code).status_code == 302


def test_the_counters_live_in_a_cache_all_worker_processes_share():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache", "locmem would count per process"
