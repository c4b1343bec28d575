"""The catalogue of legal terms and the deadlines computed from them.

Pure Python (no Django), like ``deadlines.atw``. Each term carries its legal basis so
the platform can show *why* a date is the deadline, not just the date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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


class SuspensionNotAllowed(DeadlineError):
    """A suspension the law does not allow for this term, on this ground or on these dates."""


# --- Language -----------------------------------------------------------------------------
# This module stays free of Django. Texts for a screen (labels, refusals) go through ``_`` and ``_n``,
# which say Dutch until the deadlines app plugs in Django's gettext (``use_translation`` in
# ``DeadlinesConfig.ready``); texts that are stored with a deadline (``adjustments``) are always Dutch, as
# records are (ADR 0016), with the Dutch date "30 november 2026".

_DUTCH_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def _dutch_day(value: date) -> str:
    return f"{value.day} {_DUTCH_MONTHS[value.month - 1]} {value.year}"


_gettext: Callable[[str], str] = str
_ngettext: Callable[[str, str, int], str] = lambda singular, plural, n: singular if n == 1 else plural  # noqa: E731
_format_day: Callable[[date], str] = _dutch_day


def use_translation(
    gettext: Callable[[str], str], ngettext: Callable[[str, str, int], str], format_day: Callable[[date], str]
) -> None:
    """Let screen texts follow the active language (the deadlines app passes Django's gettext and date_format)."""
    global _gettext, _ngettext, _format_day
    _gettext, _ngettext, _format_day = gettext, ngettext, format_day


def gettext_noop(message: str) -> str:
    """Marks a text for the catalogue (``make messages``) that is translated where it is shown."""
    return message


def _(message: str) -> str:
    return _gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    return _ngettext(singular, plural, number)


def _duration(amount: int, singular: str, plural: str) -> str:
    """Dutch, for the stored adjustments."""
    return f"{amount} {singular if amount == 1 else plural}"


def _weeks(amount: int) -> str:
    """For a screen."""
    return ngettext("%(count)s week", "%(count)s weken", amount) % {"count": amount}


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
    #: False for a municipal service norm (werknorm): shown next to the legal terms, but no law sets it.
    statutory: bool = True

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
        """The length as the law words it, e.g. "6 weken", "7 dagen", "3 werkdagen", in the active language."""
        if self.working_days:
            return ngettext("%(count)s werkdag", "%(count)s werkdagen", self.working_days) % {
                "count": self.working_days
            }
        parts = []
        if self.weeks:
            parts.append(_weeks(self.weeks))
        if self.days:
            parts.append(ngettext("%(count)s dag", "%(count)s dagen", self.days) % {"count": self.days})
        return _(" en ").join(parts)

    @property
    def display_label(self) -> str:
        """The label in the active language; ``label`` itself is the Dutch one stored with a deadline."""
        return _(self.label)

    @property
    def display_counted_from(self) -> str:
        return _(self.counted_from) if self.counted_from else ""


#: A statutory term (Wmo 2015 art. 2.3.5 lid 2) is postponed under Awb 4:14 lid 1; lid 3 is for a
#: decision without a statutory term, i.e. the eight weeks of Awb 4:13 lid 2 (Jeugdwet, Participatiewet).
_AWB_4_14_LID_1 = "Awb art. 4:14 lid 1 (tijdige mededeling aan de aanvrager met een zo kort mogelijke nieuwe termijn)"
_AWB_4_14_LID_3 = "Awb art. 4:14 lid 3 (tijdige mededeling aan de aanvrager met een redelijke nieuwe termijn)"
_AWB_7_10_LID_3 = "Awb art. 7:10 lid 3"

WMO_ONDERZOEK = LegalTerm(
    code="WMO_ONDERZOEK",
    label=gettext_noop("Onderzoek na melding"),
    basis="Wmo 2015 art. 2.3.2 lid 1",
    weeks=6,
    # The Wmo has no postponement rule; case law accepts a longer onderzoek only in
    # agreement with the resident. Platform cap, always with a recorded reason.
    max_postponement_weeks=6,
    postponement_basis="in overleg met de inwoner (Wmo 2015 art. 2.3.2)",
    counted_from=gettext_noop("de melding"),
)
WMO_PERSOONLIJK_PLAN = LegalTerm(
    code="WMO_PERSOONLIJK_PLAN",
    label=gettext_noop("Persoonlijk plan indienen"),
    basis="Wmo 2015 art. 2.3.2 lid 2",
    days=7,
    counted_from=gettext_noop("de melding"),
)
WMO_BESCHIKKING = LegalTerm(
    code="WMO_BESCHIKKING",
    label=gettext_noop("Beschikking op aanvraag (Wmo)"),
    basis="Wmo 2015 art. 2.3.5 lid 2",
    weeks=2,
    # Awb 4:14 sets no maximum ("zo kort mogelijk"); the cap is a platform norm.
    max_postponement_weeks=6,
    postponement_basis=_AWB_4_14_LID_1,
    counted_from=gettext_noop("ontvangst van de aanvraag"),
)
AWB_BESCHIKKING = LegalTerm(
    code="AWB_BESCHIKKING",
    label=gettext_noop("Beschikking op aanvraag (Jeugdwet, Participatiewet)"),
    basis="Awb art. 4:13 lid 2",
    weeks=8,
    # Awb 4:14 sets no maximum ("zo kort mogelijk"); the cap is a platform norm.
    max_postponement_weeks=8,
    postponement_basis=_AWB_4_14_LID_3,
    counted_from=gettext_noop("ontvangst van de aanvraag"),
)
PW_VOORSCHOT = LegalTerm(
    code="PW_VOORSCHOT",
    label=gettext_noop("Voorschot op bijstand"),
    basis="Participatiewet art. 52 lid 1",
    weeks=4,
    counted_from=gettext_noop("de aanvraag"),
)
AWB_BEZWAARTERMIJN = LegalTerm(
    code="AWB_BEZWAARTERMIJN",
    label=gettext_noop("Bezwaartermijn"),
    basis="Awb art. 6:7 en 6:8 lid 1",
    weeks=6,
    counted_from=gettext_noop("bekendmaking (verzending) van het besluit"),
)
AWB_BESLISSING_OP_BEZWAAR = LegalTerm(
    code="AWB_BESLISSING_OP_BEZWAAR",
    label=gettext_noop("Beslissing op bezwaar"),
    basis="Awb art. 7:10 lid 1",
    weeks=6,
    max_postponement_weeks=6,
    postponement_basis=_AWB_7_10_LID_3,
    counted_from=gettext_noop("afloop van de bezwaartermijn"),
)
AWB_BESLISSING_OP_BEZWAAR_COMMISSIE = LegalTerm(
    code="AWB_BESLISSING_OP_BEZWAAR_COMMISSIE",
    label=gettext_noop("Beslissing op bezwaar (met adviescommissie)"),
    basis="Awb art. 7:10 lid 1",
    weeks=12,
    max_postponement_weeks=6,
    postponement_basis=_AWB_7_10_LID_3,
    counted_from=gettext_noop("afloop van de bezwaartermijn"),
)
ISTD_RETOUR = LegalTerm(
    code="ISTD_RETOUR",
    label=gettext_noop("Retourbericht"),
    basis="iStandaarden iWmo/iJw, OP090",
    working_days=3,
    counted_from=gettext_noop("ontvangst van het bericht"),
)
ISTD_ANTWOORD_VERZOEK = LegalTerm(
    code="ISTD_ANTWOORD_VERZOEK",
    label=gettext_noop("Antwoord op verzoek om toewijzing of wijziging (315/317)"),
    basis="iStandaarden iWmo/iJw, OP274/OP346",
    working_days=5,
    counted_from=gettext_noop("ontvangst van het verzoek"),
)
ISTD_START_STOP = LegalTerm(
    code="ISTD_START_STOP",
    label=gettext_noop("Start- of stopbericht zorg (305/307)"),
    basis="iStandaarden iWmo/iJw, OP271/OP272",
    working_days=5,
    counted_from=gettext_noop("de start of het einde van de zorg"),
)
ISTD_ANTWOORD_DECLARATIE = LegalTerm(
    code="ISTD_ANTWOORD_DECLARATIE",
    label=gettext_noop("Antwoord op declaratie (323/325)"),
    basis="iStandaarden iWmo/iJw, declaratieproces",
    working_days=10,
    counted_from=gettext_noop("ontvangst van de declaratie"),
)
WGS_EERSTE_GESPREK = LegalTerm(
    code="WGS_EERSTE_GESPREK",
    label=gettext_noop("Eerste gesprek schuldhulpverlening"),
    basis="Wgs art. 4a lid 1",
    weeks=4,
    counted_from=gettext_noop("de hulpvraag"),
)
WGS_EERSTE_GESPREK_DREIGEND = LegalTerm(
    code="WGS_EERSTE_GESPREK_DREIGEND",
    label=gettext_noop("Eerste gesprek schuldhulpverlening bij dreigende situatie"),
    basis="Wgs art. 4a lid 2",
    working_days=3,
    counted_from=gettext_noop("de hulpvraag"),
)

# Service norms (werknormen): no law sets a term here, the municipality does. The lengths below are the
# defaults; `deadlines.norms.effective_term` applies the installation's settings.
NORM_JEUGD_ONDERZOEK = LegalTerm(
    code="NORM_JEUGD_ONDERZOEK",
    label=gettext_noop("Onderzoek na melding Jeugdwet (werknorm)"),
    basis="Gemeentelijke werknorm; de Jeugdwet kent geen wettelijke onderzoekstermijn",
    weeks=6,
    counted_from=gettext_noop("de melding"),
    statutory=False,
)
NORM_CONTACT = LegalTerm(
    code="NORM_CONTACT",
    label=gettext_noop("Contact na zorgmelding of vroegsignaal (werknorm)"),
    basis="Gemeentelijke werknorm; geen wettelijke termijn (nog geen hulpvraag)",
    days=14,
    counted_from=gettext_noop("de melding"),
    statutory=False,
)
# Vroegsignalering (Wgs art. 3 lid 4): the law sets no term for the outreaching offer; practice is contact within
# two weeks and an analysis of the situation within four (vroegsignalering/norms.py applies them to a casus).
NORM_VROEGSIGNAAL_CONTACT = LegalTerm(
    code="NORM_VROEGSIGNAAL_CONTACT",
    label=gettext_noop("Contact na vroegsignaal (werknorm)"),
    basis="Gemeentelijke werknorm; de Wgs (art. 3 lid 4) kent geen termijn voor het eerste contact",
    days=14,
    counted_from=gettext_noop("het eerste signaal"),
    statutory=False,
)
NORM_VROEGSIGNAAL_ANALYSE = LegalTerm(
    code="NORM_VROEGSIGNAAL_ANALYSE",
    label=gettext_noop("Analyse na vroegsignaal (werknorm)"),
    basis="Gemeentelijke werknorm; geen wettelijke termijn",
    days=28,
    counted_from=gettext_noop("het eerste signaal"),
    statutory=False,
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
        NORM_JEUGD_ONDERZOEK,
        NORM_CONTACT,
        NORM_VROEGSIGNAAL_CONTACT,
        NORM_VROEGSIGNAAL_ANALYSE,
    )
}


def get_term(code: str) -> LegalTerm:
    try:
        return TERMS[code]
    except KeyError:
        raise UnknownTerm(_("Onbekende termijn: %(code)s.") % {"code": repr(code)}) from None


class DeadlineState(str, Enum):
    OP_TIJD = "op_tijd"
    DREIGT_TE_VERLOPEN = "dreigt_te_verlopen"
    VERLOPEN = "verlopen"
    GEHAALD = "gehaald"
    #: No longer applies, e.g. after the melding was re-qualified under another law; kept as history.
    VERVALLEN = "vervallen"
    #: The term stands still (Awb 4:15, 7:10 lid 2): no due date until the suspension ends.
    OPGESCHORT = "opgeschort"

    @property
    def label(self) -> str:
        return _(_STATE_LABELS[self])


_STATE_LABELS: dict[DeadlineState, str] = {
    DeadlineState.OP_TIJD: gettext_noop("op tijd"),
    DeadlineState.DREIGT_TE_VERLOPEN: gettext_noop("dreigt te verlopen"),
    DeadlineState.VERLOPEN: gettext_noop("verlopen"),
    DeadlineState.GEHAALD: gettext_noop("gehaald"),
    DeadlineState.VERVALLEN: gettext_noop("vervallen"),
    DeadlineState.OPGESCHORT: gettext_noop("opgeschort"),
}


def _term_end(
    term: LegalTerm, start: date, extra_weeks: int, calendar: AtwCalendar | None, extra_days: int = 0
) -> TermEnd:
    if term.is_working_day_term:
        return end_of_working_day_term(start, term.working_days, calendar)
    return end_of_term(start, weeks=term.weeks + extra_weeks, days=term.days + extra_days, calendar=calendar)


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
    #: Days the term stood still (Awb 4:15, 7:10 lid 2), overlapping suspensions counted once.
    suspended_days: int = 0
    #: The first day of a suspension that still runs: the term has no due date until it ends.
    suspended_since: date | None = None
    #: Why the suspensions moved the date, one line per suspension (ground, article, days).
    suspension_lines: tuple[str, ...] = ()

    @property
    def nominal_end(self) -> date:
        """The end before Atw moved it; for working-day terms, Monday-to-Friday counting."""
        if self.term.is_working_day_term:
            return end_of_working_day_term(self.start, self.term.working_days).nominal_end
        weeks = self.term.weeks + self.postponed_weeks
        return self.start + timedelta(days=7 * weeks + self.term.days + self.suspended_days)

    @property
    def is_suspended(self) -> bool:
        return self.suspended_since is not None

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
        if self.suspended_since is not None:
            return DeadlineState.OPGESCHORT
        if today > self.due:
            return DeadlineState.VERLOPEN
        cal = calendar or default_calendar()
        # "At most WARNING_WORKING_DAYS working days left", asked as "due before the day the next one falls":
        # the same answer, in a few steps from today instead of a step per day up to a due date months away.
        if self.due < cal.add_working_days(today, WARNING_WORKING_DAYS + 1):
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
            raise TermNotPostponable(
                _("De termijn '%(term)s' (%(basis)s) kan niet worden verdaagd.")
                % {"term": self.term.display_label, "basis": self.term.basis}
            )
        if self.met_on is not None:
            raise DeadlineError(_("Een termijn die al is gehaald kan niet meer worden verdaagd."))
        if weeks <= 0:
            raise DeadlineError(_("Verdaag met ten minste één week."))
        if not reason.strip():
            raise PostponementReasonMissing(_("Geef de reden van de verdaging op."))
        if decided_on is not None and decided_on > self.due:
            raise PostponementTooLate(
                _("De termijn is op %(day)s verstreken; verdagen kan alleen binnen de termijn.")
                % {"day": _format_day(self.due)}
            )
        total = self.postponed_weeks + weeks
        maximum = self.term.max_postponement_weeks
        assert maximum is not None  # is_postponable checked above
        if total > maximum:
            raise PostponementTooLong(
                _(
                    "De termijn '%(term)s' kan met ten hoogste %(maximum)s worden verdaagd (%(basis)s); "
                    "gevraagd in totaal: %(total)s."
                )
                % {
                    "term": self.term.display_label,
                    "maximum": _weeks(maximum),
                    "basis": self.term.postponement_basis,
                    "total": _weeks(total),
                }
            )
        end = _term_end(self.term, self.start, total, calendar, self.suspended_days)
        postponement_line = f"verdaagd met {_duration(total, 'week', 'weken')}, {self.term.postponement_basis}"
        reasons = [r for r in (self.postponement_reason, reason.strip()) if r]
        return replace(
            self,
            due=end.due,
            adjustments=(postponement_line, *self.suspension_lines, *end.adjustments),
            postponed_weeks=total,
            postponement_reason="; ".join(reasons),
        )

    def mark_met(self, on: date) -> Deadline:
        if on < self.start:
            raise DeadlineError(_("Een termijn kan niet vóór de start ervan zijn gehaald."))
        return replace(self, met_on=on)


def compute_deadline(term: LegalTerm | str, start: date, calendar: AtwCalendar | None = None) -> Deadline:
    """The deadline for ``term`` counted from the event on ``start`` (see ``counted_from``)."""
    legal_term = get_term(term) if isinstance(term, str) else term
    end = _term_end(legal_term, start, 0, calendar)
    return Deadline(term=legal_term, start=start, due=end.due, adjustments=end.adjustments)


# --- Suspension (opschorting) -----------------------------------------------------------


class SuspensionGround(str, Enum):
    """Why a term stands still, each with the article that allows it.

    A suspension is not a postponement: the bestuursorgaan does not choose a new date; the
    term simply does not run for the suspended days, and its end moves by that many days.
    """

    AANVULLING = "aanvulling"
    INSTEMMING = "instemming"
    OVERMACHT = "overmacht"
    HERSTEL_VERZUIM = "herstel_verzuim"

    @property
    def label(self) -> str:
        """For a screen, in the active language."""
        return _(self.record_label)

    @property
    def record_label(self) -> str:
        """Dutch, for what is stored."""
        return _SUSPENSION_LABELS[self][0]

    @property
    def basis(self) -> str:
        return _SUSPENSION_LABELS[self][1]


_SUSPENSION_LABELS: dict[SuspensionGround, tuple[str, str]] = {
    SuspensionGround.AANVULLING: (
        gettext_noop("aanvraag aanvullen na verzoek (Awb art. 4:5)"),
        "Awb art. 4:15 lid 1 sub a",
    ),
    SuspensionGround.INSTEMMING: (
        gettext_noop("schriftelijke instemming van de aanvrager"),
        "Awb art. 4:15 lid 2 sub a",
    ),
    SuspensionGround.OVERMACHT: (gettext_noop("overmacht"), "Awb art. 4:15 lid 2 sub c"),
    SuspensionGround.HERSTEL_VERZUIM: (
        gettext_noop("herstel van een verzuim in het bezwaarschrift (Awb art. 6:6)"),
        "Awb art. 7:10 lid 2",
    ),
}

#: Awb 4:15 suspends the term for giving a beschikking on an aanvraag; 7:10 lid 2 the term for
#: deciding on a bezwaar. No other term in the catalogue can be suspended.
_DECISION_GROUNDS = (SuspensionGround.AANVULLING, SuspensionGround.INSTEMMING, SuspensionGround.OVERMACHT)
_BEZWAAR_GROUNDS = (SuspensionGround.HERSTEL_VERZUIM,)
SUSPENSION_GROUNDS: dict[str, tuple[SuspensionGround, ...]] = {
    WMO_BESCHIKKING.code: _DECISION_GROUNDS,
    AWB_BESCHIKKING.code: _DECISION_GROUNDS,
    AWB_BESLISSING_OP_BEZWAAR.code: _BEZWAAR_GROUNDS,
    AWB_BESLISSING_OP_BEZWAAR_COMMISSIE.code: _BEZWAAR_GROUNDS,
}


def suspension_grounds(term: LegalTerm | str) -> tuple[SuspensionGround, ...]:
    """The grounds on which ``term`` can be suspended; empty when it cannot be."""
    code = term if isinstance(term, str) else term.code
    return SUSPENSION_GROUNDS.get(code, ())


@dataclass(frozen=True)
class Suspension:
    """The term stands still from ``start`` (the first suspended day) until ``end``.

    ``end`` is the day the term runs again (Awb 4:15 lid 1 sub a: "tot de dag waarop de aanvraag
    is aangevuld"), so the suspended days are ``end - start``. ``end`` None: it still runs.
    """

    ground: SuspensionGround
    start: date
    end: date | None = None

    def days(self, until: date | None = None) -> int:
        """The suspended days; a running suspension counts up to ``until`` (0 without it)."""
        last = self.end if self.end is not None else until
        return max(0, (last - self.start).days) if last is not None else 0


def _suspended_day_count(suspensions: Iterable[Suspension], until: date | None) -> int:
    """Suspended days with overlaps counted once: the union of the periods [start, end)."""
    periods = sorted((s.start, s.end if s.end is not None else max(s.start, until or s.start)) for s in suspensions)
    total = 0
    reach: date | None = None
    for start, end in periods:
        if reach is not None and start < reach:
            start = reach
        if end > start:
            total += (end - start).days
        if reach is None or end > reach:
            reach = end
    return total


def check_suspension(deadline: Deadline, suspension: Suspension) -> None:
    """Refuse (SuspensionNotAllowed, Dutch message) a suspension the law does not allow.

    Only the grounds for this kind of term; not on a met term; not before the term started
    running (the day after its event); not after it expired; an end not before the start.
    """
    grounds = suspension_grounds(deadline.term)
    if not grounds:
        raise SuspensionNotAllowed(
            _("De termijn '%(term)s' (%(basis)s) kan niet worden opgeschort.")
            % {"term": deadline.term.display_label, "basis": deadline.term.basis}
        )
    if suspension.ground not in grounds:
        allowed = ", ".join(f"{g.label} ({g.basis})" for g in grounds)
        raise SuspensionNotAllowed(
            _("'%(ground)s' schort de termijn '%(term)s' niet op; dat kan alleen op grond van: %(allowed)s.")
            % {"ground": suspension.ground.label, "term": deadline.term.display_label, "allowed": allowed}
        )
    if deadline.met_on is not None:
        raise SuspensionNotAllowed(_("Een termijn die al is gehaald kan niet meer worden opgeschort."))
    first_day = deadline.start + timedelta(days=1)
    if suspension.start < first_day:
        raise SuspensionNotAllowed(
            _("De opschorting kan niet ingaan vóór de termijn liep (vanaf %(day)s).") % {"day": _format_day(first_day)}
        )
    if not deadline.is_suspended and suspension.start > deadline.due:
        raise SuspensionNotAllowed(
            _("De termijn is op %(day)s verstreken; opschorten kan alleen zolang de termijn loopt.")
            % {"day": _format_day(deadline.due)}
        )
    if suspension.end is not None and suspension.end < suspension.start:
        raise SuspensionNotAllowed(_("Het einde van de opschorting ligt vóór het begin."))


def apply_suspensions(
    deadline: Deadline,
    suspensions: Iterable[Suspension],
    calendar: AtwCalendar | None = None,
    *,
    running_until: date | None = None,
) -> Deadline:
    """The deadline with its end moved by the suspended days, then Atw art. 1 and 2 applied.

    The days are added to the nominal end (after any postponement), never to an end Atw already
    extended, so the result is never later than the law allows; overlapping suspensions count
    each day once. A suspension that still runs holds the term: ``suspended_since`` is set and the
    state is OPGESCHORT. Its days so far count only with ``running_until`` ("if it ended on that
    day"), which gives the date to show and sort by while it runs.
    """
    items = tuple(suspensions)
    for suspension in items:
        check_ground = suspension_grounds(deadline.term)
        if suspension.ground not in check_ground:
            raise SuspensionNotAllowed(
                _("'%(ground)s' schort de termijn '%(term)s' niet op.")
                % {"ground": suspension.ground.label, "term": deadline.term.display_label}
            )
    days = _suspended_day_count(items, running_until)
    running = [s.start for s in items if s.end is None]
    end = _term_end(deadline.term, deadline.start, deadline.postponed_weeks, calendar, days)
    # Stored with the deadline: Dutch whatever the screen's language, like every record (ADR 0016).
    lines = tuple(
        f"opgeschort {_dutch_day(s.start)} tot {_dutch_day(s.end)}: {_duration(s.days(), 'dag', 'dagen')}, "
        f"{s.ground.record_label}, {s.ground.basis}"
        if s.end is not None
        else f"opgeschort sinds {_dutch_day(s.start)}, {s.ground.record_label}, {s.ground.basis}"
        for s in sorted(items, key=lambda s: s.start)
    )
    if len(items) > 1 and days != sum(s.days(running_until) for s in items):
        lines = (*lines, f"overlappende opschortingen tellen één keer: samen {_duration(days, 'dag', 'dagen')}")
    postponement = tuple(a for a in deadline.adjustments if a.startswith("verdaagd met "))
    return replace(
        deadline,
        due=end.due,
        adjustments=(*postponement, *lines, *end.adjustments),
        suspended_days=days,
        suspended_since=min(running) if running else None,
        suspension_lines=lines,
    )
