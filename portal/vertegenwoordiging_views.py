"""Wie mag meekijken: the resident's overview of who may look along, inviting someone, ending it; and the
invitation link the invited person opens.

Only the resident themself manages this (``is_self``): a representative gets a logged 403, also one who may
see every other part, so nobody passes on what they were given. The overview shows the legal representations
the team recorded too; those the resident cannot end here (a court or the law decided them), only ask the
regisseur about.

The invitation link (``portal:uitnodiging``) is public: whoever has the link sees the inviter's first name
and what they would see, and logs in with DigiD to accept. Every unusable token gets the same page.
portal.invitations changes the records and writes the timeline; this module checks who and logs.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from core.access import public_view
from dossiers.sections import Section
from portal import invitations
from portal.access import current_dossier, log_portal, log_portal_denied, portal_view
from portal.forms_vertegenwoordiging import InviteForm
from portal.models import Representation, RepresentationSource
from portal.principal import Principal, current_principal, idle_seconds

OBJECT_TYPE = "vertegenwoordiging"


def _principal(request: HttpRequest) -> Principal:
    return request.portal  # type: ignore[attr-defined,no-any-return]


def _refuse_unless_self(request: HttpRequest) -> HttpResponse | None:
    """A representative (or a child without own login) never manages who looks along: a logged 403."""
    principal = _principal(request)
    if principal.is_self and principal.subject is not None:
        return None
    log_portal_denied(request, principal, object_type=OBJECT_TYPE, detail="wie mag meekijken: alleen de inwoner zelf")
    return render(request, "portal/forbidden.html", {"scope": "vertegenwoordigers"}, status=403)


def _dossier_id(principal: Principal) -> int | None:
    dossier = current_dossier(principal)
    return dossier.pk if dossier is not None else None


def _state(representation: Representation) -> str:
    if representation.is_active:
        return "active"
    if representation.invitation_open:
        return "open"
    return "ended"


@portal_view(None)
def vertegenwoordigers(request: HttpRequest) -> HttpResponse:
    """Who may look along now, the invitations not yet accepted, and what ended."""
    refused = _refuse_unless_self(request)
    if refused is not None:
        return refused
    principal = _principal(request)
    rows = list(Representation.objects.filter(represented=principal.subject).order_by("-created_at", "-pk"))
    grouped: dict[str, list[Representation]] = {"active": [], "open": [], "ended": []}
    for row in rows:
        grouped[_state(row)].append(row)
    log_portal(
        request,
        principal,
        object_type=OBJECT_TYPE,
        dossier_id=_dossier_id(principal),
        section=Section.HUISHOUDEN,
        detail=f"wie mag meekijken ({len(rows)} regels)",
    )
    return render(
        request,
        "portal/vertegenwoordiging/overzicht.html",
        {
            "active": grouped["active"],
            "open": grouped["open"],
            "ended": grouped["ended"],
            "invitation": RepresentationSource.UITNODIGING,
        },
    )


@portal_view(None)
def nieuw(request: HttpRequest) -> HttpResponse:
    """Invite someone (a mantelzorger, a family member) to look along with the parts the resident chooses."""
    refused = _refuse_unless_self(request)
    if refused is not None:
        return refused
    principal = _principal(request)
    assert principal.subject is not None
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            representation, sent = invitations.invite(
                principal.subject,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                scopes=form.cleaned_data["scopes"],
                valid_until=form.cleaned_data["valid_until"],
                link_for=request.build_absolute_uri,
            )
        except invitations.AlreadyInvited as error:
            messages.info(request, " ".join(error.messages))
            return redirect("portal:vertegenwoordigers")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            log_portal(
                request,
                principal,
                object_type=OBJECT_TYPE,
                object_id=representation.pk,
                dossier_id=_dossier_id(principal),
                section=Section.HUISHOUDEN,
                detail="uitnodiging verstuurd; onderdelen " + ",".join(representation.scopes),
                action=AccessAction.CREATE,
            )
            if sent:
                messages.success(
                    request,
                    _("Wij hebben de uitnodiging gestuurd naar %(email)s. De link werkt 7 dagen.")
                    % {"email": representation.invited_email},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "De uitnodiging staat klaar, maar de e-mail kon niet worden verstuurd. Trek de uitnodiging "
                        "in en probeer het later opnieuw."
                    ),
                )
            return redirect("portal:vertegenwoordigers")
    return render(
        request,
        "portal/vertegenwoordiging/nieuw.html",
        {"form": form, "days": invitations.INVITATION_DAYS},
        status=400 if form.errors else 200,
    )


@portal_view(None)
def intrekken(request: HttpRequest, representation_id: int) -> HttpResponse:
    """Confirm (GET) and end (POST) an invitation or a representation the resident gave. Takes effect at once."""
    refused = _refuse_unless_self(request)
    if refused is not None:
        return refused
    principal = _principal(request)
    representation = Representation.objects.filter(pk=representation_id, represented=principal.subject).first()
    if representation is None or not invitations.revocable(representation):
        if representation is None or representation.revoked_at is None:
            log_portal_denied(request, principal, object_type=OBJECT_TYPE, object_id=representation_id)
            raise Http404
        messages.info(request, _("Dit was al gestopt."))
        return redirect("portal:vertegenwoordigers")
    if request.method == "POST":
        if invitations.revoke(representation, by=principal.describe_for_people()):
            log_portal(
                request,
                principal,
                object_type=OBJECT_TYPE,
                object_id=representation.pk,
                dossier_id=_dossier_id(principal),
                section=Section.HUISHOUDEN,
                detail="ingetrokken",
                action=AccessAction.UPDATE,
            )
        messages.success(
            request,
            _("%(name)s kan vanaf nu niet meer meekijken.") % {"name": representation.representative_name},
        )
        return redirect("portal:vertegenwoordigers")
    log_portal(
        request,
        principal,
        object_type=OBJECT_TYPE,
        object_id=representation.pk,
        dossier_id=_dossier_id(principal),
        section=Section.HUISHOUDEN,
        detail="intrekken bevestigen",
    )
    return render(request, "portal/vertegenwoordiging/intrekken.html", {"representation": representation})


# --- The invitation link -------------------------------------------------------------------------


def _unusable(request: HttpRequest, principal: Principal | None, *, detail: str) -> HttpResponse:
    """One page for every token that cannot be used, whatever the reason; the attempt is logged (no token)."""
    log_portal_denied(request, principal, object_type="uitnodiging", detail=detail)
    return render(
        request,
        "portal/vertegenwoordiging/uitnodiging.html",
        {"error": invitations.InvitationUnusable().messages[0], "principal": principal},
        status=404,
    )


@public_view
def uitnodiging(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: who invites you and what you would see; log in with DigiD, then accept."""
    principal = current_principal(request)
    if principal is not None:
        # The portal's header (logging out, the session warning) for someone logged in.
        request.portal = principal  # type: ignore[attr-defined]
        request.portal_idle_seconds = idle_seconds()  # type: ignore[attr-defined]
    if request.method == "POST":
        return _accept(request, principal, token)
    representation = invitations.by_token(token)
    if representation is None:
        return _unusable(request, principal, detail="onbekende uitnodigingslink")
    accepted_by_me = (
        principal is not None
        and representation.revoked_at is None
        and representation.representative_bsn == principal.bsn
    )
    if not representation.invitation_open and not accepted_by_me:
        return _unusable(request, principal, detail=f"onbruikbare uitnodiging {representation.pk}")
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=AccessBasis.VERTEGENWOORDIGER,
        object_type="uitnodiging",
        object_id=representation.pk,
        detail="Mijn Wijkteam; uitnodigingslink geopend"
        + ("" if principal is None else "; ingelogd met DigiD")
        + f"; voor inwoner {representation.represented_id}",
    )
    login_url = reverse("portal:login") + "?" + urlencode({"next": request.path})
    return render(
        request,
        "portal/vertegenwoordiging/uitnodiging.html",
        {
            "representation": representation,
            "first_name": invitations.first_name(representation.represented),
            "principal": principal,
            "accepted_by_me": accepted_by_me,
            "login_url": login_url,
        },
    )


def _accept(request: HttpRequest, principal: Principal | None, token: str) -> HttpResponse:
    if principal is None:
        return HttpResponseRedirect(reverse("portal:login") + "?" + urlencode({"next": request.path}))
    try:
        representation, changed = invitations.accept(token, principal.bsn)
    except invitations.OwnInvitation as error:
        log_portal_denied(request, principal, object_type="uitnodiging", detail="eigen uitnodiging aannemen")
        return render(
            request,
            "portal/vertegenwoordiging/uitnodiging.html",
            {"error": error.messages[0], "principal": principal},
            status=400,
        )
    except invitations.InvitationUnusable:
        return _unusable(request, principal, detail="onbruikbare uitnodiging aannemen")
    if changed:
        log_access(
            request,
            action=AccessAction.UPDATE,
            basis=AccessBasis.VERTEGENWOORDIGER,
            object_type=OBJECT_TYPE,
            object_id=representation.pk,
            detail=f"Mijn Wijkteam; uitnodiging aangenomen; vertegenwoordiger {representation.pk} "
            f"({representation.kind}) voor inwoner {representation.represented_id}",
        )
    messages.success(
        request,
        _("U kunt nu meekijken met %(who)s. Kies hieronder voor wie u kijkt.")
        % {"who": invitations.first_name(representation.represented)},
    )
    return redirect("portal:home")
