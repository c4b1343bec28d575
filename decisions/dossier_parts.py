"""The decisions in the "besluiten en voorzieningen" tab of the dossier page (see `dossiers.parts`)."""

from typing import Any

from decisions.selectors import dossier_decisions
from dossiers import parts
from dossiers.parts import DossierPart, PartView
from dossiers.sections import Section


def _context(view: PartView) -> dict[str, Any]:
    context = dossier_decisions(view.dossier, view.today)
    for group in context["decision_laws"]:
        parts.pseudonymise(group["aanvragen"], view.pseudonyms, "inwoner_id")
    return context


PART = DossierPart(
    "besluiten",
    parts.BESLUITEN,
    10,
    Section.BESLUITEN,
    "decisions/_dossier_section.html",
    readonly_template="decisions/_dossier_readonly.html",
    context=_context,
    notes=True,
)
