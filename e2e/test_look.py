"""What the eye sees, checked where only a browser can: a select shows its arrow (the image loads), and an overdue
deadline's badge is red while one on time is not."""

from typing import Any

import pytest

from accounts.models import Role
from dossiers.transitions import Status
from e2e.test_accessibility import _session_cookie
from testsupport.factories import TeamFactory, UserFactory, dossier_for, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARROW = """() => {
  const select = document.querySelector('select.utrecht-select--html-select');
  return getComputedStyle(select).backgroundImage;
}"""


def test_a_select_shows_its_arrow(page: Any, live_server: Any, reference_data: None) -> None:
    team = TeamFactory()
    sanne = member_of(team, UserFactory(username="sanne", role=Role.GENERALIST))
    dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=sanne)
    page.context.add_cookies(_session_cookie(live_server, sanne))
    page.goto(f"{live_server.url}/dossiers/")
    image = page.evaluate(ARROW)
    assert "select-arrow" in image, image
    url = image.removeprefix('url("').removesuffix('")')
    response = page.request.get(url)
    assert response.status == 200 and "svg" in response.headers["content-type"]


def test_an_overdue_badge_is_red_and_one_on_time_is_not(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/account/inloggen/")
    page.set_content(
        page.content().replace(
            "</main>",
            '<span id="late" class="utrecht-badge-status state-verlopen">verlopen</span>'
            '<span id="fine" class="utrecht-badge-status state-op_tijd">op tijd</span></main>',
        )
    )
    page.add_style_tag(url=f"{live_server.url}/static/core/app.css")
    late = page.evaluate("() => getComputedStyle(document.getElementById('late')).backgroundColor")
    fine = page.evaluate("() => getComputedStyle(document.getElementById('fine')).backgroundColor")
    assert late == "rgb(163, 0, 27)"
    assert fine != late
