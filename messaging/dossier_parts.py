"""The "Berichten" part of the dossier page (see `dossiers.parts`), and the unread count on the worklist.

Messages are between the household and the professionals involved: only full access shows them (the
regisseur, involved staff, the team leader), never a consultation. Opening the part marks the household's
messages read when the reader works on the dossier (regisseur or involved), not when a team leader looks.
"""

from typing import Any

from django.utils.translation import ngettext

from audit.models import AccessBasis
from dossiers import parts
from dossiers.parts import DossierPart, PartView
from dossiers.sections import Section
from dossiers.transitions import Status
from messaging import selectors, services
from messaging.forms import StaffMessageForm

#: Who reads for the team: their opening the part marks the household's messages read.
READING_BASES = frozenset({AccessBasis.REGISSEUR, AccessBasis.BETROKKEN})


def _context(view: PartView) -> dict[str, Any]:
    dossier = view.dossier
    if view.user is not None and view.access.basis in READING_BASES:
        services.mark_read_by_staff(dossier, user=view.user)
    messages, older = selectors.thread(dossier)
    return {
        "berichten": messages,
        "berichten_older": older,
        "bericht_form": StaffMessageForm(prefix="bericht") if view.may_write else None,
        "berichten_open": dossier.status != Status.AFGESLOTEN,
    }


PART = DossierPart(
    "berichten",
    parts.TIJDLIJN,
    5,
    Section.TIJDLIJN,
    "messaging/_dossier_part.html",
    context=_context,
    full_access_only=True,
)


def unread_badges(dossier_ids: list[int]) -> dict[int, list[str]]:
    return {
        dossier_id: [ngettext("%(count)d ongelezen bericht", "%(count)d ongelezen berichten", count) % {"count": count}]
        for dossier_id, count in selectors.unread_counts(dossier_ids).items()
    }
