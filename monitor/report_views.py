"""The council report: the policy advisor's concept and "Publiceren", and the public pages of what was published.

Only a policy advisor (Role.BELEIDSMEDEWERKER) opens a concept or publishes; every other role gets 403 and a
line in the access log (core.access.staff_view). A concept is logged like a look at the monitor (aggregate
figures), publishing as a creation. The public pages need no login and show only the stored page and PDF of a
published version (monitor.report.publish), never a fresh computation: an unpublished period is a 404.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access, log_denied
from core.access import public_view, staff_view
from core.forms import UtrechtFormMixin
from monitor import report
from monitor.models import PublishedReport
from monitor.periods import Period

REPORT_ROLES = frozenset({Role.BELEIDSMEDEWERKER})


class PublishForm(UtrechtFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Ik heb het concept gelezen. Maak dit rapport openbaar; de cijfers liggen daarna vast."),
        error_messages={"required": gettext_lazy("Vink aan dat u het rapport openbaar wilt maken.")},
    )
    #: The version that was current when the concept was opened (empty: none), so a second click changes nothing.
    replaces = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _not_found(request: HttpRequest, period_key: str, version: int | None = None) -> Http404:
    """A miss is logged like any refusal: a run of made-up period keys shows in the access log."""
    log_denied(request, object_type="raadsrapport", detail=f"niet gevonden periode={period_key[:20]} versie={version}")
    return Http404(_("Voor deze periode is er geen rapport."))


def _period_or_404(request: HttpRequest, period_key: str) -> Period:
    period = report.report_period(period_key, timezone.localdate())
    if period is None:
        raise _not_found(request, period_key)
    return period


def _concept(request: HttpRequest, period: Period, form: PublishForm, status: int = 200) -> HttpResponse:
    now = timezone.now()
    context = report.report_context(period, now)
    current = report.current_report(period.key)
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=AccessBasis.GEAGGREGEERD,
        object_type="raadsrapport",
        detail=f"concept periode={period.key}",
    )
    page: dict[str, Any] = {
        "period": period,
        "body": report.render_body(context),
        "current": current,
        "form": form,
    }
    return render(request, "monitor/report_concept.html", page, status=status)


@staff_view(REPORT_ROLES)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The periods an advisor can open as a concept, with what has been published for each."""
    published: dict[str, list[PublishedReport]] = {}
    for item in PublishedReport.objects.defer("html", "pdf").select_related("published_by"):
        published.setdefault(item.period_key, []).append(item)
    periods = [(period, published.get(period.key, [])) for period in report.report_periods(timezone.localdate())]
    return render(request, "monitor/report_index.html", {"periods": periods})


@staff_view(REPORT_ROLES)
@require_GET
def concept(request: HttpRequest, period_key: str) -> HttpResponse:
    period = _period_or_404(request, period_key)
    current = report.current_report(period.key)
    form = PublishForm(initial={"replaces": current.version if current else None})
    return _concept(request, period, form)


@staff_view(REPORT_ROLES)
@require_POST
def publish(request: HttpRequest, period_key: str) -> HttpResponse:
    period = _period_or_404(request, period_key)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _concept(request, period, form, status=400)
    try:
        published = report.publish(request, period, _user(request), form.cleaned_data["replaces"])
    except report.StalePublication:
        messages.error(
            request,
            _(
                "Dit rapport is intussen al gepubliceerd. Er is niets veranderd. Bekijk het concept opnieuw en "
                "publiceer nog eens als dat nodig is."
            ),
        )
        return redirect("monitor:report_concept", period.key)
    messages.success(
        request,
        _("Het rapport over %(period)s is gepubliceerd (versie %(version)s).")
        % {"period": period.label, "version": published.version},
    )
    return redirect("raad:report", period.key)


# The public pages: anyone, without logging in. They only ever serve what was stored at publishing.


def _published(request: HttpRequest, period_key: str, version: int | None = None) -> PublishedReport:
    found = PublishedReport.objects.filter(period_key=period_key)
    found = found.filter(version=version) if version is not None else found.filter(replaced_at__isnull=True)
    item = found.first()
    if item is None:
        raise _not_found(request, period_key, version)
    return item


@public_view
@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """Every published period, newest first: its current version, and the versions it replaced."""
    replaced: dict[str, list[PublishedReport]] = {}
    current = []
    for item in PublishedReport.objects.defer("html", "pdf"):
        (current.append(item) if item.current else replaced.setdefault(item.period_key, []).append(item))
    rows = [(item, _label(item.period_key), replaced.get(item.period_key, [])) for item in current]
    return render(request, "monitor/report_list.html", {"rows": rows})


def _label(period_key: str) -> str:
    period = Period.parse(period_key)
    return period.label if period else period_key


@public_view
@require_GET
def public_report(request: HttpRequest, period_key: str, version: int | None = None) -> HttpResponse:
    item = _published(request, period_key, version)
    current = item if item.current else report.current_report(period_key)
    context = {"report": item, "label": _label(period_key), "current": current}
    return render(request, "monitor/report_public.html", context)


@public_view
@require_GET
def public_pdf(request: HttpRequest, period_key: str, version: int | None = None) -> HttpResponse:
    item = _published(request, period_key, version)
    response = HttpResponse(bytes(item.pdf), content_type="application/pdf")
    name = f"monitor-sociaal-domein-{item.period_key}-versie-{item.version}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response
