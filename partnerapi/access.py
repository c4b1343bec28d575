"""The access rule of the partner API's URLs, in the terms of core/access.py and core/tests/test_access_rules.py.

The API is for partner organisations' systems, which log in with an API key (authentication.py), not for
people with a staff role. Django's LoginRequiredMiddleware would send them to the staff login page, so the
views are marked login-not-required and declare their own rule: ``PARTNER_API``. Staff sessions count for
nothing there (401). partnerapi/tests check the rule.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required

#: The access rule of an API view: a partner's key, with the scope the view needs.
PARTNER_API = "partner-api"


def partner_api(view: Callable[..., Any]) -> Callable[..., Any]:
    wrapped = login_not_required(view)
    wrapped.access_roles = frozenset({PARTNER_API})  # type: ignore[attr-defined]
    return wrapped


def public_schema(view: Callable[..., Any]) -> Callable[..., Any]:
    """The OpenAPI description is public: it holds no data and a partner's developer reads it before a key exists."""
    wrapped = login_not_required(view)
    wrapped.access_roles = frozenset({"*"})  # type: ignore[attr-defined]
    return wrapped
