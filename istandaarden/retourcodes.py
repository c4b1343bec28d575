"""Retour codes (LDT_RetourCode, code list WJ001/EB001) the project writes and recognises.

A retour message carries codes per berichtklasse (header, client, product ...). "0200" means
"no remark on this class", i.e. accepted; any other code except the ones below explains a
rejection. The full list, with descriptions, is the LDT_RetourCode enumeration in the basisschema.
"""

from __future__ import annotations

from collections.abc import Iterable

GEEN_OPMERKING = "0200"  # "Geen opmerking over deze berichtklasse": accepted
TECHNISCH_AFGEKEURD = "0001"  # "Bericht is afgekeurd om technische redenen": rejected as a whole
NIET_BEOORDEELD = "0233"  # "Berichtklasse is niet beoordeeld"
DECLARATIE_VOLLEDIG_TOEGEKEND = "8001"  # 325 only: "Declaratie is volledig toegewezen"

ACCEPTING = frozenset({GEEN_OPMERKING, DECLARATIE_VOLLEDIG_TOEGEKEND})
NOT_REJECTING = ACCEPTING | {NIET_BEOORDEELD}

# How a berichtklasse inside a client is identified in a retour: the first of these (paths of
# child elements) that it has. Prestaties by ReferentieNummer, products by ToewijzingNummer,
# requests by ReferentieAanbieder, relations by Nummer. Classes without any (NieuwProduct,
# Contact) are addressed by position instead: "NieuwProduct#1" is the first NieuwProduct.
KEY_PATHS: tuple[tuple[str, ...], ...] = (
    ("ProductReferentie", "ReferentieNummer"),
    ("ToewijzingNummer",),
    ("ReferentieAanbieder",),
    ("Nummer",),
)


def is_accepted(codes: Iterable[str]) -> bool:
    """True when every code accepts the class (an empty list accepts nothing)."""
    codes = list(codes)
    return bool(codes) and all(code in ACCEPTING for code in codes)


def is_rejected(codes: Iterable[str]) -> bool:
    return any(code not in NOT_REJECTING for code in codes)


def position_key(element_name: str, position: int) -> str:
    """The key of a class without an identifying element: "NieuwProduct#1" (1-based)."""
    return f"{element_name}#{position}"
