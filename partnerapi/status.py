"""What a partner may read back about what it sent: one of three words, never the case itself.

The melder's feedback the seeds ask for (004:1153) is "it arrived", "someone is on it", "it is done" — not what
the team found or did. The melding's status comes from partners.services.status_of; a vroegsignaal's from its
casus, here.
"""

from django.utils.translation import gettext_lazy as _

from vroegsignalering.models import CasusOutcome, Vroegsignaal

ONTVANGEN = "ontvangen"
IN_BEHANDELING = "in_behandeling"
AFGEROND = "afgerond"

LABELS = {
    ONTVANGEN: _("Ontvangen"),
    IN_BEHANDELING: _("In behandeling"),
    AFGEROND: _("Afgerond"),
}
STATUSES = tuple(LABELS)


def signal_status(signal: Vroegsignaal) -> str:
    """ontvangen: not matched yet, or the casus is open and nobody has been reached; in_behandeling: the casus is
    open and contact was made; afgerond: the casus has its outcome, or the signal was closed in the queue
    (the person does not live at the address)."""
    if signal.discarded_at is not None:
        return AFGEROND
    casus = signal.casus
    if casus is None:
        return ONTVANGEN
    if casus.outcome != CasusOutcome.OPEN:
        return AFGEROND
    return IN_BEHANDELING if casus.contacted_on is not None else ONTVANGEN


def label(status: str) -> str:
    return str(LABELS.get(status, status))
