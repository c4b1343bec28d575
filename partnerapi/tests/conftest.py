"""Partners with keys, and a client that calls the API as a partner's system would."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from dossiers.models import Route
from partnerapi import services
from partners.models import Partner, PartnerKind, Scope

Call = Callable[..., Any]


def make_partner(code: str, *, scopes: list[str] | None = None, **extra: Any) -> Partner:
    values: dict[str, Any] = {
        "name": f"Partner {code}",
        "code": code,
        "kind": PartnerKind.WONINGVERHUURDER,
        "route": Route.OVERIG,
        "scopes": [Scope.MELDINGEN, Scope.VROEGSIGNALEN] if scopes is None else scopes,
        "rate_limit_per_minute": 1000,
    }
    values.update(extra)
    return Partner.objects.create(**values)


def token_for(partner: Partner) -> str:
    return services.issue_key(partner, actor=None, name="test").token


class ApiClient:
    """The Django test client with a partner's key on every call; JSON in, JSON out."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.token = token

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        given = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        given.update(headers or {})
        return given

    def get(self, path: str, *, headers: dict[str, str] | None = None) -> Any:
        return self.client.get(path, headers=self._headers(headers))

    def post(self, path: str, data: Any, *, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        kwargs.setdefault("content_type", "application/json")
        return self.client.post(path, data, headers=self._headers(headers), **kwargs)


@pytest.fixture
def partner(db: None) -> Partner:
    return make_partner("huisarts-centrum", route=Route.HUISARTS, kind=PartnerKind.HUISARTS)


@pytest.fixture
def other_partner(db: None) -> Partner:
    return make_partner("school-de-linde", route=Route.SCHOOL, kind=PartnerKind.SCHOOL)


@pytest.fixture
def api(partner: Partner) -> ApiClient:
    return ApiClient(token_for(partner))


@pytest.fixture
def other_api(other_partner: Partner) -> ApiClient:
    return ApiClient(token_for(other_partner))
