"""Wie keek in mijn gegevens: the access log about a resident, in words the resident understands.

Which lines: every line about the dossiers of the households the person is a member of now (a household
dossier is about every member), and the lines about the person themself (their record, an inzage export).
Left out, and the page says so:

- the person's own reads in Mijn Wijkteam (basis "inwoner zelf"): they know they looked;
- refused attempts (action "denied"): nobody saw anything, and a refusal names no part that was shown.
  The privacy officer sees them in the full log.

A page of lines is read in a fixed number of queries: the lines with their staff member, the teams of those
staff members, the representations named in representatives' lines and the emergency accesses in the
page's time window. Consecutive lines of the same person, part, action, ground and day become one line
("3 keer"), so a busy morning of one regisseur is one line.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.selectors import PERSON_OBJECT_TYPES
from consent.models import BreakGlass
from dossiers.sections import Section
from organisation.models import TeamMembership
from portal.access import portal_dossier_ids
from portal.models import Representation
from portal.principal import Principal

#: Lines the history leaves out: the person's own reads and refused attempts.
LEFT_OUT_BASES = (AccessBasis.INWONER_ZELF, AccessBasis.NONE)

_REPRESENTATIVE = re.compile(r"^vertegenwoordiger (\d+) ")


def ground_text(basis: str) -> str:
    """Why someone could look, as a resident would say it."""
    words = {
        AccessBasis.REGISSEUR: _("uw regisseur"),
        AccessBasis.BETROKKEN: _("een medewerker die bij u betrokken is"),
        AccessBasis.TEAM_TRIAGE: _("een teamlid dat uw aanmelding bekeek om de hulp te verdelen"),
        AccessBasis.TEAMLEIDER: _("de teamleider van het team"),
        AccessBasis.REGISTRATIE: _("een medewerker die uw melding vastlegde"),
        AccessBasis.CONSULTATIE: _("een specialist die erbij is gehaald (consultatie)"),
        AccessBasis.TOESTEMMING: _("met uw toestemming"),
        AccessBasis.WETTELIJK: _("wettelijke plicht (zonder uw toestemming)"),
        AccessBasis.BREAK_THE_GLASS: _("noodtoegang"),
        AccessBasis.PRIVACY_TOEZICHT: _("toezicht door de privacyfunctionaris"),
        AccessBasis.BEHEER: _("beheer van het systeem"),
        AccessBasis.GEAGGREGEERD: _("cijfers zonder namen (monitor)"),
        AccessBasis.VERTEGENWOORDIGER: _("iemand die namens u mag meekijken"),
    }
    return str(words.get(basis, _("onbekend")))  # type: ignore[call-overload]


def action_text(action: str) -> str:
    words = {
        AccessAction.VIEW: _("Bekeken"),
        AccessAction.CREATE: _("Iets nieuws vastgelegd"),
        AccessAction.UPDATE: _("Gewijzigd"),
        AccessAction.SEARCH: _("Opgezocht"),
    }
    return str(words.get(action, _("Bekeken")))  # type: ignore[call-overload]


def part_text(entry: AccessLogEntry) -> str:
    """Which part: the dossier section, else what kind of record it was."""
    if entry.section in Section.values:
        return str(Section(entry.section).label)
    kinds = {
        "inzage": _("Een kopie van al uw gegevens (inzage)"),
        "inwoner": _("Uw persoonsgegevens"),
        "toestemming": _("Uw toestemmingen"),
        "consultatie": _("Wie meekijkt in uw dossier"),
        "noodtoegang": _("Noodtoegang tot uw dossier"),
        "verstrekking": _("Gegevens gedeeld met een andere organisatie"),
    }
    return str(kinds.get(entry.object_type, _("Uw dossier")))


def history_entries(principal: Principal) -> QuerySet[AccessLogEntry]:
    """The lines the resident sees, newest first (two index lookups combined, as audit.selectors does)."""
    subject = principal.subject
    if subject is None:
        return AccessLogEntry.objects.none()
    by_dossier = AccessLogEntry.objects.filter(dossier_id__in=portal_dossier_ids(principal))
    by_person = AccessLogEntry.objects.filter(object_type__in=PERSON_OBJECT_TYPES, object_id=str(subject.pk))
    about = Q(pk__in=by_dossier.order_by().values("pk").union(by_person.order_by().values("pk")))
    return (
        AccessLogEntry.objects.filter(about)
        .exclude(basis__in=LEFT_OUT_BASES)
        .exclude(action=AccessAction.DENIED)
        .select_related("user")
        .order_by("-at", "-id")
    )


@dataclass
class HistoryLine:
    """One line on the page: one log line, or several alike in a row (`count`)."""

    entry: AccessLogEntry
    who: str
    organisation: str
    part: str
    what: str
    ground: str
    first_at: datetime
    count: int = 1
    is_break_glass: bool = False
    break_glass_reason: str = ""
    key: tuple[object, ...] = field(default=(), repr=False)

    @property
    def at(self) -> datetime:
        return self.entry.at


def _who_key(entry: AccessLogEntry) -> tuple[object, ...]:
    match = _REPRESENTATIVE.match(entry.detail or "")
    return (
        ("user", entry.user_id) if entry.user_id is not None else ("vertegenwoordiger", match.group(1) if match else "")
    )


def lines_for(entries: list[AccessLogEntry]) -> list[HistoryLine]:
    """The page's lines in words, alike lines in a row taken together; a bounded number of queries."""
    user_ids = {entry.user_id for entry in entries if entry.user_id is not None}
    teams: dict[int, str] = {}
    if user_ids:
        today = timezone.localdate()
        memberships = (
            TeamMembership.objects.filter(user_id__in=user_ids)
            .filter(Q(end__isnull=True) | Q(end__gte=today))
            .select_related("team")
            .order_by("pk")
        )
        for membership in memberships:
            teams.setdefault(membership.user_id, membership.home_organisation or membership.team.name)
    representation_ids = {
        int(match.group(1))
        for entry in entries
        if entry.user_id is None and (match := _REPRESENTATIVE.match(entry.detail or ""))
    }
    representations = {row.pk: row for row in Representation.objects.filter(pk__in=representation_ids)}
    glass = [entry for entry in entries if entry.basis == AccessBasis.BREAK_THE_GLASS]
    accesses: list[BreakGlass] = []
    if glass:
        accesses = list(
            BreakGlass.objects.filter(
                user_id__in={entry.user_id for entry in glass},
                dossier_id__in={entry.dossier_id for entry in glass},
                started_at__lte=max(entry.at for entry in glass),
                expires_at__gte=min(entry.at for entry in glass),
            ).only("user_id", "dossier_id", "reason", "started_at", "expires_at")
        )
    lines: list[HistoryLine] = []
    for entry in entries:
        who_key = _who_key(entry)
        key = (who_key, entry.section, entry.object_type, entry.action, entry.basis, timezone.localdate(entry.at))
        if lines and lines[-1].key == key:
            lines[-1].count += 1
            lines[-1].first_at = entry.at
            continue
        if entry.user is not None:
            who = entry.user.get_full_name() or _("Een medewerker")
            organisation = entry.user.organisation or teams.get(entry.user.pk, "")
        elif who_key[0] == "vertegenwoordiger" and who_key[1] and int(str(who_key[1])) in representations:
            representation = representations[int(str(who_key[1]))]
            who = representation.representative_name
            organisation = str(representation.get_kind_display())
        else:
            who, organisation = _("Het systeem van het wijkteam"), ""
        reason = ""
        if entry.basis == AccessBasis.BREAK_THE_GLASS:
            reason = next(
                (
                    access.reason
                    for access in accesses
                    if access.user_id == entry.user_id
                    and access.dossier_id == entry.dossier_id
                    and access.started_at <= entry.at <= access.expires_at
                ),
                "",
            )
        lines.append(
            HistoryLine(
                entry=entry,
                who=str(who),
                organisation=organisation,
                part=part_text(entry),
                what=action_text(entry.action),
                ground=ground_text(entry.basis),
                first_at=entry.at,
                is_break_glass=entry.basis == AccessBasis.BREAK_THE_GLASS,
                break_glass_reason=reason,
                key=key,
            )
        )
    return lines
