"""What each app holds about persons and dossiers: the inzage export and destruction learn it from here.

`dossiers.policy` says per record type which dossier owns it; this registry says, per app, how its
records reach the resident's AVG art. 15 export (`audit.inzage`) and how they go when a dossier is
destroyed (`retention.destruction`). Apps register both from their ``AppConfig.ready`` (next to their
`policy.register` lines), so the export and destruction import none of the apps built on the dossier,
and a test fails for a registered record type that either leaves out without a reason
(retention/tests/test_declared_records.py), so a new app cannot be forgotten by either.

The export's JSON keys stay the ones of schema version 1 (`audit.inzage`): an app's list has a
top-level key, an app's part of a dossier a key inside each dossier, in the order given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.utils import timezone

if TYPE_CHECKING:
    from accounts.models import User
    from dossiers.models import Dossier
    from residents.models import Inwoner

Data = dict[str, Any]


# --- The inzage export ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InzageList:
    """A top-level list of the export: the rows about one person (e.g. "aanvragen")."""

    key: str
    #: Place among the apps' lists, which follow "dossiers" in the export.
    order: int
    rows: Callable[[Inwoner], list[Data]]
    #: The record types whose data the list gives.
    models: tuple[type[Model], ...]


@dataclass(frozen=True)
class InzageDossierPart:
    """A key inside each dossier of the export (e.g. "plan"): its value per dossier id, `empty()` for the others."""

    key: str
    order: int
    #: (person, ids of the dossiers in the export) -> value per dossier id.
    values: Callable[[Inwoner, list[int]], dict[int, Any]]
    empty: Callable[[], Any]
    models: tuple[type[Model], ...]


# --- Destruction ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Removal:
    """What a destruction step gets: the dossier, the persons who go, and deletes that respect PROTECT."""

    dossier: Dossier
    persons: set[int]
    delete: Callable[[QuerySet[Any]], None]
    #: Rows that point at each other (field name): those nobody points at go first.
    delete_in_dependency_order: Callable[[QuerySet[Any], str], None]


@dataclass(frozen=True)
class Destruction:
    """How an app's rows go with a dossier, before the dossier's own rows (meldingen, the dossier) go."""

    #: Steps run in this order (lower first): rows that PROTECT another app's rows go first.
    order: int
    #: The record types it removes (rows that cascade from them included).
    models: tuple[type[Model], ...]
    remove: Callable[[Removal], None]
    #: Ids of the persons this dossier's records are about (they may go with it).
    persons: Callable[[Dossier], Iterable[int | None]] | None = None
    #: Of `persons`, those records of another dossier are about (they stay).
    needed_elsewhere: Callable[[Dossier, set[int]], Iterable[int | None]] | None = None


@dataclass(frozen=True)
class Holdings:
    app: str
    inzage: tuple[InzageList | InzageDossierPart, ...] = ()
    destruction: Destruction | None = None


_HOLDINGS: dict[str, Holdings] = {}


def register(holdings: Holdings) -> None:
    """Declare what an app holds; called from its ``AppConfig.ready`` (once per app)."""
    _HOLDINGS[holdings.app] = holdings


def registered() -> list[Holdings]:
    return list(_HOLDINGS.values())


def inzage_lists() -> list[InzageList]:
    found = [item for holdings in _HOLDINGS.values() for item in holdings.inzage if isinstance(item, InzageList)]
    return sorted(found, key=lambda item: item.order)


def inzage_dossier_parts() -> list[InzageDossierPart]:
    found = [item for holdings in _HOLDINGS.values() for item in holdings.inzage if isinstance(item, InzageDossierPart)]
    return sorted(found, key=lambda item: item.order)


def destructions() -> list[Destruction]:
    found = [holdings.destruction for holdings in _HOLDINGS.values() if holdings.destruction is not None]
    return sorted(found, key=lambda item: item.order)


def in_inzage() -> frozenset[type[Model]]:
    return frozenset(model for holdings in _HOLDINGS.values() for item in holdings.inzage for model in item.models)


def in_destruction() -> frozenset[type[Model]]:
    return frozenset(model for step in destructions() for model in step.models)


# --- Plain values for the export (ISO 8601, names), shared by the apps' presenters ------------------


def iso_day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def iso_moment(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def user_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
