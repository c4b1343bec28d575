"""Read queries for the outreach work, always within the user's own team(s).

A casus is not part of a dossier (nobody asked for help yet): the Wgs (art. 3) lets the municipality process the
signal to offer help, and the team of the casus does that work. So a generalist or teamleider sees the casussen of
the teams they are an active member of; anyone else gets 404 and a line in the access log, like a dossier.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, F, IntegerField, Prefetch, QuerySet, Sum, Value, When
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import log_denied
from deadlines.atw import AtwCalendar
from deadlines.terms import DeadlineState
from dossiers.models import Dossier
from dossiers.selectors import active_team_ids, deadline_state, dossier_access
from dossiers.services import open_dossier_for
from vroegsignalering.models import CasusOutcome, SignaalCasus, Vroegsignaal


def team_casussen(user: User) -> QuerySet[SignaalCasus]:
    """Every casus (open or closed) of the teams `user` is an active member of."""
    return SignaalCasus.objects.filter(team_id__in=active_team_ids(user))


def worklist(user: User) -> QuerySet[SignaalCasus]:
    """The open casussen of the user's teams, most pressing first.

    Stacked first (more signals from more creditors: the household is deeper in trouble), then a threatening
    situation (eviction, disconnection: the 3-working-day world of Wgs art. 4a), then the contact norm's due date.
    The signals and their partners come in two more queries, however long the list.
    """
    return (
        team_casussen(user)
        .filter(outcome=CasusOutcome.OPEN)
        .select_related("assigned_to", "wijk", "team")
        .annotate(
            total_arrears=Sum("signalen__arrears_amount"),
            threat_rank=Case(When(threat="", then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .prefetch_related(
            Prefetch("signalen", queryset=Vroegsignaal.objects.select_related("partner").order_by("reported_on", "pk"))
        )
        .order_by("-signal_count", "threat_rank", F("contact_due").asc(nulls_last=True), "opened_at", "pk")
    )


def get_casus(request: HttpRequest, pk: int) -> SignaalCasus:
    """The casus `pk` if it belongs to one of the user's teams; else 404 and a logged refusal."""
    user = request.user
    assert isinstance(user, User)
    casus = (
        team_casussen(user)
        .select_related("huishouden", "team", "wijk", "assigned_to", "outcome_by", "melding__dossier")
        .filter(pk=pk)
        .first()
    )
    if casus is None:
        log_denied(request, object_type="signaalcasus", object_id=pk, detail="niet van een eigen team")
        raise Http404(_("Deze casus bestaat niet of u heeft er geen toegang toe."))
    return casus


def household_dossier(user: User, casus: SignaalCasus) -> Dossier | None:
    """The household's dossier to link to: the melding's, else the open one; only when `user` may open it."""
    if casus.melding is not None:
        dossier: Dossier | None = casus.melding.dossier
    elif casus.huishouden is not None:
        dossier = open_dossier_for(casus.huishouden)
    else:
        dossier = None
    if dossier is None or dossier_access(user, dossier) is None:
        return None
    return dossier


@dataclass(frozen=True)
class CasusRow:
    """One worklist row, its cells made here (not by template lookups per cell)."""

    casus: SignaalCasus
    partners: str
    kinds: str
    total_arrears: Decimal
    contact_due: date | None
    days_left: int | None
    #: The contact norm's state, as on the dossier worklists: on time, about to expire (5 working days), expired.
    state: DeadlineState | None

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


#: The werknorm the contact due date stands for (vroegsignalering.norms sets `contact_due`).
CONTACT_NORM = "NORM_VROEGSIGNAAL_CONTACT"


def worklist_rows(casussen: list[SignaalCasus], today: date, calendar: AtwCalendar) -> list[CasusRow]:
    rows = []
    for casus in casussen:
        signals = list(casus.signalen.all())
        due = casus.contact_due if casus.contacted_on is None else None
        rows.append(
            CasusRow(
                casus=casus,
                partners=", ".join(dict.fromkeys(signal.partner.name for signal in signals)),
                kinds=", ".join(dict.fromkeys(str(signal.get_kind_display()) for signal in signals)),
                total_arrears=getattr(casus, "total_arrears", None) or Decimal("0"),
                contact_due=casus.contact_due,
                days_left=(due - today).days if due else None,
                state=deadline_state(due, CONTACT_NORM, today, calendar),
            )
        )
    return rows
