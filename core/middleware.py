"""Request-wide security rules that no single view should have to remember."""

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, logout
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


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


class NoStoreMiddleware:
    """No page this application renders may be kept by the browser or a proxy (ASVS V8.2.1).

    Every response that comes from a view gets ``Cache-Control: no-store`` (with ``no-cache``, ``private``,
    ``max-age=0``) and ``Pragma: no-cache`` for old HTTP/1.0 caches, whoever asked for it. Limiting this to
    logged-in staff would leave the gaps that matter: the response that logs someone out, an error page, a
    participant's phone, a download sent with its own headers. The application has no public content worth
    caching. Static files are not touched: WhiteNoise (earlier in MIDDLEWARE) answers them before this runs,
    with its own long-lived cache headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.headers["Pragma"] = "no-cache"
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


class SessionAbsoluteAgeMiddleware:
    """End a logged-in session SESSION_ABSOLUTE_AGE seconds after the login, however active it is (ASVS V3.3.2).

    The idle timeout alone lets a session that is used every few minutes (or a stolen cookie kept warm by a
    script) live forever. The login time is written into the session at login (:func:`start_idle_clock`); a
    logged-in session without it (older than this rule, or made some other way) counts as expired. The session
    is flushed before authentication runs, so the request continues as anonymous and the login page follows.
    """

    KEY = "_logged_in_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        session = getattr(request, "session", None)
        if session is not None and session.session_key and SESSION_KEY in session:
            logged_in_at = session.get(self.KEY)
            max_age = getattr(settings, "SESSION_ABSOLUTE_AGE", 10 * 60 * 60)
            if not isinstance(logged_in_at, int) or int(time.time()) - logged_in_at >= max_age:
                session.flush()
        return self.get_response(request)


class DemoAccountMiddleware:
    """Log out a synthetic demo account when the demo is not enabled, whichever backend logged it in.

    The password backend already refuses such accounts (accounts.backends); this also covers a login through
    another backend (OIDC) and a session that was open when DEMO_ENABLED was switched off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        from accounts.backends import demo_account_refused  # the auth backends need the app registry

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and demo_account_refused(user):
            logout(request)
        return self.get_response(request)


def start_idle_clock(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    """A login saves the session anyway; start the renewal clock and the absolute lifetime there.

    Writing both at login means the next page needs no session write.
    """
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[SessionIdleTimeoutMiddleware.KEY] = now
        session[SessionAbsoluteAgeMiddleware.KEY] = now


class ChosenLanguageMiddleware:
    """The language is Dutch unless the user chose another with the language switch (a cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: municipal staff often run an
    English browser, and the working language of the municipality is Dutch (Awb art. 2:6).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
