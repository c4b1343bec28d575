"""The catalogue of legal terms and the deadlines computed from them.

Pure Python (no Django), like ``deadlines.atw``. Each term carries its legal basis so
the platform can show *why* a date is the deadline, not just the date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum

from deadlines.atw import (
    AtwCalendar,
    TermEnd,
    default_calendar,
    end_of_term,
    end_of_working_day_term,
)

# A deadline this many working days away (or fewer) is shown as "dreigt te verlopen".
WARNING_WORKING_DAYS = 5


class DeadlineError(ValueError):
    """A deadline operation the law (or the platform norm) does not allow."""


class UnknownTerm(DeadlineError):
    pass


class TermNotPostponable(DeadlineError):
    pass


class PostponementTooLong(DeadlineError):
    pass


class PostponementReasonMissing(DeadlineError):
    pass


class PostponementTooLate(DeadlineError):
    pass


def _duration(amount: int, singular: str, plural: str) -> str:
    return f"{amount} {singular if amount == 1 else plural}"


@dataclass(frozen=True)
class LegalTerm:
    """A term set by law or by a standard, counted from an event (``counted_from``).

    A term is either in calendar time (``weeks``/``days``, Atw applies) or in
    ``working_days`` (iStandaarden, Wgs). ``max_postponement_weeks`` None means the term
    cannot be postponed at all.
    """

    code: str
    label: str
    basis: str
    weeks: int = 0
    days: int = 0
    working_days: int = 0
    max_postponement_weeks: int | None = None
    postponement_basis: str = ""
    counted_from: str = ""

    def __post_init__(self) -> None:
        if min(self.weeks, self.days, self.working_days) < 0:
            raise ValueError(f"{self.code}: a term cannot be negative")
        calendar_length = 7 * self.weeks + self.days
        if (calendar_length > 0) == (self.working_days > 0):
            raise ValueError(f"{self.code}: give either weeks/days or working_days")
        if self.max_postponement_weeks is not None:
            if self.working_days:
                raise ValueError(f"{self.code}: working-day terms cannot be postponed")
            if self.max_postponement_weeks <= 0:
                raise ValueError(f"{self.code}: use None for a term that cannot be postponed")
            if not self.postponement_basis:
                raise ValueError(f"{self.code}: a postponable term needs its legal basis")

    @property
    def is_working_day_term(self) -> bool:
        return self.working_days > 0

    @property
    def is_postponable(self) -> bool:
        return self.max_postponement_weeks is not None

    @property
    def duration_label(self) -> str:
        """The length as the law words it, e.g. "6 weken", "7 dagen", "3 werkdagen"."""
        if self.working_days:
            return _duration(self.working_days, "werkdag", "werkdagen")
        parts = []
        if self.weeks:
            parts.append(_duration(self.weeks, "week", "weken"))
        if self.days:
            parts.append(_duration(self.days, "dag", "dagen"))
        return " en ".join(parts)


#: A statutory term (Wmo 2015 art. 2.3.5 lid 2) is postponed under Awb 4:14 lid 1; lid 3 is for a
#: decision without a statutory term, i.e. the eight weeks of Awb 4:13 lid 2 (Jeugdwet, Participatiewet).
_AWB_4_14_LID_1 = "Awb art. 4:14 lid 1 (tijdige mededeling aan de aanvrager met een zo kort mogelijke nieuwe termijn)"
_AWB_4_14_LID_3 = "Awb art. 4:14 lid 3 (tijdige mededeling aan de aanvrager met een redelijke nieuwe termijn)"
_AWB_7_10_LID_3 = "Awb art. 7:10 lid 3"

WMO_ONDERZOEK = LegalTerm(
    code="WMO_ONDERZOEK",
    label="Onderzoek na melding",
    basis="Wmo 2015 art. 2.3.2 lid 1",
    weeks=6,
    # The Wmo has no postponement rule; case law accepts a longer onderzoek only in
    # agreement with the resident. Platform cap, always with a recorded reason.
    max_postponement_weeks=6,
    postponement_basis="in overleg met de inwoner (Wmo 2015 art. 2.3.2)",
    counted_from="de melding",
)
WMO_PERSOONLIJK_PLAN = LegalTerm(
    code="WMO_PERSOONLIJK_PLAN",
    label="Persoonlijk plan indienen",
    basis="Wmo 2015 art. 2.3.2 lid 2",
    days=7,
    counted_from="de melding",
)
WMO_BESCHIKKING = LegalTerm(
    code="WMO_BESCHIKKING",
    label="Beschikking op aanvraag (Wmo)",
    basis="Wmo 2015 art. 2.3.5 lid 2",
    weeks=2,
    # Awb 4:14 sets no maximum ("zo kort mogelijk"); the cap is a platform norm.
    max_postponement_weeks=6,
    postponement_basis=_AWB_4_14_LID_1,
    counted_from="ontvangst van de aanvraag",
)
AWB_BESCHIKKING = LegalTerm(
    code="AWB_BESCHIKKING",
    label="Beschikking op aanvraag (Jeugdwet, Participatiewet)",
    basis="Awb art. 4:13 lid 2",
    weeks=8,
    # Awb 4:14 sets no maximum ("zo kort mogelijk"); the cap is a platform norm.
    max_postponement_weeks=8,
    postponement_basis=_AWB_4_14_LID_3,
    counted_from="ontvangst van de aanvraag",
)
PW_VOORSCHOT = LegalTerm(
    code="PW_VOORSCHOT",
    label="Voorschot op bijstand",
    basis="Participatiewet art. 52 lid 1",
    weeks=4,
    counted_from="de aanvraag",
)
AWB_BEZWAARTERMIJN = LegalTerm(
    code="AWB_BEZWAARTERMIJN",
    label="Bezwaartermijn",
    basis="Awb art. 6:7 en 6:8 lid 1",
    weeks=6,
    counted_from="bekendmaking (verzending) van het besluit",
)
AWB_BESLISSING_OP_BEZWAAR = LegalTerm(
    code="AWB_BESLISSING_OP_BEZWAAR",
    label="Beslissing op bezwaar",
    basis="Awb art. 7:10 lid 1",
    weeks=6,
    max_postponement_weeks=6,
    postponement_basis=_AWB_7_10_LID_3,
    counted_from="afloop van de bezwaartermijn",
)
AWB_BESLISSING_OP_BEZWAAR_COMMISSIE = LegalTerm(
    code="AWB_BESLISSING_OP_BEZWAAR_COMMISSIE",
    label="Beslissing op bezwaar (met adviescommissie)",
    basis="Awb art. 7:10 lid 1",
    weeks=12,
    max_postponement_weeks=6,
    postponement_basis=_AWB_7_10_LID_3,
    counted_from="afloop van de bezwaartermijn",
)
ISTD_RETOUR = LegalTerm(
    code="ISTD_RETOUR",
    label="Retourbericht",
    basis="iStandaarden iWmo/iJw, OP090",
    working_days=3,
    counted_from="ontvangst van het bericht",
)
ISTD_ANTWOORD_VERZOEK = LegalTerm(
    code="ISTD_ANTWOORD_VERZOEK",
    label="Antwoord op verzoek om toewijzing of wijziging (315/317)",
    basis="iStandaarden iWmo/iJw, OP274/OP346",
    working_days=5,
    counted_from="ontvangst van het verzoek",
)
ISTD_START_STOP = LegalTerm(
    code="ISTD_START_STOP",
    label="Start- of stopbericht zorg (305/307)",
    basis="iStandaarden iWmo/iJw, OP271/OP272",
    working_days=5,
    counted_from="de start of het einde van de zorg",
)
ISTD_ANTWOORD_DECLARATIE = LegalTerm(
    code="ISTD_ANTWOORD_DECLARATIE",
    label="Antwoord op declaratie (323/325)",
    basis="iStandaarden iWmo/iJw, declaratieproces",
    working_days=10,
    counted_from="ontvangst van de declaratie",
)
WGS_EERSTE_GESPREK = LegalTerm(
    code="WGS_EERSTE_GESPREK",
    label="Eerste gesprek schuldhulpverlening",
    basis="Wgs art. 4a lid 1",
    weeks=4,
    counted_from="de hulpvraag",
)
WGS_EERSTE_GESPREK_DREIGEND = LegalTerm(
    code="WGS_EERSTE_GESPREK_DREIGEND",
    label="Eerste gesprek schuldhulpverlening bij dreigende situatie",
    basis="Wgs art. 4a lid 2",
    working_days=3,
    counted_from="de hulpvraag",
)

TERMS: dict[str, LegalTerm] = {
    term.code: term
    for term in (
        WMO_ONDERZOEK,
        WMO_PERSOONLIJK_PLAN,
        WMO_BESCHIKKING,
        AWB_BESCHIKKING,
        PW_VOORSCHOT,
        AWB_BEZWAARTERMIJN,
        AWB_BESLISSING_OP_BEZWAAR,
        AWB_BESLISSING_OP_BEZWAAR_COMMISSIE,
        ISTD_RETOUR,
        ISTD_ANTWOORD_VERZOEK,
        ISTD_START_STOP,
        ISTD_ANTWOORD_DECLARATIE,
        WGS_EERSTE_GESPREK,
        WGS_EERSTE_GESPREK_DREIGEND,
    )
}


def get_term(code: str) -> LegalTerm:
    try:
        return TERMS[code]
    except KeyError:
        raise UnknownTerm(f"Onbekende termijn: {code!r}.") from None


class DeadlineState(str, Enum):
    OP_TIJD = "op_tijd"
    DREIGT_TE_VERLOPEN = "dreigt_te_verlopen"
    VERLOPEN = "verlopen"
    GEHAALD = "gehaald"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS: dict[DeadlineState, str] = {
    DeadlineState.OP_TIJD: "op tijd",
    DeadlineState.DREIGT_TE_VERLOPEN: "dreigt te verlopen",
    DeadlineState.VERLOPEN: "verlopen",
    DeadlineState.GEHAALD: "gehaald",
}


def _term_end(term: LegalTerm, start: date, extra_weeks: int, calendar: AtwCalendar | None) -> TermEnd:
    if term.is_working_day_term:
        return end_of_working_day_term(start, term.working_days, calendar)
    return end_of_term(start, weeks=term.weeks + extra_weeks, days=term.days, calendar=calendar)


@dataclass(frozen=True)
class Deadline:
    """A term applied to a start date. Immutable: every change returns a new Deadline."""

    term: LegalTerm
    start: date
    due: date
    adjustments: tuple[str, ...]
    met_on: date | None = None
    postponed_weeks: int = 0
    postponement_reason: str = ""

    @property
    def nominal_end(self) -> date:
        """The end before Atw moved it; for working-day terms, Monday-to-Friday counting."""
        if self.term.is_working_day_term:
            return end_of_working_day_term(self.start, self.term.working_days).nominal_end
        weeks = self.term.weeks + self.postponed_weeks
        return self.start + timedelta(days=7 * weeks + self.term.days)

    @property
    def met_late(self) -> bool:
        return self.met_on is not None and self.met_on > self.due

    def state(self, today: date, calendar: AtwCalendar | None = None) -> DeadlineState:
        """Where the deadline stands on ``today``.

        A deadline met after its due date stays VERLOPEN, also after it was met: the term
        was missed, and that has legal effect (Wmo 2.3.2 lid 9 allows an aanvraag without
        onderzoek; Awb 4:17 dwangsom; reporting). Only a timely act counts as GEHAALD.
        """
        if self.met_on is not None:
            return DeadlineState.VERLOPEN if self.met_late else DeadlineState.GEHAALD
        if today > self.due:
            return DeadlineState.VERLOPEN
        cal = calendar or default_calendar()
        if cal.working_days_between(today, self.due) <= WARNING_WORKING_DAYS:
            return DeadlineState.DREIGT_TE_VERLOPEN
        return DeadlineState.OP_TIJD

    def postpone(
        self,
        weeks: int,
        reason: str,
        calendar: AtwCalendar | None = None,
        *,
        decided_on: date | None = None,
    ) -> Deadline:
        """Postpone by ``weeks``, counted from the original nominal end, then apply Atw.

        Counting from the nominal end (not the Atw-extended end) never gives a later day
        than the law allows. Postponements add up against the maximum; every one needs a
        reason. With ``decided_on`` the postponement must be made before the term expired,
        as Awb 4:14 and 7:10 lid 3 require.
        """
        if not self.term.is_postponable:
            raise TermNotPostponable(f"De termijn '{self.term.label}' ({self.term.basis}) kan niet worden verdaagd.")
        if self.met_on is not None:
            raise DeadlineError("Een termijn die al is gehaald kan niet meer worden verdaagd.")
        if weeks <= 0:
            raise DeadlineError("Verdaag met ten minste één week.")
        if not reason.strip():
            raise PostponementReasonMissing("Geef de reden van de verdaging op.")
        if decided_on is not None and decided_on > self.due:
            raise PostponementTooLate(
                f"De termijn is op {self.due.isoformat()} verstreken; verdagen kan alleen binnen de termijn."
            )
        total = self.postponed_weeks + weeks
        maximum = self.term.max_postponement_weeks
        assert maximum is not None  # is_postponable checked above
        if total > maximum:
            raise PostponementTooLong(
                f"De termijn '{self.term.label}' kan met ten hoogste "
                f"{_duration(maximum, 'week', 'weken')} worden verdaagd "
                f"({self.term.postponement_basis}); gevraagd in totaal: "
                f"{_duration(total, 'week', 'weken')}."
            )
        end = _term_end(self.term, self.start, total, calendar)
        postponement_line = f"verdaagd met {_duration(total, 'week', 'weken')}, {self.term.postponement_basis}"
        reasons = [r for r in (self.postponement_reason, reason.strip()) if r]
        return replace(
            self,
            due=end.due,
            adjustments=(postponement_line, *end.adjustments),
            postponed_weeks=total,
            postponement_reason="; ".join(reasons),
        )

    def mark_met(self, on: date) -> Deadline:
        if on < self.start:
            raise DeadlineError("Een termijn kan niet vóór de start ervan zijn gehaald.")
        return replace(self, met_on=on)


def compute_deadline(term: LegalTerm | str, start: date, calendar: AtwCalendar | None = None) -> Deadline:
    """The deadline for ``term`` counted from the event on ``start`` (see ``counted_from``)."""
    legal_term = get_term(term) if isinstance(term, str) else term
    end = _term_end(legal_term, start, 0, calendar)
    return Deadline(term=legal_term, start=start, due=end.due, adjustments=end.adjustments)
