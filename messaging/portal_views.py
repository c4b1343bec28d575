"""Berichten in Mijn Wijkteam: the household's thread with its team, a form to write, the address for notices.

The thread is the one of the household's current dossier (``portal.access.current_dossier``): the open
dossier, else the newest closed one, which is shown without the form. Showing the thread marks the team's
messages read by the household. A representative writes in their own name "namens" the resident.
"""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.models import AccessAction
from dossiers.models import Dossier
from dossiers.sections import Section
from dossiers.transitions import Status
from messaging import selectors, services
from messaging.forms import ContactForm, MessageForm
from portal.access import current_dossier, log_portal, portal_view
from portal.models import PortalContact, PortalScope
from portal.principal import Principal

#: The form's one-time token (core.submissions' field); checked here because residents are not staff users.
TOKEN_FIELD = "submission_token"  # noqa: S105 - a form field name, not a secret
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _token(request: HttpRequest) -> str | None:
    value = request.POST.get(TOKEN_FIELD, "")
    return value if _TOKEN_RE.match(value) else None


def _contact(principal: Principal) -> PortalContact | None:
    """The resident's own address for notices (a representative sets none for someone else)."""
    if not principal.is_self or principal.subject is None:
        return None
    return PortalContact.objects.filter(inwoner=principal.subject).first()


def _page(
    request: HttpRequest, principal: Principal, dossier: Dossier | None, form: MessageForm, *, status: int = 200
) -> HttpResponse:
    context: dict[str, object] = {"dossier": dossier, "form": form, "is_self": principal.is_self}
    if dossier is not None:
        services.mark_read_by_household(dossier, by=principal.describe_for_people())
        thread, older = selectors.thread(dossier)
        context |= {
            "thread": thread,
            "older": older,
            "may_send": dossier.status != Status.AFGESLOTEN,
            "contact": _contact(principal),
        }
        log_portal(
            request,
            principal,
            object_type="berichten",
            object_id=dossier.pk,
            dossier_id=dossier.pk,
            section=Section.TIJDLIJN,
            detail=f"{len(thread)} berichten getoond",
        )
    return render(request, "messaging/mijn/berichten.html", context, status=status)


@require_http_methods(["GET", "POST"])
@portal_view(PortalScope.BERICHTEN)
def berichten(request: HttpRequest) -> HttpResponse:
    principal: Principal = request.portal  # type: ignore[attr-defined]
    dossier = current_dossier(principal)
    if request.method != "POST" or dossier is None:
        return _page(request, principal, dossier, MessageForm())
    form = MessageForm(request.POST)
    if form.is_valid():
        representation = principal.representation
        try:
            message, created = services.send_from_household(
                dossier,
                body=form.cleaned_data["body"],
                by=principal.describe_for_people(),
                via_representation_id=representation.pk if representation is not None else None,
                token=_token(request),
            )
        except ValidationError as error:
            form.add_error(None if hasattr(error, "error_dict") else "body", error)
        else:
            if created:
                log_portal(
                    request,
                    principal,
                    action=AccessAction.CREATE,
                    object_type="bericht",
                    object_id=message.pk,
                    dossier_id=dossier.pk,
                    section=Section.TIJDLIJN,
                    detail="bericht aan het team",
                )
                messages.success(request, _("Uw bericht is verstuurd. Het team leest het zo snel mogelijk."))
            else:
                messages.info(
                    request,
                    _("Dit formulier was al verstuurd en is maar één keer verwerkt. Hieronder ziet u het resultaat."),
                )
            return redirect(f"{reverse('portal:berichten')}#bericht-{message.pk}")
    return _page(request, principal, dossier, form, status=400)


@require_http_methods(["GET", "POST"])
@portal_view(PortalScope.BERICHTEN)
def email(request: HttpRequest) -> HttpResponse:
    """The resident's own e-mail address for notices of new messages (never for a representative to set)."""
    principal: Principal = request.portal  # type: ignore[attr-defined]
    if not principal.is_self or principal.subject is None:
        return render(request, "messaging/mijn/email_not_self.html", status=403)
    contact = PortalContact.objects.filter(inwoner=principal.subject).first()
    dossier = current_dossier(principal)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.set_notice_email(principal.subject, form.cleaned_data["email"])
        log_portal(
            request,
            principal,
            action=AccessAction.UPDATE,
            object_type="portaalcontact",
            object_id=principal.subject.pk,
            dossier_id=dossier.pk if dossier else None,
            section=Section.HUISHOUDEN,
            detail="e-mailadres voor meldingen " + ("ingesteld" if form.cleaned_data["email"] else "verwijderd"),
        )
        messages.success(
            request,
            _("Uw e-mailadres is opgeslagen.")
            if form.cleaned_data["email"]
            else _("U krijgt geen e-mail meer bij een nieuw bericht."),
        )
        return redirect("portal:berichten")
    if request.method == "GET":
        log_portal(
            request,
            principal,
            object_type="portaalcontact",
            object_id=principal.subject.pk,
            dossier_id=dossier.pk if dossier else None,
            section=Section.HUISHOUDEN,
        )
    return render(request, "messaging/mijn/email.html", {"form": form}, status=400 if request.method == "POST" else 200)
