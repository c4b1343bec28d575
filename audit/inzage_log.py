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

All lines, complete, go in a CSV file next to the PDF: a spreadsheet lets anyone sort and filter
thousands of lines, which a printed table does not. `read_history` reads the lines once, as plain
values with their author (one query), writes each to the CSV and counts it in its group; the tables
are added up from the groups. So the number of queries does not grow with the lines, and the PDF's
rows grow only with the professionals, sections and grounds, not with the lines.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role
from audit.models import AccessAction, AccessBasis
from audit.selectors import access_history
from core.spreadsheets import spreadsheet_text
from dossiers.sections import Section
from residents.models import Inwoner

#: Newest lines shown as they are in the PDF; every line is in the CSV (each PDF row costs WeasyPrint ~10 ms).
LATEST_LINES = 10
#: Break-the-glass and refused lines are all listed; this only guards the PDF against a flood of probes.
EXCEPTIONAL_LIMIT = 1000
#: The export is for a Dutch resident (like audit.inzage).
LANGUAGE = "nl"

_CHANGES = (AccessAction.CREATE, AccessAction.UPDATE)
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


def _person_of(
    first_name: str, last_name: str, username: str, role: str, organisation: str, roles: dict[str, str]
) -> tuple[str, str, str]:
    name = f"{first_name} {last_name}".strip() or username
    return name, roles.get(role, role), organisation or _own_organisation()


def _is_exceptional(row: dict[str, Any]) -> bool:
    return row["basis"] == AccessBasis.BREAK_THE_GLASS or row["action"] == AccessAction.DENIED


class _Reader:
    """Turns the database's rows into what the resident reads; labels and staff looked up once per export."""

    def __init__(self) -> None:
        self.actions = _labels(AccessAction.choices)
        self.bases = _labels(AccessBasis.choices)
        self.sections = _labels(Section.choices)
        self.roles = _labels(Role.choices)
        self.system = (_("systeem"), "", _own_organisation())
        #: user id -> (name, function, organisation); None for lines written by the system.
        self.staff: dict[int | None, tuple[str, str, str]] = {None: self.system}

    def who(self, row: dict[str, Any]) -> tuple[str, str, str]:
        user_id = row["user_id"]
        known = self.staff.get(user_id)
        if known is None:
            known = self.staff[user_id] = _person_of(
                row["user__first_name"],
                row["user__last_name"],
                row["user__username"],
                row["user__role"],
                row["user__organisation"],
                self.roles,
            )
        return known

    def line(self, row: dict[str, Any]) -> Line:
        """The explanation only of break-the-glass and refused lines, where it is the point."""
        who, role, organisation = self.who(row)
        return Line(
            at=row["at"],
            medewerker=who,
            functie=role,
            organisatie=organisation,
            handeling=self.actions.get(row["action"], row["action"]),
            grondslag=self.bases.get(row["basis"], row["basis"]),
            onderdeel=self.sections.get(row["section"], "") if row["section"] else "",
            gegeven=row["object_type"],
            dossier=row["dossier_id"],
            toelichting=row["detail"] if _is_exceptional(row) else "",
        )


def _rows(inwoner: Inwoner) -> Iterator[dict[str, Any]]:
    """Every line of `audit.selectors.access_history` as plain values, newest first, with its author: one query."""
    return access_history(inwoner).values(*_LINE_FIELDS).iterator(chunk_size=2000)


@dataclass(frozen=True)
class History:
    """The summary for the PDF and every line as CSV, read in one pass over the lines."""

    summary: HistorySummary
    csv: bytes


def _csv_header() -> list[str]:
    return [
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


def read_history(inwoner: Inwoner, *, with_csv: bool = True) -> History:
    """Everything `audit.selectors.access_history` holds for this person, read once: one query, however many lines.

    Every line goes to the CSV as it is read, and is counted in its group (professional x section x
    ground: a handful of groups for thousands of lines), from which the four tables are added up. The
    newest lines, and every break-the-glass and refused line, are kept as they are. Before, the database
    was asked four times over the same lines (the groups, the exceptions, the newest, the CSV).
    """
    with translation.override(LANGUAGE):
        reader = _Reader()
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        if with_csv:
            out.write("\ufeff")
            writer.writerow(_csv_header())
        groups: dict[tuple[int | None, str, str], dict[str, Any]] = {}
        exceptional: list[Line] = []
        exceptional_total = 0
        latest: list[Line] = []
        latest_limit = LATEST_LINES
        csv_staff: dict[int | None, tuple[str, str, str]] = {}
        tz = timezone.get_current_timezone()
        for row in _rows(inwoner):
            at = row["at"]
            key = (row["user_id"], row["section"], row["basis"])
            change = row["action"] in _CHANGES
            group = groups.get(key)
            if group is None:
                groups[key] = {"count": 1, "changes": int(change), "first": at, "last": at}
                reader.who(row)  # every author is known for the tables, also without the CSV
            else:
                group["count"] += 1
                group["changes"] += change
                group["first"] = min(group["first"], at)
                group["last"] = max(group["last"], at)
            exception = _is_exceptional(row)
            if exception:
                exceptional_total += 1
                if len(exceptional) < EXCEPTIONAL_LIMIT:
                    exceptional.append(reader.line(row))
            if len(latest) < latest_limit:
                latest.append(reader.line(row))
            if not with_csv:
                continue
            person = csv_staff.get(row["user_id"])
            if person is None:
                who, role, organisation = reader.who(row)
                person = csv_staff[row["user_id"]] = (
                    spreadsheet_text(who),
                    spreadsheet_text(role),
                    spreadsheet_text(organisation),
                )
            writer.writerow(
                (
                    at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"),
                    *person,
                    reader.actions.get(row["action"], row["action"]),
                    reader.bases.get(row["basis"], row["basis"]),
                    reader.sections.get(row["section"], "") if row["section"] else "",
                    spreadsheet_text(row["object_type"]),
                    "" if row["dossier_id"] is None else row["dossier_id"],
                    spreadsheet_text(row["detail"]) if exception else "",
                )
            )
        summary = _summary(groups, reader, exceptional, exceptional_total, latest, latest_limit)
        return History(summary=summary, csv=out.getvalue().encode("utf-8") if with_csv else b"")


def _summary(
    groups: dict[tuple[int | None, str, str], dict[str, Any]],
    reader: _Reader,
    exceptional: list[Line],
    exceptional_total: int,
    latest: list[Line],
    latest_limit: int,
) -> HistorySummary:
    organisations, professionals, by_section, by_ground = _Tally(), _Tally(), _Tally(), _Tally()
    organisation_of: dict[str, str] = {}
    for (user_id, section, basis), row in groups.items():
        who, role, organisation = reader.staff[user_id]
        professional = f"{who} ({role})" if role else who
        ground = reader.bases.get(basis, basis)
        organisation_of[professional] = organisation
        organisations.add(organisation, row, user_id=user_id)
        professionals.add(professional, row, ground=ground)
        by_section.add(reader.sections.get(section, section) if section else _("Dossier of persoon als geheel"), row)
        by_ground.add(ground, row)
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
        latest=latest,
        latest_limit=latest_limit,
    )


def summarise(inwoner: Inwoner) -> HistorySummary:
    """The summary of the person's access history (for the PDF), without making the CSV."""
    return read_history(inwoner, with_csv=False).summary


def by_count(total: Total) -> tuple[int, str]:
    return (-total.count, total.label)


def history_csv(inwoner: Inwoner) -> bytes:
    """Every line of the access history, newest first, for a spreadsheet (Dutch Excel: ';' and a BOM)."""
    return read_history(inwoner).csv
