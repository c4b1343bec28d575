"""Read queries for the plan section of the dossier page."""

from typing import Any

from dossiers.models import Dossier


def dossier_sections(dossier: Dossier) -> dict[str, Any]:
    """Context for `plans/_dossier_section.html`, in a constant number of queries."""
    return {}
