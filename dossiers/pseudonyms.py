"""Hide the names and BSNs of a household in free text for a pseudonymised consultation.

Staff write free text (a melding, a goal, a note) in the household's words, so names end up in it.
Each member's first names, surname (with and without tussenvoegsel) and BSN are replaced by the
member's pseudonym. This catches what the platform knows; a name it does not know (a neighbour
mentioned in passing) stays, which the consultation form says when pseudonymisation is chosen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from residents.models import Inwoner


@dataclass(frozen=True)
class NameMask:
    pattern: re.Pattern[str]
    replacements: dict[str, str]

    def apply(self, text: str) -> str:
        if not text:
            return text
        return self.pattern.sub(lambda match: self.replacements[match.group(0).casefold()], text)


def build_mask(members: Iterable[tuple[Inwoner, str]]) -> NameMask | None:
    """A mask for (person, pseudonym) pairs; None when there is nothing to hide."""
    replacements: dict[str, str] = {}
    for inwoner, pseudonym in members:
        words = [*inwoner.voornamen.split(), inwoner.achternaam]
        if inwoner.tussenvoegsel:
            words.append(f"{inwoner.tussenvoegsel} {inwoner.achternaam}")
        if inwoner.bsn:
            words.append(inwoner.bsn)
        for word in words:
            if len(word.strip()) >= 2:
                replacements.setdefault(word.strip().casefold(), pseudonym)
    if not replacements:
        return None
    # Longest first, so "van Beek" is replaced before "Beek".
    alternatives = sorted(replacements, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in alternatives) + r")\b", re.IGNORECASE)
    return NameMask(pattern, replacements)
