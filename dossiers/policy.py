"""The one policy point: may this user do this to this record? Every record names the dossier that owns it.

Records about a person — an allocation, a consent, a Wlz indication, a provider's request — belong
to the dossier they were made in, never to the person. A person can belong to two households, so a
query on the person ("toewijzingen of anyone in this household") would open one household's records
to whoever holds the other household's dossier. Here each record type says once which dossier owns
it and which section of that dossier it is part of; views ask `authorize` for one record and
`visible` for a list, and both answer from the same rules as the dossier itself (`dossier_access`).

Apps register their record types in their ``AppConfig.ready``. A record type that is not
registered is refused (`UnregisteredRecord`), and a test fails for any model that points at a
person or a dossier without being registered or explicitly exempt.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Generic, NoReturn, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.models import AccessBasis
from audit.services import log_denied
from dossiers.models import Dossier
from dossiers.sections import TRIAGE_SECTIONS, Section
from dossiers.selectors import (
    DossierAccess,
    _active_break_glass,
    _active_consultations,
    _active_involvements,
    active_team_ids,
    dossier_with_access,
)
from dossiers.transitions import TRIAGE_STATUSES

T = TypeVar("T", bound=Model)


class UnregisteredRecord(LookupError):
    """A record type without an owning dossier in the policy: refused rather than guessed."""


@dataclass(frozen=True)
class RecordType:
    #: The name in the access log, e.g. "toewijzing".
    object_type: str
    #: ORM path from the record to the dossier that owns it, e.g. "dossier" or "aanvraag__dossier".
    owner: str
    #: The dossier section the record is part of; None: only with access to the whole dossier.
    section: Section | None


_REGISTRY: dict[type[Model], RecordType] = {}


def register(model: type[Model], *, object_type: str, owner: str, section: Section | None) -> None:
    """Declare which dossier owns records of `model` and in which section; called from ``AppConfig.ready``."""
    _REGISTRY[model] = RecordType(object_type=object_type, owner=owner, section=section)


def registered() -> Mapping[type[Model], RecordType]:
    return MappingProxyType(_REGISTRY)


def record_type(model: type[Model]) -> RecordType:
    try:
        return _REGISTRY[model]
    except KeyError:
        raise UnregisteredRecord(f"{model.__name__} has no owning dossier in dossiers.policy") from None


def owner_id(record: Model) -> int | None:
    """The id of the dossier that owns `record` (follows the registered path; select_related avoids queries)."""
    *relations, last = record_type(type(record)).owner.split("__")
    target: object = record
    for relation in relations:
        target = getattr(target, relation)
        if target is None:
            return None
    value = getattr(target, f"{last}_id")
    return int(value) if value is not None else None


# --- Which dossiers give a section -------------------------------------------------------------


def dossiers_with_section(user: User, section: Section | None, *, write: bool = False) -> QuerySet[Dossier]:
    """Dossiers in which `user` may see `section` (None: the whole dossier), in one SQL condition.

    The same rules as `dossier_access`, for lists: involvement, the team leader's own team and an
    emergency access give every section; a team in triage gives the triage sections; a consultation
    gives its own sections, read-only and never in a list that needs names when it is pseudonymised.
    `write=True` leaves consultations out, because consulted people only read.
    """
    if not user.is_authenticated:
        return Dossier.objects.none()
    consulted = _consulted_dossier_ids(user, section) if not write else []
    if user.role == Role.SPECIALIST:
        return Dossier.objects.filter(pk__in=consulted)
    if not user.does_casework:
        return Dossier.objects.none()
    team_ids = active_team_ids(user)
    # One list of ids, each ground an index lookup of its own, joined by UNION (as `visible_dossiers` does): with
    # the grounds OR'ed in one condition the database cannot estimate them and tests every dossier of the city.
    grounds = [
        _active_involvements(user).order_by().values_list("dossier_id", flat=True),
        _active_break_glass(user).order_by().values_list("dossier_id", flat=True),
    ]
    if user.role == Role.TEAMLEIDER:
        grounds.append(Dossier.objects.filter(team_id__in=team_ids).order_by().values_list("pk", flat=True))
    if section is not None and section in TRIAGE_SECTIONS:
        grounds.append(
            Dossier.objects.filter(team_id__in=team_ids, status__in=TRIAGE_STATUSES)
            .order_by()
            .values_list("pk", flat=True)
        )
    if consulted:
        grounds.append(Dossier.objects.filter(pk__in=consulted).order_by().values_list("pk", flat=True))
    first, *others = grounds
    return Dossier.objects.filter(pk__in=first.union(*others))


def _consulted_dossier_ids(user: User, section: Section | None) -> list[int]:
    """A user has few consultations at a time, so the section check on their JSON list is done here."""
    if section is None:
        return []
    return [
        consultation.dossier_id
        for consultation in _active_consultations(user).only("dossier_id", "sections", "pseudonymised")
        if section in consultation.section_set and not consultation.pseudonymised
    ]


def visible(user: User, queryset: QuerySet[T], *, write: bool = False) -> QuerySet[T]:
    """The records of `queryset` whose owning dossier gives `user` their section (for lists)."""
    kind = record_type(queryset.model)
    dossiers = dossiers_with_section(user, kind.section, write=write)
    return queryset.filter(**{f"{kind.owner}__in": dossiers.values("pk")})


# --- One record ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Authorized(Generic[T]):
    """A record the user may use, with its owning dossier and the access that allowed it (log against it)."""

    record: T
    dossier: Dossier
    access: DossierAccess

    @property
    def basis(self) -> AccessBasis:
        return self.access.basis


def authorize(
    request: HttpRequest,
    queryset: QuerySet[T],
    pk: int,
    *,
    write: bool,
    pseudonymised_ok: bool = False,
) -> Authorized[T]:
    """The record with its owning dossier, or 404 without saying whether it exists, and a refusal in the log.

    The refusal names the dossier that owns the record, so the privacy officer sees whose data was
    probed — not the dossier the caller came from.
    """
    user = request.user
    assert isinstance(user, User)
    kind = record_type(queryset.model)
    record = queryset.filter(pk=pk).first()
    owner = owner_id(record) if record is not None else None
    dossier, access = dossier_with_access(
        user, owner, Dossier.objects.select_related("huishouden", "team", "regisseur")
    )
    if record is None or dossier is None or access is None:
        _refuse(request, kind, pk, owner, "")
    if write and not access.may_write:
        _refuse(request, kind, pk, owner, "consultatie: alleen lezen")
    if access.pseudonymised and not pseudonymised_ok:
        _refuse(request, kind, pk, owner, "consultatie: gepseudonimiseerd")
    if kind.section is None and not access.is_full:
        _refuse(request, kind, pk, owner, "geen toegang tot het hele dossier")
    if kind.section is not None and kind.section not in access.sections:
        _refuse(request, kind, pk, owner, "onderdeel niet zichtbaar")
    return Authorized(record=record, dossier=dossier, access=access)


def _refuse(request: HttpRequest, kind: RecordType, pk: int, owner: int | None, detail: str) -> NoReturn:
    log_denied(
        request,
        object_type=kind.object_type,
        object_id=pk,
        dossier_id=owner,
        detail=detail,
        section=kind.section or "",
    )
    raise Http404(_("Dit bestaat niet of u heeft er geen toegang toe."))
