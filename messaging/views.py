"""The staff side of the messages: answering from the dossier's "Berichten" part, and the list of unread ones.

Reading happens on the dossier page (messaging.dossier_parts), which checks access like every part.
Answering needs access to the whole dossier on a ground that may write (regisseur, involved, team leader,
emergency access); a consultation never sees or writes messages.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from audit.models import AccessBasis
from audit.services import log_shown
from core.access import CASEWORKERS, staff_view
from core.submissions import submit_once
from dossiers import parts
from dossiers import selectors as dossier_selectors
from dossiers.models import Dossier
from messaging import selectors, services
from messaging.forms import StaffMessageForm
from messaging.models import Message


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _part_url(dossier: Dossier) -> str:
    return parts.tab_url(dossier.pk, parts.TIJDLIJN)


@staff_view(CASEWORKERS)
@require_POST
def sturen(request: HttpRequest, dossier_id: int) -> HttpResponse:
    # No section: the whole dossier, so a consultation (whatever its sections) is refused and logged.
    dossier, access = dossier_selectors.get_dossier_access(request, dossier_id, write=True)
    form = StaffMessageForm(request.POST, prefix="bericht")
    if form.is_valid():
        try:
            outcome = submit_once(
                request,
                lambda: services.send_from_staff(
                    dossier,
                    body=form.cleaned_data["body"],
                    actor=_user(request),
                    basis=access.basis,
                    request=request,
                    notice_url=request.build_absolute_uri(reverse("portal:berichten")),
                ),
                lambda message: f"{_part_url(dossier)}#bericht-{message.pk}",
            )
        except ValidationError as error:
            form.add_error(None if hasattr(error, "error_dict") else "body", error)
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            assert isinstance(outcome, Message)
            messages.success(request, _("Het bericht is verstuurd. Het huishouden krijgt een e-mail zonder de tekst."))
            return redirect(f"{_part_url(dossier)}#bericht-{outcome.pk}")
    return render(
        request,
        "messaging/answer_invalid.html",
        {"dossier": dossier, "form": form, "back_url": _part_url(dossier)},
        status=400,
    )


@staff_view(CASEWORKERS)
@require_GET
def ongelezen(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    found = list(dossier_selectors.with_worklist_columns(selectors.dossiers_with_unread(user)))
    rows = [
        {
            "url": _part_url(dossier),
            "label": str(dossier),
            "main_member": " ".join((getattr(dossier, "main_member_name", None) or "").split()),
            "unread": dossier.unread,  # type: ignore[attr-defined]
            "waiting_since": dossier.waiting_since,  # type: ignore[attr-defined]
        }
        for dossier in found
    ]
    log_shown(
        request,
        user=user,
        basis=AccessBasis.BETROKKEN,
        dossier_ids=[dossier.pk for dossier in found],
        detail="op de lijst ongelezen berichten",
    )
    return render(request, "messaging/ongelezen.html", {"rows": rows})
