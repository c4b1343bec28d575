"""The plan tab of the dossier page (see `dossiers.parts`)."""

from typing import Any

from dossiers import parts
from dossiers.parts import DossierPart, PartView
from dossiers.sections import Section
from plans.selectors import dossier_sections


def _context(view: PartView) -> dict[str, Any]:
    return dossier_sections(view.dossier)


PART = DossierPart(
    "plan",
    parts.PLAN,
    10,
    Section.PLAN,
    "plans/_dossier_section.html",
    readonly_template="plans/_dossier_readonly.html",
    context=_context,
    notes=True,
)
