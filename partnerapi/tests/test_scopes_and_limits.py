"""What a partner may do: its scopes decide the routes; its rate limit the pace."""

import pytest

from audit.models import AccessAction, AccessLogEntry
from partnerapi.tests.conftest import ApiClient, make_partner, token_for
from partners.models import PartnerMelding, Scope

pytestmark = pytest.mark.django_db


def test_a_partner_without_the_meldingen_scope_gets_403_and_the_refusal_is_logged(db: None) -> None:
    partner = make_partner("energie-noord", scopes=[Scope.VROEGSIGNALEN])
    api = ApiClient(token_for(partner))

    response = api.post("/api/v1/meldingen/", {"achternaam": "Jansen", "omschrijving": "Zorg"})

    assert response.status_code == 403
    assert response.json()["type"].endswith(":geen-toegang")
    assert not PartnerMelding.objects.exists()
    partner.refresh_from_db()
    assert AccessLogEntry.objects.filter(user=partner.service_user, action=AccessAction.DENIED).exists()


def test_a_partner_without_the_vroegsignalen_scope_gets_403(db: None) -> None:
    api = ApiClient(token_for(make_partner("school", scopes=[Scope.MELDINGEN])))
    assert api.post("/api/v1/vroegsignalen/", {"signalen": [{"kenmerk": "1"}]}).status_code == 403
    assert api.get("/api/v1/vroegsignalen/1/").status_code == 403


def test_more_calls_than_the_partner_limit_get_429_with_retry_after(db: None) -> None:
    api = ApiClient(token_for(make_partner("druk", rate_limit_per_minute=2)))

    answers = [api.get("/api/v1/meldingen/1/") for _ in range(3)]

    assert [answer.status_code for answer in answers] == [404, 404, 429]
    assert int(answers[2]["Retry-After"]) > 0
    assert answers[2]["Content-Type"] == "application/problem+json"


def test_the_limit_counts_per_partner(db: None) -> None:
    busy = ApiClient(token_for(make_partner("druk", rate_limit_per_minute=1)))
    calm = ApiClient(token_for(make_partner("rustig", rate_limit_per_minute=1)))

    busy.get("/api/v1/meldingen/1/")

    assert busy.get("/api/v1/meldingen/1/").status_code == 429
    assert calm.get("/api/v1/meldingen/1/").status_code == 404
