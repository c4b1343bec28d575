"""Request-wide security rules that no single view should have to remember."""

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse


class PermissionsPolicyMiddleware:
    """Tell the browser which powerful features (camera, location...) this application never uses."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


def second_factor_exempt(view: Any) -> Any:
    """Mark a view that a user who gave only the password may open (the code step itself, logout)."""
    view.second_factor_exempt = True
    return view


def has_second_factor(request: HttpRequest) -> bool:
    """True when this session passed a second factor: our TOTP step, or a trusted identity provider's MFA."""
    user = request.user
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return True
    if getattr(settings, "OIDC_ENABLED", False) and getattr(settings, "OIDC_TRUSTS_IDP_MFA", False):
        return bool(request.session.get(BACKEND_SESSION_KEY) == "accounts.oidc.StaffOIDCBackend")
    return False


class SecondFactorMiddleware:
    """After the password, nothing but the second-factor steps until the code is given (ASVS V2.7/V2.8).

    Sits after LoginRequiredMiddleware: anonymous visitors have already been sent to the login page
    (or are on a public view). A logged-in user without a verified device in this session is sent to
    the code step, which in turn sends a user without a device to enrolment. There is no setting that
    turns this off; the demo prints codes for its synthetic accounts instead (`manage.py demo_logins`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        if not request.user.is_authenticated:
            return None
        if not getattr(view_func, "login_required", True) or getattr(view_func, "second_factor_exempt", False):
            return None
        if has_second_factor(request):
            return None
        target = reverse("accounts:second_factor")
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return redirect(target)


class SessionIdleTimeoutMiddleware:
    """End a session after SESSION_COOKIE_AGE seconds without activity, without a database write per request.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) costs a write on each page view. The
    expiry is renewed instead when it is more than SESSION_RENEW_AFTER seconds old, so the idle timeout is
    exact to within that margin.
    """

    KEY = "_renewed_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            renewed_at = session.get(self.KEY, 0)
            if now - renewed_at >= getattr(settings, "SESSION_RENEW_AFTER", 60):
                session[self.KEY] = now  # marks the session modified: saved with a fresh expiry
        return self.get_response(request)


def start_idle_clock(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    """A login saves the session anyway; start the renewal clock there, so the next page needs no write."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SessionIdleTimeoutMiddleware.KEY] = int(time.time())
