"""Every Mijn Wijkteam URL, for every kind of portal user, with another household's ids.

Like core/tests/test_access_rules.py this walks the URL configuration, so a portal page added later is
covered without anyone remembering to add it here:

* a resident of household A asks every portal URL that points at a record with the ids of household B's
  records: 404, and the attempt is in the access log;
* every URL without a record answers the resident (no 403, 404 or 500);
* a mantelzorger who may see only the plan gets 403 (logged) on every part but the plan;
* a parent of a 13-year-old gets 403 on the child's decisions, onderzoek, access history and data export.

A URL argument names its model: ``<int:actie_id>`` is a plans ``Actie``. Household B is built last, so the
newest row of each model is B's; a model B has no row of makes the test fail (add it to ``_household_b``).
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Max, Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from audit.models import AccessAction, AccessLogEntry
from core.tests.test_access_rules import PUBLIC_URLS
from portal.models import PortalScope, RepresentationKind
from testsupport.factories import InwonerFactory
from testsupport.portal import child, household_dossier, portal_client, representation


def _portal_routes() -> Iterator[tuple[str, dict[str, str]]]:
    def walk(patterns: list[Any], namespace: str, converters: dict[str, str]) -> Iterator[tuple[str, dict[str, str]]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(part for part in (namespace, entry.namespace) if part)
                found = {**converters, **_converters(entry.pattern)}
                yield from walk(entry.url_patterns, inner, found)
            elif isinstance(entry, URLPattern) and entry.name and namespace == "portal":
                yield f"portal:{entry.name}", {**converters, **_converters(entry.pattern)}

    yield from walk(get_resolver().url_patterns, "", {})


def _converters(pattern: Any) -> dict[str, str]:
    return {name: type(converter).__name__ for name, converter in getattr(pattern, "converters", {}).items()}


ROUTES = sorted({name: converters for name, converters in _portal_routes() if name not in PUBLIC_URLS}.items())


def _model_for(argument: str) -> type[Model]:
    name = argument.removesuffix("_id").replace("_", "")
    matches = [model for model in apps.get_models() if model._meta.model_name == name]
    assert len(matches) == 1, f"URL argument {argument}: no single model named {name!r} ({matches})"
    return matches[0]


def _household_b(team: Any, regisseur: Any) -> None:
    """One of every record the portal shows, in a household the logged-in resident does not belong to."""
    from testsupport.portal_records import full_household

    full_household(team, regisseur)


def _url(name: str, converters: dict[str, str]) -> str:
    kwargs: dict[str, object] = {}
    for argument, converter in converters.items():
        if converter == "IntConverter":
            model = _model_for(argument)
            newest = model._default_manager.aggregate(newest=Max("pk"))["newest"]
            assert newest is not None, f"{name}: household B has no {model.__name__}; add one to full_household"
            kwargs[argument] = newest
        elif converter == "UUIDConverter":
            kwargs[argument] = "00000000-0000-0000-0000-000000000000"
        else:
            kwargs[argument] = "onbekend"
    return reverse(name, kwargs=kwargs)


def _request(client: Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


@pytest.fixture
def resident_a(team: Any, generalist: Any) -> Any:
    from testsupport.portal_records import full_household

    household_a = full_household(team, generalist)
    _household_b(team, generalist)
    return household_a.resident


def _denied_count() -> int:
    return AccessLogEntry.objects.filter(action=AccessAction.DENIED).count()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "converters"), ROUTES, ids=[name for name, _converters in ROUTES])
def test_a_resident_gets_another_households_records_as_404(
    name: str, converters: dict[str, str], resident_a: Any
) -> None:
    client = portal_client(resident_a.bsn)
    url = _url(name, converters)
    before = _denied_count()
    response = _request(client, url)
    if converters:
        assert response.status_code == 404, f"{url}: {response.status_code}, expected 404 for household B's record"
        assert _denied_count() > before, f"{url}: the refusal was not logged"
    else:
        assert response.status_code < 400, f"{url}: {response.status_code}, expected the page"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "converters"), ROUTES, ids=[name for name, _converters in ROUTES])
def test_a_plan_only_mantelzorger_is_refused_every_other_part(
    name: str, converters: dict[str, str], resident_a: Any
) -> None:
    from django.urls import resolve

    carer = InwonerFactory()
    link = representation(resident_a, carer.bsn, scopes=[PortalScope.PLAN])
    client = portal_client(carer.bsn)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})
    url = _url(name, converters)
    scope = getattr(resolve(url).func, "portal_scope", None)
    self_only = name in SELF_ONLY
    before = _denied_count()
    response = _request(client, url)
    if (scope is not None and scope != PortalScope.PLAN) or self_only:
        assert response.status_code == 403, f"{url}: {response.status_code}, a plan-only mantelzorger must get 403"
        assert _denied_count() > before, f"{url}: the refusal was not logged"
    else:
        assert response.status_code != 403, f"{url}: the plan is shared with the mantelzorger"


#: Parts only the resident themself uses, whatever a representation names.
SELF_ONLY = frozenset(
    {"portal:vertegenwoordigers", "portal:vertegenwoordiger_nieuw", "portal:vertegenwoordiger_intrekken"}
)


@pytest.mark.django_db
def test_a_parent_does_not_see_the_own_story_of_a_child_of_thirteen(team: Any, generalist: Any) -> None:
    parent = InwonerFactory()
    teen = child(13)
    household_dossier(team, generalist, parent, teen)
    link = representation(teen, parent.bsn, kind=RepresentationKind.OUDER_MET_GEZAG, scopes=list(PortalScope.values))
    client = portal_client(parent.bsn)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})
    for url_name in ("portal:besluiten", "portal:onderzoek", "portal:inzage", "portal:gegevens"):
        assert client.get(reverse(url_name)).status_code == 403, url_name
    assert client.get(reverse("portal:home")).status_code == 200
