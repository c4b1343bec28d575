"""Who may open a portal page, which records they reach, and the log line for every read.

- ``portal_view(scope)`` marks a view as a Mijn Wijkteam page: nobody logged in to the portal is sent
  to the portal's login page (staff too: a staff login is no DigiD login); a user whose current person
  does not allow `scope` gets a 403 with a Dutch explanation, and the refusal is logged.
- Records are reached only through the dossiers of the households the current person belongs to
  (``portal_dossier_ids``), never by a person's id from the URL. ``portal_get`` returns a record
  of those dossiers or raises 404 after logging the attempt: another household's ids look like ids
  that do not exist.
- ``log_portal`` writes the access log line of a portal read or write, with the basis "inwoner zelf"
  or "vertegenwoordiger" and who it was in the detail, so the history reads like a staff read.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessAction, AccessBasis
from dossiers.models import Dossier
from portal.principal import Principal, current_principal, idle_seconds
from residents.models import HuishoudenLid

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])
M = TypeVar("M", bound=Model)

#: The value of ``access_roles`` on portal views (core/tests/test_access_rules.py knows it).
PORTAL_ROLE = "portaal"


def portal_view(scope: str | None) -> Callable[[ViewFunc], ViewFunc]:
    """A Mijn Wijkteam page for the current person's `scope` (None: any logged-in portal user)."""

    def decorate(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            principal = current_principal(request)
            if principal is None:
                query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
                return HttpResponseRedirect(reverse("portal:login") + (f"?{query}" if query else ""))
            if scope is not None and scope not in principal.scopes:
                log_portal_denied(request, principal, object_type="portaal", detail=f"onderdeel {scope}")
                return render(request, "portal/forbidden.html", {"scope": scope}, status=403)
            request.portal = principal  # type: ignore[attr-defined]
            request.portal_idle_seconds = idle_seconds()  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapper.access_roles = frozenset({PORTAL_ROLE})  # type: ignore[attr-defined]
        wrapper.portal_scope = scope  # type: ignore[attr-defined]
        return login_not_required(wrapper)  # type: ignore[return-value]

    return decorate


def portal_dossier_ids(principal: Principal) -> list[int]:
    """The dossiers of every household the current person is (still) a member of, newest first."""
    if principal.subject is None:
        return []
    today = timezone.localdate()
    households = HuishoudenLid.objects.filter(inwoner=principal.subject).exclude(end__lt=today).values("huishouden")
    return list(
        Dossier.objects.filter(huishouden__in=households).order_by("-opened_at", "-pk").values_list("pk", flat=True)
    )


def portal_dossiers(principal: Principal) -> QuerySet[Dossier]:
    return Dossier.objects.filter(pk__in=portal_dossier_ids(principal)).order_by("-opened_at", "-pk")


def current_dossier(principal: Principal) -> Dossier | None:
    """The household's dossier the portal shows: the open one, else the newest closed one."""
    dossiers = portal_dossiers(principal).select_related("team", "regisseur")
    from dossiers.transitions import Status

    return dossiers.exclude(status=Status.AFGESLOTEN).first() or dossiers.first()


def portal_get(
    request: HttpRequest, queryset: QuerySet[M], pk: object, *, dossier_path: str = "dossier", object_type: str = ""
) -> M:
    """The record `pk` of `queryset` when it belongs to one of the current person's dossiers; else a logged 404."""
    principal: Principal = request.portal  # type: ignore[attr-defined]
    found = queryset.filter(**{"pk": pk, f"{dossier_path}__in": portal_dossier_ids(principal)}).first()
    if found is None:
        log_portal_denied(
            request, principal, object_type=object_type or queryset.model._meta.model_name or "", object_id=pk
        )
        raise Http404
    return found


def log_portal(
    request: HttpRequest,
    principal: Principal,
    *,
    object_type: str,
    object_id: object = "",
    dossier_id: object = None,
    section: str = "",
    detail: str = "",
    action: str = AccessAction.VIEW,
) -> None:
    from audit.services import log_access

    log_access(
        request,
        action=action,
        basis=principal.basis,
        object_type=object_type,
        object_id=object_id,
        dossier_id=dossier_id,
        section=section,
        detail="; ".join(part for part in (principal.describe(), detail) if part),
    )


def log_portal_shown(
    request: HttpRequest,
    principal: Principal,
    *,
    dossier_ids: list[int],
    object_type: str,
    section: str = "",
    detail: str = "",
) -> None:
    """One line per dossier a portal page showed (the plan of two dossiers, the decisions of all of them)."""
    from audit.services import log_shown

    log_shown(
        request,
        basis=principal.basis,
        dossier_ids=dossier_ids,
        object_type=object_type,
        section=section,
        detail="; ".join(part for part in (principal.describe(), detail) if part),
    )


def log_portal_denied(
    request: HttpRequest, principal: Principal | None, *, object_type: str, object_id: object = "", detail: str = ""
) -> None:
    from audit.services import log_access

    who = principal.describe() if principal is not None else "niet ingelogd"
    log_access(
        request,
        action=AccessAction.DENIED,
        basis=AccessBasis.NONE,
        object_type=object_type,
        object_id=object_id,
        detail="; ".join(part for part in ("Mijn Wijkteam", who, detail) if part),
    )
