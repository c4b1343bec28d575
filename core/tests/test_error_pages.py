"""Refusals are shown in Dutch, and a 404 never hints whether the dossier exists."""

from django.test import Client
from django.urls import reverse

from testsupport.factories import dossier_for


def test_403_page_is_dutch(beleidsmedewerker) -> None:
    client = Client()
    client.force_login(beleidsmedewerker)
    response = client.get(reverse("dossiers:werkvoorraad"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_404_is_the_same_for_a_missing_and_a_hidden_dossier(generalist, other_team) -> None:
    hidden = dossier_for(other_team)
    client = Client()
    client.force_login(generalist)
    missing_page = client.get(reverse("dossiers:detail", args=[hidden.pk + 1000]))
    hidden_page = client.get(reverse("dossiers:detail", args=[hidden.pk]))
    assert missing_page.status_code == hidden_page.status_code == 404
    for page in (missing_page, hidden_page):
        assert "bestaat niet of u heeft er geen toegang toe" in page.content.decode()
