"""Screens for allocations: change one toewijzing (OP380) and send a household's pending 301s.

Thin views: access goes through the dossier that owns the toewijzing (`dossiers.policy`), the rules live in
`allocations.outgoing` (allocating, changing) and `allocations.toewijzingbericht` (the 301).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import User
from allocations import outgoing, toewijzingbericht
from allocations.forms import ToewijzingChangeForm
from allocations.models import Toewijzing
from audit.models import AccessAction
from audit.services import log_access
from core.access import CASEWORKERS, staff_view
from dossiers import parts, policy
from dossiers.sections import Section
from dossiers.selectors import get_visible_dossier


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _errors(error: ValidationError) -> dict[str | None, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: list(texts) for field, texts in error.message_dict.items()}
    return {None: list(error.messages)}


@staff_view(CASEWORKERS)
def toewijzing_change(request: HttpRequest, pk: int) -> HttpResponse:
    found = policy.authorize(
        request,
        Toewijzing.objects.select_related("inwoner", "aanbieder", "voorziening"),
        pk,
        write=request.method == "POST",
    )
    toewijzing, dossier, basis = found.record, found.dossier, found.basis
    action = AccessAction.UPDATE if request.method == "POST" else AccessAction.VIEW
    log_access(
        request,
        action=action,
        basis=basis,
        object_type="toewijzing",
        object_id=toewijzing.pk,
        dossier_id=dossier.pk,
        section=Section.BESLUITEN,
    )
    if request.method == "POST":
        form = ToewijzingChangeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                outgoing.change_toewijzing(
                    toewijzing,
                    _user(request),
                    einddatum=data["einddatum"],
                    reden_wijziging=data["reden_wijziging"],
                    volume=data["volume"],
                    version=data["version"],
                )
            except ValidationError as error:
                for field, texts in _errors(error).items():
                    for text in texts:
                        form.add_error(field if field in form.fields else None, text)
            else:
                messages.success(
                    request,
                    _("Toewijzing %(nummer)s is gewijzigd; verstuur de toewijzing (301) naar de aanbieder.")
                    % {"nummer": toewijzing.nummer},
                )
                return redirect(parts.tab_url(dossier.pk, parts.BESLUITEN))
    else:
        form = ToewijzingChangeForm(
            initial={"einddatum": toewijzing.einddatum, "volume": toewijzing.volume, "version": toewijzing.version}
        )
    return render(
        request,
        "allocations/toewijzing_form.html",
        {"form": form, "toewijzing": toewijzing, "dossier": dossier},
        status=400 if form.errors else 200,
    )


@staff_view(CASEWORKERS)
@require_POST
def send_allocations(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    dossier, basis = get_visible_dossier(request, dossier_pk)
    log_access(
        request,
        action=AccessAction.UPDATE,
        basis=basis,
        object_type="dossier",
        object_id=dossier.pk,
        dossier_id=dossier.pk,
        detail="toewijzingen versturen",
        section=Section.BESLUITEN,
    )
    sent = 0
    try:
        with transaction.atomic():  # all members or none
            for inwoner in dossier.huishouden.members.order_by("pk"):
                sent += len(toewijzingbericht.build_301s(inwoner, _user(request), dossier=dossier))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(parts.tab_url(dossier.pk, parts.BESLUITEN))
    if sent:
        messages.success(
            request,
            ngettext(
                "%(count)d toewijzingbericht (301) staat klaar voor verzending.",
                "%(count)d toewijzingberichten (301) staan klaar voor verzending.",
                sent,
            )
            % {"count": sent},
        )
    else:
        messages.info(request, _("Er waren geen nieuwe of gewijzigde toewijzingen om te versturen."))
    return redirect(parts.tab_url(dossier.pk, parts.BESLUITEN))
