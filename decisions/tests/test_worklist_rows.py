"""Issue 11: the Besluiten worklist reads its rows as values, the running suspensions of their terms included."""

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from deadlines.calendar_source import current_calendar
from decisions.tests.test_suspension import RECEIVED, _pw_aanvraag
from dossiers.selectors import stored_deadline_state
from dossiers.suspensions import suspend_deadline
from dossiers.transitions import Status
from organisation.models import Team
from testsupport.factories import dossier_for


def test_the_worklist_shows_each_terms_state_without_a_query_for_the_suspensions(team: Team, generalist: User) -> None:
    today = timezone.localdate()
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    held = _pw_aanvraag(dossier, generalist, received=RECEIVED - timedelta(days=10))
    late = _pw_aanvraag(dossier, generalist, received=today - timedelta(days=60))
    running = _pw_aanvraag(dossier, generalist)
    assert held.deadline is not None
    suspend_deadline(held.deadline, generalist, ground="overmacht", start=today - timedelta(days=2))
    client = Client()
    client.force_login(generalist)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("decisions:werkvoorraad"))

    assert response.status_code == 200
    # The held term's suspension is a column of the aanvragen's own query, not a query of its own per list.
    assert not [q["sql"] for q in queries if q["sql"].startswith('SELECT "dossiers_termsuspension"')]
    content = response.content.decode()
    for aanvraag in (held, late, running):
        aanvraag.refresh_from_db()
        assert aanvraag.deadline is not None
        state = stored_deadline_state(aanvraag.deadline, today, current_calendar())
        badge = f'<span class="utrecht-badge-status state-{state.value}">{state.label}</span>'
        link = f'href="{reverse("decisions:aanvraag", args=[aanvraag.pk])}"'
        row = content[content.index(link) :].split("</tr>", 1)[0]
        assert badge in row
        assert date_format(aanvraag.deadline.due) in row
    assert [row["pk"] for row in response.context["aanvragen"]] == [late.pk, running.pk, held.pk]
