"""The survey in a real browser at phone and desktop width: a resident fills it in, and axe finds nothing serious.

Uses the browser and axe of the e2e suite (skipped with a visible reason when chromium is not installed). It lives
here, not in surveys/tests: a second copy of the session's browser fixture would start a second Playwright in the
same thread, which Playwright refuses.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings

from e2e.test_accessibility import _violations
from surveys.models import Answer
from surveys.questions import QUESTIONS
from surveys.tests.support import invitation_for
from testsupport.factories import InwonerFactory
from testsupport.portal import household_dossier, portal_client

pytestmark = pytest.mark.django_db(transaction=True)


def _portal_cookie(live_server, bsn: str) -> list[dict[str, object]]:
    client = portal_client(bsn)
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "domain": urlsplit(live_server.url).hostname,
            "path": "/",
            "secure": settings.SESSION_COOKIE_SECURE,
        }
    ]


def test_a_resident_fills_in_the_survey_on_a_phone_and_every_page_passes_axe(page, live_server, team, generalist):
    resident = InwonerFactory()
    invitation = invitation_for(resident, household_dossier(team, generalist, resident))
    page.context.add_cookies(_portal_cookie(live_server, resident.bsn))
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server.url}/mijn/vragenlijst/")
    assert _violations(page) == []
    page.get_by_role("link", name="Vragenlijst invullen").click()
    assert _violations(page) == []

    # Sending without answers: an error summary whose links lead to the questions, and nothing stored.
    page.get_by_role("button", name="Antwoorden versturen").click()
    assert page.get_by_role("alert").is_visible()
    assert _violations(page) == []
    assert not Answer.objects.exists()

    for question in QUESTIONS:
        group = page.get_by_role("group", name=str(question.text))
        group.get_by_label("Mee eens", exact=True).check()
    page.get_by_label("Wilt u nog iets vertellen over onze hulp?").fill("Duidelijk uitgelegd.")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert _violations(page) == []
    page.get_by_role("button", name="Antwoorden versturen").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Dank u wel!"
    assert _violations(page) == []
    answer = Answer.objects.get()
    assert {getattr(answer, question.key) for question in QUESTIONS} == {4}
    invitation.refresh_from_db()
    assert invitation.used_at is not None
