"""Mijn Wijkteam's survey pages: the person's open invitations, the survey itself, and the thanks.

Only the resident themself answers (``principal.is_self``): the survey asks for one's own experience, so a
representative (a mantelzorger, a curator, a parent of a child) sees a page that says so and no invitations.
For a child under 16 the invitation goes to the household's adult in their own name (surveys.services).

An invitation is reached only among the person's own invitations of their household's dossiers
(``portal_get``): another person's id is a logged 404. Answering is logged as a portal write of the invitation,
never with anything of the answer.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from audit.models import AccessAction
from dossiers.sections import Section
from portal.access import (
    current_dossier,
    log_portal,
    log_portal_denied,
    log_portal_shown,
    portal_dossier_ids,
    portal_get,
    portal_view,
)
from portal.models import PortalScope
from portal.principal import Principal
from surveys.forms import SurveyForm
from surveys.models import Invitation
from surveys.questions import themed
from surveys.selectors import open_invitations_of
from surveys.services import InvitationClosed, answer

OBJECT_TYPE = "vragenlijst"


def _only_self(request: HttpRequest, principal: Principal, invitation_id: object = "") -> HttpResponse:
    log_portal_denied(
        request, principal, object_type=OBJECT_TYPE, object_id=invitation_id, detail="alleen de inwoner zelf"
    )
    return render(request, "surveys/only_self.html", status=403)


def _log_page(request: HttpRequest, principal: Principal, detail: str) -> None:
    dossier = current_dossier(principal)
    log_portal(
        request,
        principal,
        object_type=OBJECT_TYPE,
        dossier_id=dossier.pk if dossier else None,
        section=Section.HUISHOUDEN,
        detail=detail,
    )


@portal_view(PortalScope.VRAGENLIJST)
def invitations(request: HttpRequest) -> HttpResponse:
    principal: Principal = request.portal  # type: ignore[attr-defined]
    if not principal.is_self or principal.subject is None:
        return _only_self(request, principal)
    rows = list(open_invitations_of(principal.subject).filter(dossier__in=portal_dossier_ids(principal)))
    if rows:
        log_portal_shown(
            request,
            principal,
            dossier_ids=sorted({row.dossier_id for row in rows}),
            object_type=OBJECT_TYPE,
            section=Section.HUISHOUDEN,
            detail="uitnodigingen vragenlijst",
        )
    else:
        _log_page(request, principal, "uitnodigingen vragenlijst (geen)")
    return render(request, "surveys/invitations.html", {"invitations": rows})


@portal_view(PortalScope.VRAGENLIJST)
def survey(request: HttpRequest, invitation_id: int) -> HttpResponse:
    principal: Principal = request.portal  # type: ignore[attr-defined]
    if not principal.is_self or principal.subject is None:
        return _only_self(request, principal, invitation_id)
    invitation = portal_get(
        request, Invitation.objects.filter(person=principal.subject), invitation_id, object_type=OBJECT_TYPE
    )
    log_details: dict[str, Any] = {
        "object_type": OBJECT_TYPE,
        "object_id": invitation.pk,
        "dossier_id": invitation.dossier_id,
    }
    if not invitation.is_open:
        log_portal(request, principal, section=Section.HUISHOUDEN, detail="vragenlijst gesloten", **log_details)
        return render(request, "surveys/closed.html", {"invitation": invitation}, status=410)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer(invitation, form.answers())
        except InvitationClosed as closed:
            log_portal(request, principal, section=Section.HUISHOUDEN, detail="vragenlijst gesloten", **log_details)
            return render(request, "surveys/closed.html", {"invitation": invitation, "reason": str(closed)}, status=410)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            log_portal(
                request,
                principal,
                action=AccessAction.CREATE,
                section=Section.HUISHOUDEN,
                detail="vragenlijst ingevuld",
                **log_details,
            )
            return redirect("portal:vragenlijst_bedankt")
    log_portal(request, principal, section=Section.HUISHOUDEN, detail="vragenlijst", **log_details)
    return render(
        request,
        "surveys/survey.html",
        {"invitation": invitation, "form": form, "themes": _themed_fields(form)},
        status=400 if form.is_bound and form.errors else 200,
    )


def _themed_fields(form: SurveyForm) -> list[tuple[str, list[object]]]:
    return [(str(theme.title), [form[question.key] for question in questions]) for theme, questions in themed()]


@portal_view(PortalScope.VRAGENLIJST)
def thanks(request: HttpRequest) -> HttpResponse:
    principal: Principal = request.portal  # type: ignore[attr-defined]
    if not principal.is_self:
        return _only_self(request, principal)
    _log_page(request, principal, "vragenlijst bedankt")
    return render(request, "surveys/thanks.html")
