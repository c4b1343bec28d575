"""Only the people involved reach the onderzoek and ZRM screens; everyone else is refused and logged."""

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AccessAction, AccessLogEntry
from dossiers import parts
from testsupport.factories import UserFactory, member_of


def _urls(dossier) -> list[str]:
    inwoner = dossier.huishouden.members.first()
    return [
        reverse("assessments:onderzoek", args=[dossier.pk]),
        reverse("assessments:zrm_scoren", args=[dossier.pk, inwoner.pk]),
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_generalist_of_another_team_gets_404_on_every_url_and_the_denial_is_logged(
    dossier, other_team, client_for, method
):
    outsider = member_of(other_team, UserFactory(role=Role.GENERALIST))
    client = client_for(outsider)

    for url in _urls(dossier):
        before = AccessLogEntry.objects.filter(user=outsider, action=AccessAction.DENIED).count()
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
        assert AccessLogEntry.objects.filter(user=outsider, action=AccessAction.DENIED).count() == before + 1, url


def test_a_beleidsmedewerker_gets_403_on_every_url(dossier, beleidsmedewerker, client_for):
    client = client_for(beleidsmedewerker)

    for url in _urls(dossier):
        assert client.get(url).status_code == 403, url


def test_a_script_in_the_onderzoek_is_shown_as_text(client, dossier):
    client.post(
        reverse("assessments:onderzoek", args=[dossier.pk]),
        {"version": 0, "other_participants": "<script>alert(1)</script>"},
    )

    page = client.get(parts.tab_url(dossier.pk, parts.ONDERZOEK)).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
