"""Searching by name, BSN or postcode costs the same number of queries however many residents match.

More households with the same name (visible, in triage of the own team, or of a colleague who is not
sharing them) must not add queries: no query per row, per household or per person found.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from dossiers.tests.views_support import logged_in
from dossiers.transitions import Status
from organisation.models import Team
from residents.models import Inwoner
from testsupport.factories import InwonerFactory, dossier_for, household_with

pytestmark = pytest.mark.django_db

URL = reverse("dossiers:zoeken")


def _households_named(team: Team, generalist: User, colleague: User, count: int) -> Inwoner:
    """`count` households of each kind with a member called Stamrood; returns one of the visible ones."""
    first = None
    for _ in range(count):
        mine = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
        mine.huishouden = household_with(InwonerFactory(achternaam="Stamrood"), InwonerFactory(achternaam="Stamrood"))
        mine.save()
        first = first or mine.huishouden.members.first()
        waiting = dossier_for(team, status=Status.AANGEMELD)
        waiting.huishouden = household_with(InwonerFactory(achternaam="Stamrood"))
        waiting.save()
        hidden = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=colleague)
        hidden.huishouden = household_with(InwonerFactory(achternaam="Stamrood"))
        hidden.save()
        household_with(InwonerFactory(achternaam="Stamrood"))  # a resident without any dossier
    assert first is not None
    return first


def _queries(user: User, query: str) -> tuple[int, int]:
    client = logged_in(user)
    client.get(URL, {"q": query})  # the session and the second factor settle on the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": query})
    return len(queries), len(response.context["rows"])


@pytest.mark.parametrize("kind", ["naam", "bsn", "adres"])
def test_search_queries_stay_the_same_as_more_residents_match(team, generalist, colleague, kind) -> None:
    person = _households_named(team, generalist, colleague, 1)
    query = {"naam": "Stamrood", "bsn": person.bsn, "adres": f"{person.postcode} {person.huisnummer}"}[kind]
    few, shown_few = _queries(generalist, query)
    _households_named(team, generalist, colleague, 6)
    many, shown_many = _queries(generalist, query)
    assert many == few
    if kind == "naam":
        assert shown_many > shown_few  # more rows on the page, not more queries
