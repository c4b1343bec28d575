"""Changes to who may do what: roles, team memberships, passwords and the second factor.

This is the only place that changes them, so each change is written to the hash-chained access log and
put on the privacy officer's review list, whichever screen asked for it. A change that widens someone's
access (a role, a username or e-mail address that a login is matched on, a team membership) made by a
functioneel beheerder waits for a second person (`AccountChangeRequest`); see docs/adr/0008-hardening.md.
"""

import hashlib
import secrets
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import AccountChangeRequest, ChangeRequestStatus, EnrolmentCode, Role, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from consent.models import ReviewItem, ReviewKind
from core.translations import in_record_language
from organisation.models import Team, TeamMembership

#: Access-log basis of changes made in the admin.
BEHEER_BASIS = AccessBasis.BEHEER

#: Account fields whose change widens access (role) or moves who logs in as whom (OIDC matches the
#: username, else the e-mail address): a functioneel beheerder's change waits for a second person.
FOUR_EYES_FIELDS: tuple[str, ...] = ("role", "username", "email")
#: Account fields whose change takes effect at once but is logged and reviewed.
REVIEWED_FIELDS: tuple[str, ...] = ("is_active",)

#: Characters of a koppelcode: no 0/O, 1/I/L, so it can be read aloud and typed without mistakes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31**12 ≈ 2**59: far beyond reach with five tries before the lockout


def enrolment_code_hours() -> int:
    return int(getattr(settings, "ENROLMENT_CODE_HOURS", 72))


def is_account_admin(user: User) -> bool:
    """May manage other people's accounts in the admin: a superuser, or an active functioneel beheerder."""
    return bool(user.is_active and (user.is_superuser or (user.is_staff and user.role == Role.FUNCTIONEEL_BEHEERDER)))


def needs_second_person(actor: User) -> bool:
    """A superuser can already change everything; a functioneel beheerder's widening changes wait."""
    return not actor.is_superuser


def _record(
    request: HttpRequest | None,
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: object,
    summary: str,
    team: Team | None = None,
) -> None:
    """One line in the access log and one item on the review list (and the teamleider's, with a team)."""
    log_access(
        request,
        user=actor,
        action=action,
        basis=BEHEER_BASIS,
        object_type=object_type,
        object_id=object_id,
        detail=summary[:300],
    )
    if actor is not None:
        ReviewItem.objects.create(kind=ReviewKind.ACCOUNT, team=team, dossier=None, actor=actor, summary=summary[:300])


# --- Account fields ---------------------------------------------------------------------------------


def _display(field: str, value: Any) -> str:
    if field == "role":
        return str(Role(value).label) if value in Role.values else str(value or "-")
    return str(value)


@transaction.atomic
def record_account_changes(
    request: HttpRequest | None, *, actor: User, user: User, before: dict[str, Any], created: bool = False
) -> None:
    """Log and put on the review list the fields that changed (or a new account), after they were saved."""
    if created:
        with in_record_language():
            summary = _("Account %(user)s aangemaakt door %(actor)s") % {"user": user, "actor": actor}
        _record(
            request,
            actor=actor,
            action=AccessAction.CREATE,
            object_type="medewerker",
            object_id=user.pk,
            summary=summary,
        )
        return
    with in_record_language():
        changed = [
            f"{field}: {_display(field, before[field])} → {_display(field, getattr(user, field))}"
            for field in (*FOUR_EYES_FIELDS, *REVIEWED_FIELDS)
            if field in before and before[field] != getattr(user, field)
        ]
        summary = _("Account %(user)s gewijzigd door %(actor)s: %(changes)s") % {
            "user": user,
            "actor": actor,
            "changes": "; ".join(changed),
        }
    if changed:
        _record(
            request,
            actor=actor,
            action=AccessAction.UPDATE,
            object_type="medewerker",
            object_id=user.pk,
            summary=summary,
        )


@transaction.atomic
def request_change(
    request: HttpRequest | None,
    *,
    actor: User,
    user: User,
    changes: dict[str, Any] | None = None,
    team: Team | None = None,
    membership: dict[str, Any] | None = None,
) -> AccountChangeRequest:
    """Record a widening change for a second person to approve; nothing changes yet."""
    if actor.pk == user.pk:
        raise ValidationError(_("Uw eigen rol, teams en inloggegevens wijzigt een andere beheerder."))
    change = AccountChangeRequest.objects.create(
        user=user, changes=changes or {}, team=team, membership=membership or {}, requested_by=actor
    )
    with in_record_language():
        detail = _("Ter goedkeuring: %(what)s") % {"what": change.describe()}
    log_access(
        request,
        user=actor,
        action=AccessAction.CREATE,
        basis=BEHEER_BASIS,
        object_type="wijzigingsverzoek",
        object_id=change.pk,
        detail=detail,
    )
    return change


def membership_data(membership: TeamMembership) -> dict[str, Any]:
    """A new membership as JSON, to be created once approved."""
    return {
        "is_leader": bool(membership.is_leader),
        "start": membership.start.isoformat() if membership.start else None,
        "end": membership.end.isoformat() if membership.end else None,
        "fte": str(membership.fte),
        "home_organisation": membership.home_organisation,
    }


def _check_decider(change: AccountChangeRequest, by: User) -> None:
    if change.status != ChangeRequestStatus.OPEN:
        raise ValidationError(_("Over deze wijziging is al besloten."))
    if not is_account_admin(by):
        raise ValidationError(_("Alleen een functioneel beheerder of een superuser beslist over deze wijziging."))
    if by.pk == change.user_id:
        raise ValidationError(_("Over een wijziging van uw eigen account beslist iemand anders."))


@transaction.atomic
def approve(request: HttpRequest | None, change: AccountChangeRequest, *, by: User) -> AccountChangeRequest:
    """The second person agrees: the change takes effect now, logged and on the review list."""
    change = AccountChangeRequest.objects.select_for_update().get(pk=change.pk)
    _check_decider(change, by)
    if by.pk == change.requested_by_id:
        raise ValidationError(_("Een tweede persoon moet deze wijziging goedkeuren, niet de aanvrager."))
    user = User.objects.select_for_update().get(pk=change.user_id)
    if change.team_id is not None:
        data = change.membership
        membership = TeamMembership.objects.create(
            team_id=change.team_id,
            user=user,
            is_leader=bool(data.get("is_leader")),
            start=date.fromisoformat(data["start"]),
            end=date.fromisoformat(data["end"]) if data.get("end") else None,
            fte=Decimal(data.get("fte") or "1.00"),
            home_organisation=data.get("home_organisation") or "",
        )
        object_type, object_id = "teamlidmaatschap", membership.pk
    else:
        for field, value in change.changes.items():
            if field not in FOUR_EYES_FIELDS:
                raise ValidationError(_("Deze wijziging kan niet via goedkeuring."))
            setattr(user, field, value)
        user.full_clean(exclude=["password"])
        user.save(update_fields=list(change.changes))
        object_type, object_id = "medewerker", user.pk
    change.status = ChangeRequestStatus.APPROVED
    change.decided_by = by
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    with in_record_language():
        summary = _("%(what)s; aangevraagd door %(requester)s, goedgekeurd door %(by)s") % {
            "what": change.describe(),
            "requester": change.requested_by,
            "by": by,
        }
    _record(
        request,
        actor=by,
        action=AccessAction.UPDATE,
        object_type=object_type,
        object_id=object_id,
        summary=summary,
        team=change.team,
    )
    return change


@transaction.atomic
def reject(request: HttpRequest | None, change: AccountChangeRequest, *, by: User) -> AccountChangeRequest:
    """Turn the request down (a requester may also withdraw their own); nothing changes."""
    change = AccountChangeRequest.objects.select_for_update().get(pk=change.pk)
    _check_decider(change, by)
    change.status = ChangeRequestStatus.REJECTED
    change.decided_by = by
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    with in_record_language():
        detail = _("Afgewezen: %(what)s") % {"what": change.describe()}
    log_access(
        request,
        user=by,
        action=AccessAction.UPDATE,
        basis=BEHEER_BASIS,
        object_type="wijzigingsverzoek",
        object_id=change.pk,
        detail=detail,
    )
    return change


# --- Team memberships -------------------------------------------------------------------------------


@transaction.atomic
def record_membership_change(
    request: HttpRequest | None, *, actor: User, membership: TeamMembership, what: str
) -> None:
    """A membership that was ended, changed or removed directly: logged, and reviewed by the team's leader too."""
    with in_record_language():
        summary = _("Teamlidmaatschap van %(user)s in %(team)s %(what)s door %(actor)s") % {
            "user": membership.user,
            "team": membership.team,
            "what": what,
            "actor": actor,
        }
    _record(
        request,
        actor=actor,
        action=AccessAction.UPDATE,
        object_type="teamlidmaatschap",
        object_id=membership.pk,
        summary=summary,
        team=membership.team,
    )


# --- Passwords --------------------------------------------------------------------------------------


@transaction.atomic
def record_password_set(request: HttpRequest | None, *, user: User, by: User) -> None:
    """A password set for someone else: remember who, so that person cannot also issue a koppelcode."""
    User.objects.filter(pk=user.pk).update(password_set_by=by)
    user.password_set_by = by
    with in_record_language():
        summary = _("Wachtwoord van %(user)s ingesteld door %(by)s") % {"user": user, "by": by}
    _record(request, actor=by, action=AccessAction.UPDATE, object_type="wachtwoord", object_id=user.pk, summary=summary)


# --- Koppelcodes (enrolment of a new authenticator app) ---------------------------------------------


def _hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode("ascii", "ignore")).hexdigest()


def normalise_code(code: str) -> str:
    """What the user typed, without spaces or dashes and in capitals."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def may_issue_enrolment_code(user: User, by: User | None) -> str | None:
    """Why `by` may not issue a koppelcode for `user`, or None when it may. None as `by`: the server."""
    if by is None:
        return None
    if by.pk == user.pk:
        return _("Een koppelcode voor uw eigen account geeft een andere beheerder uit.")
    if not is_account_admin(by):
        return _("Alleen een functioneel beheerder of een superuser geeft koppelcodes uit.")
    if by.is_superuser:
        return None
    if user.is_superuser:
        return _("Een koppelcode voor een superuser geeft alleen een superuser uit.")
    if user.password_set_by_id == by.pk:
        return _(
            "U heeft het wachtwoord van deze medewerker ingesteld. Een andere beheerder geeft de koppelcode uit, "
            "zodat niemand alleen zowel het wachtwoord als de koppeling van de app in handen heeft."
        )
    return None


@transaction.atomic
def issue_enrolment_code(request: HttpRequest | None, *, user: User, by: User | None) -> str:
    """Remove the user's authenticator app(s) and make a one-time koppelcode; returns the code, shown once.

    Used for a lost or new phone and for a new colleague. Earlier unused codes stop working.
    """
    refusal = may_issue_enrolment_code(user, by)
    if refusal:
        raise ValidationError(refusal)
    now = timezone.now()
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    code = _new_code()
    record = EnrolmentCode.objects.create(
        user=user,
        code_hash=_hash(code),
        issued_by=by,
        issued_at=now,
        expires_at=now + timedelta(hours=enrolment_code_hours()),
    )
    with in_record_language():
        summary = _("Koppelcode voor %(user)s uitgegeven door %(by)s; %(count)s app(s) ontkoppeld") % {
            "user": user,
            "by": by or _("de server"),
            "count": removed,
        }
    _record(
        request, actor=by, action=AccessAction.CREATE, object_type="koppelcode", object_id=record.pk, summary=summary
    )
    return code


def find_enrolment_code(user: User, code: str) -> EnrolmentCode | None:
    """The usable koppelcode of this user that matches what was typed, if any."""
    now = timezone.now()
    return (
        EnrolmentCode.objects.filter(
            user=user, code_hash=_hash(code), used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        )
        .order_by("-issued_at")
        .first()
    )


@transaction.atomic
def redeem_enrolment_code(user: User, typed: str) -> EnrolmentCode | None:
    """The code is right: start enrolment with a fresh secret that only this session will see."""
    code = find_enrolment_code(user, typed)
    if code is not None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return code


def usable_enrolment_code(user: User, code_id: int | str | None) -> EnrolmentCode | None:
    """The koppelcode a session redeemed earlier, while it can still be used."""
    if not code_id:
        return None
    code = EnrolmentCode.objects.filter(pk=code_id, user=user).first()
    return code if code is not None and code.is_usable else None


@transaction.atomic
def enrol_with_code(request: HttpRequest | None, *, device: TOTPDevice, code: EnrolmentCode, token: str) -> bool:
    """Finish enrolment: the app's first code is right and the koppelcode is still usable; it is used up now."""
    locked = EnrolmentCode.objects.select_for_update().get(pk=code.pk)
    if not locked.is_usable or locked.user_id != device.user_id:
        return False
    if not two_factor.enrol(device, token):
        return False
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    with in_record_language():
        detail = _("Authenticator-app gekoppeld met koppelcode %(code)s") % {"code": locked.pk}
    log_access(
        request,
        user=device.user,
        action=AccessAction.CREATE,
        basis=BEHEER_BASIS,
        object_type="authenticator",
        object_id=device.pk,
        detail=detail,
    )
    return True
