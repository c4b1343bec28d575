"""Read queries for the onderzoek and ZRM sections of the dossier page."""

from typing import Any

from dossiers.models import Dossier


def dossier_sections(dossier: Dossier) -> dict[str, Any]:
    """Context for `assessments/_dossier_sections.html`, in a constant number of queries."""
    return {}
