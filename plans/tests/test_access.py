"""Only the people involved reach the plan screens; everyone else is refused and logged."""

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AccessAction, AccessLogEntry
from plans.models import Actie, Doel, Plan, Uitvoerder
from testsupport.factories import UserFactory, dossier_for, member_of


@pytest.fixture
def urls(dossier) -> list[str]:
    plan = Plan.objects.create(dossier=dossier)
    doel = Doel.objects.create(plan=plan, description="Weer zelf koken")
    actie = Actie.objects.create(doel=doel, description="Kookcursus buurthuis", uitvoerder=Uitvoerder.VRIJWILLIGER)
    return [
        reverse("plans:plan", args=[dossier.pk]),
        reverse("plans:doel_toevoegen", args=[dossier.pk]),
        reverse("plans:doel_status", args=[dossier.pk, doel.pk]),
        reverse("plans:actie_toevoegen", args=[dossier.pk, doel.pk]),
        reverse("plans:actie_status", args=[dossier.pk, actie.pk]),
        reverse("plans:akkoord", args=[dossier.pk]),
    ]


def test_a_generalist_of_another_team_gets_404_on_every_url_and_the_denial_is_logged(urls, other_team, client_for):
    outsider = member_of(other_team, UserFactory(role=Role.GENERALIST))
    client = client_for(outsider)

    for url in urls:
        before = AccessLogEntry.objects.filter(user=outsider, action=AccessAction.DENIED).count()
        assert client.post(url, {}).status_code == 404, url
        assert AccessLogEntry.objects.filter(user=outsider, action=AccessAction.DENIED).count() == before + 1, url
    assert Doel.objects.count() == 1


def test_a_beleidsmedewerker_gets_403_on_every_url(urls, beleidsmedewerker, client_for):
    client = client_for(beleidsmedewerker)

    for url in urls:
        assert client.post(url, {}).status_code == 403, url


def test_a_goal_of_another_dossier_gives_404_and_is_logged(client, dossier, team, generalist, urls):
    other = dossier_for(team, regisseur=generalist)
    doel = Doel.objects.get()

    response = client.post(reverse("plans:doel_status", args=[other.pk, doel.pk]), {f"doel-{doel.pk}-status": "bezig"})

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(action=AccessAction.DENIED, object_type="doel").exists()
    assert Doel.objects.get().status == "open"
