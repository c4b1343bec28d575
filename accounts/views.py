"""Logging in: password (django-axes counts the failures), then the code from the authenticator app.

A session that gave only the password is kept on these steps by core.middleware.SecondFactorMiddleware.
"""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services, two_factor
from accounts.forms import CodeForm, EnrolmentCodeForm
from accounts.models import User
from core.access import ALL_STAFF
from core.middleware import has_second_factor, second_factor_exempt

log = logging.getLogger("accounts.security")

#: Session key counting wrong codes since the password was given.
FAILURES_SESSION_KEY = "second_factor_failures"
#: Session key holding the koppelcode this session redeemed, until enrolment finishes.
ENROLMENT_CODE_SESSION_KEY = "enrolment_code_id"


def any_account(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Open to every logged-in account, also one without a role yet.

    The login steps and logout must work for the first superuser (made with `createsuperuser`, no role),
    or it could never pass the second factor to reach the admin and give itself a role.
    LoginRequiredMiddleware has already sent anonymous visitors to the login page.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return view(request, *args, **kwargs)

    wrapper.access_roles = ALL_STAFF  # type: ignore[attr-defined]
    return second_factor_exempt(wrapper)  # type: ignore[no-any-return]


class StaffLoginView(auth_views.LoginView):
    """The password step; a correct password leads to the code step, keeping where the user was going."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if has_second_factor(self.request):
            return url
        return _with_next(reverse("accounts:second_factor"), url)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = getattr(settings, "OIDC_ENABLED", False)
        return context


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _complete(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    """The session passed the second factor: remember the device and issue a fresh session id."""
    otp_login(request, device)
    request.session.pop(FAILURES_SESSION_KEY, None)
    request.session.cycle_key()
    log.info("Second factor passed by user %s", request.user.pk)
    return redirect(_next_url(request))


def _refuse(
    request: HttpRequest, form: forms.Form, throttled: bool, field: str = "otp_token", wrong: str = ""
) -> HttpResponse | None:
    """Count a wrong code; after too many, end the session. None: show the form again with the error."""
    user = request.user
    failures = int(request.session.get(FAILURES_SESSION_KEY, 0)) + 1
    request.session[FAILURES_SESSION_KEY] = failures
    log.warning("Wrong second-factor code for user %s (%s in this session)", user.pk, failures)
    # django-axes counts this like a wrong password: 5 failures per username + IP address lock both steps.
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
    if getattr(request, "axes_locked_out", False):
        logout(request)
        request.axes_locked_out = True  # type: ignore[attr-defined]  # AxesMiddleware shows the lockout page
        return HttpResponse(status=429)
    if failures >= settings.OTP_MAX_FAILURES_PER_SESSION:
        logout(request)
        messages.error(request, _("Te vaak een onjuiste code. Log opnieuw in met uw wachtwoord."))
        return redirect("accounts:login")
    if throttled:
        form.add_error(field, _("Te snel na een onjuiste code. Wacht een paar seconden en probeer het opnieuw."))
    else:
        form.add_error(field, wrong or _("Deze code klopt niet of is al gebruikt. Probeer de nieuwe code uit de app."))
    return None


@any_account
@never_cache
@sensitive_post_parameters("otp_token")
def second_factor(request: HttpRequest) -> HttpResponse:
    """Step two of logging in: the code from the authenticator app."""
    next_url = _next_url(request)
    if has_second_factor(request):
        return redirect(next_url)
    user: User = request.user  # type: ignore[assignment]
    device = two_factor.confirmed_device(user)
    if device is None:
        return redirect(_with_next(reverse("accounts:second_factor_setup"), next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = two_factor.is_throttled(device)
        if not throttled and two_factor.verify(device, form.cleaned_data["otp_token"]):
            return _complete(request, device)
        refused = _refuse(request, form, throttled)
        if refused is not None:
            return refused
    return render(request, "accounts/second_factor.html", {"form": form, "next": next_url})


def _ask_enrolment_code(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """Before any secret is shown: the koppelcode that functioneel beheer handed over in person.

    Why: the password alone must not be enough to link an app to someone's account (trust on first use
    would let whoever knows or set the password take the account over). A wrong koppelcode counts as a
    failed login, like a wrong password.
    """
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = services.redeem_enrolment_code(user, form.cleaned_data["code"])
        if code is not None:
            request.session[ENROLMENT_CODE_SESSION_KEY] = code.pk
            return redirect(_with_next(reverse("accounts:second_factor_setup"), next_url))
        refused = _refuse(
            request, form, False, field="code", wrong=_("Deze koppelcode klopt niet, is verlopen of al gebruikt.")
        )
        if refused is not None:
            return refused
    return render(request, "accounts/enrolment_code.html", {"form": form, "next": next_url})


@any_account
@never_cache
@sensitive_post_parameters("otp_token", "code")
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrolment for an account without a device: koppelcode, then scan the QR code, confirm with a code.

    Shown only to a session that passed the password and only while the account has no confirmed device;
    the secret appears only after a valid koppelcode (see docs/adr/0008-hardening.md). To move to a new
    phone, functioneel beheer issues a new koppelcode, which also unlinks the old app.
    """
    next_url = _next_url(request)
    if has_second_factor(request):
        return redirect(next_url)
    user: User = request.user  # type: ignore[assignment]
    if two_factor.confirmed_device(user) is not None:
        return redirect(_with_next(reverse("accounts:second_factor"), next_url))
    code = services.usable_enrolment_code(user, request.session.get(ENROLMENT_CODE_SESSION_KEY))
    if code is None:
        return _ask_enrolment_code(request, user, next_url)
    device = two_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = two_factor.is_throttled(device)
        if not throttled and services.enrol_with_code(
            request, device=device, code=code, token=form.cleaned_data["otp_token"]
        ):
            request.session.pop(ENROLMENT_CODE_SESSION_KEY, None)
            messages.success(
                request, _("De authenticator-app is gekoppeld. Voortaan vragen we bij het inloggen om een code.")
            )
            return _complete(request, device)
        refused = _refuse(request, form, throttled)
        if refused is not None:
            return refused
    context = {
        "form": form,
        "next": next_url,
        "secret": two_factor.secret_in_groups(device),
        "config_uri": two_factor.config_uri(device),
        "qr_code": two_factor.qr_code_svg(device),
    }
    return render(request, "accounts/second_factor_setup.html", context)


def lockout(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked username + IP address: a Dutch page, status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/lockout.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
