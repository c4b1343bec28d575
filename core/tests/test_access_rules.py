"""Every URL states who may use it, and the rule holds for every role.

These tests walk the whole URL configuration, so a view added later is covered without
anyone remembering to add it here:

* each view callback carries ``access_roles`` (set by ``core.access.staff_view`` or
  ``public_view``); a view without a rule fails the build;
* a role × URL matrix: anonymous users are sent to the login page, a role the view does not
  name gets 403, and a URL that points at an object (a dossier, a deadline, an onderzoek, a
  toewijzing, a consent, a message task...) gives 404 to every role, because nobody in the matrix
  is involved in the household that owns them — not even the casework roles, who *are* involved
  in a second household with the same person in it (issue 9: records are found through the
  dossier that owns them, never through the person) — and every refusal is written to the
  access log.

The admin (``beheer/``) is left out: it has Django's own staff check.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Role, User
from allocations import outgoing
from allocations.models import Bericht, BerichtStatus, BerichtTaak, Direction, TaakSoort, Toewijzing
from audit.models import AccessAction, AccessLogEntry
from catalogue.codes import Frequency, Unit
from consent import services as consent_services
from consent.models import Consultation
from decisions import services as decision_services
from decisions.models import Aanvraag, Beschikking, Bezwaar
from dossiers import services
from dossiers.models import Dossier, Involvement, InvolvementRole
from dossiers.sections import Section
from dossiers.transitions import Status
from organisation.models import Team
from partnerapi.access import PARTNER_API
from portal.access import PORTAL_ROLE
from portal.tests.digid_broker import configure_digid
from residents.models import Inwoner
from testsupport.decision_factories import (
    AanbiederFactory,
    VoorzieningFactory,
    aanvraag_for,
    contracted,
    priced,
    sent_beschikking,
)
from testsupport.factories import InwonerFactory, UserFactory, household_with, member_of

#: Views anyone may open without logging in. Adding one is a deliberate decision: list it here.
PUBLIC_URLS = frozenset(
    {
        "accounts:login",
        "core:health",
        "core:set_language",
        "core:health_live",
        "core:health_ready",
        "reflection:deelnemen",
        "reflection:scoren",
        "reflection:standpunt",
        # The council reports a policy advisor published (monitor/report_views.py).
        "raad:list",
        "raad:report",
        "raad:pdf",
        "raad:version",
        "raad:version_pdf",
        # Mijn Wijkteam's front door, the demo's stand-in for DigiD (404 unless DEMO_ENABLED), logging out and the
        # accessibility statement (portal/views.py).
        "portal:login",
        "portal:demo_digid",
        "portal:logout",
        "portal:logged_out",
        "portal:accessibility",
        # Logging in with DigiD: to the broker and back (404 unless the beheerder switched DigiD on;
        # portal/digid_views.py).
        "portal:digid_start",
        "portal:digid_callback",
        # The invitation link from the e-mail: who invites and what they would see; accepting needs DigiD
        # (portal/vertegenwoordiging_views.py).
        "portal:uitnodiging",
        # The partner API's OpenAPI description: no data, read by a partner's developer before a key exists
        # (partnerapi/access.py). Every other API route needs a partner's key (PARTNER_API below).
        "partnerapi:schema",
    }
)

#: Public pages that exist only once the beheerder set something up (404 before): set up before the matrix visits.
SET_UP_FIRST: dict[str, Callable[[], object]] = {
    "portal:digid_start": configure_digid,
    "portal:digid_callback": configure_digid,
}

#: Namespaces with their own access check.
SKIPPED_NAMESPACES = frozenset({"admin"})

ROLES: tuple[str, ...] = tuple(Role.values)
ANONYMOUS = "anoniem"


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the pattern as written, e.g. "dossiers/<int:pk>/"
    callback: Any
    converters: dict[str, str]  # argument name -> converter class name

    @property
    def is_object_url(self) -> bool:
        return bool(self.converters)

    def __str__(self) -> str:
        return self.name or self.route


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = "", converters: dict[str, str] | None = None
) -> Iterator[Route]:
    converters = converters or {}
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES or entry.app_name in SKIPPED_NAMESPACES:
                continue
            inner_namespace = ":".join(part for part in (namespace, entry.namespace) if part)
            inner_converters = {**converters, **_converters_of(entry.pattern)}
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner_namespace, inner_converters)
        elif isinstance(entry, URLPattern):
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                name = ""  # unnamed: the URL is built from the route itself
            all_converters = {**converters, **_converters_of(entry.pattern)}
            yield Route(
                name=name, route=prefix + str(entry.pattern), callback=entry.callback, converters=all_converters
            )


def _converters_of(pattern: Any) -> dict[str, str]:
    found = getattr(pattern, "converters", {}) or {}
    if not found and getattr(pattern, "regex", None) is not None and pattern.regex.groupindex:
        # re_path(): treat named groups as text arguments.
        return {group: "StringConverter" for group in pattern.regex.groupindex}
    return {name: type(converter).__name__ for name, converter in found.items()}


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


ROUTES = all_routes()


def test_the_walk_finds_the_project_urls() -> None:
    names = {route.name for route in ROUTES}
    assert {"core:home", "accounts:login", "dossiers:werkvoorraad"} <= names
    assert not any(route.route.startswith("beheer/") for route in ROUTES)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_view_declares_who_may_use_it(route: Route) -> None:
    roles = getattr(route.callback, "access_roles", None)
    assert roles is not None, (
        f"{route.name} ({route.route}) has no access rule: decorate the view with "
        "core.access.staff_view(...) or core.access.public_view."
    )
    assert roles in ({"*"}, {PORTAL_ROLE}, {PARTNER_API}) or roles <= set(Role.values), (
        f"{route.name}: unknown roles {roles}"
    )
    assert roles, f"{route.name}: staff_view() with no roles at all"


def test_public_views_are_exactly_the_listed_ones() -> None:
    public = {str(route) for route in ROUTES if getattr(route.callback, "access_roles", None) == {"*"}}
    assert public == PUBLIC_URLS, "A view became public (or stopped being): update PUBLIC_URLS deliberately."


# --- The role × URL matrix -------------------------------------------------------------------------


@pytest.fixture
def users(team: Team) -> dict[str, User]:
    """One user per role; the casework roles work in `team`, the others in no team."""
    made: dict[str, User] = {}
    for role in ROLES:
        user: User = UserFactory(role=role)  # type: ignore[assignment]
        if role in {Role.GENERALIST, Role.TEAMLEIDER, Role.CONSULENT}:
            member_of(team, user, leader=role == Role.TEAMLEIDER)
        made[role] = user
    return made


#: Object URLs whose ``pk`` is a record, not a dossier: the record type. Every other ``pk`` is a dossier.
RECORD_URLS: dict[str, type[Model]] = {
    "allocations:taak": BerichtTaak,
    "allocations:toewijzing_wijzigen": Toewijzing,
    "allocations:bericht": Bericht,
    "allocations:download": Bericht,
    "decisions:aanvraag": Aanvraag,
    "decisions:beschikking_nieuw": Aanvraag,
    "decisions:beschikking": Beschikking,
    "decisions:ondertekenen": Beschikking,
    "decisions:verzenden": Beschikking,
    "decisions:brief": Beschikking,
    "decisions:brief_pdf": Beschikking,
    "decisions:bezwaar_nieuw": Beschikking,
    "decisions:bezwaar": Bezwaar,
    "decisions:bezwaar_verdagen": Bezwaar,
    "decisions:bezwaar_beslissen": Bezwaar,
}

#: Text arguments that must name something that exists for the URL to reach its access check (any other
#: text answers 404 before it): the route, the argument and a value that exists.
TEXT_ARGUMENTS: dict[tuple[str, str], str] = {("dossiers:onderdeel", "tab"): "huishouden"}

#: Object URLs a role may open for every object by design. The functioneel beheerder exchanges the
#: message files of the whole gemeente (ADR 0006); those screens show no names.
GEMEENTE_WIDE: frozenset[tuple[str, str]] = frozenset(
    {("allocations:bericht", Role.FUNCTIONEEL_BEHEERDER), ("allocations:download", Role.FUNCTIONEEL_BEHEERDER)}
)


def test_record_urls_name_real_routes() -> None:
    names = {route.name for route in ROUTES}
    assert set(RECORD_URLS) <= names
    assert {name for name, _argument in TEXT_ARGUMENTS} <= names
    assert {name for name, _role in GEMEENTE_WIDE} <= names


@pytest.fixture
def foreign_dossier(other_team: Team) -> Dossier:
    """The household the records belong to: in another team, in onderzoek, with meldingen and deadlines,
    an aanvraag with a sent beschikking and a bezwaar, a toewijzing, a consent, a Wlz indication and a
    provider's request waiting to be answered."""
    regisseur = member_of(other_team, UserFactory(role=Role.GENERALIST))
    inwoner = InwonerFactory()
    melding = services.register_melding(
        actor=regisseur,
        team=other_team,
        inwoner=inwoner,
        huishouden=household_with(inwoner),
        melding=services.NewMelding(
            route="huisarts",
            description="Zorgen over de thuissituatie.",
            urgency="normaal",
            received_at=timezone.make_aware(datetime(2026, 2, 20, 10, 0)),
        ),
    )
    dossier = services.assign_regisseur(melding.dossier, regisseur, actor=regisseur)
    dossier = services.change_status(dossier, Status.IN_ONDERZOEK, actor=regisseur, reason="Huisbezoek gepland")
    _records_of(dossier, inwoner, regisseur)
    return dossier


def _records_of(dossier: Dossier, inwoner: Inwoner, regisseur: User) -> None:
    """One record of every kind an object URL can name, all owned by `dossier`."""
    voorziening = priced(VoorzieningFactory())
    aanbieder = contracted(AanbiederFactory(), voorziening)
    beschikking = sent_beschikking(aanvraag_for(dossier, voorziening), aanbieder=aanbieder)
    Bezwaar.objects.create(
        beschikking=beschikking,
        received_on=timezone.localdate(),
        submitted_by=inwoner.full_name,
        grounds="Te weinig uren",
        registered_by=regisseur,
    )
    outgoing.allocate(
        inwoner=inwoner,
        aanbieder=aanbieder,
        voorziening=voorziening,
        law=voorziening.law,
        ingangsdatum=timezone.localdate(),
        einddatum=None,
        volume=2,
        unit=Unit.UUR,
        frequency=Frequency.PER_WEEK,
        actor=regisseur,
        dossier=dossier,
    )
    consent_services.record_consent(
        dossier,
        inwoner,
        purpose="afstemming",
        recipient="huisarts",
        given_on=timezone.localdate(),
        how="mondeling",
        given_by_name=inwoner.full_name,
        given_by_capacity="zelf",
        recorded_by=regisseur,
        basis="regisseur",
    )
    decision_services.record_indication(
        dossier, regisseur, inwoner=inwoner, kind="wlz", valid_from=timezone.localdate(), valid_to=None, note=""
    )
    request = Bericht.objects.create(
        direction=Direction.IN,
        kind="WMO315",
        file_name="WMO315.xml",
        content=b"<Bericht/>",
        status=BerichtStatus.GEACCEPTEERD,
        aanbieder=aanbieder,
        inwoner=inwoner,
        dossier=dossier,
    )
    BerichtTaak.objects.create(
        bericht=request,
        soort=TaakSoort.ANTWOORD_VERZOEK,
        term_code="ISTD_ANTWOORD_VERZOEK",
        due=timezone.localdate(),
        inwoner=inwoner,
    )


@pytest.fixture
def second_household(users: dict[str, User], foreign_dossier: Dossier, team: Team) -> Dossier:
    """The foreign dossier's person, registered again in a new household of the matrix users' own team,
    where every casework role is involved and the specialist is consulted on every section."""
    person = foreign_dossier.huishouden.members.get()
    dossier = Dossier.objects.create(huishouden=household_with(person), team=team, status=Status.UITVOERING)
    Involvement.objects.create(dossier=dossier, user=users[Role.GENERALIST], role=InvolvementRole.REGISSEUR)
    Involvement.objects.create(dossier=dossier, user=users[Role.CONSULENT], role=InvolvementRole.CONSULENT)
    Consultation.objects.create(
        dossier=dossier,
        specialist=users[Role.SPECIALIST],
        invited_by=users[Role.GENERALIST],
        sections=list(Section.values),
        ends_at=timezone.now() + timedelta(days=7),
        reason="meekijken",
    )
    return dossier


def _object_id_for(argument: str, dossier: Dossier, route: Route | None = None) -> int:
    """An id for a URL argument: the record a record URL names, the dossier for pk/dossier_pk, else an
    existing object of the model the argument names.

    Every object in the test database belongs to the foreign dossier, so any existing id is one
    the user may not see; when none exists, a missing id must give 404 just the same.
    """
    record = RECORD_URLS.get(route.name) if route is not None and argument == "pk" else None
    if record is not None:
        return int(record._default_manager.order_by("pk").values_list("pk", flat=True)[0])
    if argument in {"pk", "id", "dossier_pk", "dossier_id"}:
        return dossier.pk
    model_name = argument.removesuffix("_pk").removesuffix("_id").replace("_", "")
    for model in apps.get_models():
        if model._meta.model_name == model_name or model._meta.model_name == f"dossier{model_name}":
            existing = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            if existing is not None:
                return int(existing)
    return 999_999


def _url_for(route: Route, dossier: Dossier) -> str:
    kwargs: dict[str, object] = {}
    for argument, converter in route.converters.items():
        if converter == "IntConverter":
            kwargs[argument] = _object_id_for(argument, dossier, route)
        elif converter == "UUIDConverter":
            kwargs[argument] = "00000000-0000-0000-0000-000000000000"
        else:
            kwargs[argument] = TEXT_ARGUMENTS.get((route.name, argument), "onbekend")
    if not route.name:
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(kwargs[str(match.group(1))]), route.route)
    return reverse(route.name, kwargs=kwargs)


def _request(client: Client, url: str) -> Any:
    """GET the URL; for a POST-only view (405) POST an empty form, so the access check really runs."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def _expected(route: Route, who: str) -> str:
    roles = route.callback.access_roles
    if roles == {PARTNER_API}:
        # The partner API: a partner system's key, never a person's session (partnerapi/tests cover the keys).
        return "api_key"
    if roles == {PORTAL_ROLE}:
        # Mijn Wijkteam: a DigiD login, not a staff one. Staff and anonymous visitors go to the portal's login;
        # portal/tests/test_portal_matrix.py covers the residents.
        return "portal_login"
    if who == ANONYMOUS:
        if roles != {"*"}:
            return "login"
        # A public page of something that does not exist (a council report never published) is a logged 404.
        return "404" if route.is_object_url else "public"
    if roles != {"*"} and who not in roles:
        return "403"
    if (route.name, who) in GEMEENTE_WIDE:
        return "allowed"
    if route.is_object_url:
        return "404"
    return "allowed"


def _check(route: Route, who: str, response: Any, denied_before: int, user: User | None) -> str | None:
    """A description of what went wrong, or None."""
    expected = _expected(route, who)
    status = response.status_code
    where = f"{route.name} as {who}: got {status}"
    if expected == "login":
        if status != 302 or reverse("accounts:login") not in response["Location"]:
            return f"{where}, expected a redirect to the login page"
    elif expected == "portal_login":
        if status != 302 or not response["Location"].startswith(reverse("portal:login")):
            return f"{where}, expected a redirect to the portal's login page"
    elif expected == "api_key":
        if status != 401:
            return f"{where}, expected 401 (the partner API takes a partner's key, not a login)"
    elif expected == "public":
        if status >= 400:
            return f"{where}, expected the public page"
    elif expected == "403":
        if status != 403:
            return f"{where}, expected 403 (role not allowed)"
    elif expected == "404":
        if status != 404:
            return f"{where}, expected 404 (not involved in the dossier)"
    elif status in {403, 404} or status >= 500:
        return f"{where}, expected the page (role is allowed)"
    if expected in {"403", "404"}:
        denied_now = AccessLogEntry.objects.filter(user=user, action=AccessAction.DENIED).count()
        if denied_now <= denied_before:
            return f"{route.name} as {who}: the refusal ({status}) was not written to the access log"
    return None


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_access_matrix(
    route: Route, users: dict[str, User], foreign_dossier: Dossier, second_household: Dossier
) -> None:
    if route.name in SET_UP_FIRST:
        SET_UP_FIRST[route.name]()
    url = _url_for(route, foreign_dossier)
    problems: list[str] = []

    problem = _check(route, ANONYMOUS, _request(Client(), url), 0, None)
    if problem:
        problems.append(problem)

    for role in ROLES:
        user = users[role]
        client = Client()
        client.force_login(user)
        denied_before = AccessLogEntry.objects.filter(user=user, action=AccessAction.DENIED).count()
        problem = _check(route, role, _request(client, url), denied_before, user)
        if problem:
            problems.append(problem)

    assert not problems, f"URL {url}:\n" + "\n".join(problems)
