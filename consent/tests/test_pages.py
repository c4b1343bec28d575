"""The consent screens open for the people they are meant for."""

from django.urls import reverse

from consent.tests.support import logged_in
from dossiers.transitions import Status
from testsupport.factories import dossier_for


def test_regisseur_opens_the_invite_consent_and_sharing_forms(team, generalist, colleague) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    client = logged_in(generalist)
    for name in ("consent:erbij_halen", "consent:register", "consent:delen"):
        response = client.get(reverse(name, args=[dossier.pk]))
        assert response.status_code == 200, name
    assert colleague.get_full_name() in client.get(reverse("consent:erbij_halen", args=[dossier.pk])).content.decode()


def test_team_member_opens_the_break_the_glass_form(team, generalist, colleague) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(colleague).get(reverse("consent:noodtoegang", args=[dossier.pk]))
    assert response.status_code == 200
    assert "Noodtoegang" in response.content.decode()
    # Someone with full access goes straight to the dossier.
    assert logged_in(generalist).get(reverse("consent:noodtoegang", args=[dossier.pk])).status_code == 302
