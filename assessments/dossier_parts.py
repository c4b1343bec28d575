"""The onderzoek and ZRM tab of the dossier page (see `dossiers.parts`)."""

from typing import Any

from assessments.selectors import dossier_sections
from dossiers import parts
from dossiers.parts import DossierPart, PartView
from dossiers.sections import Section


def _context(view: PartView) -> dict[str, Any]:
    context = dossier_sections(view.dossier, members=view.persons)
    if view.pseudonymised:
        context["zrm_pseudonyms"] = [view.pseudonyms.get(row.member.pk, "–") for row in context["zrm_grid"]]
    return context


PART = DossierPart(
    "onderzoek",
    parts.ONDERZOEK,
    10,
    Section.ONDERZOEK,
    "assessments/_dossier_sections.html",
    readonly_template="assessments/_dossier_readonly.html",
    context=_context,
    notes=True,
)
