"""Who is using Mijn Wijkteam: the DigiD login in the session, and whose data they look at now.

A resident is not a staff ``User``: the portal session holds only the BSN that DigiD (or the demo page)
proved, how it was proved, and which person the user chose to look at (themself or someone they
represent). Everything else is looked up on each request, so a withdrawn representation or a move out
of the household takes effect at once.

Logging in flushes the session (no staff login survives into a portal session, nor the other way round)
and sets a short idle time: at most 15 minutes without activity (Logius DigiD checklist). The idle
middleware renews the expiry at most once a minute, so the portal sets it a minute shorter.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.minors import allowed_scopes, may_log_in_themself
from portal.models import ALL_SCOPES, Representation
from residents.bsn import is_valid_bsn
from residents.models import Inwoner

BSN_KEY = "portal_bsn"
VIA_KEY = "portal_via"
ACTING_KEY = "portal_acting"
#: The value of ACTING_KEY when the user looks at their own data.
SELF = "zelf"


def idle_seconds() -> int:
    """The portal session's idle time: PORTAL_IDLE_SECONDS (at most 15 minutes) minus the renewal margin."""
    limit = min(int(getattr(settings, "PORTAL_IDLE_SECONDS", 15 * 60)), 15 * 60)
    return max(limit - int(getattr(settings, "SESSION_RENEW_AFTER", 60)), 60)


@dataclass(frozen=True)
class Principal:
    """The person logged in (by BSN), and whose data they look at now, with which parts allowed."""

    bsn: str
    via: str
    #: The logged-in person as a resident of the municipality; None for a representative from elsewhere.
    person: Inwoner | None
    #: Whose data the pages show now: the person themself, or someone they represent.
    subject: Inwoner | None
    #: None when the person looks at their own data.
    representation: Representation | None
    scopes: frozenset[str]

    @property
    def is_self(self) -> bool:
        return self.representation is None

    @property
    def basis(self) -> str:
        from audit.models import AccessBasis

        return AccessBasis.INWONER_ZELF if self.is_self else AccessBasis.VERTEGENWOORDIGER

    def describe(self) -> str:
        """Who reads, for the access log: never a BSN, only our own ids."""
        if self.representation is None:
            return f"inwoner {self.subject.pk if self.subject else '?'} zelf"
        representation = self.representation
        return (
            f"vertegenwoordiger {representation.pk} ({representation.kind}, {representation.representative_name}) "
            f"voor inwoner {representation.represented_id}"
        )

    def describe_for_people(self) -> str:
        """Who asked or did something, in words for staff and the resident."""
        if self.representation is None:
            return str(self.subject) if self.subject else ""
        return str(
            _("%(name)s (%(kind)s) namens %(who)s")
            % {
                "name": self.representation.representative_name,
                "kind": self.representation.get_kind_display(),
                "who": self.subject,
            }
        )


def login_resident(request: HttpRequest, bsn: str, via: str) -> None:
    """Start a portal session for whoever DigiD (or the demo page) proved holds `bsn`."""
    if not is_valid_bsn(bsn):
        raise ValueError("not a BSN")
    request.session.flush()
    request.session[BSN_KEY] = bsn
    request.session[VIA_KEY] = via
    request.session[ACTING_KEY] = SELF
    request.session.set_expiry(idle_seconds())


def logout_resident(request: HttpRequest) -> None:
    request.session.flush()


def logged_in_bsn(request: HttpRequest) -> str | None:
    session = getattr(request, "session", None)
    if session is None:
        return None
    bsn = session.get(BSN_KEY)
    return bsn if isinstance(bsn, str) and is_valid_bsn(bsn) else None


def representations_of(bsn: str) -> list[Representation]:
    """The active representations the person with `bsn` holds, newest first."""
    today = timezone.localdate()
    rows = (
        Representation.objects.filter(representative_bsn=bsn, revoked_at__isnull=True)
        .select_related("represented")
        .order_by("-created_at", "-pk")
    )
    return [row for row in rows if row.is_active_on(today)]


def scopes_for(representation: Representation) -> frozenset[str]:
    today = timezone.localdate()
    return allowed_scopes(
        representation.kind,
        representation.represented.age_on(today),
        representation.scope_set,
        representation.child_agreed_on is not None,
    )


def current_principal(request: HttpRequest) -> Principal | None:
    """The portal user of this request, or None when nobody is logged in to the portal."""
    cached = getattr(request, "_portal_principal", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    bsn = logged_in_bsn(request)
    if bsn is None:
        return None
    via = str(request.session.get(VIA_KEY, ""))
    person = Inwoner.objects.filter(bsn=bsn).select_related("buurt").first()
    acting = request.session.get(ACTING_KEY, SELF)
    principal: Principal
    if acting != SELF:
        representation = next((row for row in representations_of(bsn) if str(row.pk) == str(acting)), None)
        if representation is None:
            # Withdrawn or ended since it was chosen: back to the person's own data.
            request.session[ACTING_KEY] = SELF
        else:
            principal = Principal(
                bsn=bsn,
                via=via,
                person=person,
                subject=representation.represented,
                representation=representation,
                scopes=scopes_for(representation),
            )
            request._portal_principal = principal  # type: ignore[attr-defined]
            return principal
    own = person is not None and may_log_in_themself(person.age_on(timezone.localdate()))
    principal = Principal(
        bsn=bsn,
        via=via,
        person=person,
        subject=person if own else None,
        representation=None,
        scopes=ALL_SCOPES if own else frozenset(),
    )
    request._portal_principal = principal  # type: ignore[attr-defined]
    return principal


def act_for(request: HttpRequest, representation_id: str) -> bool:
    """Look at the data of someone the user represents (or SELF); False when that is not theirs to choose."""
    bsn = logged_in_bsn(request)
    if bsn is None:
        return False
    if representation_id != SELF and not any(str(row.pk) == representation_id for row in representations_of(bsn)):
        return False
    request.session[ACTING_KEY] = representation_id
    request.__dict__.pop("_portal_principal", None)
    return True
