"""The catalogue page of algemene voorzieningen: what a team can point to without a decision."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from catalogue.models import Voorziening

pytestmark = pytest.mark.django_db
URL = reverse("outreach:voorzieningen")


def test_the_team_reads_the_active_algemene_voorzieningen(
    generalist: User, maaltijdservice: Voorziening, huishoudelijke_hulp: Voorziening
) -> None:
    Voorziening.objects.create(name="Oude soosavond", law="wmo", kind="algemeen", active=False)
    client = Client()
    client.force_login(generalist)

    page = client.get(URL).content.decode()

    assert "Maaltijdservice" in page and "Warme maaltijden aan huis." in page
    assert "Hulp bij het huishouden" not in page
    assert "Oude soosavond" not in page


def test_a_beleidsmedewerker_does_not_use_the_team_pages(beleidsmedewerker: User) -> None:
    client = Client()
    client.force_login(beleidsmedewerker)

    assert client.get(URL).status_code == 403
