"""Every view states who may use it. A test walks all URL patterns and fails on a view without a rule.

`staff_view(...)` names the roles that may open a view; object-level access (which household)
is decided by the selectors of each app, which return 404 for anything the user may not see.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from accounts.models import Role

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])

ALL_STAFF: frozenset[str] = frozenset(Role.values)
CASEWORKERS: frozenset[str] = frozenset({Role.GENERALIST, Role.TEAMLEIDER, Role.CONSULENT})


def staff_view(roles: frozenset[str] | set[str]) -> Callable[[ViewFunc], ViewFunc]:
    """Allow the view for logged-in staff with one of `roles`; everyone else gets 403 and a log line."""
    allowed = frozenset(roles)

    def decorate(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if getattr(request.user, "role", None) not in allowed:
                from audit.services import log_denied

                log_denied(
                    request,
                    object_type="view",
                    detail=request.resolver_match.view_name if request.resolver_match else "",
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.access_roles = allowed  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def public_view(view: ViewFunc) -> ViewFunc:
    """Open to anyone, also without logging in (login page, health check)."""
    wrapped = login_not_required(view)
    wrapped.access_roles = frozenset({"*"})  # type: ignore[attr-defined]
    return wrapped
