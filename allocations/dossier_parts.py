"""The toewijzingen and provider messages in the "besluiten en voorzieningen" tab (see `dossiers.parts`).

Only for those who work on the dossier: a consultation reads the decisions, not the exchange with providers.
"""

from typing import Any

from allocations.selectors import dossier_allocations
from dossiers import parts
from dossiers.parts import DossierPart, PartView
from dossiers.sections import Section


def _context(view: PartView) -> dict[str, Any]:
    return dossier_allocations(view.dossier)


PART = DossierPart(
    "toewijzingen",
    parts.BESLUITEN,
    20,
    Section.BESLUITEN,
    "allocations/_dossier_part.html",
    context=_context,
    writers_only=True,
)
