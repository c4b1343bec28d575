"""The facilitator's create forms sent twice (a double click, a reload) create one session, note or action."""

import pytest
from django.urls import reverse

from reflection import services
from reflection.models import Action, Mode, Session, Stage, ThemeNote
from reflection.tests.conftest import theme
from testsupport.double_submit import carries_token, post_twice, said_already_sent
from testsupport.factories import GemeenteFactory


@pytest.fixture
def session(facilitator) -> Session:
    return services.create_session(
        title="Kwaliteitsscan toegang",
        gemeente=GemeenteFactory(),
        facilitator=facilitator,
        themes=[theme("regelruimte"), theme("samenspel")],
    )


def _theme_url(session: Session, name: str = "thema") -> str:
    return reverse(f"reflection:{name}", kwargs={"pk": session.pk, "theme_pk": theme("regelruimte").pk})


def test_the_forms_carry_a_one_time_token(staff_client, session):
    assert carries_token(staff_client.get(reverse("reflection:sessie_nieuw")))
    assert carries_token(staff_client.get(_theme_url(session)), 2)


def test_a_new_session_sent_twice_is_created_once(staff_client):
    data = {
        "title": "Scan wijk Noord",
        "gemeente": GemeenteFactory().pk,
        "mode": Mode.KWALITEITSSCAN,
        "themes": [theme("slim-geld").pk],
        "date": "2026-11-23",
    }
    first, second = post_twice(staff_client, reverse("reflection:sessie_nieuw"), data)

    session = Session.objects.get()
    assert second.status_code == 302
    assert second["Location"] == first["Location"] == reverse("reflection:sessie", kwargs={"pk": session.pk})
    assert said_already_sent(second)


def test_a_theme_note_sent_twice_is_stored_once(staff_client, session):
    first, second = post_twice(staff_client, _theme_url(session, "notitie"), {"text": "Mandaat ligt te hoog"})

    assert ThemeNote.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"] == _theme_url(session) + "#notities"
    assert said_already_sent(second)


def test_an_action_sent_twice_is_stored_once(staff_client, session):
    data = {"description": "Vrij budget per wijk", "owner": "Teamleider Noord", "stage": Stage.DO}
    first, second = post_twice(staff_client, _theme_url(session, "actie_nieuw"), data)

    assert Action.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"] == _theme_url(session) + "#acties"
    assert said_already_sent(second)
