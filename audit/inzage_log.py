"""The access history in the inzage export, summarised: who looked, from where, why, how often, since when.

A resident with a long-running dossier easily has thousands of log lines (issue 11 measured ~7,000),
and a PDF table of all of them took a minute to render and answers nobody's question. What a
resident (and the privacy officer checking for misuse) asks is:

- which organisations and professionals had my data, in which parts of the file, on which grounds,
  how often, and from when until when: a table per organisation, per professional, per section and
  per ground, each row with the count (and how many were changes) and the first and last access.
  One table per dimension rather than one row per combination: the rows stay as few as there are
  professionals, sections and grounds (a combined table had ~1,500 rows for 7,000 lines, and made
  the PDF as slow as the full list);
- was anything out of the ordinary: every break-the-glass access and every refused attempt, listed
  one by one with its explanation;
- what happened lately: the newest `LATEST_LINES` lines as they are.

All lines, complete, go in a CSV file next to the PDF (`history_csv`): a spreadsheet lets anyone
sort and filter thousands of lines, which a printed table does not. Everything here is aggregated
by the database or read as plain values, so its cost hardly grows with the number of lines.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.selectors import access_history
from dossiers.sections import Section
from residents.models import Inwoner

#: Newest lines shown as they are in the PDF; every line is in the CSV.
LATEST_LINES = 20
#: Break-the-glass and refused lines are all listed; this only guards the PDF against a flood of probes.
EXCEPTIONAL_LIMIT = 1000
#: The export is for a Dutch resident (like audit.inzage).
LANGUAGE = "nl"

_CHANGES = (AccessAction.CREATE, AccessAction.UPDATE)
_EXCEPTIONAL = Q(basis=AccessBasis.BREAK_THE_GLASS) | Q(action=AccessAction.DENIED)
_LINE_FIELDS = (
    "at",
    "action",
    "basis",
    "section",
    "object_type",
    "dossier_id",
    "detail",
    "user_id",
    "user__first_name",
    "user__last_name",
    "user__username",
    "user__role",
    "user__organisation",
)


@dataclass(frozen=True)
class Line:
    """One log line as the resident reads it."""

    at: datetime
    medewerker: str
    functie: str
    organisatie: str
    handeling: str
    grondslag: str
    onderdeel: str
    gegeven: str
    dossier: int | None
    toelichting: str


@dataclass(frozen=True)
class Total:
    """How often, and from when until when: for one organisation, professional, section or ground."""

    label: str
    #: For a professional: their organisation; for an organisation: how many of its professionals.
    detail: str
    #: For a professional: the grounds on which they had access.
    grounds: str
    count: int
    changes: int
    first: datetime
    last: datetime


class _Tally:
    """Adds up the database's groups (professional × section × ground) by one of the three."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}

    def add(self, key: str, row: dict[str, Any], *, user_id: int | None = None, ground: str = "") -> None:
        total = self.rows.setdefault(
            key,
            {"count": 0, "changes": 0, "first": row["first"], "last": row["last"], "users": set(), "grounds": set()},
        )
        total["count"] += row["count"]
        total["changes"] += row["changes"]
        total["first"] = min(total["first"], row["first"])
        total["last"] = max(total["last"], row["last"])
        total["users"].add(user_id)
        if ground:
            total["grounds"].add(ground)

    def totals(self, detail: Callable[[str, dict[str, Any]], str] = lambda key, total: "") -> list["Total"]:
        return [
            Total(
                label=key,
                detail=detail(key, total),
                grounds=", ".join(sorted(total["grounds"])),
                count=total["count"],
                changes=total["changes"],
                first=total["first"],
                last=total["last"],
            )
            for key, total in self.rows.items()
        ]


@dataclass(frozen=True)
class HistorySummary:
    total: int
    first: datetime | None
    last: datetime | None
    organisations: list[Total]
    professionals: list[Total]
    sections: list[Total]
    grounds: list[Total]
    exceptional: list[Line]
    exceptional_total: int
    latest: list[Line]
    latest_limit: int

    @property
    def latest_is_all(self) -> bool:
        return self.total <= self.latest_limit


def _labels(choices: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices}


def _own_organisation() -> str:
    return _("Wijkteam of gemeente")


class _Staff:
    """Names, roles and organisations of the staff in the lines, looked up once per export."""

    def __init__(self, user_ids: Iterable[int | None]) -> None:
        ids = {pk for pk in user_ids if pk is not None}
        self._rows = {
            row["id"]: row
            for row in User.objects.filter(pk__in=ids).values(
                "id", "first_name", "last_name", "username", "role", "organisation"
            )
        }
        self._roles = _labels(Role.choices)

    def describe(self, user_id: int | None) -> tuple[str, str, str]:
        row = self._rows.get(user_id) if user_id is not None else None
        if row is None:
            return _("systeem"), "", _own_organisation()
        return _person_of(
            row["first_name"], row["last_name"], row["username"], row["role"], row["organisation"], self._roles
        )


def _person_of(
    first_name: str, last_name: str, username: str, role: str, organisation: str, roles: dict[str, str]
) -> tuple[str, str, str]:
    name = f"{first_name} {last_name}".strip() or username
    return name, roles.get(role, role), organisation or _own_organisation()


def _lines(queryset: QuerySet[AccessLogEntry]) -> Iterator[Line]:
    """The lines as plain values; the explanation only of break-the-glass and refused lines, where it is the point."""
    actions, bases, sections, roles = (
        _labels(AccessAction.choices),
        _labels(AccessBasis.choices),
        _labels(Section.choices),
        _labels(Role.choices),
    )
    for row in queryset.values(*_LINE_FIELDS).iterator(chunk_size=2000):
        if row["user_id"] is None:
            who, role, organisation = _("systeem"), "", _own_organisation()
        else:
            who, role, organisation = _person_of(
                row["user__first_name"],
                row["user__last_name"],
                row["user__username"],
                row["user__role"],
                row["user__organisation"],
                roles,
            )
        yield Line(
            at=row["at"],
            medewerker=who,
            functie=role,
            organisatie=organisation,
            handeling=actions.get(row["action"], row["action"]),
            grondslag=bases.get(row["basis"], row["basis"]),
            onderdeel=sections.get(row["section"], "") if row["section"] else "",
            gegeven=row["object_type"],
            dossier=row["dossier_id"],
            toelichting=row["detail"]
            if row["basis"] == AccessBasis.BREAK_THE_GLASS or row["action"] == AccessAction.DENIED
            else "",
        )


def summarise(inwoner: Inwoner) -> HistorySummary:
    """The summary of everything `audit.selectors.access_history` holds for this person (five queries)."""
    with translation.override(LANGUAGE):
        history = access_history(inwoner)
        grouped = list(
            history.order_by()
            .values("user_id", "section", "basis")
            .annotate(
                first=Min("at"), last=Max("at"), count=Count("id"), changes=Count("id", filter=Q(action__in=_CHANGES))
            )
        )
        staff = _Staff(row["user_id"] for row in grouped)
        bases, sections = _labels(AccessBasis.choices), _labels(Section.choices)
        organisations, professionals, by_section, by_ground = _Tally(), _Tally(), _Tally(), _Tally()
        organisation_of: dict[str, str] = {}
        for row in grouped:
            who, role, organisation = staff.describe(row["user_id"])
            professional = f"{who} ({role})" if role else who
            ground = bases.get(row["basis"], row["basis"])
            organisation_of[professional] = organisation
            organisations.add(organisation, row, user_id=row["user_id"])
            professionals.add(professional, row, ground=ground)
            by_section.add(
                sections.get(row["section"], row["section"]) if row["section"] else _("Dossier of persoon als geheel"),
                row,
            )
            by_ground.add(ground, row)
        exceptional_queryset = history.filter(_EXCEPTIONAL)
        exceptional = list(_lines(exceptional_queryset[:EXCEPTIONAL_LIMIT]))
        exceptional_total = (
            len(exceptional) if len(exceptional) < EXCEPTIONAL_LIMIT else exceptional_queryset.order_by().count()
        )
        every = by_ground.totals()
        return HistorySummary(
            total=sum(total.count for total in every),
            first=min((total.first for total in every), default=None),
            last=max((total.last for total in every), default=None),
            organisations=sorted(
                organisations.totals(lambda key, total: str(len(total["users"]))), key=lambda total: total.label
            ),
            professionals=sorted(
                professionals.totals(lambda key, total: organisation_of[key]), key=lambda t: (t.detail, t.label)
            ),
            sections=sorted(by_section.totals(), key=by_count),
            grounds=sorted(every, key=by_count),
            exceptional=exceptional,
            exceptional_total=exceptional_total,
            latest=list(_lines(history[:LATEST_LINES])),
            latest_limit=LATEST_LINES,
        )


def by_count(total: Total) -> tuple[int, str]:
    return (-total.count, total.label)


def _cell(text: str) -> str:
    """Text a spreadsheet shows as text: a reason typed as "=..." must not become a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def history_csv(inwoner: Inwoner) -> bytes:
    """Every line of the access history, newest first, for a spreadsheet (Dutch Excel: ';' and a BOM)."""
    with translation.override(LANGUAGE):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            [
                _("tijdstip"),
                _("medewerker"),
                _("functie"),
                _("organisatie"),
                _("handeling"),
                _("grondslag"),
                _("onderdeel"),
                _("gegeven"),
                _("dossier"),
                _("toelichting (bij noodtoegang of weigering)"),
            ]
        )
        history = access_history(inwoner)
        for line in _lines(history):
            writer.writerow(
                [
                    timezone.localtime(line.at).strftime("%Y-%m-%d %H:%M:%S"),
                    _cell(line.medewerker),
                    _cell(line.functie),
                    _cell(line.organisatie),
                    line.handeling,
                    line.grondslag,
                    line.onderdeel,
                    _cell(line.gegeven),
                    "" if line.dossier is None else line.dossier,
                    _cell(line.toelichting),
                ]
            )
        return ("\ufeff" + out.getvalue()).encode("utf-8")
