"""Who looks along (consultations, emergency access, consents) in the "betrokkenen en privacy" tab.

Only for full access: the involved professionals manage who else may look, a consulted person does not.
"""

from typing import Any

from consent import selectors
from dossiers import parts
from dossiers.parts import DossierPart, PartView


def _context(view: PartView) -> dict[str, Any]:
    return {
        "consultations": selectors.consultations_of(view.dossier),
        "break_glass_uses": selectors.break_glass_of(view.dossier),
        "consent_count": selectors.consent_count(view.dossier),
    }


PART = DossierPart(
    "meekijken",
    parts.BETROKKENEN,
    20,
    None,
    "consent/_dossier_part.html",
    context=_context,
    full_access_only=True,
)
