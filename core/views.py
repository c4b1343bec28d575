from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import i18n

from accounts.models import Role, User
from core.access import ALL_STAFF, public_view, staff_view

#: Where each role starts: a page with its own work, one that the role may open (no role lands on a 403).
START_PAGES: dict[str, str] = {
    Role.GENERALIST: "dossiers:werkvoorraad",
    Role.TEAMLEIDER: "core:start_team",
    Role.CONSULENT: "decisions:werkvoorraad",
    Role.PRIVACY_OFFICER: "consent:review",
    Role.SPECIALIST: "consent:consultaties",
    Role.FUNCTIONEEL_BEHEERDER: "core:start_beheer",
    Role.BELEIDSMEDEWERKER: "core:start_beleid",
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@staff_view(ALL_STAFF)
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its start page (`START_PAGES`); the login lands here too."""
    return redirect(START_PAGES.get(_user(request).role, "core:no_casework"))


@staff_view(ALL_STAFF)
def no_casework(request: HttpRequest) -> HttpResponse:
    """A page without data for any staff member; no role starts here any more, it points to the start page."""
    return render(request, "core/no_casework.html")


@staff_view({Role.TEAMLEIDER})
def start_team(request: HttpRequest) -> HttpResponse:
    """The team leader's start page: caseload per worker and the team's waiting work, as counts with links.

    Only counts and colleagues' names: no household is named, so nothing is written to the access log.
    """
    from core.team_overview import team_overview
    from deadlines.calendar_source import current_calendar
    from deadlines.terms import DeadlineState
    from dossiers.selectors import active_team_ids

    overview = team_overview(_user(request), timezone.localdate(), current_calendar())
    team_list = reverse("dossiers:werkvoorraad")

    def team_url(**filters: str) -> str:
        return f"{team_list}?{urlencode({'team': 'on', **filters})}"

    # The monitor already limits a team leader to the own teams; with one team the link also picks it in the filter.
    own_teams = list(active_team_ids(_user(request))[:2])
    monitor_url = reverse("monitor:monitor")
    context = {
        "overview": overview,
        "monitor_url": f"{monitor_url}?{urlencode({'team': own_teams[0]})}" if len(own_teams) == 1 else monitor_url,
        "team_url": team_url(),
        "overdue_url": team_url(termijn=DeadlineState.VERLOPEN.value),
        "about_to_expire_url": team_url(termijn=DeadlineState.DREIGT_TE_VERLOPEN.value),
    }
    return render(request, "core/start_team.html", context)


#: Apps from outside the project whose admin name is a code, not a word (e.g. "Otp_Totp").
ADMIN_APP_NAMES = {"otp_totp": _("Inlogcodes (tweede stap)"), "axes": _("Inlogbeveiliging")}


@staff_view({Role.FUNCTIONEEL_BEHEERDER})
def start_beheer(request: HttpRequest) -> HttpResponse:
    """The beheerder's start page: the configuration screens the admin offers this user, and the message exchange.

    Read from the admin registry with this user's permissions, so a screen added later shows up here by itself.
    """
    app_list = admin.site.get_app_list(request)
    for app in app_list:
        app["name"] = ADMIN_APP_NAMES.get(app["app_label"], app["name"])
    return render(request, "core/start_beheer.html", {"app_list": app_list})


#: Reflection sessions on the policy advisor's start page; the full list is one click away.
START_SESSIONS = 10


@staff_view({Role.BELEIDSMEDEWERKER})
def start_beleid(request: HttpRequest) -> HttpResponse:
    """The policy advisor's start page: the reflection sessions of the teams they work with (reflection's own
    visibility rule) and the way into the monitor."""
    from reflection.selectors import visible_sessions

    sessions = list(
        visible_sessions(_user(request)).select_related("team", "facilitator").order_by("-date", "-pk")[:START_SESSIONS]
    )
    return render(request, "core/start_beleid.html", {"sessions": sessions, "more": START_SESSIONS})


@public_view
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch in the header: anyone, also on the login page. Only a POST with a valid CSRF token
    changes the language (a cookie); it then returns to the page it came from, never to another site."""
    return i18n.set_language(request)


@public_view
def health(request: HttpRequest) -> JsonResponse:
    """The older liveness URL (`/gezond/`); kept for probes that already use it."""
    return JsonResponse({"status": "ok"})


@public_view
def health_live(request: HttpRequest) -> JsonResponse:
    """The process is up and answers requests; deliberately touches neither database nor broker."""
    return JsonResponse({"status": "ok"})


@public_view
def health_ready(request: HttpRequest) -> JsonResponse:
    """The process can do its work: database (and broker, when configured) answer. 503 names what failed."""
    from core.health import readiness

    checks = readiness()
    ready = all(state == "ok" for state in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
