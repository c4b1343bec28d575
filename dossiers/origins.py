"""Where a melding can start besides the form itself: a record of another app that becomes a melding.

An app registers an `Origin` for a route from its ``AppConfig.ready`` (outreach: an erop-af contact). The melding
form then takes ``?route=<route>&van=<id>``: the app says whether the user may use that record (None: the form
answers 404 and logs the refusal), the route is filled in and fixed, and once the melding is registered the app
links its record in the same transaction. The dossiers app so knows no app built on it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from accounts.models import User
from dossiers.models import Melding


@dataclass(frozen=True)
class Origin:
    #: (user, record id) -> what the form shows about the record, or None when it is not the user's to use.
    describe: Callable[[User, int], str | None]
    #: (user, record id, the new melding, request): link the record to the melding; called inside its transaction.
    link: Callable[[User, int, Melding, HttpRequest | None], None]
    #: The object type of the record in the access log (for a refusal).
    object_type: str


_REGISTRY: dict[str, Origin] = {}


def register(route: str, origin: Origin) -> None:
    _REGISTRY[route] = origin


def for_route(route: str) -> Origin | None:
    return _REGISTRY.get(route)
