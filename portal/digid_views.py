"""Logging in with DigiD: the start (to the broker) and the way back (the callback).

Both URLs exist only while the beheerder has DigiD switched on and complete (digid/models.py); otherwise they
are 404. A successful login starts a portal session with the BSN the broker proved (portal.principal), never a
staff login; every failure (cancelled, an error from DigiD, no or a wrong BSN, an old or unknown state) shows a
Dutch page and leaves nobody logged in. The BSN is never written to a log.
"""

import logging

import jwt
import requests
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from audit.models import AccessAction
from core.access import public_view
from digid.models import DigiDConfig
from portal import digid_oidc
from portal.access import log_portal
from portal.principal import current_principal, login_resident
from portal.views import _safe_next

logger = logging.getLogger(__name__)

#: The DigiD logins started in this session and not yet back: state -> {nonce, code_verifier, added_on}.
#: Apart from mozilla-django-oidc's "oidc_states", so a staff OIDC callback never takes a DigiD state, nor back.
STATES_KEY = "portal_digid_states"
NEXT_KEY = "portal_digid_next"
#: At most this many logins under way in one session (tabs); the oldest goes first.
MAX_STATES = 5


def _ready_config() -> DigiDConfig:
    config = DigiDConfig.get()
    if not config.is_ready:
        raise Http404
    return config


def _failure(request: HttpRequest, reason: str, *, cancelled: bool = False, status: int = 400) -> HttpResponse:
    # A cancelled login is ordinary; anything else may be a wrong setting the beheerder must see (LOG_LEVEL WARNING).
    logger.log(logging.INFO if cancelled else logging.WARNING, "DigiD login refused: %s", reason)
    return render(request, "portal/digid_error.html", {"cancelled": cancelled}, status=status)


@never_cache
@public_view
def digid_start(request: HttpRequest) -> HttpResponse:
    """'Inloggen met DigiD': to the broker, with a fresh state, nonce and PKCE verifier in the session."""
    config = _ready_config()
    next_url = _safe_next(request, reverse("portal:home"))
    before = set(request.session.get("oidc_states") or {})
    staff_next = request.session.get("oidc_login_next")
    view = digid_oidc.DigiDAuthenticationRequestView(digid_config=config)
    view.setup(request)
    response: HttpResponseRedirect = view.get(request)
    # Move the state mozilla-django-oidc just stored into our own key (a staff login's states stay where they are).
    shared = dict(request.session.get("oidc_states") or {})
    ours = dict(request.session.get(STATES_KEY) or {})
    for state in set(shared) - before:
        ours[state] = shared.pop(state)
    while len(ours) > MAX_STATES:
        del ours[min(ours, key=lambda key: ours[key].get("added_on", 0))]
    request.session["oidc_states"] = shared
    request.session[STATES_KEY] = ours
    request.session["oidc_login_next"] = staff_next
    request.session[NEXT_KEY] = next_url
    return response


@never_cache
@public_view
def digid_callback(request: HttpRequest) -> HttpResponse:
    """Back from DigiD: the code exchanged and checked, then a portal session for the proved BSN."""
    config = _ready_config()
    if not any(key in request.GET for key in ("code", "state", "error")):
        # Opened by hand or from a bookmark: nothing came back from DigiD, so start at the login page.
        return HttpResponseRedirect(reverse("portal:login"))
    states = dict(request.session.get(STATES_KEY) or {})
    state = request.GET.get("state", "")
    entry = states.pop(state, None) if state else None
    request.session[STATES_KEY] = states
    next_url = str(request.session.get(NEXT_KEY) or reverse("portal:home"))
    if request.GET.get("error"):
        error = request.GET["error"]
        return _failure(request, f"error from the broker: {error[:50]!r}", cancelled=error == "access_denied")
    if entry is None or not isinstance(entry, dict) or not request.GET.get("code"):
        return _failure(request, "unknown, used or missing state, or no code")
    try:
        login = digid_oidc.authenticate(
            request, config, nonce=str(entry.get("nonce") or ""), code_verifier=entry.get("code_verifier")
        )
    except digid_oidc.DigiDRefused as refused:
        return _failure(request, refused.reason)
    except (SuspiciousOperation, jwt.PyJWTError) as bad_token:
        # Signature, nonce, audience (SuspiciousOperation), or an expired or malformed token (PyJWT's own errors).
        return _failure(request, f"token check failed: {type(bad_token).__name__}: {bad_token}")
    except (requests.RequestException, ValueError, KeyError, TypeError) as error:
        return _failure(request, f"broker not reachable or answer not understood: {type(error).__name__}", status=502)
    login_resident(request, login.bsn, via="digid")
    principal = current_principal(request)
    if principal is not None:
        log_portal(request, principal, object_type="portaal", action=AccessAction.VIEW, detail="ingelogd (DigiD)")
    return HttpResponseRedirect(next_url)
