"""The norm terms of a vroegsignalering casus: first contact and analysis, counted from the first signal.

No law sets them (LAW.md §Wgs): they are werknormen (``deadlines.terms.NORM_VROEGSIGNAAL_*``) whose length
the installation sets (``NORM_VROEGSIGNAAL_CONTACT_DAGEN``, ``NORM_VROEGSIGNAAL_ANALYSE_DAGEN``). Calendar days,
with the Algemene termijnenwet moving an end on a weekend or holiday to the next working day, like the other
norms.

A threatening situation (eviction, disconnection of energy or water, termination of the health insurance) makes
the contact urgent: then first contact is due within ``NORM_VROEGSIGNAAL_CONTACT_DREIGEND_WERKDAGEN`` working days
(default 3), the pace the Wgs sets for the first conversation in such a situation (art. 4a lid 2). The analysis
norm stays as it is.
"""

from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings

from deadlines.calendar_source import current_calendar
from deadlines.terms import NORM_VROEGSIGNAAL_ANALYSE, NORM_VROEGSIGNAAL_CONTACT, LegalTerm, compute_deadline


def _as_norm(term: LegalTerm) -> LegalTerm:
    return replace(term, basis=f"{term.basis}; norm: {term.duration_label}")


def contact_term(*, threatened: bool = False) -> LegalTerm:
    if threatened:
        term = replace(
            NORM_VROEGSIGNAAL_CONTACT, days=0, working_days=settings.NORM_VROEGSIGNAAL_CONTACT_DREIGEND_WERKDAGEN
        )
    else:
        term = replace(NORM_VROEGSIGNAAL_CONTACT, weeks=0, days=settings.NORM_VROEGSIGNAAL_CONTACT_DAGEN)
    return _as_norm(term)


def analysis_term() -> LegalTerm:
    return _as_norm(replace(NORM_VROEGSIGNAAL_ANALYSE, weeks=0, days=settings.NORM_VROEGSIGNAAL_ANALYSE_DAGEN))


@dataclass(frozen=True)
class CasusTerms:
    contact_due: date
    analysis_due: date


def casus_terms(first_reported_on: date, *, threatened: bool = False) -> CasusTerms:
    """The due dates of a new casus whose first signal was reported on ``first_reported_on``."""
    calendar = current_calendar()
    return CasusTerms(
        contact_due=compute_deadline(contact_term(threatened=threatened), first_reported_on, calendar).due,
        analysis_due=compute_deadline(analysis_term(), first_reported_on, calendar).due,
    )


def urgent_contact_due(reported_on: date) -> date:
    """The contact date a threatening signal asks for (also when it joins a casus that was not urgent yet)."""
    return compute_deadline(contact_term(threatened=True), reported_on, current_calendar()).due
